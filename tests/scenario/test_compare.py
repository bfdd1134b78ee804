"""Comparing two scenarios: inputs that changed, forecasts and packages then and now, and the
predecessor each shipped preset names."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

import pytest
import yaml

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.errors import InputError
from panmun.scenario import load, load_shipped, scenario_from_data, shipped_ids
from panmun.scenario.compare import (
    NOTABLE,
    compare,
    compare_analyses,
    compare_scenarios,
)
from panmun.scenario.models import Scenario

from ..conftest import MINI

FAST = AnalysisSettings(draws=40, seed=1, rounds=4, trust_draws=4)
KOREAN_CHAIN = [
    "korea-2000-06",
    "korea-2005-09",
    "korea-2012-02",
    "korea-2015-08",
    "korea-2018-04",
    "korea-2019-01",
    "korea-2022-09",
    "korea-2026-05",
]


def _mini() -> dict[str, Any]:
    return dict(yaml.safe_load(MINI.read_text(encoding="utf-8")))


def _pos(data: dict[str, Any], actor: str) -> dict[str, Any]:
    return next(p for p in data["positions"] if p["actor"] == actor)


def later_mini() -> dict[str, Any]:
    """A later reading of the mini scenario with every kind of change: a position moved a
    lot and one a little, one dropped, an actor added, the status quo and veto players."""
    now = copy.deepcopy(_mini())
    now["id"], now["as_of"] = "mini-later", dt.date(2021, 1, 1)
    north = _pos(now, "north")
    north.update(position=6, position_range=[5, 7], rationale="Now open to regular talks.")
    south = _pos(now, "south")
    south.update(salience=0.72, salience_range=[0.6, 0.8])  # below NOTABLE: a small change
    now["positions"] = [p for p in now["positions"] if p["actor"] != "church"]
    now["actors"].append(
        {
            "id": "east",
            "name": "Eastern neighbour",
            "kind": "state",
            "description": "A third state.",
        }
    )
    now["positions"].append(
        {
            "actor": "east",
            "issue": "talks",
            "position": 5,
            "position_range": [4, 6],
            "salience": 0.3,
            "salience_range": [0.2, 0.4],
            "capability": 0.4,
            "capability_range": [0.3, 0.5],
            "estimate": "analyst",
            "rationale": "Supports talks between its neighbours.",
        }
    )
    now["status_quo"][0].update(value=4, value_range=[3, 5], rationale="Monthly contacts.")
    now["veto_players"] = [
        {
            "issue": "talks",
            "actors": ["north", "south"],
            "estimate": "analyst",
            "rationale": "Talks need both parties.",
        }
    ]
    return now


@pytest.fixture(scope="module")
def pair() -> tuple[Scenario, Scenario]:
    """The mini scenario and its later reading."""
    return scenario_from_data(_mini(), "then.yaml"), scenario_from_data(later_mini(), "now.yaml")


def test_every_kind_of_input_change_is_found(pair: tuple[Scenario, Scenario]) -> None:
    then, now = pair
    c = compare_scenarios(then, now)
    assert c.actors_added == ("east",) and c.actors_removed == ()
    assert c.issues_common == ("talks",) and not c.issues_added and not c.issues_removed
    kinds = [(p.actor, p.kind) for p in c.positions]
    # moved first (largest first), then newly stated, then no longer stated
    assert kinds == [
        ("north", "moved"),
        ("south", "moved"),
        ("east", "added"),
        ("church", "removed"),
    ]
    north, south = c.positions[0], c.positions[1]
    (move,) = north.changes
    assert (move.input, move.then, move.now, move.change) == ("position", 2, 6, 4)
    assert move.then_range == (1, 3) and move.now_range == (5, 7)
    assert north.size == pytest.approx(0.4) and north.notable
    assert north.then is not None and north.now is not None
    assert north.then.rationale == "Stated preference for limited contact."
    assert north.now.rationale == "Now open to regular talks."
    assert [ch.input for ch in south.changes] == ["salience"]
    assert south.size == pytest.approx(0.02) and not south.notable and south.size < NOTABLE
    assert c.positions[2].notable and c.positions[3].notable  # a stance stated or dropped
    (sq,) = c.status_quo
    assert sq.change == 1 and sq.now.rationale == "Monthly contacts."
    (veto,) = c.veto_players
    assert veto.added == ("north", "south") and veto.removed == () and veto.then is None
    assert c.actor_name("church") == "Church council"  # a name, also for an actor that left


def test_the_comparison_as_data_carries_names_readings_and_sources(
    pair: tuple[Scenario, Scenario],
) -> None:
    then, now = pair
    data = compare_scenarios(then, now).to_dict()
    assert data["then"] == {"id": "mini", "title": then.title, "as_of": "2020-01-01"}
    assert data["names"]["east"] == "Eastern neighbour"
    assert data["issue_names"] == {"talks": "Talks"}
    north = data["positions"][0]
    assert north["changes"][0] == {
        "input": "position",
        "then": 2,
        "now": 6,
        "change": 4,
        "then_range": [1, 3],
        "now_range": [5, 7],
    }
    assert north["then"]["sources"] == ["doc1"] and north["now"]["sources"] == ["doc1"]
    assert data["positions"][2]["then"] is None  # newly stated
    assert data["veto_players"][0]["now"]["actors"] == ["north", "south"]


def test_a_scenario_compared_with_itself_has_no_changes() -> None:
    s = load("korea-2019-01")
    c = compare_scenarios(s, s)
    assert c.positions == () and c.status_quo == () and c.veto_players == ()
    assert c.actors_added == c.actors_removed == ()


def test_shipped_presets_chain_by_date() -> None:
    presets = {i: load_shipped(i) for i in shipped_ids()}
    for earlier, later in itertools.pairwise(KOREAN_CHAIN):
        assert presets[later].predecessor == earlier
    assert presets["korea-2000-06"].predecessor is None
    assert presets["cambodia-thailand-2025-10"].predecessor is None
    for s in presets.values():
        if s.predecessor is not None:
            before = presets[s.predecessor]
            assert before.as_of < s.as_of and before.context == s.context


def test_a_shipped_pair_compares_with_their_rationales() -> None:
    c = compare_scenarios(load("korea-2019-01"), load("korea-2022-09"))
    assert c.actors_added == ("tt2022",)
    moved = [p for p in c.positions if p.kind == "moved"]
    assert moved and all(p.then is not None and p.now is not None for p in moved)
    assert all(p.then.rationale and p.now.rationale for p in moved if p.then and p.now)
    # within each issue, the largest move comes first
    for issue in c.issues_common:
        sizes = [p.size for p in moved if p.issue == issue]
        assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("korea-2099-01", "predecessor: 'korea-2099-01' is not a shipped scenario id"),
        ("korea-2022-09", "predecessor: 'korea-2022-09' is dated 2022-09-30, not before"),
        ("Bad Id", "predecessor: 'Bad Id' is not a valid id"),
    ],
)
def test_a_predecessor_must_be_an_earlier_shipped_preset(value: str, message: str) -> None:
    data = _mini()
    data["predecessor"] = value
    with pytest.raises(InputError) as err:
        scenario_from_data(data, "mini.yaml")
    (line,) = err.value.problems
    assert line.startswith("mini.yaml: ") and message in line


def test_a_users_scenario_may_name_an_earlier_preset() -> None:
    data = _mini()
    data["predecessor"] = "korea-2018-04"
    s = scenario_from_data(data, "mini.yaml")
    assert s.predecessor == "korea-2018-04"


def test_the_analyses_side_by_side_match_each_analysis(pair: tuple[Scenario, Scenario]) -> None:
    then, now = pair
    a, b = ScenarioAnalysis(then, FAST), ScenarioAnalysis(now, FAST)
    result = compare_analyses(a, b)
    (issue,) = result.issues
    assert issue.status_quo == (3, 4)
    assert issue.feasible == (a.issue("talks").consent.feasible, b.issue("talks").consent.feasible)
    assert issue.unconstrained[1] == b.issue("talks").unconstrained
    assert issue.p_moves == (a.issue("talks").consent.p_moves, b.issue("talks").consent.p_moves)
    data = result.to_dict()
    assert data["settings"]["draws"] == 40
    assert data["issues"][0]["feasible"]["now"]["median"] == b.issue("talks").headline


def test_analyses_must_share_their_settings(pair: tuple[Scenario, Scenario]) -> None:
    then, now = pair
    other = AnalysisSettings(draws=41, seed=1, rounds=4, trust_draws=4)
    with pytest.raises(ValueError, match="same settings"):
        compare_analyses(ScenarioAnalysis(then, FAST), ScenarioAnalysis(now, other))


@pytest.fixture(scope="module")
def korean() -> tuple[Any, Any, ScenarioAnalysis, ScenarioAnalysis]:
    then, now = load("korea-2018-04"), load("korea-2019-01")
    a, b = ScenarioAnalysis(then, FAST), ScenarioAnalysis(now, FAST)
    return compare_scenarios(then, now), compare_analyses(a, b), a, b


def test_common_packages_then_and_now(
    korean: tuple[Any, Any, ScenarioAnalysis, ScenarioAnalysis],
) -> None:
    _inputs, result, a, b = korean
    before = {v.proposal.id: v for v in a.proposals}
    after = {v.proposal.id: v for v in b.proposals}
    ids = [p.proposal for p in result.packages]
    assert ids and set(ids) <= set(before) & set(after)
    assert "status-quo" not in ids  # the reference package is not compared
    for p in result.packages:
        assert p.p_all_required == (
            before[p.proposal].p_all_required,
            after[p.proposal].p_all_required,
        )
        assert p.required == (before[p.proposal].required, after[p.proposal].required)
    # the Singapore statement was put forward between the two dates
    assert "singapore-2018" in [pid for pid, _name in result.packages_added]
    assert [i.issue for i in result.issues] == [i.id for i in b.scenario.issues]


def test_compare_uses_one_set_of_settings_for_both(
    korean: tuple[Any, Any, ScenarioAnalysis, ScenarioAnalysis],
) -> None:
    inputs, result = compare(load("korea-2018-04"), load("korea-2019-01"), FAST)
    assert result.settings == FAST
    assert result.to_dict() == korean[1].to_dict()  # same inputs and seed: the same numbers
    assert inputs.to_dict() == korean[0].to_dict()


def test_veto_players_that_joined_carry_their_reading() -> None:
    c = compare_scenarios(load("korea-2005-09"), load("korea-2012-02"))
    (veto,) = c.veto_players
    assert (veto.issue, veto.added, veto.removed) == ("sanctions", ("china", "russia"), ())
    data = veto.to_dict()
    assert data["now"]["rationale"] and set(data["now"]) == set(data["then"] or data["now"])
    assert {"actors", "rationale", "sources", "estimate"} <= set(data["now"])
