"""The Korean interface: the shipped catalogue is complete and current, and the pages use it.

The catalogue check extracts the texts from the sources exactly as ``babel.cfg`` tells
``pybabel extract`` to, so a text added to a template or to the Python side without updating
``messages.po`` fails here (the update steps are in the comment at the top of ``babel.cfg``).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from tests.web.conftest import login_token

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "panmun" / "web" / "locale"
PO = LOCALE / "ko" / "LC_MESSAGES" / "messages.po"
#: A %-format placeholder with its conversion: ``%(seconds)d``, ``%(a)s``.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


@pytest.fixture
def backend() -> str:
    """The language of a page does not depend on the database: SQLite only, to stay quick."""
    return "sqlite"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="ko")


def _extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every text marked in the sources, as babel.cfg extracts them."""
    from babel.messages import frontend

    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse(f)
    found: set[tuple[str | None, str]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.add((context, msgid))
    return found


def _shipped(catalog: Catalog) -> set[tuple[str | None, str]]:
    ids: set[tuple[str | None, str]] = set()
    for m in catalog:
        if not m.id:
            continue  # the header
        for msgid in (m.id,) if isinstance(m.id, str) else m.id:
            ids.add((m.context, msgid))
    return ids


def test_catalogue_holds_exactly_the_texts_marked_in_the_sources(catalog: Catalog) -> None:
    extracted, shipped = _extracted(), _shipped(catalog)
    assert len(extracted) > 150  # the extraction found the templates and Python files
    missing, stale = sorted(extracted - shipped), sorted(shipped - extracted)
    assert not missing, f"marked but not in messages.po (update it, see babel.cfg): {missing}"
    assert not stale, f"in messages.po but no longer marked (update it): {stale}"
    assert not list(catalog.obsolete), "obsolete entries left in messages.po"


def test_every_text_has_a_korean_translation_with_the_same_placeholders(
    catalog: Catalog,
) -> None:
    hangul = re.compile("[\uac00-\ud7a3]")
    for m in catalog:
        if not m.id:
            continue
        assert isinstance(m.id, str) and isinstance(m.string, str), m.id
        assert m.string.strip(), f"no translation of {m.id!r}"
        wanted = sorted(PLACEHOLDER.findall(m.id))
        assert sorted(PLACEHOLDER.findall(m.string)) == wanted, m.id
        # The templates %-format every text (newstyle gettext): a stray % would break a page.
        m.string % {name: 1 for name in wanted}
        if m.id not in ("API",):  # written the same way in Korean
            assert hangul.search(m.string), f"{m.id!r} left in English: {m.string!r}"


def test_catalogue_is_not_fuzzy(catalog: Catalog) -> None:
    assert not catalog.fuzzy
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_vocabulary_covers_the_words_the_templates_translate_as_data() -> None:
    from panmun.bargaining.convergence import STATUS_NAMES
    from panmun.knowledge.records import Outcome
    from panmun.knowledge.search import DocKind
    from panmun.web import db, jobs, pages
    from panmun.web.vocabulary import WORDS

    defined = {
        *db.ROLES,
        *db.VISIBILITIES,
        *db.JOB_STATES,
        *jobs.KINDS,
        *typing.get_args(DocKind),
        *typing.get_args(Outcome),
        *STATUS_NAMES,
        *pages.FIELDS,
    }
    assert defined - set(WORDS) == set()


def _nav(html: str) -> str:
    found = re.search(r'<header class="top">.*?<nav [^>]*>(.*?)</nav>', html, re.S)
    assert found, html
    return found.group(1)


def test_pages_in_korean_and_the_choice_is_kept(
    client: TestClient, login: Callable[..., str]
) -> None:
    login("amina")
    english = client.get("/")
    assert ">Scenarios</a>" in _nav(english.text)

    r = client.get("/?lang=ko")
    assert r.status_code == 200
    assert '<html lang="ko">' in r.text
    nav = _nav(r.text)
    assert ">시나리오</a>" in nav and "Scenarios" not in nav
    assert "지식 베이스" in nav and "Knowledge base" not in nav
    assert "(분석가)" in r.text  # the role, translated as data through vocabulary.py
    assert r.cookies.get("panmun_lang") == "ko"

    later = client.get("/kb")  # no ?lang=: the cookie keeps Korean
    assert later.status_code == 200
    assert '<html lang="ko">' in later.text
    assert "<h1>지식 베이스</h1>" in later.text and "Knowledge base" not in later.text


def test_login_page_follows_accept_language(client: TestClient) -> None:
    assert "<h1>Sign in</h1>" in client.get("/login").text
    korean = {"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"}
    r = client.get("/login", headers=korean)
    assert r.status_code == 200
    assert "<h1>로그인</h1>" in r.text and "Sign in" not in r.text

    refused = client.post(
        "/login",
        data={"name": "amina", "password": "wrong", "login_token": login_token(client)},
        headers=korean,
    )
    assert refused.status_code == 401
    assert "이름 또는 비밀번호가 올바르지 않습니다." in refused.text
