"""Small helpers for generated sentences in any of the report's languages: lists and shares.

Counts with their nouns are not built here: each sentence says them through
``texts.ngettext`` with the plural forms of the catalogue (see :mod:`panmun.report.i18n`).
"""

from __future__ import annotations

from collections.abc import Sequence

from panmun.report.i18n import Texts, texts


def join_names(names: Sequence[str], t: Texts | None = None) -> str:
    """Join names as prose in the language of ``t`` (default English).

    >>> join_names(["China"]), join_names(["China", "Russia"]), join_names(["A", "B", "C"])
    ('China', 'China and Russia', 'A, B and C')
    """
    t = t or texts()
    items = list(names)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    head = t.gettext(", ").join(items[:-1])
    return t.gettext("%(items)s and %(last)s", items=head, last=items[-1])


def percent(p: float, t: Texts | None = None) -> str:
    """A probability as a whole percentage, with "under 1 %" and "over 99 %" at the ends.

    >>> percent(0.0), percent(0.004), percent(0.42), percent(0.999), percent(1.0)
    ('0 %', 'under 1 %', '42 %', 'over 99 %', '100 %')
    """
    t = t or texts()
    if 0 < p < 0.005:
        return t.gettext("under 1 %%")
    if 0.995 < p < 1:
        return t.gettext("over 99 %%")
    return t.gettext("%(value)s %%", value=f"{100 * min(max(p, 0.0), 1.0):.0f}")


def number(x: float, digits: int = 0) -> str:
    """A number as the report prints it (no thousands separator; ``-0`` printed as ``0``).

    >>> number(48.4), number(-0.2), number(0.0567, 3)
    ('48', '0', '0.057')
    """
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def signed(x: float, digits: int = 0) -> str:
    """A change with its sign, as the report prints it.

    >>> signed(52.2), signed(-0.15, 2), signed(-0.2)
    ('+52', '-0.15', '+0')
    """
    text = f"{x:+.{digits}f}"
    return "+" + text[1:] if text.startswith("-") and float(text) == 0 else text
