"""Proposals evaluated against the mini scenario, through the public API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from panmun.errors import InputError
from panmun.proposals.api import (
    evaluate_proposal,
    frontier,
    load_library,
    nash_search,
    rank_proposals,
)
from panmun.scenario import load_file

from ..conftest import MINI

LIB = {
    "proposals": [
        {"id": "status-quo", "name": "Status quo", "kind": "status_quo", "description": "Nothing."},
        {
            "id": "more-talks",
            "name": "More talks",
            "kind": "user",
            "description": "Talks at 6.",
            "terms": [
                {
                    "issue": "talks",
                    "value": 6,
                    "value_range": [5, 7],
                    "estimate": "analyst",
                    "rationale": "A middle way.",
                }
            ],
        },
        {
            "id": "elsewhere",
            "name": "Trade deal",
            "kind": "user",
            "description": "An issue mini lacks.",
            "terms": [
                {
                    "issue": "trade",
                    "value": 1,
                    "value_range": [0, 2],
                    "estimate": "analyst",
                    "rationale": "Not in mini.",
                }
            ],
        },
    ],
    "roadmaps": [
        {
            "id": "two-step",
            "name": "Two steps",
            "description": "Talk, then talk more.",
            "phases": [
                {"name": "Start", "proposal": "status-quo", "rationale": "Begin."},
                {"name": "Then", "proposal": "more-talks", "rationale": "Build."},
            ],
        }
    ],
}


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    path = tmp_path / "proposals.yaml"
    path.write_text(yaml.safe_dump(LIB), encoding="utf-8")
    return path


def test_evaluate_by_hand(lib_path: Path) -> None:
    s = load_file(MINI)
    lib = load_library(lib_path)
    v = evaluate_proposal(s, lib.proposals[1], draws=400, seed=1)
    by = {a.actor: a for a in v.actors}
    # north sits at 2, the status quo at 3: moving to 6 costs it (6-2)-(3-2) = 3 of 10 points
    assert by["north"].gain == pytest.approx(-0.3)
    assert by["north"].decision == "blocks"
    assert by["south"].gain == pytest.approx(0.3)
    assert by["church"].decision == "accepts"
    assert v.blockers == ("north",)
    assert not v.all_required_accept  # both states are required by default
    # north needs the term moved back towards 2: the whole way to the status quo and a bit
    assert by["north"].deficit == pytest.approx(0.31)
    (issue, old, new) = by["north"].concessions[0]
    assert (issue, old) == ("talks", 6.0)
    assert new == pytest.approx(2.9)
    assert 0.0 <= by["north"].p_accept <= 0.2
    assert by["south"].p_accept > 0.9
    assert v.root_causes == ("political_systems",)


def test_evaluation_is_reproducible(lib_path: Path) -> None:
    s = load_file(MINI)
    p = load_library(lib_path).proposals[1]
    a = evaluate_proposal(s, p, draws=200, seed=5)
    b = evaluate_proposal(s, p, draws=200, seed=5)
    assert a == b


def test_required_actor_must_exist(lib_path: Path) -> None:
    s = load_file(MINI)
    with pytest.raises(InputError, match="'ghost' is not an actor of mini"):
        evaluate_proposal(s, load_library(lib_path).proposals[0], required=("ghost",))


def test_proposal_with_unknown_issue(lib_path: Path) -> None:
    s = load_file(MINI)
    lib = load_library(lib_path)
    with pytest.raises(InputError, match=r"terms\[trade\]: 'trade' is not an issue of mini"):
        evaluate_proposal(s, lib.proposals[2])
    ranked = rank_proposals(s, lib.proposals, draws=100)
    # nobody gains from the status quo; for more-talks south and church outweigh north
    assert [v.proposal.id for v in ranked] == ["more-talks", "status-quo"]
    assert ranked[0].p_support_outweighs > 0.5


def test_nash_and_frontier_on_mini() -> None:
    s = load_file(MINI)
    sol = nash_search(s, required=("south", "church"))
    assert sol.feasible
    assert 3 < sol.outcome[0] <= 10
    pts = frontier(s, "north", "south")
    assert pts[0].outcome[0] == 8 and pts[-1].outcome[0] == 2
    with pytest.raises(InputError, match="'rok' is not an actor of mini"):
        frontier(s, "rok", "north")
    assert not nash_search(s).feasible  # north and south pull apart from 3


def test_bad_library_file(tmp_path: Path) -> None:
    bad = dict(LIB)
    bad["roadmaps"] = [
        dict(LIB["roadmaps"][0], phases=[{"name": "x", "proposal": "nope", "rationale": "r"}])
    ]
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_library(path)
    assert f"{path}: roadmaps[two-step].phases[0].proposal: 'nope' is not a proposal id" in (
        info.value.problems
    )


def test_sampling_stays_in_ranges_and_reproduces() -> None:
    from panmun.scenario.arrays import sample, scenario_arrays

    arr = scenario_arrays(load_file(MINI))
    a = sample(arr, 500, seed=3)
    b = sample(arr, 500, seed=3)
    assert np.array_equal(a.position, b.position)
    assert np.all(a.position >= arr.position.low) and np.all(a.position <= arr.position.high)
    assert np.all(a.salience >= arr.salience.low) and np.all(a.salience <= arr.salience.high)
    # triangular mean = (low + mode + high) / 3
    np.testing.assert_allclose(
        a.position.mean(axis=0),
        (arr.position.low + arr.position.value + arr.position.high) / 3,
        atol=0.1,
    )
    with pytest.raises(ValueError, match="draws must be at least 1"):
        sample(arr, 0, seed=1)


def test_a_package_is_known_from_the_date_it_was_put_forward() -> None:
    import datetime as dt

    from pydantic import ValidationError

    from panmun.proposals.models import Proposal

    base = {"id": "p", "name": "P", "kind": "user", "description": "d"}
    p = Proposal.model_validate({**base, "proposed": "2018-06"})
    assert not p.known_at(dt.date(2018, 5, 31)) and p.known_at(dt.date(2018, 6, 1))
    assert Proposal.model_validate(base).known_at(dt.date(1900, 1, 1))
    assert Proposal.model_validate({**base, "proposed": dt.date(2019, 2, 28)}).proposed == (
        "2019-02-28"
    )
    assert Proposal.model_validate({**base, "proposed": 2022}).proposed == "2022"
    with pytest.raises(ValidationError, match="'2018-13' is not a calendar date"):
        Proposal.model_validate({**base, "proposed": "2018-13"})
