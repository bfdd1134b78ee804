"""Small helpers that keep generated English sentences grammatical (lists, plurals, numbers)."""

from __future__ import annotations

from collections.abc import Sequence


def join_names(names: Sequence[str], conjunction: str = "and") -> str:
    """Join names as English prose.

    >>> join_names(["China"]), join_names(["China", "Russia"]), join_names(["A", "B", "C"])
    ('China', 'China and Russia', 'A, B and C')
    """
    items = list(names)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` with the noun in the right number.

    >>> plural(1, "package"), plural(19, "package"), plural(2, "party", "parties")
    ('1 package', '19 packages', '2 parties')
    """
    noun = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {noun}"


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb form that agrees with ``count`` subjects.

    >>> verb(1, "holds", "hold"), verb(3, "holds", "hold")
    ('holds', 'hold')
    """
    return singular if count == 1 else plural_form


def percent(p: float) -> str:
    """A probability as a whole percentage, with "under 1 %" and "over 99 %" at the ends.

    >>> percent(0.0), percent(0.004), percent(0.42), percent(0.999), percent(1.0)
    ('0 %', 'under 1 %', '42 %', 'over 99 %', '100 %')
    """
    if p <= 0:
        return "0 %"
    if p >= 1:
        return "100 %"
    if p < 0.005:
        return "under 1 %"
    if p > 0.995:
        return "over 99 %"
    return f"{100 * p:.0f} %"
