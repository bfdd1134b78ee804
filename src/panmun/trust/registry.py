"""The strategies by name: parse ``"gtft:0.1"`` into a strategy, compile it for a game.

Names and parameters are those a user types on the command line or in a relationship record.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields

from panmun.errors import InputError
from panmun.trust.automaton import Automaton
from panmun.trust.game import Payoffs
from panmun.trust.strategies import (
    Alternator,
    AlwaysCooperate,
    AlwaysDefect,
    ContriteTitForTat,
    GenerousTitForTat,
    GrimTrigger,
    Grit,
    Random,
    Strategy,
    TitForTat,
    WinStayLoseShift,
)

#: Every strategy :func:`parse_strategy` knows, by key.
STRATEGIES: dict[str, type[Strategy]] = {
    cls.key: cls
    for cls in (
        AlwaysCooperate,
        AlwaysDefect,
        Random,
        TitForTat,
        GenerousTitForTat,
        WinStayLoseShift,
        GrimTrigger,
        ContriteTitForTat,
        Grit,
        Alternator,
    )
}

#: Other accepted names.
ALIASES: dict[str, str] = {
    "cooperate": "allc",
    "always-cooperate": "allc",
    "defect": "alld",
    "always-defect": "alld",
    "tit-for-tat": "tft",
    "generous-tit-for-tat": "gtft",
    "win-stay-lose-shift": "wsls",
    "pavlov": "wsls",
    "grim-trigger": "grim",
    "grudger": "grim",
    "contrite-tit-for-tat": "ctft",
    "alternator": "alternate",
}

_CONVERT: dict[str, Callable[[str], object]] = {
    "p": float,
    "q": float,
    "steps": int,
    "restart_after": int,
    "first": str,
}


def parse_strategy(text: str, where: str = "strategy") -> Strategy:
    """Build a strategy from ``NAME`` or ``NAME:PARAM[:PARAM]``.

    Parameters are positional, in the order of the dataclass fields, and ``none`` leaves an
    optional one unset: ``random:0.7``, ``gtft:0.1``, ``grit:3:4`` (three conciliatory steps,
    a new campaign after four rounds of mutual defection), ``alternate:d``.

    Parameters
    ----------
    text
        The strategy's name, with optional parameters.
    where
        The argument or field that held ``text``, for error messages.

    Raises
    ------
    InputError
        For an unknown name, too many parameters or a bad value.

    Examples
    --------
    >>> parse_strategy("gtft:0.1")
    GenerousTitForTat(q=0.1)
    >>> parse_strategy("grit:5").label()
    'grit:5'
    """
    name, *args = (part.strip() for part in text.strip().lower().split(":"))
    key = ALIASES.get(name, name)
    cls = STRATEGIES.get(key)
    if cls is None:
        known = ", ".join(STRATEGIES)
        raise InputError([f"{where}: {text!r} is not a known strategy (known: {known})"])
    params = [f.name for f in fields(cls)]
    if len(args) > len(params):
        takes = ", ".join(params) if params else "no parameters"
        raise InputError([f"{where}: {text!r} has too many parameters ({key} takes: {takes})"])
    kwargs: dict[str, object] = {}
    for param, raw in zip(params, args, strict=False):
        if raw in ("", "none"):
            continue
        try:
            value = _CONVERT[param](raw)
        except ValueError:
            raise InputError(
                [f"{where}: {text!r}: {param} {raw!r} is not a valid {_CONVERT[param].__name__}"]
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError([f"{where}: {text!r}: {param} {raw!r} is not a finite number"])
        kwargs[param] = value
    try:
        return cls(**kwargs)
    except InputError as exc:
        raise InputError([f"{where}: {p}" for p in exc.problems]) from None


def compile_strategy(strategy: Strategy, payoffs: Payoffs, where: str = "strategy") -> Automaton:
    """Compile a strategy, first checking that its payoffs are a dilemma when it needs one."""
    if strategy.needs_dilemma:
        payoffs.require_dilemma(
            where="payoffs", reason=f"{where} {strategy.label()} derives a parameter from them"
        )
    return strategy.automaton(payoffs)
