"""The platform's view of :class:`panmun.analysis.ScenarioAnalysis`: cached, and what-ifs.

The platform computes nothing of its own. A page or API read of a scenario's forecasts,
packages, roadmaps or trust asks :class:`AnalysisCache` for the analysis of that scenario
version under the given settings, and the report's own section builders
(:mod:`panmun.report.sections`) turn it into data, so the numbers are those of
``panmun forecast``, ``panmun proposals`` and ``panmun analyze`` for the same scenario, seed
and settings.

A what-if (:func:`apply_changes`) moves one or more stated values (an actor's position,
salience or capability on an issue), shifts that number's range with it, and validates the
result as any scenario file is validated; the changed scenario is then analysed like any
other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.errors import InputError
from panmun.scenario.loader import scenario_from_data, to_data
from panmun.scenario.models import Scenario

SECTIONS = ("forecast", "proposals", "roadmaps", "trust")
#: Draws of a what-if: few enough to answer within a second on the shipped presets.
WHATIF_DRAWS = 200
WHATIF_SETTINGS = AnalysisSettings(draws=WHATIF_DRAWS)


class Change(BaseModel):
    """One stated value to move in a what-if."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actor: str = Field(max_length=80)
    issue: str = Field(max_length=80)
    field: Literal["position", "salience", "capability"]
    value: float = Field(allow_inf_nan=False)


def apply_changes(scenario: Scenario, changes: Sequence[Change], name: str = "what-if") -> Scenario:
    """Return ``scenario`` with each change applied, validated (``InputError`` if invalid).

    The range of a moved number moves with it (same width), clipped to the number's bounds
    (the issue's scale for a position, 0..1 for salience and capability), so that the
    draws vary around the new value as they varied around the old one.
    """
    data = to_data(scenario)
    index = {(p["actor"], p["issue"]): p for p in data["positions"]}
    problems = []
    for k, change in enumerate(changes):
        pos = index.get((change.actor, change.issue))
        if pos is None:
            problems.append(
                f"{name}: changes[{k}]: actor {change.actor!r} has no position on issue "
                f"{change.issue!r} in {scenario.id}"
            )
            continue
        if change.field == "position":
            scale = scenario.issue(change.issue).scale
            lo_bound, hi_bound = scale.min, scale.max
        else:
            lo_bound, hi_bound = 0.0, 1.0
        old = float(pos[change.field])
        lo, hi = pos[f"{change.field}_range"]
        delta = change.value - old
        pos[change.field] = change.value
        if not lo_bound <= change.value <= hi_bound:
            continue  # the model names the bad value; its range is left as it was
        pos[f"{change.field}_range"] = [
            min(change.value, max(lo_bound, lo + delta)),
            max(change.value, min(hi_bound, hi + delta)),
        ]
    if problems:
        raise InputError(problems)
    return scenario_from_data(data, name)


def whatif_data(analysis: ScenarioAnalysis) -> dict[str, Any]:
    """The what-if page's numbers: each issue's forecasts and each package's acceptance."""
    scenario = analysis.scenario
    names = {a.id: a.name for a in scenario.actors}
    issues = []
    for ia in analysis.issues:
        issue = scenario.issue(ia.issue)
        feasible = ia.consent.feasible
        issues.append(
            {
                "issue": ia.issue,
                "name": issue.name,
                "scale": list(ia.scale),
                "status_quo": ia.status_quo,
                "unconstrained": ia.unconstrained.median,
                "unconstrained_band": [ia.unconstrained.p05, ia.unconstrained.p95],
                "feasible": ia.headline,
                "feasible_band": [feasible.p05, feasible.p95],
                "feasible_label": issue.label_for(ia.headline),
                "p_moves": ia.consent.p_moves,
                "holder": names.get(ia.consent.holder or ""),
                "settling": ia.settling.status,
            }
        )
    packages = [
        {
            "id": v.proposal.id,
            "name": v.proposal.name,
            "p_all_required": v.p_all_required,
            "all_required_accept": v.all_required_accept,
            "shortfall_total": v.shortfall_total,
            "short": [{"actor": names.get(a, a), "lacks": d} for a, d in v.shortfalls],
        }
        for v in analysis.proposals
    ]
    cfg = analysis.settings
    return {
        "scenario": scenario.id,
        "draws": cfg.draws,
        "seed": cfg.seed,
        "model": cfg.model,
        "issues": issues,
        "packages": packages,
    }


