"""Round trips: file -> model -> file loses nothing, for shipped presets and generated ones."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panmun.scenario import dumps, load, load_file, scenario_from_data, shipped_ids
from panmun.scenario.loader import to_data

from ..conftest import MINI


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_mini_round_trip(tmp_path: Path, fmt: str) -> None:
    s = load_file(MINI)
    path = tmp_path / f"out.{fmt}"
    path.write_text(dumps(s, fmt), encoding="utf-8")  # type: ignore[arg-type]
    again = load_file(path)
    assert again == s
    assert dumps(again, fmt) == dumps(s, fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario_id", shipped_ids())
def test_shipped_round_trip(tmp_path: Path, scenario_id: str) -> None:
    s = load(scenario_id)
    text = dumps(s, "yaml")
    path = tmp_path / "again.yaml"
    path.write_text(text, encoding="utf-8")
    again = load_file(path)
    assert again == s
    assert dumps(again, "yaml") == text
    assert json.loads(dumps(s, "json")) == to_data(s)


# -- generated scenarios -------------------------------------------------------------------
_ids = st.text(string.ascii_lowercase, min_size=1, max_size=6).map(lambda t: "x" + t)
_unit = st.floats(0, 1, allow_nan=False).map(lambda v: round(v, 3))
_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")),
    min_size=1,
    max_size=20,
)


def _around(value: float, lo: float, hi: float, draw: Any) -> list[float]:
    low = draw(st.floats(lo, value, allow_nan=False))
    high = draw(st.floats(value, hi, allow_nan=False))
    if low == high:
        low, high = lo, hi
    return [low, high]


@st.composite
def scenarios(draw: Any) -> dict[str, Any]:
    actor_ids = draw(st.lists(_ids, min_size=2, max_size=5, unique=True))
    issue_ids = draw(st.lists(_ids, min_size=1, max_size=3, unique=True))
    lo = draw(st.integers(-50, 50))
    hi = lo + draw(st.integers(3, 200))
    source = {"id": "src", "title": draw(_text), "author": draw(_text), "date": "2020-05"}
    issues = [
        {
            "id": i,
            "name": draw(_text),
            "question": draw(_text),
            "scale": {"min": lo, "max": hi},
            "anchors": [
                {"value": lo, "label": "low"},
                {"value": (lo + hi) / 2, "label": "middle"},
                {"value": hi, "label": "high"},
            ],
            "root_cause": draw(
                st.sampled_from(["political_systems", "nuclear", "external_powers"])
            ),
        }
        for i in issue_ids
    ]
    positions = []
    for a in actor_ids:
        for i in issue_ids:
            pos = draw(st.floats(lo, hi, allow_nan=False))
            sal, cap = draw(_unit), draw(_unit)
            estimate = draw(st.booleans())
            positions.append(
                {
                    "actor": a,
                    "issue": i,
                    "position": pos,
                    "position_range": _around(pos, lo, hi, draw),
                    "salience": sal,
                    "salience_range": _around(sal, 0, 1, draw),
                    "capability": cap,
                    "capability_range": _around(cap, 0, 1, draw),
                    "sources": [] if estimate else ["src"],
                    **({"estimate": "analyst"} if estimate else {}),
                    "rationale": draw(_text),
                }
            )
    return {
        "id": "gen",
        "title": draw(_text),
        "as_of": "2021-03-04",
        "description": draw(_text),
        "actors": [
            {"id": a, "name": a.upper(), "kind": "state", "description": "generated"}
            for a in actor_ids
        ],
        "issues": issues,
        "positions": positions,
        "status_quo": [
            {"issue": i, "value": lo, "value_range": [lo, hi], "sources": ["src"], "rationale": "r"}
            for i in issue_ids
        ],
        "sources": [source],
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), fmt=st.sampled_from(["yaml", "json"]))
def test_generated_scenarios_round_trip(
    tmp_path_factory: Any, data: dict[str, Any], fmt: str
) -> None:
    s = scenario_from_data(data, "generated")
    path = Path(tmp_path_factory.mktemp("rt")) / f"s.{fmt}"
    text = dumps(s, fmt)  # type: ignore[arg-type]
    path.write_text(text, encoding="utf-8")
    again = load_file(path)
    assert again == s
    assert dumps(again, fmt) == text  # type: ignore[arg-type]
