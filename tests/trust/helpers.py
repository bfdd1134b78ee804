"""Plain-Python references for the trust tests: one match at a time, easy to read."""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Any

import yaml

from panmun.trust.automaton import Automaton
from panmun.trust.game import Payoffs

DATA = Path(__file__).resolve().parents[2] / "src" / "panmun" / "data"


def scripted(moves: str) -> Automaton:
    """An automaton that plays a fixed script of 'C'/'D' moves, then repeats the last one."""
    n = len(moves)
    coop = tuple(1.0 if m == "C" else 0.0 for m in moves)
    rows = tuple((min(i + 1, n - 1),) * 4 for i in range(n))
    return Automaton(cooperate=coop, transitions=rows)


def play_reference(
    a: Automaton, b: Automaton, rounds: int, noise: float = 0.0, seed: int = 0
) -> tuple[str, str]:
    """Play one match move by move and return both sides' moves as 'C'/'D' strings."""
    rng = random.Random(seed)
    sa, sb = a.initial, b.initial
    out_a, out_b = [], []
    for _ in range(rounds):
        ma = int(rng.random() < a.cooperate[sa])
        mb = int(rng.random() < b.cooperate[sb])
        if rng.random() < noise:
            ma = 1 - ma
        if rng.random() < noise:
            mb = 1 - mb
        sa = a.transitions[sa][2 * ma + mb]
        sb = b.transitions[sb][2 * mb + ma]
        out_a.append("C" if ma else "D")
        out_b.append("C" if mb else "D")
    return "".join(out_a), "".join(out_b)


def score(moves_a: str, moves_b: str, payoffs: Payoffs | None = None) -> tuple[float, float]:
    """Total payoffs of a played match."""
    payoffs = payoffs or Payoffs()
    table = {("C", "C"): payoffs.R, ("C", "D"): payoffs.S, ("D", "C"): payoffs.T}
    table[("D", "D")] = payoffs.P
    sa = sum(table[(x, y)] for x, y in zip(moves_a, moves_b, strict=True))
    sb = sum(table[(y, x)] for x, y in zip(moves_a, moves_b, strict=True))
    return sa, sb


def moves(row: Any) -> str:
    """Turn a row of 1/0/-1 actions into a 'C'/'D' string (ended rounds dropped)."""
    return "".join("C" if int(x) == 1 else "D" for x in row if int(x) >= 0)


@functools.cache
def bibliography_ids() -> frozenset[str]:
    """Every source id defined in the shared bibliography folder."""
    ids: set[str] = set()
    for path in sorted((DATA / "bibliography").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.update(rec["id"] for rec in data["sources"])
    return frozenset(ids)


def axelrod_player(axl: Any, name: str) -> Any:
    """A new Axelrod-library player for a panmun strategy name (the oracle's pairing).

    Shared by the oracle tests and ``benchmarks/bench_trust.py``.
    """
    return {
        "allc": axl.Cooperator,
        "alld": axl.Defector,
        "random": axl.Random,
        "tft": axl.TitForTat,
        "gtft": axl.GTFT,
        "wsls": axl.WinStayLoseShift,
        "grim": axl.Grudger,
        "ctft": axl.ContriteTitForTat,
        "alternate": axl.Alternator,
    }[name]()
