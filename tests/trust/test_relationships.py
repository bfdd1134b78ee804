"""The Relationship model and the shipped relationships library."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from panmun.scenario.models import ScenarioProblems, Source
from panmun.scenario.relationships import Relationship
from panmun.trust import Estimate, parse_strategy
from tests.trust.helpers import DATA, bibliography_ids


def shipped() -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / "relationships.yaml").read_text(encoding="utf-8"))
    return list(data["relationships"])


def problems(record: dict[str, Any]) -> list[str]:
    """Every problem pydantic reports, rendered as 'path: message'."""
    with pytest.raises(ValidationError) as err:
        Relationship.model_validate(record)
    lines = []
    for e in err.value.errors():
        where = ".".join(str(x) for x in e["loc"])
        error = (e.get("ctx") or {}).get("error")
        if isinstance(error, ScenarioProblems):
            lines += [p.render(where) for p in error.problems]
        else:
            lines.append(f"{where}: {e['msg']}")
    return lines


@pytest.fixture
def record() -> dict[str, Any]:
    return copy.deepcopy(shipped()[0])


def test_shipped_relationships_are_valid_and_cross_referenced() -> None:
    actors = {a["id"] for a in yaml.safe_load((DATA / "actors.yaml").read_text("utf-8"))["actors"]}
    known = bibliography_ids()
    rels = [Relationship.model_validate(r) for r in shipped()]
    assert {r.id for r in rels} >= {"dprk-usa", "rok-dprk"}
    for rel in rels:
        assert rel.actor_a in actors and rel.actor_b in actors
        cited = list(rel.cited_sources())
        assert cited, rel.id
        for path, sid in cited:
            assert sid in known, f"{rel.id}.{path}: {sid}"
        inputs = rel.to_inputs()
        assert inputs.strategy_a == parse_strategy(rel.strategy_a)
        assert inputs.central_payoffs.is_dilemma


def test_trust_bibliography_records_are_valid_sources() -> None:
    data = yaml.safe_load((DATA / "bibliography" / "trust.yaml").read_text("utf-8"))
    for rec in data["sources"]:
        Source.model_validate(rec)


def test_to_inputs_keeps_ranges(record: dict[str, Any]) -> None:
    inputs = Relationship.model_validate(record).to_inputs()
    assert Estimate(5.0, 4.5, 6.0) == inputs.T
    assert inputs.continuation is not None and inputs.rounds is None


def test_a_fixed_horizon_instead_of_continuation(record: dict[str, Any]) -> None:
    record["horizon"] = {
        "value": 60,
        "value_range": [40, 80],
        "estimate": "analyst",
        "rationale": "Five years of monthly rounds.",
    }
    del record["continuation"]
    rel = Relationship.model_validate(record)
    assert rel.to_inputs().rounds == Estimate(60, 40, 80)
    assert any(
        path.startswith("horizon") or path.startswith("payoffs") for path, _ in rel.cited_sources()
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda r: r["payoffs"].update(T_range=[5.5, 6.0]),
            "payoffs.T_range: [5.5, 6] does not contain T 5",
        ),
        (
            lambda r: r["payoffs"].update(R_range=[3.5, 2.5]),
            "payoffs.R_range: [3.5, 2.5] has low above high",
        ),
        (
            lambda r: r["noise"].update(value=1.2, value_range=[0, 1.5]),
            "noise.value: 1.2 is above 1",
        ),
        (
            lambda r: r["noise"].update(value_range=[-0.1, 0.06]),
            "noise.value_range: -0.1 is below 0",
        ),
        (
            lambda r: r["continuation"].update(value=1.0, value_range=[0.9, 1.0]),
            "continuation.value: 1 is at or above 1",
        ),
        (lambda r: r.update(actor_b="dprk"), "actor_b: 'dprk' is the same actor as actor_a"),
        (lambda r: r.update(strategy_a="nice"), "strategy_a: 'nice' is not a known strategy"),
        (lambda r: r.pop("continuation"), "continuation: give exactly one of continuation"),
        (
            lambda r: r.update(
                horizon={"value": 0, "value_range": [0, 5], "estimate": "analyst", "rationale": "x"}
            ),
            "horizon.value: 0 is below 1",
        ),
        (lambda r: r.update(sources=[], estimate=None), "sources: empty: cite a source"),
        (
            lambda r: r["noise"].update(sources=[], value_range=[0.03, 0.03]),
            "noise.value_range: [0.03, 0.03] is a single point",
        ),
        (
            lambda r: (
                r["payoffs"].update(T=3, T_range=[3, 3], R=5, R_range=[5, 5]),
                r.update(strategy_b="gtft"),
            ),
            "strategy_b: 'gtft' derives a parameter from the payoffs",
        ),
        (lambda r: r.update(colour="red"), "colour: Extra inputs are not permitted"),
    ],
)
def test_problems_name_the_field(record: dict[str, Any], edit: Any, expected: str) -> None:
    edit(record)
    found = problems(record)
    assert any(expected in line for line in found), found


def test_every_problem_is_reported_at_once(record: dict[str, Any]) -> None:
    record["actor_b"] = record["actor_a"]
    record["strategy_a"] = "nice"
    record["strategy_b"] = "tft:3"
    record["sources"] = []
    record["estimate"] = None
    assert len(problems(record)) == 4
