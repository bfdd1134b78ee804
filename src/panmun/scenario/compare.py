"""What changed between two scenarios: inputs, and what the analysis made of them.

:func:`compare_scenarios` reads two scenarios side by side, with no analysis: the actors and
issues added or removed, and per actor and issue the position, salience and capability that
moved, by how much, with the rationale (and sources) of each reading; the status quo and the
veto players that changed. :func:`compare_analyses` sets two analyses of the same settings
side by side: per common issue the feasible outcome and the unconstrained forecast then and
now, and per package evaluated in both the probability that all the parties whose consent it
needs accept. Neither reads or writes files; ``panmun scenarios compare`` and the report's
section "What changed since" present them.

"Then" is the earlier scenario (a preset's ``predecessor``), "now" the later one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from panmun.analysis import AnalysisSettings, ScenarioAnalysis
    from panmun.bargaining.result import ForecastDistribution
    from panmun.scenario.models import Position, Scenario, StatusQuo, VetoPlayers

#: The inputs of a position, in the order they are compared.
INPUTS = ("position", "salience", "capability")
#: A change is *notable* when a position moves by at least this share of its issue's scale,
#: or a salience or capability (both on 0..1) by at least this much; the report and the
#: table show notable changes and count the others.
NOTABLE = 0.10
#: Two values closer than this are the same (the inputs are read from decimal text).
_SAME = 1e-9

Kind = Literal["moved", "added", "removed"]


@dataclass(frozen=True)
class InputChange:
    """One input of one position, then and now, with its ranges."""

    input: str
    then: float
    now: float
    then_range: tuple[float, float]
    now_range: tuple[float, float]

    @property
    def change(self) -> float:
        """Now minus then."""
        return self.now - self.then

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "input": self.input,
            "then": self.then,
            "now": self.now,
            "change": self.change,
            "then_range": list(self.then_range),
            "now_range": list(self.now_range),
        }


def _reading(p: Position | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "position": p.position,
        "salience": p.salience,
        "capability": p.capability,
        "rationale": p.rationale,
        "sources": list(p.sources),
        "estimate": p.estimate,
    }


@dataclass(frozen=True)
class PositionChange:
    """One actor on one issue: a stated position that moved, or one stated only then or now.

    ``size`` is the largest change, a position's as a share of the issue's scale (so that it
    compares with a salience's or a capability's); 1 for a position added or removed.
    """

    actor: str
    issue: str
    kind: Kind
    then: Position | None
    now: Position | None
    changes: tuple[InputChange, ...]
    size: float

    @property
    def notable(self) -> bool:
        """Whether the change reaches :data:`NOTABLE` (an added or removed position does)."""
        return self.size >= NOTABLE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: both readings with their rationales and sources."""
        return {
            "actor": self.actor,
            "issue": self.issue,
            "kind": self.kind,
            "size": self.size,
            "notable": self.notable,
            "changes": [c.to_dict() for c in self.changes],
            "then": _reading(self.then),
            "now": _reading(self.now),
        }


@dataclass(frozen=True)
class StatusQuoChange:
    """An issue's status quo that moved, with the rationale of each reading."""

    issue: str
    then: StatusQuo
    now: StatusQuo

    @property
    def change(self) -> float:
        """Now minus then."""
        return self.now.value - self.then.value

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""

        def side(q: StatusQuo) -> dict[str, Any]:
            return {
                "value": q.value,
                "value_range": list(q.value_range),
                "rationale": q.rationale,
                "sources": list(q.sources),
                "estimate": q.estimate,
            }

        return {
            "issue": self.issue,
            "change": self.change,
            "then": side(self.then),
            "now": side(self.now),
        }


