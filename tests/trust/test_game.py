"""Stage payoffs and the repeated game: parsing, the dilemma conditions, validation."""

from __future__ import annotations

import doctest
import importlib
import math

import pytest

from panmun.errors import InputError
from panmun.trust import Game, Payoffs, optimal_generosity


@pytest.mark.parametrize(
    "name", ["", ".game", ".registry", ".simulate", ".analytic", ".interventions"]
)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"panmun.trust{name}")
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0 or name == ".interventions"


def test_default_payoffs_are_the_classic_dilemma() -> None:
    p = Payoffs()
    assert p.as_tuple() == (5, 3, 1, 0)
    assert p.is_dilemma
    assert p.by_outcome() == (1.0, 5.0, 0.0, 3.0)


def test_parse_reads_four_numbers() -> None:
    assert Payoffs.parse(" 4, 3,2 ,1").as_tuple() == (4, 3, 2, 1)


@pytest.mark.parametrize("text", ["5,3,1", "5,3,1,0,0", "a,b,c,d", "5,3,nan,0", "5,3,inf,0"])
def test_parse_rejects_bad_text(text: str) -> None:
    with pytest.raises(InputError, match="--payoffs") as err:
        Payoffs.parse(text)
    assert len(err.value.problems) == 1


def test_non_finite_payoffs_are_rejected() -> None:
    with pytest.raises(InputError, match="finite"):
        Payoffs(T=math.inf)


@pytest.mark.parametrize(
    ("payoffs", "count"),
    [((3, 5, 1, 0), 1), ((5, 3, 1, 0), 0), ((10, 3, 1, 0), 1), ((1, 2, 3, 4), 2)],
)
def test_dilemma_conditions(payoffs: tuple[float, float, float, float], count: int) -> None:
    p = Payoffs(*payoffs)
    assert len(p.dilemma_problems()) == count
    assert p.is_dilemma == (count == 0)


def test_require_dilemma_names_the_reason() -> None:
    with pytest.raises(InputError, match=r"--payoffs: .*not a prisoner's dilemma.*\(because\)"):
        Payoffs(3, 5, 1, 0).require_dilemma(where="--payoffs", reason="because")


def test_optimal_generosity_needs_a_dilemma() -> None:
    with pytest.raises(InputError):
        optimal_generosity(Payoffs(3, 5, 1, 0))


def test_game_expected_rounds() -> None:
    assert Game(rounds=7).expected_rounds == 7.0
    assert Game(continuation=0.75).expected_rounds == pytest.approx(4.0)
    assert Game(continuation=0.0).expected_rounds == 1.0


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"rounds": 10, "noise": 1.5}, "noise: 1.5 is not a probability"),
        ({"rounds": 10, "noise": -0.1}, "noise: -0.1"),
        ({"rounds": 10, "noise": math.nan}, "noise: nan"),
        ({}, "exactly one of rounds"),
        ({"rounds": 10, "continuation": 0.5}, "exactly one of rounds"),
        ({"rounds": 0}, "rounds: 0 is not a whole number"),
        ({"rounds": 2.5}, "rounds: 2.5"),
        ({"rounds": True}, "rounds: True"),
        ({"continuation": 1.0}, "continuation: 1.0 is not a probability in"),
        ({"continuation": -0.2}, "continuation: -0.2"),
    ],
)
def test_game_rejects_bad_parameters(kwargs: dict[str, object], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        Game(**kwargs)  # type: ignore[arg-type]


def test_game_reports_every_problem_at_once() -> None:
    with pytest.raises(InputError) as err:
        Game(noise=2.0, rounds=0)
    assert len(err.value.problems) == 2
