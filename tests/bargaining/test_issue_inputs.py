"""Inputs from plain values and from scenarios; the model registry; validation messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from panmun.bargaining import (
    ExpectedUtilityModel,
    IssueInputs,
    WeightedMedianModel,
    issue_forecast,
    make_model,
)
from panmun.bargaining.result import BargainingResult
from panmun.errors import InputError
from panmun.scenario import load

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


def test_from_scenario_reads_positions_and_ranges() -> None:
    inputs = IssueInputs.from_scenario(load(str(MINI)), "talks")
    assert inputs.actors == ("north", "south", "church")
    assert list(inputs.positions) == [2.0, 8.0, 10.0]
    assert inputs.position_ranges[0].tolist() == [1.0, 3.0]
    assert inputs.scale == (0.0, 10.0)
    assert not inputs.positions.flags.writeable


def test_unknown_issue_names_the_known_ones() -> None:
    with pytest.raises(InputError, match="'nope' is not one of talks"):
        IssueInputs.from_scenario(load(str(MINI)), "nope")


def test_issue_forecast_for_every_model() -> None:
    scenario = load(str(MINI))
    for model in ("median", "mean", "eum"):
        result = issue_forecast(scenario, "talks", model=model, rounds=3, draws=100, seed=4)
        assert isinstance(result, BargainingResult)
        assert result.issue == "talks" and result.model == model
        assert result.distribution is not None
        assert 0.0 <= result.forecast <= 10.0
    eum = issue_forecast(scenario, "talks", rounds=3)
    assert len(eum.rounds) == 4
    assert eum.trajectory("north")[0] == 2.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"positions": [1, 2], "capabilities": [1], "saliences": [1, 1]}, "1 values for 2"),
        ({"positions": [1], "capabilities": [1], "saliences": [1]}, "at least two"),
        ({"positions": [1, 2], "capabilities": [-1, 1], "saliences": [1, 1]}, "negative"),
        ({"positions": [1, 2], "capabilities": [1, 1], "saliences": [1.5, 1]}, "outside 0..1"),
        ({"positions": [1, float("nan")], "capabilities": [1, 1], "saliences": [1, 1]}, "finite"),
        ({"positions": [1, 2], "capabilities": [0, 1], "saliences": [1, 0]}, "zero for every"),
        ({"positions": [[1, 2]], "capabilities": [1, 1], "saliences": [1, 1]}, "one number"),
    ],
)
def test_bad_values_are_named(kwargs: dict[str, list[float]], message: str) -> None:
    names = ["a", "b"][: len(kwargs["saliences"])]
    with pytest.raises(InputError, match=message):
        IssueInputs.from_values(names, **kwargs)  # type: ignore[arg-type]  # wrong on purpose


def test_duplicate_and_empty_names() -> None:
    with pytest.raises(InputError) as info:
        IssueInputs.from_values(["a", "a", " "], [1, 2, 3], [1, 1, 1], [1, 1, 1])
    assert any("twice" in p for p in info.value.problems)
    assert any("empty name" in p for p in info.value.problems)


def test_ranges_must_hold_the_value() -> None:
    with pytest.raises(InputError, match=r"range \[3, 4\] does not contain 1"):
        IssueInputs.from_values(
            ["a", "b"], [1, 2], [1, 1], [1, 1], ranges={"position": [(3, 4), (2, 2)]}
        )
    with pytest.raises(InputError, match="one \\(low, high\\) per actor"):
        IssueInputs.from_values(["a", "b"], [1, 2], [1, 1], [1, 1], ranges={"salience": [(0, 1)]})


def test_make_model_and_parameters() -> None:
    assert isinstance(make_model("median"), WeightedMedianModel)
    model = make_model("eum", rounds=7, compromise_rule="replication_midpoint")
    assert isinstance(model, ExpectedUtilityModel)
    assert model.get_params()["rounds"] == 7
    assert "compromise_rule='replication_midpoint'" in repr(model)
    with pytest.raises(InputError, match="'vote' is not one of"):
        make_model("vote")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rounds": -1}, "rounds: -1 is below 0"),
        ({"rounds": 2.5}, "not a whole number"),
        ({"compromise_rule": "fair"}, "compromise_rule"),
        ({"probability": "local"}, "probability"),
        ({"max_block_elements": 0}, "max_block_elements"),
    ],
)
def test_bad_model_parameters(params: dict[str, object], message: str) -> None:
    inputs = IssueInputs.from_values(["a", "b"], [0, 1], [1, 1], [1, 1])
    with pytest.raises(InputError, match=message):
        ExpectedUtilityModel(**params).run(inputs)  # type: ignore[arg-type]  # wrong on purpose
