"""A what-if reuses the analysis of the issues it leaves untouched, with identical numbers."""

from __future__ import annotations

import json

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.scenario import load
from panmun.scenario.loader import scenario_from_data, to_data

SETTINGS = AnalysisSettings(draws=40)


def _moved(value: float) -> object:
    data = to_data(load("korea-2018-04"))
    pos = next(p for p in data["positions"] if (p["actor"], p["issue"]) == ("dprk", "exchanges"))
    pos["position"] = value
    pos["position_range"] = [min(value, pos["position_range"][0]),
                             max(value, pos["position_range"][1])]  # fmt: skip
    return scenario_from_data(data, "moved")


def test_only_the_changed_issue_is_recomputed_and_the_numbers_are_the_same() -> None:
    base = ScenarioAnalysis(load("korea-2018-04"), SETTINGS)
    base.issues  # noqa: B018  (computes every issue)
    changed = _moved(55.0)
    fresh = ScenarioAnalysis(changed, SETTINGS)  # type: ignore[arg-type]
    reusing = ScenarioAnalysis(changed, SETTINGS)  # type: ignore[arg-type]
    reused = reusing.reuse_unchanged(base)
    # Reused: every other issue (the holder's cost of a move, weighed over all its issues, is
    # recomputed on the changed arrays; the comparison with a fresh analysis below checks it).
    others = [i.id for i in base.scenario.issues if i.id != "exchanges"]
    assert list(reused) == others
    for a, b in zip(fresh.issues, reusing.issues, strict=True):
        # Compared as JSON text, so that a NaN in both counts as equal.
        assert json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)
    assert reusing.issue("exchanges") is not base.issue("exchanges")


def test_nothing_is_reused_under_other_settings_or_actors() -> None:
    base = ScenarioAnalysis(load("korea-2018-04"), SETTINGS)
    base.issues  # noqa: B018
    other = ScenarioAnalysis(load("korea-2018-04"), AnalysisSettings(draws=41))
    assert other.reuse_unchanged(base) == ()
    assert ScenarioAnalysis(load("korea-2022-09"), SETTINGS).reuse_unchanged(base) == ()
    untouched = ScenarioAnalysis(load("korea-2018-04"), SETTINGS)
    assert len(untouched.reuse_unchanged(base)) == len(base.scenario.issues)
