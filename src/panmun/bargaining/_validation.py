"""Input checks shared by every bargaining model (one place, like scikit-learn's check_array).

Every check collects all problems and raises one :class:`~panmun.errors.InputError` whose
messages name the argument, the actor and the value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from panmun.errors import InputError


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_actor_values(
    names: Sequence[str],
    positions: Sequence[float] | np.ndarray[Any, Any],
    capabilities: Sequence[float] | np.ndarray[Any, Any],
    saliences: Sequence[float] | np.ndarray[Any, Any],
    *,
    where: str = "input",
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Check one issue's actor values and return them as float64 NumPy arrays.

    Rules: at least two actors, unique non-empty names, equal lengths, finite numbers,
    capability ≥ 0, salience in [0, 1], and some actor with capability × salience > 0.

    Raises
    ------
    InputError
        One message per problem, prefixed by ``where``.
    """
    problems: list[str] = []
    arrays = {}
    for label, values in (
        ("positions", positions),
        ("capabilities", capabilities),
        ("saliences", saliences),
    ):
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1:
            problems.append(f"{where}: {label} must be one number per actor")
            arr = arr.reshape(-1)
        arrays[label] = arr
    n = len(names)
    for label, arr in arrays.items():
        if arr.shape[0] != n:
            problems.append(f"{where}: {label} has {arr.shape[0]} values for {n} actors")
    if problems:
        raise InputError(problems)
    if n < 2:
        problems.append(f"{where}: {n} actor(s); bargaining needs at least two")
    seen: set[str] = set()
    for k, name in enumerate(names):
        if not str(name).strip():
            problems.append(f"{where}: actor {k + 1} has an empty name")
        elif name in seen:
            problems.append(f"{where}: actor {name!r} appears twice")
        seen.add(name)
    x, c, s = arrays["positions"], arrays["capabilities"], arrays["saliences"]
    for k, name in enumerate(names):
        for label, arr in (("position", x), ("capability", c), ("salience", s)):
            if not math.isfinite(arr[k]):
                problems.append(f"{where}: {name}: {label} {arr[k]} is not a finite number")
        if math.isfinite(c[k]) and c[k] < 0:
            problems.append(f"{where}: {name}: capability {_fmt(c[k])} is negative")
        if math.isfinite(s[k]) and not 0.0 <= s[k] <= 1.0:
            problems.append(f"{where}: {name}: salience {_fmt(s[k])} is outside 0..1")
    if not problems and not np.any(c * s > 0):
        problems.append(f"{where}: capability × salience is zero for every actor")
    if problems:
        raise InputError(problems)
    return x, c, s


def check_count(value: Any, name: str, *, minimum: int = 0) -> int:
    """Return ``value`` as an int ≥ ``minimum`` or raise :class:`InputError` naming it."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError([f"{name}: {value!r} is not a whole number"])
    if value < minimum:
        raise InputError([f"{name}: {value} is below {minimum}"])
    return int(value)


def check_choice(value: Any, name: str, allowed: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` or raise :class:`InputError` naming it."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise InputError([f"{name}: {value!r} is not one of {options}"])
    return str(value)