def sensitivity_data(analysis: ScenarioAnalysis, limit: int = 15) -> dict[str, Any]:
    """The inputs to check first (the report's own section builder)."""
    from panmun.report.sections.sensitivity import sensitivity_section

    return sensitivity_section(analysis, limit)


def section(analysis: ScenarioAnalysis, name: str) -> dict[str, Any]:
    """One report section's data for ``analysis`` (``forecast``, ``proposals``, ...)."""
    from panmun.report.sections.forecasts import forecast_section
    from panmun.report.sections.proposals import proposals_section
    from panmun.report.sections.roadmaps import roadmaps_section
    from panmun.report.sections.trust import trust_section

    cfg = analysis.settings
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "forecast": lambda: forecast_section(analysis),
        "proposals": lambda: proposals_section(analysis),
        "roadmaps": lambda: roadmaps_section(analysis),
        "trust": lambda: trust_section(analysis.scenario, cfg.seed, cfg.trust_draws),
        "whatif": lambda: whatif_data(analysis),
        "sensitivity": lambda: sensitivity_data(analysis),
    }
    if name not in builders:
        raise InputError([f"section: {name!r} is not one of {', '.join(builders)}"])
    return builders[name]()


class _Entry:
    def __init__(self, analysis: ScenarioAnalysis) -> None:
        self.analysis = analysis
        self.sections: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()


class AnalysisCache:
    """The analyses the server has computed, by scenario version and settings (LRU).

    Parameters
    ----------
    size
        How many analyses to keep; each holds its draws (a few MB for a shipped preset).
    """

    def __init__(self, size: int = 24) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, AnalysisSettings], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, key: str, scenario: Scenario, settings: AnalysisSettings) -> _Entry:
        with self._lock:
            entry = self._entries.get((key, settings))
            if entry is None:
                entry = _Entry(ScenarioAnalysis(scenario, settings))
                self._entries[(key, settings)] = entry
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end((key, settings))
            return entry

    def section(
        self, key: str, scenario: Scenario, settings: AnalysisSettings, name: str
    ) -> dict[str, Any]:
        """A section's data, computed once per scenario version and settings.

        ``key`` names the scenario version (``preset:ID`` or ``stored:ID@VERSION``).
        """
        if name == "trust":
            # Trust depends on the seed and trust_draws alone: other settings share it.
            settings = AnalysisSettings(seed=settings.seed, trust_draws=settings.trust_draws)
        entry = self._entry(key, scenario, settings)
        with entry.lock:
            if name not in entry.sections:
                entry.sections[name] = section(entry.analysis, name)
            return entry.sections[name]

    def analysis(
        self, key: str, scenario: Scenario, settings: AnalysisSettings
    ) -> ScenarioAnalysis:
        """The cached analysis itself."""
        return self._entry(key, scenario, settings).analysis

    def whatif(
        self, key: str, scenario: Scenario, changed: Scenario, settings: AnalysisSettings
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The what-if data of the scenario and of its changed copy.

        The changed copy is analysed afresh but takes over the baseline's analysis of every
        issue the changes leave untouched (:meth:`ScenarioAnalysis.reuse_unchanged`), and it
        is not kept in the cache: each what-if is a one-off, and keeping it would push out
        the analyses that pages read again and again.
        """
        baseline = self._entry(key, scenario, settings)
        with baseline.lock:
            if "whatif" not in baseline.sections:
                baseline.sections["whatif"] = section(baseline.analysis, "whatif")
            base_data = baseline.sections["whatif"]
            moved = ScenarioAnalysis(changed, settings)
            moved.reuse_unchanged(baseline.analysis)
        return base_data, section(moved, "whatif")