@dataclass(frozen=True)
class VetoChange:
    """An issue whose veto players changed: who joined, who left, and each list's rationale."""

    issue: str
    then: VetoPlayers | None
    now: VetoPlayers | None

    @property
    def added(self) -> tuple[str, ...]:
        """Veto players now that were not then."""
        before = set(self.then.actors) if self.then else set()
        return tuple(a for a in (self.now.actors if self.now else ()) if a not in before)

    @property
    def removed(self) -> tuple[str, ...]:
        """Veto players then that are not now."""
        after = set(self.now.actors) if self.now else set()
        return tuple(a for a in (self.then.actors if self.then else ()) if a not in after)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""

        def side(v: VetoPlayers | None) -> dict[str, Any] | None:
            if v is None:
                return None
            return {
                "actors": list(v.actors),
                "rationale": v.rationale,
                "sources": list(v.sources),
                "estimate": v.estimate,
            }

        return {
            "issue": self.issue,
            "added": list(self.added),
            "removed": list(self.removed),
            "then": side(self.then),
            "now": side(self.now),
        }


@dataclass(frozen=True)
class ScenarioComparison:
    """Two scenarios' inputs side by side (see :func:`compare_scenarios`)."""

    then: Scenario
    now: Scenario
    actors_added: tuple[str, ...]
    actors_removed: tuple[str, ...]
    issues_added: tuple[str, ...]
    issues_removed: tuple[str, ...]
    issues_common: tuple[str, ...]
    positions: tuple[PositionChange, ...]
    status_quo: tuple[StatusQuoChange, ...]
    veto_players: tuple[VetoChange, ...]

    def actor_name(self, actor_id: str) -> str:
        """The actor's name now, or then for an actor that left."""
        for s in (self.now, self.then):
            for a in s.actors:
                if a.id == actor_id:
                    return a.name
        return actor_id

    def issue_name(self, issue_id: str) -> str:
        """The issue's name now, or then for an issue that was dropped."""
        for s in (self.now, self.then):
            for i in s.issues:
                if i.id == issue_id:
                    return i.name
        return issue_id

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, with the names of every actor and issue it mentions."""
        actors = {a.id: a.name for a in self.then.actors} | {a.id: a.name for a in self.now.actors}
        issues = {i.id: i.name for i in self.then.issues} | {i.id: i.name for i in self.now.issues}
        return {
            "then": _scenario_ref(self.then),
            "now": _scenario_ref(self.now),
            "names": actors,
            "issue_names": issues,
            "actors_added": list(self.actors_added),
            "actors_removed": list(self.actors_removed),
            "issues_added": list(self.issues_added),
            "issues_removed": list(self.issues_removed),
            "issues_common": list(self.issues_common),
            "positions": [p.to_dict() for p in self.positions],
            "status_quo": [q.to_dict() for q in self.status_quo],
            "veto_players": [v.to_dict() for v in self.veto_players],
        }


def _scenario_ref(s: Scenario) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "as_of": s.as_of.isoformat()}


def _input_changes(a: Position, b: Position) -> tuple[InputChange, ...]:
    out = []
    for name in INPUTS:
        then, now = getattr(a, name), getattr(b, name)
        if abs(now - then) > _SAME:
            out.append(
                InputChange(
                    input=name,
                    then=then,
                    now=now,
                    then_range=getattr(a, f"{name}_range"),
                    now_range=getattr(b, f"{name}_range"),
                )
            )
    return tuple(out)


def _size(changes: tuple[InputChange, ...], width: float) -> float:
    # rounded so that 0.6 - 0.55 counts as the 0.05 it was written as
    return round(
        max(
            (abs(c.change) / (width if c.input == "position" else 1.0) for c in changes),
            default=0.0,
        ),
        12,
    )


def _position_changes(
    then: Scenario, now: Scenario, issues: tuple[str, ...]
) -> list[PositionChange]:
    order = {a.id: k for k, a in enumerate(now.actors)}
    order |= {a.id: len(order) + k for k, a in enumerate(then.actors) if a.id not in order}
    kinds = {"moved": 0, "added": 1, "removed": 2}
    found: list[PositionChange] = []
    for issue_id in issues:
        width = now.issue(issue_id).scale.max - now.issue(issue_id).scale.min
        before = {p.actor: p for p in then.positions_on(issue_id)}
        after = {p.actor: p for p in now.positions_on(issue_id)}
        rows: list[PositionChange] = []
        for actor in sorted(before.keys() | after.keys(), key=lambda x: order[x]):
            a, b = before.get(actor), after.get(actor)
            if a is not None and b is not None:
                changes = _input_changes(a, b)
                if changes:
                    rows.append(
                        PositionChange(
                            actor, issue_id, "moved", a, b, changes, _size(changes, width)
                        )
                    )
            else:
                kind: Kind = "added" if a is None else "removed"
                rows.append(PositionChange(actor, issue_id, kind, a, b, (), 1.0))
        rows.sort(key=lambda r: (kinds[r.kind], -r.size, order[r.actor]))
        found += rows
    return found


def compare_scenarios(then: Scenario, now: Scenario) -> ScenarioComparison:
    """Compare the inputs of an earlier scenario (``then``) with a later one (``now``).

    Positions are compared on the issues both hold, issue by issue in the order of ``now``:
    within an issue the positions that moved come first, the largest move first (see
    :attr:`PositionChange.size`), then the positions stated only now, then those stated only
    then. A value counts as changed when it differs at all; :data:`NOTABLE` marks the changes
    large enough to report.

    >>> from panmun.scenario import load
    >>> c = compare_scenarios(load("korea-2019-01"), load("korea-2022-09"))
    >>> c.actors_added
    ('tt2022',)
    """
    then_issues = [i.id for i in then.issues]
    now_issues = [i.id for i in now.issues]
    common = tuple(i for i in now_issues if i in then_issues)
    then_actors = {a.id for a in then.actors}
    now_actors = {a.id for a in now.actors}
    status_quo = tuple(
        StatusQuoChange(i, then.status_quo_on(i), now.status_quo_on(i))
        for i in common
        if abs(now.status_quo_on(i).value - then.status_quo_on(i).value) > _SAME
    )
    vetoes = []
    for i in common:
        a = next((v for v in then.veto_players if v.issue == i), None)
        b = next((v for v in now.veto_players if v.issue == i), None)
        change = VetoChange(i, a, b)
        if change.added or change.removed:
            vetoes.append(change)
    return ScenarioComparison(
        then=then,
        now=now,
        actors_added=tuple(a.id for a in now.actors if a.id not in then_actors),
        actors_removed=tuple(a.id for a in then.actors if a.id not in now_actors),
        issues_added=tuple(i for i in now_issues if i not in then_issues),
        issues_removed=tuple(i for i in then_issues if i not in now_issues),
        issues_common=common,
        positions=tuple(_position_changes(then, now, common)),
        status_quo=status_quo,
        veto_players=tuple(vetoes),
    )


# -- the analyses side by side ---------------------------------------------------------------
def _band(d: ForecastDistribution) -> dict[str, float]:
    return {"median": d.median, "p05": d.p05, "p95": d.p95}


@dataclass(frozen=True)
class IssueThenNow:
    """One issue's forecasts from both analyses: ``(then, now)`` pairs."""

    issue: str
    status_quo: tuple[float, float]
    feasible: tuple[ForecastDistribution, ForecastDistribution]
    unconstrained: tuple[ForecastDistribution, ForecastDistribution]
    p_moves: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "issue": self.issue,
            "status_quo": {"then": self.status_quo[0], "now": self.status_quo[1]},
            "feasible": {"then": _band(self.feasible[0]), "now": _band(self.feasible[1])},
            "unconstrained": {
                "then": _band(self.unconstrained[0]),
                "now": _band(self.unconstrained[1]),
            },
            "p_moves": {"then": self.p_moves[0], "now": self.p_moves[1]},
        }


@dataclass(frozen=True)
class PackageThenNow:
    """One package evaluated against both scenarios: ``(then, now)`` pairs.

    ``required`` are the parties whose consent the package needs in each scenario (they can
    differ when the veto players changed).
    """

    proposal: str
    name: str
    p_all_required: tuple[float, float]
    all_required_accept: tuple[bool, bool]
    required: tuple[tuple[str, ...], tuple[str, ...]]

    @property
    def change(self) -> float:
        """The change in the probability that all required parties accept."""
        return self.p_all_required[1] - self.p_all_required[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "proposal": self.proposal,
            "name": self.name,
            "p_all_required": {"then": self.p_all_required[0], "now": self.p_all_required[1]},
            "change": self.change,
            "all_required_accept": {
                "then": self.all_required_accept[0],
                "now": self.all_required_accept[1],
            },
            "required": {"then": list(self.required[0]), "now": list(self.required[1])},
        }


@dataclass(frozen=True)
class AnalysisComparison:
    """Two analyses of the same settings side by side (see :func:`compare_analyses`).

    ``packages`` are those evaluated in both, in the order of the later ranking;
    ``packages_added`` those evaluated only now (put forward since, or on issues added),
    ``packages_dropped`` those evaluated only then.
    """

    settings: AnalysisSettings
    issues: tuple[IssueThenNow, ...]
    packages: tuple[PackageThenNow, ...]
    packages_added: tuple[tuple[str, str], ...]
    packages_dropped: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "settings": self.settings.to_dict(),
            "issues": [i.to_dict() for i in self.issues],
            "packages": [p.to_dict() for p in self.packages],
            "packages_added": [{"proposal": i, "name": n} for i, n in self.packages_added],
            "packages_dropped": [{"proposal": i, "name": n} for i, n in self.packages_dropped],
        }


def compare_analyses(then: ScenarioAnalysis, now: ScenarioAnalysis) -> AnalysisComparison:
    """Set the forecasts and package results of two analyses side by side.

    Both must have the same settings (draws, seed, rounds, model...), so that a difference
    comes from the scenarios and not from how they were analysed. Only the issues both
    scenarios hold are forecast in ``then`` (each issue is computed on first use).

    Raises
    ------
    ValueError
        If the settings differ.
    """
    if then.settings != now.settings:
        raise ValueError("compare_analyses: both analyses need the same settings")
    then_ids = {i.id for i in then.scenario.issues}
    issues = []
    for issue in now.scenario.issues:
        if issue.id not in then_ids:
            continue
        a, b = then.issue(issue.id), now.issue(issue.id)
        issues.append(
            IssueThenNow(
                issue=issue.id,
                status_quo=(a.status_quo, b.status_quo),
                feasible=(a.consent.feasible, b.consent.feasible),
                unconstrained=(a.unconstrained, b.unconstrained),
                p_moves=(a.consent.p_moves, b.consent.p_moves),
            )
        )
    # the status-quo package changes nothing: it is the reference, not a package to compare
    before = {v.proposal.id: v for v in then.proposals if v.proposal.kind != "status_quo"}
    after = {v.proposal.id: v for v in now.proposals if v.proposal.kind != "status_quo"}
    packages = tuple(
        PackageThenNow(
            proposal=pid,
            name=v.proposal.name,
            p_all_required=(before[pid].p_all_required, v.p_all_required),
            all_required_accept=(before[pid].all_required_accept, v.all_required_accept),
            required=(before[pid].required, v.required),
        )
        for pid, v in after.items()
        if pid in before
    )
    return AnalysisComparison(
        settings=now.settings,
        issues=tuple(issues),
        packages=packages,
        packages_added=tuple(
            (pid, v.proposal.name) for pid, v in after.items() if pid not in before
        ),
        packages_dropped=tuple(
            (pid, v.proposal.name) for pid, v in before.items() if pid not in after
        ),
    )


def compare(
    then: Scenario, now: Scenario, settings: AnalysisSettings | None = None
) -> tuple[ScenarioComparison, AnalysisComparison]:
    """Both comparisons of two scenarios, each analysed with ``settings`` (default: the
    analysis defaults)."""
    from panmun.analysis import DEFAULTS, ScenarioAnalysis

    cfg = settings or DEFAULTS
    return (
        compare_scenarios(then, now),
        compare_analyses(ScenarioAnalysis(then, cfg), ScenarioAnalysis(now, cfg)),
    )
