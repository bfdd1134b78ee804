"""From an analysed scenario to the :class:`~panmun.sensitivity.model.ScenarioModel` it implies.

This module joins the records (the scenario, the shipped packages and roadmaps, the
intervention catalogue) to the numeric core, like :mod:`panmun.proposals.api` does for
packages. It decides:

* **the inputs**: every number of the scenario with a range (``low < high``): each actor's
  position, salience and capability on each issue, each issue's status quo; and, when a
  roadmap is evaluated, each relationship's payoffs, noise and horizon and the size of every
  effect of the interventions the roadmaps carry. Numbers that no headline output depends on
  are left out (the relationships and interventions when no roadmap fits the scenario, the
  interventions no roadmap carries). Each is sampled as the analysis samples it: triangular
  with the stated value as mode, intervention effects uniform on their range
  (:mod:`panmun.trust.interventions`).
* **the outputs**: each issue's bargaining forecast and feasible outcome; each package known
  at the scenario's date that changes something and fits its issues (whether every required
  party accepts it); each roadmap the report evaluates (whether every phase passes).
* **the model's settings**: the analysis's bargaining model, rounds, compromise rule and
  indifference threshold, and the trust engine's repair window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from panmun.errors import InputError
from panmun.sensitivity.model import (
    CAPABILITY,
    INTERVENTION,
    POSITION,
    RELATIONSHIP,
    SALIENCE,
    STATUS_QUO,
    EffectSpec,
    IssueSpec,
    PackageSpec,
    RelationshipSpec,
    RoadmapSpec,
    ScenarioModel,
)
from panmun.sensitivity.records import InputGroup, OutputSpec, UncertainInput

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis
    from panmun.proposals.models import Proposal, Roadmap
    from panmun.scenario.arrays import ScenarioArrays
    from panmun.trust.catalogue import Intervention

#: The trust engine's default repair window (:func:`panmun.trust.interventions.sustained_under`).
REPAIR_WINDOW = 6

_FIELDS: tuple[tuple[int, InputGroup], ...] = (
    (POSITION, "position"),
    (SALIENCE, "salience"),
    (CAPABILITY, "capability"),
)
_FIELD_WORDS = {
    "position": "position on",
    "salience": "salience of",
    "capability": "capability on",
}
_RELATIONSHIP_WORDS = (
    "temptation payoff T",
    "reward for mutual cooperation R",
    "punishment for mutual defection P",
    "sucker's payoff S",
    "chance that a move is misread",
)
_EFFECT_WORDS = {
    "noise": "the chance that a move is misread",
    "horizon": "the shadow of the future",
    "T": "the temptation payoff T",
    "R": "the reward for mutual cooperation R",
    "P": "the punishment for mutual defection P",
    "S": "the sucker's payoff S",
    "transfer": "the transfer from T to S",
}


class _Columns:
    """The columns of the model as they are found."""

    def __init__(self) -> None:
        self.inputs: list[UncertainInput] = []
        self.rows: list[tuple[int, int, int, int, bool]] = []  # target, actor, issue, slot, unif

    def add(
        self, item: UncertainInput, target: int, actor: int = -1, issue: int = -1, slot: int = -1
    ) -> int:
        self.inputs.append(item)
        self.rows.append((target, actor, issue, slot, item.distribution == "uniform"))
        return len(self.inputs) - 1


def _scenario_inputs(analysis: ScenarioAnalysis, cols: _Columns) -> list[IssueSpec]:
    scenario, arr = analysis.scenario, analysis.arrays
    names = {a.id: a.name for a in scenario.actors}
    issues = []
    for k, issue_id in enumerate(arr.issues):
        issue = scenario.issue(issue_id)
        own = []
        for a, actor_id in enumerate(arr.actors):
            if not arr.present[a, k]:
                continue
            for code, field in _FIELDS:
                r = getattr(arr, field)
                low, mode, high = (float(getattr(r, e)[a, k]) for e in ("low", "value", "high"))
                if low < high:
                    own.append(
                        cols.add(
                            UncertainInput(
                                name=f"{names[actor_id]} — {_FIELD_WORDS[field]} {issue.name}",
                                group=field,
                                low=low,
                                mode=mode,
                                high=high,
                                ids={"actor": actor_id, "issue": issue_id, "field": field},
                            ),
                            code,
                            a,
                            k,
                        )
                    )
        sq = arr.status_quo
        if float(sq.low[k]) < float(sq.high[k]):
            cols.add(
                UncertainInput(
                    name=f"Status quo of {issue.name}",
                    group="status_quo",
                    low=float(sq.low[k]),
                    mode=float(sq.value[k]),
                    high=float(sq.high[k]),
                    ids={"issue": issue_id, "field": "status_quo"},
                ),
                STATUS_QUO,
                -1,
                k,
            )
        vetoes = scenario.veto_players_on(issue_id)
        issues.append(
            IssueSpec(
                index=k,
                actors=np.flatnonzero(arr.present[:, k]).astype(np.intp),
                vetoes=np.array([arr.actors.index(v) for v in vetoes], dtype=np.intp),
                scale=(issue.scale.min, issue.scale.max),
                columns=np.array(own, dtype=np.intp),
            )
        )
    return issues


def _terms(proposal: Proposal, arr: ScenarioArrays) -> tuple[np.ndarray, np.ndarray]:
    terms = arr.status_quo.value.copy()
    has = np.zeros(len(arr.issues), dtype=bool)
    for t in proposal.terms:
        k = arr.issues.index(t.issue)
        terms[k], has[k] = t.value, True
    return terms, has


def _roadmaps(analysis: ScenarioAnalysis) -> list[Roadmap]:
    """The roadmaps the report evaluates: every phase known by the date and fitting the issues."""
    from panmun.proposals.api import load_library

    scenario = analysis.scenario
    lib = load_library()
    by_id = {p.id: p for p in lib.proposals}
    ids = {i.id for i in scenario.issues}
    return [
        r
        for r in lib.roadmaps
        if all(by_id[ph.proposal].known_at(scenario.as_of) for ph in r.phases)
        and all(t.issue in ids for ph in r.phases for t in by_id[ph.proposal].terms)
    ]


def _trust_inputs(
    analysis: ScenarioAnalysis, used: list[Intervention], cols: _Columns
) -> tuple[list[RelationshipSpec], list[tuple[EffectSpec, ...]]]:
    from panmun.trust.registry import compile_strategy

    rels = []
    for rel in analysis.scenario.relationships:
        inputs = rel.to_inputs()
        horizon = inputs.continuation if inputs.continuation is not None else inputs.rounds
        assert horizon is not None  # a relationship has one of the two
        fixed = inputs.continuation is None
        words = (*_RELATIONSHIP_WORDS, "horizon in rounds" if fixed else "chance of another round")
        estimates = (inputs.T, inputs.R, inputs.P, inputs.S, inputs.noise, horizon)
        columns = []
        for j, (est, word) in enumerate(zip(estimates, words, strict=True)):
            if est.low < est.high:
                columns.append(
                    cols.add(
                        UncertainInput(
                            name=f"{rel.name} — {word}",
                            group="relationship",
                            low=est.low,
                            mode=est.value,
                            high=est.high,
                            ids={
                                "relationship": rel.id,
                                "field": ("T", "R", "P", "S", "noise", "horizon")[j],
                            },
                        ),
                        RELATIONSHIP,
                        slot=j,
                    )
                )
            else:
                columns.append(-1)
        payoffs = inputs.central_payoffs
        rels.append(
            RelationshipSpec(
                automaton_a=compile_strategy(inputs.strategy_a, payoffs, "strategy_a"),
                automaton_b=compile_strategy(inputs.strategy_b, payoffs, "strategy_b"),
                stated=np.array([e.value for e in estimates], dtype=np.float64),
                columns=np.array(columns, dtype=np.intp),
                fixed_horizon=fixed,
            )
        )
    effects = []
    for item in used:
        specs = []
        for j, change in enumerate(item.changes):
            column = -1
            if change.low < change.high:
                column = cols.add(
                    UncertainInput(
                        name=f"{item.name} — size of its effect on "
                        f"{_EFFECT_WORDS[change.parameter]}",
                        group="intervention",
                        low=change.low,
                        mode=0.5 * (change.low + change.high),
                        high=change.high,
                        distribution="uniform",
                        ids={"intervention": item.id, "field": change.parameter, "change": str(j)},
                    ),
                    INTERVENTION,
                    slot=j,
                )
            specs.append(EffectSpec(change=change, column=column))
        effects.append(tuple(specs))
    return rels, effects


def scenario_model(analysis: ScenarioAnalysis) -> ScenarioModel:
    """The scenario's headline outputs as a function of its uncertain inputs.

    Raises
    ------
    InputError
        When the scenario has no uncertain input (every range is a single point), or a roadmap
        names an intervention the catalogue lacks.
    """
    from panmun.bargaining.inputs import make_model
    from panmun.proposals.api import load_library, required_mask
    from panmun.trust.catalogue import shipped_interventions

    scenario, arr, cfg = analysis.scenario, analysis.arrays, analysis.settings
    cols = _Columns()
    issues = _scenario_inputs(analysis, cols)
    outputs = []
    for spec in issues:
        name = scenario.issues[spec.index].name
        ids = {"issue": scenario.issues[spec.index].id}
        outputs += [
            OutputSpec(f"{name} — bargaining forecast", "forecast", ids),
            OutputSpec(f"{name} — feasible outcome", "feasible", ids),
        ]
    known = set(arr.issues)
    packages = []
    for p in analysis.known_proposals:
        if not p.terms or not all(t.issue in known for t in p.terms):
            continue
        terms, has = _terms(p, arr)
        changed = tuple(sorted({t.issue for t in p.terms}))
        packages.append(PackageSpec(terms, has, required_mask(scenario, None, changed)))
        outputs.append(
            OutputSpec(
                f"{p.name} — accepted by every required party", "package", {"proposal": p.id}
            )
        )
    roadmaps = _roadmaps(analysis)
    catalogue = {i.id: i for i in shipped_interventions()}
    wanted = {i for r in roadmaps for ph in r.phases for i in ph.interventions}
    unknown = sorted(wanted - set(catalogue))
    if unknown:
        raise InputError([f"interventions: {u!r} is not in the catalogue" for u in unknown])
    used = [i for i in shipped_interventions() if i.id in wanted and scenario.relationships]
    rels, effects = _trust_inputs(analysis, used, cols) if roadmaps else ([], [])
    position = {i.id: n for n, i in enumerate(used)}
    lib = {p.id: p for p in load_library().proposals}
    road_specs = []
    for r in roadmaps:
        phase_terms: list[np.ndarray] = []
        phase_has: list[np.ndarray] = []
        in_force: list[tuple[int, ...]] = []
        seen: list[str] = []
        for ph in r.phases:
            t, h = _terms(lib[ph.proposal], arr)
            phase_terms.append(t)
            phase_has.append(h)
            seen += [i for i in ph.interventions if i not in seen]
            in_force.append(tuple(position[i] for i in seen if i in position))
        changed = tuple(sorted({t.issue for ph in r.phases for t in lib[ph.proposal].terms}))
        road_specs.append(
            RoadmapSpec(
                np.array(phase_terms),
                np.array(phase_has),
                required_mask(scenario, None, changed),
                tuple(in_force),
            )
        )
        outputs.append(OutputSpec(f"{r.name} — every phase passes", "roadmap", {"roadmap": r.id}))
    if not cols.inputs:
        raise InputError(
            [
                f"{scenario.id}: no number has a range (low below high), so nothing is uncertain; "
                "sensitivity analysis needs at least one uncertain input"
            ]
        )
    table = np.array(cols.rows, dtype=np.float64)
    return ScenarioModel(
        inputs=tuple(cols.inputs),
        outputs=tuple(outputs),
        target=table[:, 0].astype(np.intp),
        actor=table[:, 1].astype(np.intp),
        issue=table[:, 2].astype(np.intp),
        slot=table[:, 3].astype(np.intp),
        low=np.array([i.low for i in cols.inputs]),
        mode=np.array([i.mode for i in cols.inputs]),
        high=np.array([i.high for i in cols.inputs]),
        uniform=table[:, 4].astype(bool),
        position=arr.position.value,
        salience=arr.salience.value,
        capability=arr.capability.value,
        status_quo=arr.status_quo.value,
        width=arr.scale_max - arr.scale_min,
        issues=tuple(issues),
        packages=tuple(packages),
        roadmaps=tuple(road_specs),
        relationships=tuple(rels),
        interventions=tuple(effects),
        bargaining=make_model(cfg.model, **cfg.model_params()),
        indifference=cfg.indifference,
        repair_window=REPAIR_WINDOW,
    )
