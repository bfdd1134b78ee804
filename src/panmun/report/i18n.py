"""The languages of the report and the brief: English, and Korean from a gettext catalogue.

Every fixed text of the report and the brief (headings, labels, sentence templates) is a
message of the gettext domain ``report``, marked with ``texts.gettext(...)`` or
``texts.ngettext(...)`` in Python and ``_()`` / ``{% trans %}`` in the templates, and
extracted with Babel (``src/panmun/report/locale/babel.cfg`` says how). The Korean catalogue
ships as its ``.po`` source, ``panmun/report/locale/ko/LC_MESSAGES/report.po``, and is
compiled in memory the first time it is needed, as the web interface does with its own
domain. Texts that come from the data (actor, issue and package names, sources, rationales)
stay as written.

Every message is %-formatted with named placeholders, also when it has none, so a literal
percent sign is written ``%%`` in every message (as in the web catalogue), and no English
grammar (plural endings, word order) is built in code: counts go through ``ngettext`` and
whole sentences are templates.
"""

from __future__ import annotations

import functools
import gettext
import io
from dataclasses import dataclass
from importlib import resources

from panmun.errors import InputError

#: The languages of the report and the brief, with their names in that language.
LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT = "en"
DOMAIN = "report"


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        raise InputError([f"--lang: {lang!r} needs Babel: pip install 'panmun[brief]'"]) from None
    po = resources.files("panmun.report").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True)
class Texts:
    """The fixed texts of one language, filled in with named values.

    >>> en = texts("en")
    >>> en.gettext("%(share)s of the draws", share="42 %")
    '42 % of the draws'
    >>> en.gettext("5-95 %% band")
    '5-95 % band'
    >>> en.ngettext("%(n)s package", "%(n)s packages", 1), en.ngettext(
    ...     "%(n)s package", "%(n)s packages", 19)
    ('1 package', '19 packages')
    """

    lang: str
    catalogue: gettext.NullTranslations

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in this language with ``values`` filled in."""
        return self.catalogue.gettext(message) % values

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of the message that agrees with ``n``; ``%(n)s`` is ``n``."""
        return self.catalogue.ngettext(singular, plural, n) % {"n": n, **values}


def texts(lang: str = DEFAULT) -> Texts:
    """The texts of ``lang`` (one of :data:`LANGUAGES`).

    Raises
    ------
    InputError
        For a language that is not shipped, or Korean without Babel installed.
    """
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise InputError([f"--lang: {lang!r} is not one of {known}"])
    return Texts(lang, _translations(lang))
