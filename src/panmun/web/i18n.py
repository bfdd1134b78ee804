"""Interface languages: English, and Korean from a gettext catalogue compiled at start-up.

Every fixed text of the interface is marked for translation (``_()`` in Python,
``{{ _("...") }}``/``{% trans %}`` in templates) and extracted with Babel
(``pybabel extract -F babel.cfg``). The Korean catalogue ships as its ``.po`` source in
``panmun/web/locale/ko/LC_MESSAGES/messages.po`` and is compiled in memory when the server
starts, so no build step or binary file is needed. Texts that come from the data (scenario
names, sources) and the model's validation messages are shown as written.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT = "en"
DOMAIN = "messages"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang`` (English and unknown codes: the texts as written)."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files("panmun.web").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def choose(cookie: str | None, query: str | None, accept: str | None) -> str:
    """The language of a request: ``?lang=``, then the cookie, then ``Accept-Language``."""
    for value in (query, cookie):
        if value in LANGUAGES:
            return value
    for part in (accept or "").split(","):
        code = part.split(";", 1)[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT
