"""The second, blind coding of korea-2022-09 and the agreement between the coders."""

from __future__ import annotations

import pytest

from panmun.scenario import load, load_file
from panmun.scenario.codings import SecondCoding, agreement, second_coding
from tests.conftest import MINI


def test_the_second_coding_covers_every_position_and_its_ranges_hold_it() -> None:
    s = load("korea-2022-09")
    coding = second_coding("korea-2022-09")
    assert coding is not None and coding.scenario == s.id
    assert {(p.actor, p.issue) for p in coding.positions} == {
        (p.actor, p.issue) for p in s.positions
    }
    result = agreement(s, coding)
    assert result["units"] == len(s.positions)
    for field in ("position", "salience", "capability"):
        assert 0.5 < result["alpha"][field] <= 1.0
    widened = [r for r in coding.reconciliation if r.action == "widened"]
    assert result["widened"] == len(widened)
    for r in widened:  # a widened range now holds the second reading
        p = s.position(r.actor, r.issue)
        assert p is not None
        low, high = getattr(p, f"{r.field}_range")
        assert low <= r.second <= high, (r.actor, r.issue, r.field)
    assert second_coding("korea-2018-04") is None


def test_identical_codings_agree_perfectly_and_shifted_ones_less() -> None:
    s = load_file(MINI)
    same = SecondCoding.model_validate(
        {
            "scenario": s.id, "coder": "c", "coded_on": "2026-01-01", "method": "m",
            "positions": [
                {"actor": p.actor, "issue": p.issue, "position": p.position,
                 "salience": p.salience, "capability": p.capability}
                for p in s.positions
            ],
        }
    )  # fmt: skip
    assert agreement(s, same)["alpha"]["position"] == pytest.approx(1.0)
    reversed_order = same.model_copy(
        update={
            "positions": tuple(
                p.model_copy(update={"position": 10 - p.position}) for p in same.positions
            )
        }
    )
    assert agreement(s, reversed_order)["alpha"]["position"] < 0.5
