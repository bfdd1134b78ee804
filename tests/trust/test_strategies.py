"""Strategies: one shared set of invariants for all of them, then short action sequences."""

from __future__ import annotations

import math

import pytest

from panmun.errors import InputError
from panmun.trust import STRATEGIES, Payoffs, parse_strategy
from panmun.trust.automaton import Automaton
from panmun.trust.registry import compile_strategy
from panmun.trust.strategies import (
    Alternator,
    ContriteTitForTat,
    GenerousTitForTat,
    Grit,
    Random,
    Strategy,
)
from tests.trust.helpers import bibliography_ids, play_reference, scripted

ALL = [cls() for cls in STRATEGIES.values()] + [
    Random(0.2),
    GenerousTitForTat(0.1),
    Grit(2, 3),
    Grit(1, 1),
    Alternator("d"),
]


@pytest.fixture(scope="module")
def bib() -> frozenset[str]:
    return bibliography_ids()


@pytest.mark.parametrize("strategy", ALL, ids=lambda s: s.label())
class TestEveryStrategy:
    """Invariants that every strategy must satisfy (cf. the Axelrod library's test base)."""

    def test_automaton_is_well_formed(self, strategy: Strategy) -> None:
        auto = strategy.automaton(Payoffs())
        assert all(0.0 <= p <= 1.0 for p in auto.cooperate)
        assert all(len(row) == 4 for row in auto.transitions)
        assert all(0 <= s < auto.n_states for row in auto.transitions for s in row)

    def test_stochastic_classifier_matches_the_automaton(self, strategy: Strategy) -> None:
        assert strategy.stochastic == strategy.automaton(Payoffs()).stochastic

    def test_memory_depth_is_a_depth(self, strategy: Strategy) -> None:
        assert strategy.memory_depth == math.inf or strategy.memory_depth in (0, 1)

    def test_has_docstring_title_and_cited_reference(
        self, strategy: Strategy, bib: frozenset[str]
    ) -> None:
        assert strategy.__doc__ and strategy.title
        assert strategy.reference in bib

    def test_label_parses_back_to_the_same_strategy(self, strategy: Strategy) -> None:
        assert parse_strategy(strategy.label()) == strategy

    def test_no_noise_play_is_reproducible(self, strategy: Strategy) -> None:
        auto = strategy.automaton(Payoffs())
        tft = STRATEGIES["tft"]().automaton(Payoffs())
        assert play_reference(auto, tft, 30, seed=1) == play_reference(auto, tft, 30, seed=1)


def versus(strategy: Strategy, script: str) -> str:
    moves, _ = play_reference(strategy.automaton(Payoffs()), scripted(script), len(script))
    return moves


@pytest.mark.parametrize(
    ("text", "script", "expected"),
    [
        ("allc", "DDDD", "CCCC"),
        ("alld", "CCCC", "DDDD"),
        ("random:1", "DCDC", "CCCC"),
        ("random:0", "DCDC", "DDDD"),
        ("tft", "CDDCC", "CCDDC"),
        ("gtft:0", "CDDCC", "CCDDC"),
        ("gtft:1", "CDDCC", "CCCCC"),
        ("wsls", "CDDCC", "CCDCC"),
        ("wsls", "DDDDD", "CDCDC"),
        ("grim", "CDCCC", "CCDDD"),
        ("ctft", "CDDCC", "CCDDC"),
        ("grit:3", "DDDDCC", "CCCDDC"),
        ("grit:2:2", "DDDDDDDDDD", "CCDDCCDDCC"),
        ("grit:1:1", "DDDDDD", "CDCDCD"),
        ("alternate", "CCCC", "CDCD"),
        ("alternate:d", "CCCC", "DCDC"),
    ],
)
def test_known_sequences(text: str, script: str, expected: str) -> None:
    assert versus(parse_strategy(text), script) == expected


def test_contrite_tit_for_tat_accepts_retaliation_for_its_own_error() -> None:
    """After its own accidental D, CTFT cooperates through the other side's answer."""
    ctft = ContriteTitForTat().automaton(Payoffs())
    state = ctft.initial
    played = []
    # Round 1: it meant C but its move came out D; the other side cooperated.
    for mine, theirs in ((0, 1), (1, 0), (1, 1)):
        played.append(ctft.cooperate[state])
        state = ctft.transitions[state][2 * mine + theirs]
    played.append(ctft.cooperate[state])
    assert played == [1.0, 1.0, 1.0, 1.0]


def test_tft_echoes_an_error_where_ctft_does_not() -> None:
    tft = parse_strategy("tft").automaton(Payoffs())
    state, seq = tft.initial, []
    for mine, theirs in ((0, 1), (1, 0)):
        state = tft.transitions[state][2 * mine + theirs]
        seq.append(tft.cooperate[state])
    assert seq == [1.0, 0.0]  # it punishes the other side's answer to its own error


def test_gtft_default_generosity_follows_the_payoffs() -> None:
    gtft = GenerousTitForTat()
    assert gtft.needs_dilemma and gtft.stochastic
    assert gtft.generosity(Payoffs()) == pytest.approx(1 / 3)
    assert gtft.generosity(Payoffs(4, 3, 1, 0)) == pytest.approx(2 / 3)
    assert not GenerousTitForTat(0.0).stochastic
    assert not GenerousTitForTat(0.2).needs_dilemma


def test_compile_checks_the_dilemma_only_when_needed() -> None:
    bad = Payoffs(3, 5, 1, 0)
    assert compile_strategy(parse_strategy("tft"), bad).n_states == 5
    with pytest.raises(InputError, match=r"payoffs: .*gtft derives a parameter"):
        compile_strategy(GenerousTitForTat(), bad, "player 1")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("nice", "is not a known strategy"),
        ("tft:1", "too many parameters"),
        ("gtft:x", "q 'x' is not a valid float"),
        ("gtft:1.5", "q: 1.5 is not a probability"),
        ("random:nan", "not a finite number"),
        ("random:-1", "p: -1.0 is not a probability"),
        ("grit:0", "steps 0 is not a whole number"),
        ("grit:2.5", "steps '2.5' is not a valid int"),
        ("grit:3:0", "restart_after 0 is not a whole number"),
        ("alternate:x", "first move 'x'"),
    ],
)
def test_parse_errors_name_the_argument(text: str, pattern: str) -> None:
    with pytest.raises(InputError, match=pattern) as err:
        parse_strategy(text, where="--player1")
    assert all(p.startswith("--player1: ") for p in err.value.problems)


def test_aliases_and_optional_parameters() -> None:
    assert parse_strategy("Tit-For-Tat") == parse_strategy("tft")
    assert parse_strategy("pavlov").key == "wsls"
    assert parse_strategy("grudger").key == "grim"
    assert parse_strategy("gtft:none") == GenerousTitForTat()
    assert parse_strategy("grit::4") == Grit(3, 4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cooperate": (), "transitions": ()},
        {"cooperate": (1.5,), "transitions": ((0, 0, 0, 0),)},
        {"cooperate": (1.0,), "transitions": ((0, 0, 0, 1),)},
        {"cooperate": (1.0,), "transitions": ((0, 0, 0, 0),), "initial": 1},
    ],
)
def test_automaton_rejects_malformed_tables(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"automaton|probabilities|state"):
        Automaton(**kwargs)  # type: ignore[arg-type]


def test_grit_without_restart_has_one_defecting_state() -> None:
    assert Grit(3).automaton(Payoffs()).n_states == 5
    assert Grit(3, 4).automaton(Payoffs()).n_states == 8
    with pytest.raises(InputError):
        Grit(True)  # type: ignore[arg-type]
