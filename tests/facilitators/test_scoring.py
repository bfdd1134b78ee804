"""The facilitator scores on a hand-built two-party case: every number can be checked by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from panmun.facilitators import CRITERIA, FacilitatorFile, assess, assessment_data, scoring
from panmun.scenario import load_file

MINI = "tests/fixtures/mini.yaml"


def ind(
    criterion: str, value: float, low: float, high: float, party: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "criterion": criterion,
        "kind": "statement",
        "value": value,
        "value_range": [low, high],
        "sources": ["src-a"],
        "estimate": "analyst",
        "rationale": "r",
    }
    if party is not None:
        out["party"] = party
    return out


def candidate(cid: str, acts_on: str, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": cid,
        "name": cid.title(),
        "kind": "state",
        "acts_on": acts_on,
        "acts_on_sources": ["src-a"],
        "acts_on_rationale": "r",
        "indicators": indicators,
    }


def two_party(
    requests: list[dict[str, Any]] | None = None, spread: float = 0.0, gamma: bool = True
) -> FacilitatorFile:
    """Alpha: acceptability 0.9 to north and 0.5 to south (minimum 0.5), the other criteria
    0.6, 0.2, 0.4, 0.8: fit (0.5 + 0.6 + 0.2 + 0.4 + 0.8) / 5 = 0.5. Beta: acceptability 0.7
    and 0.7, then 0.4 for the rest: fit (0.7 + 4 x 0.4) / 5 = 0.46. Gamma has acceptability
    only (0.3 from north): every other criterion is unknown (0.5), and acceptability too,
    since south has no indicator."""
    s = spread

    def r(v: float) -> tuple[float, float, float]:
        return v, max(0.0, v - s), min(1.0, v + s)

    alpha = [
        ind("acceptability", *r(0.9), party="north"),
        ind("acceptability", *r(0.5), party="south"),
        ind("impartiality", *r(0.6)),
        ind("leverage", *r(0.1)),
        ind("leverage", *r(0.3)),
        ind("resources", *r(0.4)),
        ind("track_record", *r(0.8)),
    ]
    beta = [ind("acceptability", *r(0.7), party=p) for p in ("north", "south")] + [
        ind(c, *r(0.4)) for c in CRITERIA[1:]
    ]
    third = [candidate("gamma", "own_initiative", [ind("acceptability", *r(0.3), party="north")])]
    return FacilitatorFile.model_validate(
        {
            "context": "mini",
            "parties": ["north", "south"],
            "candidates": [
                candidate("alpha", "invitation", alpha),
                candidate("beta", "joint_request", beta),
                *(third if gamma else []),
            ],
            "requests": requests or [],
        }
    )


def test_point_scores_by_hand() -> None:
    a = assess(load_file(MINI), two_party(), draws=200, seed=1)
    assert a is not None
    by = {r.candidate.id: r for r in a.results}
    assert by["alpha"].criteria == pytest.approx(
        {"acceptability": 0.5, "impartiality": 0.6, "leverage": 0.2, "resources": 0.4,
         "track_record": 0.8}
    )  # fmt: skip
    assert by["alpha"].fit == pytest.approx(0.5)
    assert by["beta"].fit == pytest.approx(0.46)
    assert by["gamma"].criteria["acceptability"] == pytest.approx(0.3)
    assert set(by["gamma"].unknown) == set(CRITERIA)
    assert by["gamma"].fit == pytest.approx((0.3 + 4 * 0.5) / 5)
    assert [r.candidate.id for r in a.results] == ["alpha", "beta", "gamma"]
    assert [r.rank for r in a.results] == [1, 2, 3]


def test_point_ranges_give_point_draws_except_for_unknown_criteria() -> None:
    a = assess(load_file(MINI), two_party(), draws=300, seed=2)
    assert a is not None
    by = {r.candidate.id: r for r in a.results}
    assert by["alpha"].fit_band == pytest.approx((0.5, 0.5))
    assert by["beta"].fit_band == pytest.approx((0.46, 0.46))
    low, high = by["gamma"].fit_band
    assert low < 0.46 < high  # the unknown criteria spread gamma's fit


def test_weights_change_the_fit() -> None:
    data = two_party().model_copy(
        update={
            "weights": FacilitatorFile.model_validate(
                {
                    **two_party().model_dump(),
                    "weights": [
                        {"criterion": c, "weight": 2.0 if c == "acceptability" else 1.0}
                        for c in CRITERIA
                    ],
                    "weights_rationale": "acceptability first",
                }
            ).weights
        }
    )
    a = assess(load_file(MINI), data, draws=50)
    assert a is not None
    alpha = next(r for r in a.results if r.candidate.id == "alpha")
    assert alpha.fit == pytest.approx((2 * 0.5 + 0.6 + 0.2 + 0.4 + 0.8) / 6)


def test_the_gate_marks_conditional_candidates_and_reads_requests_by_date() -> None:
    s = load_file(MINI)
    none = assess(s, two_party(), draws=20)
    assert none is not None
    beta = next(r for r in none.results if r.candidate.id == "beta")
    assert beta.conditional and beta.request is None and not beta.request_exists
    alpha = next(r for r in none.results if r.candidate.id == "alpha")
    assert not alpha.conditional
    data = assessment_data(none, {"north": "North", "south": "South"})
    gate = next(c for c in data["candidates"] if c["id"] == "beta")["gate"]
    assert gate.startswith("Conditional") and "no such request exists" in gate

    def req(date: str, status: str) -> dict[str, Any]:
        return {"candidate": "beta", "date": date, "status": status, "sources": ["src-a"],
                "estimate": "analyst", "rationale": "r"}  # fmt: skip

    early = (s.as_of - dt.timedelta(days=30)).isoformat()
    late = (s.as_of + dt.timedelta(days=30)).isoformat()
    a = assess(s, two_party([req(early, "one_party"), req(late, "both_parties")]), draws=20)
    assert a is not None
    beta = next(r for r in a.results if r.candidate.id == "beta")
    assert beta.request == "one_party" and not beta.request_exists  # the later one is unknown
    b = assess(s, two_party([req(early, "both_parties")]), draws=20)
    assert b is not None
    beta = next(r for r in b.results if r.candidate.id == "beta")
    assert beta.request_exists


def test_the_ranking_is_stable_under_narrow_ranges_and_less_under_wide_ones() -> None:
    s = load_file(MINI)
    narrow = assess(s, two_party(spread=0.02, gamma=False), draws=2000, seed=3)
    wide = assess(s, two_party(spread=0.3, gamma=False), draws=2000, seed=3)
    assert narrow is not None and wide is not None
    top_narrow = next(r for r in narrow.results if r.candidate.id == "alpha").p_top
    top_wide = next(r for r in wide.results if r.candidate.id == "alpha").p_top
    assert top_narrow > 0.95
    assert 0.5 < top_wide < top_narrow
    assert wide.p_same_order < narrow.p_same_order
    assert sum(r.p_top for r in wide.results) == pytest.approx(1.0)


def test_same_seed_same_numbers() -> None:
    s = load_file(MINI)
    a = assessment_data(assess(s, two_party(spread=0.1), draws=100, seed=5))  # type: ignore[arg-type]
    b = assessment_data(assess(s, two_party(spread=0.1), draws=100, seed=5))  # type: ignore[arg-type]
    assert a == b


def test_triangular_draws_stay_in_range_with_the_mode_as_mean_shift() -> None:
    vals = scoring.IndicatorValues.of([(0.2, 0.0, 1.0, -1), (0.5, 0.5, 0.5, -1)])
    d = scoring.triangular(vals, 20000, np.random.default_rng(0))
    assert d.min() >= 0.0 and d.max() <= 1.0
    assert d[0].mean() == pytest.approx((0.0 + 0.2 + 1.0) / 3, abs=0.01)
    assert np.all(d[1] == 0.5)


def test_ranks_put_the_best_first() -> None:
    assert scoring.ranks(np.array([0.2, 0.9, 0.5])).tolist() == [3, 1, 2]
    r = scoring.ranks(np.array([[0.2, 0.9], [0.9, 0.1]]))
    assert r.tolist() == [[2, 1], [1, 2]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": 1.2, "value_range": [0.5, 1.2]}, "outside 0..1"),
        ({"party": None}, "acceptability is per party"),
    ],
)
def test_bad_indicators_are_refused(change: dict[str, Any], message: str) -> None:
    bad = {**ind("acceptability", 0.5, 0.4, 0.6, party="north"), **change}
    if change.get("party", "x") is None:
        bad.pop("party")
    with pytest.raises(ValidationError, match=message):
        FacilitatorFile.model_validate(
            {"context": "x", "candidates": [candidate("a", "invitation", [bad]),
                                            candidate("b", "invitation", [bad])]}
        )  # fmt: skip


def test_a_request_for_an_unknown_candidate_is_refused() -> None:
    data = two_party().model_dump()
    data["requests"] = [{"candidate": "zeta", "date": "2020-01-01", "status": "none",
                         "sources": ["src-a"], "rationale": "r"}]  # fmt: skip
    with pytest.raises(ValidationError, match="not a candidate id"):
        FacilitatorFile.model_validate(data)
