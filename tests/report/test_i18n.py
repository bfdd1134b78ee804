"""The Korean report and brief: the ``report`` catalogue is complete and current, and used.

The catalogue check extracts the texts from the report package exactly as
``src/panmun/report/locale/babel.cfg`` tells ``pybabel extract`` to, so a text added to a
template or to the Python side without updating ``report.po`` fails here (the update steps
are in the comment at the top of that file).
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest

from panmun.analysis import AnalysisSettings
from panmun.report.build import build_report_data, render_html
from panmun.report.i18n import LANGUAGES, texts
from panmun.report.summary import summary_points
from panmun.scenario import load, load_file

from ..conftest import MINI

babel = pytest.importorskip("babel")
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "panmun" / "report"
CFG = PACKAGE / "locale" / "babel.cfg"
PO = PACKAGE / "locale" / "ko" / "LC_MESSAGES" / "report.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
HANGUL = re.compile("[\uac00-\ud7a3]")
#: Messages that are only placeholders and punctuation, the same in Korean.
FORMAT_ONLY = {
    ", ",
    "%(actor)s %(input)s (%(share)s %%)",
    "%(value)s %%",
    "%(name)s: %(gain)s.",
    "%(value)s (%(low)s–%(high)s)",
    "%(author)s (%(date)s). %(title)s.",
    "%(author)s (%(date)s). %(title)s. %(publisher)s.",
}
FAST = AnalysisSettings(draws=40, seed=1, rounds=4, trust_draws=4)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="ko")


@pytest.fixture(scope="module")
def korea() -> dict[str, Any]:
    """One preset's report data (with history, track record, trust and roadmaps), built once."""
    return build_report_data(load("korea-2018-04"), FAST)


def _extracted() -> set[tuple[str | None, str]]:
    from babel.messages import frontend

    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse(f)
    found: set[tuple[str | None, str]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map, options_map
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.add((context, msgid))
    return found


def test_catalogue_holds_exactly_the_texts_marked_in_the_sources(catalog: Catalog) -> None:
    extracted = _extracted()
    shipped = {
        (m.context, msgid)
        for m in catalog
        if m.id
        for msgid in ((m.id,) if isinstance(m.id, str) else m.id)
    }
    assert len(extracted) > 300  # the template, the sentences and the brief were all found
    missing, stale = sorted(extracted - shipped), sorted(shipped - extracted)
    assert not missing, f"marked but not in report.po (update it, see babel.cfg): {missing}"
    assert not stale, f"in report.po but no longer marked (update it): {stale}"
    assert not list(catalog.obsolete)
    assert not catalog.fuzzy and [m.id for m in catalog if m.id and m.fuzzy] == []


def test_every_text_has_a_korean_translation_with_the_same_placeholders(
    catalog: Catalog,
) -> None:
    for m in catalog:
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        assert len(strings) == 1, f"Korean has one plural form: {m.id!r}"
        (string,) = strings
        assert string.strip(), f"no translation of {m.id!r}"
        for msgid in ids:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(msgid)), msgid
        # every message is %-formatted: a stray % would break a report
        string % dict.fromkeys(PLACEHOLDER.findall(string), 1)
        if ids[0] not in FORMAT_ONLY:
            assert HANGUL.search(string), f"{ids[0]!r} left in English: {string!r}"


def test_vocabulary_covers_the_words_that_reach_the_report_as_data() -> None:
    from panmun.backtest import MODEL_NAMES as BACKTEST_MODELS
    from panmun.bargaining.convergence import STATUS_NAMES
    from panmun.bargaining.result import OfferKind
    from panmun.knowledge.records import OUTCOME_LABELS, Verdict
    from panmun.report.sections.history import PENDING
    from panmun.report.vocabulary import MODEL_IN_SENTENCE, MODEL_NAMES, WORDS
    from panmun.scenario.models import ActorKind, NonStateSubtype

    defined = {
        *STATUS_NAMES,
        *typing.get_args(OfferKind),
        *typing.get_args(ActorKind),
        *typing.get_args(NonStateSubtype),
        *OUTCOME_LABELS.values(),
        PENDING,
        *typing.get_args(Verdict),
        "position",
        "salience",
        "capability",
    }
    assert defined - set(WORDS) == set()
    assert set(BACKTEST_MODELS) <= set(MODEL_NAMES) == set(MODEL_IN_SENTENCE)


def test_plurals_and_lists_come_from_the_catalogue() -> None:
    en, ko = texts("en"), texts("ko")
    from panmun.report.text import join_names, percent

    assert en.ngettext("%(n)s package", "%(n)s packages", 1) == "1 package"
    assert en.ngettext("%(n)s package", "%(n)s packages", 2) == "2 packages"
    assert ko.ngettext("%(n)s package", "%(n)s packages", 2) == "협상안 2개"
    assert join_names(["A", "B", "C"], ko) == "A, B 및 C"
    assert percent(0.004, ko) == "1% 미만" and percent(0.42, en) == "42 %"


def test_an_unknown_language_is_one_clear_input_error() -> None:
    from panmun.errors import InputError

    with pytest.raises(InputError, match="--lang: 'fr' is not one of en, ko"):
        texts("fr")
    assert set(LANGUAGES) == {"en", "ko"}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_report_renders_in_every_language(korea: dict[str, Any], lang: str) -> None:
    data = {**korea, "lang": lang, "summary": summary_points(korea, texts(lang))}
    for pdf in (False, True):
        html = render_html(data, pdf=pdf)
        assert f'<html lang="{lang}">' in html
        heading = "의사 결정자를 위한 요약" if lang == "ko" else "Summary for decision-makers"
        assert f"<h2>{heading}</h2>" in html
        text = html.split("<script>")[0]  # plotly.js is not ours
        assert "%(" not in text and "%%" not in text  # every placeholder was filled in
    if lang == "ko":
        for english in ("Summary for decision-makers", "Zones of possible agreement", "Actors"):
            assert f">{english}<" not in html
        assert "현 상태" in " ".join(data["summary"]["forecasts"])
        assert "의 평균 오차는" in data["summary"]["forecasts"][0]  # the track record line
    # the numbers do not depend on the language
    assert data["forecasts"] == korea["forecasts"]


def test_a_korean_build_keeps_the_data_in_english() -> None:
    data = build_report_data(load_file(MINI), AnalysisSettings(draws=20, rounds=3), lang="ko")
    assert data["lang"] == "ko"
    assert data["issues"][0]["name"] == "Talks"  # the data, as written
    assert any(HANGUL.search(line) for line in data["summary"]["forecasts"])
