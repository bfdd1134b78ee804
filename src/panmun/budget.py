"""How much memory a run may take: estimated before anything is allocated.

A Monte Carlo run holds its draws whole (every number of the scenario per draw, every round
of every draw of one issue), so its memory grows with the number of draws. Entry points
estimate what a run needs and refuse it, with one clear message, when that is above the
budget: 4 GiB unless the environment variable ``PANMUN_MEMORY_GIB`` sets another (a
positive number of GiB). The estimates are deliberately generous (about twice the arrays
they count), so a refused run would have used at least half the budget.
"""

from __future__ import annotations

import os

from panmun.errors import InputError

ENV = "PANMUN_MEMORY_GIB"
DEFAULT_GIB = 4.0
GIB = 1024**3
_FLOAT = 8  # bytes of a float64
_SAFETY = 2.0


def budget_bytes() -> float:
    """The memory budget in bytes (``PANMUN_MEMORY_GIB``, default 4 GiB)."""
    text = os.environ.get(ENV)
    if text is None or not text.strip():
        return DEFAULT_GIB * GIB
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0 or value != value or value == float("inf"):
        raise InputError([f"{ENV}: {text!r} is not a positive number of GiB"])
    return value * GIB


def _size(nbytes: float) -> str:
    for unit, scale in (("TiB", 1024**4), ("GiB", GIB), ("MiB", 1024**2)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{nbytes / 1024:.0f} KiB"


def check(what: str, needed: float, budget: float | None = None) -> None:
    """Refuse a run whose estimated memory ``needed`` is above the budget.

    >>> check("draws: 10", 1024.0, budget=2048.0)
    >>> check("draws: 10", 4096.0, budget=2048.0)
    Traceback (most recent call last):
    ...
    panmun.errors.InputError: draws: 10 would need about 4 KiB of memory, above the budget of 2 KiB (set PANMUN_MEMORY_GIB to change it)
    """  # noqa: E501 - the doctest shows one message line
    limit = budget_bytes() if budget is None else budget
    if needed > limit:
        raise InputError(
            [
                f"{what} would need about {_size(needed)} of memory, above the budget of "
                f"{_size(limit)} (set {ENV} to change it)"
            ]
        )


def analysis_bytes(actors: int, issues: int, issue_actors: int, draws: int, rounds: int) -> float:
    """Estimate the memory of a scenario analysis.

    The scenario's draws (position, salience and capability per actor and issue, and the
    status quo), plus one issue's run at a time: every actor's position in every round of
    every draw, and the variance shares' rank tables over the issue's inputs.
    """
    scenario = draws * (3 * actors * issues + issues)
    one_issue = draws * ((rounds + 1) * (issue_actors + 3) + 9 * issue_actors)
    return _SAFETY * _FLOAT * (scenario + one_issue)


def matches_bytes(matches: int, rounds: int) -> float:
    """Estimate the memory of ``matches`` simulated matches of ``rounds`` rounds."""
    return _SAFETY * 3 * _FLOAT * matches * max(rounds, 1)
