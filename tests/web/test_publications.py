"""Publications: publishing a finished report job as a brief or a report, the public pages
(read without signing in), citation records, the Atom feed, corrections, withdrawal, and who
may do what (on SQLite and PostgreSQL).

The report data is built once for the session with few draws; each test stores it as the
result of a finished job row, so no test waits for a background job (the browser test runs
a real one).
"""

from __future__ import annotations

import copy
import datetime as dt
import html.parser
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.analysis import AnalysisSettings
from panmun.report.build import build_report_data, render_html
from panmun.scenario.loader import load_shipped
from panmun.web.db import JobRow, PublicationRow

PRESET = "korea-2018-04"
API = "/api/v1/publications"
TITLE = "Korean Peninsula, April 2018 (summit year)"
SLUG_TAIL = "korean-peninsula-april-2018-summit-year"
ATOM = "{http://www.w3.org/2005/Atom}"
#: RFC 3339 date-time (section 5.6), as RFC 4287 section 3.3 requires.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
Headers = dict[str, Any]


@pytest.fixture(scope="session")
def report_data() -> dict[str, Any]:
    """The report data of the preset with few draws, built once."""
    return build_report_data(load_shipped(PRESET), AnalysisSettings(draws=30, trust_draws=4))


def finished_job(
    app: FastAPI, data: dict[str, Any], owner: str = "amina", scenario: str = f"preset:{PRESET}"
) -> str:
    """Store a finished report job with ``data`` as its result; return its id."""
    p = app.state.platform
    user = p.accounts.by_name(owner)
    job_id = secrets.token_hex(8)
    with p.sessions.begin() as s:
        s.add(
            JobRow(
                id=job_id, kind="report", user_id=user.id, scenario=scenario, version=1,
                settings={}, state="done", stage="", done=7, total=7, error=None, result=data,
                created_at=dt.datetime.now(dt.UTC),
            )
        )  # fmt: skip
    return job_id


def publish(client: TestClient, headers: Headers, job: str, **fields: Any) -> dict[str, Any]:
    r = client.post(API, json={"job": job, **fields}, headers=headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


class _Head(html.parser.HTMLParser):
    """The ``<meta name=... content=...>`` tags of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") and a.get("content") is not None:
            self.meta.append((str(a["name"]), str(a["content"])))


def meta_tags(page: str) -> dict[str, list[str]]:
    head = page.split("</head>", 1)[0]
    parser = _Head()
    parser.feed(head)
    out: dict[str, list[str]] = {}
    for name, content in parser.meta:
        out.setdefault(name, []).append(content)
    return out


def anonymous(app: FastAPI) -> TestClient:
    """A client with no session: a reader from outside."""
    return TestClient(app, base_url="http://127.0.0.1")


# -- a strict BibTeX reader --------------------------------------------------------------------
class BibError(ValueError):
    """Malformed BibTeX."""


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """Entries ``(type, key, fields)`` of a BibTeX file; raises :class:`BibError` on anything
    malformed: unbalanced braces, a missing comma or ``=``, a duplicate field, stray text, an
    unknown macro. Field values keep their inner text (outer braces or quotes removed)."""
    months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
    i, n = 0, len(text)
    entries = []

    def ws() -> None:
        nonlocal i
        while i < n and text[i].isspace():
            i += 1

    def word(pattern: str) -> str:
        nonlocal i
        m = re.compile(pattern).match(text, i)
        if not m:
            raise BibError(f"at {i}: expected {pattern}, found {text[i : i + 20]!r}")
        i = m.end()
        return m.group(0)

    def expect(ch: str) -> None:
        nonlocal i
        ws()
        if i >= n or text[i] != ch:
            raise BibError(f"at {i}: expected {ch!r}, found {text[i : i + 20]!r}")
        i += 1

    def braced() -> str:
        nonlocal i
        depth, start = 0, i
        while i < n:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    i += 1
                    return text[start + 1 : i - 1]
            i += 1
        raise BibError("unbalanced braces")

    while True:
        ws()
        if i >= n:
            break
        expect("@")
        kind = word(r"[A-Za-z]+").lower()
        expect("{")
        ws()
        key = word(r"[^,\s{}=\"#%'()]+")
        expect(",")
        fields: dict[str, str] = {}
        while True:
            ws()
            if i < n and text[i] == "}":
                i += 1
                break
            name = word(r"[A-Za-z][A-Za-z0-9_-]*").lower()
            expect("=")
            ws()
            if i < n and text[i] == "{":
                value = braced()
            elif i < n and text[i] == '"':
                end = text.find('"', i + 1)
                if end < 0:
                    raise BibError("unterminated quote")
                value, i = text[i + 1 : end], end + 1
            elif i < n and text[i].isdigit():
                value = word(r"\d+")
            else:
                value = word(r"[A-Za-z]+")
                if value.lower() not in months:
                    raise BibError(f"unknown macro {value!r}")
            if name in fields:
                raise BibError(f"duplicate field {name!r}")
            fields[name] = value
            ws()
            if i < n and text[i] == ",":
                i += 1
            elif i < n and text[i] == "}":
                i += 1
                break
            else:
                raise BibError(f"at {i}: expected ',' or '}}' after field {name!r}")
        if any(v.count("{") != v.count("}") for v in fields.values()):
            raise BibError("unbalanced braces inside a field")
        entries.append((kind, key, fields))
    return entries


@pytest.mark.parametrize(
    "broken",
    [
        "@techreport{k,\n  title = {A {b}\n}",  # unbalanced
        "@techreport{k\n  title = {A}\n}",  # no comma after the key
        "@techreport{k,\n  title {A}\n}",  # no =
        "@techreport{k,\n  title = {A},\n  title = {B}\n}",  # duplicate field
        "@techreport{k,\n  month = december\n}",  # unknown macro
        "@techreport{k,\n  title = {A}\n} trailing",  # stray text
    ],
)
def test_the_strict_bibtex_reader_refuses_malformed_input(broken: str) -> None:
    with pytest.raises(BibError):
        parse_bibtex(broken)


# -- publishing and reading ----------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_publish_a_brief_from_the_job_page_and_read_it_signed_out(
    app: FastAPI, client: TestClient, login: Callable[..., str], report_data: dict[str, Any]
) -> None:
    job = finished_job(app, report_data)
    csrf = login("amina")
    page = client.get(f"/jobs/{job}")
    assert page.status_code == 200
    assert 'id="publish-form"' in page.text and 'value="brief"' in page.text
    r = client.post(
        "/publications",
        data={"csrf_token": csrf, "job": job, "kind": "brief", "title": "",
              "authors": "amina\nKim, Minji", "abstract": "", "region": "", "issues": "",
              "language": "en"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    assert re.fullmatch(rf"/pub/\d{{4}}-\d{{2}}-{SLUG_TAIL}", where), where

    reader = anonymous(app)
    shown = reader.get(where)
    assert shown.status_code == 200
    assert "Sign out" not in shown.text  # nobody signed in, and no redirect to the login
    assert f"<h1>{TITLE}</h1>" in shown.text
    # The brief is in the page: the summary points and one row per issue.
    assert "The issues at a glance" in shown.text
    for issue in report_data["forecasts"]["issues"]:
        assert f'<th scope="row">{issue["name"]}</th>' in shown.text
    assert report_data["summary"]["forecasts"][1][:60].replace("'", "&#39;") in shown.text

    tags = meta_tags(shown.text)
    url = f"http://127.0.0.1{where}"
    assert tags["citation_title"] == [TITLE]
    assert tags["citation_author"] == ["amina", "Kim, Minji"]
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", tags["citation_publication_date"][0])
    assert tags["citation_publisher"] == ["secretariat"]
    assert tags["citation_public_url"] == [url]
    assert tags["DC.title"] == [TITLE]
    assert tags["DC.creator"] == ["amina", "Kim, Minji"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", tags["DC.date"][0])
    assert tags["DC.publisher"] == ["secretariat"]
    assert tags["DC.identifier"] == [url]
    assert tags["DC.language"] == ["en"]
    # Defaults from the report's data: its region, issues and description.
    record = reader.get(f"{API}/{where.rsplit('/', 1)[1]}").json()
    assert record["region"] == "Korean Peninsula"
    assert record["issues"] == list(report_data["issue_names"].values())
    assert record["abstract"] == report_data["scenario"]["description"]
    assert record["status"] == "published" and record["version"] == 1

    # Signed in, the public page is the same page (with the account's header).
    assert f"<h1>{TITLE}</h1>" in client.get(where).text
    log = app.state.platform.scenarios.audit_log(5)
    assert log[0]["action"] == "publication.publish" and log[0]["user"] == "amina"
    assert log[0]["after"]["job"] == job and log[0]["after"]["kind"] == "brief"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_report_publication_links_the_full_report(
    app: FastAPI, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    h = token("amina")
    pub = publish(anonymous(app), h, finished_job(app, report_data), kind="report")
    reader = anonymous(app)
    page = reader.get(pub["url"])
    assert f'href="{pub["url"]}/report.html"' in page.text
    assert "The issues at a glance" not in page.text  # a report is linked, not shown
    tags = meta_tags(page.text)
    assert tags["citation_fulltext_html_url"] == [f"http://127.0.0.1{pub['url']}/report.html"]
    full = reader.get(f"{pub['url']}/report.html")
    assert full.status_code == 200
    assert full.text == render_html(report_data)
    # The same job published again gets an address of its own.
    again = publish(anonymous(app), h, finished_job(app, report_data), kind="report")
    assert again["slug"] == f"{pub['slug']}-2"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_listing_newest_first_with_filters(
    app: FastAPI, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    h = token("amina")
    c = anonymous(app)
    first = publish(c, h, finished_job(app, report_data), kind="brief", title="Old brief",
                    region="Northeast Asia", issues=["Sanctions relief"])  # fmt: skip
    second = publish(c, h, finished_job(app, report_data), kind="report", title="Peninsula report")
    third = publish(c, h, finished_job(app, report_data), kind="brief", title="Withdrawn brief")
    with app.state.platform.sessions.begin() as s:  # the first one was published in 2024
        row = s.query(PublicationRow).filter_by(slug=first["slug"]).one()
        row.published_at = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert c.post(f"{API}/{third['slug']}/withdrawal", json={"note": "Wrong scenario"},
                  headers=h).status_code == 200  # fmt: skip

    def titles(query: str) -> list[str]:
        r = c.get(f"/pub{query}")
        assert r.status_code == 200
        return re.findall(r'<h2><a href="/pub/[^"]+">([^<]+)</a></h2>', r.text)

    assert titles("") == ["Withdrawn brief", "Peninsula report", "Old brief"]
    listing = c.get("/pub").text
    assert re.search(r'data-status="withdrawn">\s*<h2><a[^>]*>Withdrawn brief', listing)
    assert "<strong>Withdrawn</strong>" in listing
    assert titles("?region=Northeast+Asia") == ["Old brief"]
    assert titles("?region=Korean+Peninsula") == ["Withdrawn brief", "Peninsula report"]
    assert titles("?issue=Humanitarian+questions") == ["Withdrawn brief", "Peninsula report"]
    assert titles("?issue=Sanctions+relief") == ["Withdrawn brief", "Peninsula report",
                                                  "Old brief"]  # fmt: skip
    assert titles("?year=2024") == ["Old brief"]
    assert titles("?year=2024&region=Korean+Peninsula") == []
    this_year = dt.datetime.now(dt.UTC).year
    assert titles(f"?year={this_year}") == ["Withdrawn brief", "Peninsula report"]
    assert "<option selected>Northeast Asia</option>" in c.get("/pub?region=Northeast+Asia").text
    bad = c.get("/pub?year=twenty", headers={"accept": "text/html"})
    assert bad.status_code == 422 and "is not a year" in bad.text
    # The JSON twin, public too.
    api = c.get(f"{API}?year=2024").json()
    assert [x["slug"] for x in api] == [first["slug"]]
    assert [x["status"] for x in c.get(API).json()] == ["withdrawn", "published", "published"]
    assert second["slug"] in {x["slug"] for x in c.get(f"{API}?region=Korean%20Peninsula").json()}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_correcting_adds_a_version_with_its_note_and_date(
    app: FastAPI,
    client: TestClient,
    login: Callable[..., str],
    token: Callable[[str], Headers],
    report_data: dict[str, Any],
) -> None:
    pub = publish(client, token("amina"), finished_job(app, report_data), kind="brief")
    slug = pub["slug"]
    csrf = login("amina")
    manage = client.get("/publications")
    assert manage.status_code == 200 and f'action="/publications/{slug}/correct"' in manage.text
    form = {"csrf_token": csrf, "title": pub["title"], "authors": "amina",
            "abstract": "A shorter abstract.", "region": pub["region"],
            "issues": "\n".join(pub["issues"]), "job": ""}  # fmt: skip

    # A correction needs its note, and a change.
    r = client.post(f"/publications/{slug}/correct", data={**form, "note": " "})
    assert r.status_code == 422 and "note: required, and empty" in r.text
    unchanged = {**form, "abstract": pub["abstract"], "note": "Nothing really"}
    r = client.post(f"/publications/{slug}/correct", data=unchanged)
    assert r.status_code == 422 and "nothing changed" in r.text

    note = "Shortened the abstract: it repeated the scenario's description."
    r = client.post(f"/publications/{slug}/correct", data={**form, "note": note},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == f"/pub/{slug}"

    # New content from another report: the brief's text changes, and the diff shows it.
    changed = copy.deepcopy(report_data)
    changed["summary"]["forecasts"][0] = "Track record: the corrected summary point."
    new_job = finished_job(app, changed)
    r = client.post(f"/publications/{slug}/correct",
                    data={**form, "note": "Rebuilt from the corrected scenario.",
                          "job": new_job}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text

    reader = anonymous(app)
    page = reader.get(f"/pub/{slug}").text
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert f"Corrected on {today} (version 3)." in page
    assert "Rebuilt from the corrected scenario." in page
    assert note.replace("'", "&#39;") in page  # version 2's note, in the list of versions
    assert re.search(rf'<time datetime="{today}">{today} \d\d:\d\d</time> UTC:\s*corrected:', page)
    assert "Track record: the corrected summary point." in page
    assert "A shorter abstract." in page
    assert '<span class="add">+Track record: the corrected summary point.</span>' in page

    # Version 1 is still there, with the old text; version 2 shows what changed in it.
    v1 = reader.get(f"/pub/{slug}/v/1")
    assert v1.status_code == 200
    assert "an earlier version" in v1.text
    assert report_data["summary"]["forecasts"][0][:50] in v1.text
    assert "A shorter abstract." not in v1.text.split("</head>")[1]  # its abstract then
    v2 = reader.get(f"/pub/{slug}/v/2").text
    assert '<p lang="en">A shorter abstract.</p>' in v2
    assert '<span class="del">-Abstract: Three days after' in v2
    assert '<span class="add">+Abstract: A shorter abstract.</span>' in v2
    assert reader.get(f"/pub/{slug}/v/3", follow_redirects=False).status_code == 303
    assert reader.get(f"/pub/{slug}/v/9").status_code == 404

    record = reader.get(f"{API}/{slug}").json()
    assert record["status"] == "corrected" and record["version"] == 3
    assert [v["note"] for v in record["versions"]] == [
        "",
        note,
        "Rebuilt from the corrected scenario.",
    ]
    assert all(RFC3339.match(v["created_at"]) for v in record["versions"])
    log = app.state.platform.scenarios.audit_log(5)
    corrections = [e for e in log if e["action"] == "publication.correct"]
    assert corrections[0]["after"]["job"] == new_job
    assert corrections[1]["before"]["abstract"] == pub["abstract"]
    assert corrections[1]["after"]["abstract"] == "A shorter abstract."


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_withdrawing_hides_the_content_and_says_so_at_the_same_address(
    app: FastAPI, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    h = token("amina")
    c = anonymous(app)
    brief = publish(c, h, finished_job(app, report_data), kind="brief")
    report = publish(c, h, finished_job(app, report_data), kind="report")
    assert c.post(f"{API}/{brief['slug']}/withdrawal", json={"note": " "},
                  headers=h).status_code == 422  # fmt: skip
    before = c.get("/pub/feed.atom").text
    why = "The scenario misread the status quo on sanctions."
    for pub in (brief, report):
        r = c.post(f"{API}/{pub['slug']}/withdrawal", json={"note": why}, headers=h)
        assert r.status_code == 200 and r.json()["status"] == "withdrawn"

    page = c.get(brief["url"])
    assert page.status_code == 200  # the address stays, and says what happened
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert f"This publication was withdrawn on {today}." in page.text
    assert why in page.text
    assert "The issues at a glance" not in page.text  # the content is gone
    assert "on the record, expect the status quo" not in page.text
    assert meta_tags(page.text)["citation_title"] == [brief["title"]]  # still citable
    assert c.get(f"{brief['url']}/v/1").status_code == 410
    gone = c.get(f"{report['url']}/report.html", headers={"accept": "text/html"})
    assert gone.status_code == 410 and why in gone.text
    assert c.get(f"{report['url']}/v/1/report.html").status_code == 410
    assert f'href="{report["url"]}/report.html"' not in c.get(report["url"]).text

    bib = parse_bibtex(c.get(f"{brief['url']}/cite.bib").text)
    assert bib[0][2]["note"] == f"Withdrawn on {today}: {why}"
    assert "abstract" not in bib[0][2]
    csl = c.get(f"{brief['url']}/cite.json").json()
    assert csl[0]["status"] == "withdrawn" and why in csl[0]["note"]

    feed = ET.fromstring(c.get("/pub/feed.atom").content)
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.iter(f"{ATOM}entry")}
    entry = entries[f"http://127.0.0.1{brief['url']}"]
    assert entry.findtext(f"{ATOM}title") == f"Withdrawn: {brief['title']}"
    assert why in (entry.findtext(f"{ATOM}summary") or "")
    assert (entry.findtext(f"{ATOM}updated") or "") >= (entry.findtext(f"{ATOM}published") or "")
    assert before != c.get("/pub/feed.atom").text

    # Nothing changes a withdrawn publication any more.
    again = c.post(f"{API}/{brief['slug']}/withdrawal", json={"note": why}, headers=h)
    assert again.status_code == 422 and "withdrawn" in again.json()["detail"][0]
    fix = c.post(f"{API}/{brief['slug']}/corrections", json={"note": "x", "title": "New"},
                 headers=h)  # fmt: skip
    assert fix.status_code == 422
    assert app.state.platform.scenarios.audit_log(1)[0]["action"] == "publication.withdraw"


# -- citation records and the feed ---------------------------------------------------------------
@pytest.mark.parametrize("backend", ["sqlite"])
def test_bibtex_and_csl_json_records(
    app: FastAPI, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    c = anonymous(app)
    title = r"50% of {braces} & C_2 #1 $5 ~ ^ \ in the title"
    pub = publish(c, token("amina"), finished_job(app, report_data), kind="report", title=title,
                  authors=["Kim, Minji", "Research and Analysis Unit"],
                  abstract="Two lines.\nOf abstract.")  # fmt: skip
    r = c.get(f"{pub['url']}/cite.bib")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-bibtex")
    [(kind, key, fields)] = parse_bibtex(r.text)
    assert kind == "techreport" and key == pub["slug"]
    assert fields["author"] == "Kim, Minji and {Research and Analysis Unit}"
    assert fields["institution"] == "secretariat"
    assert fields["year"] == str(dt.datetime.now(dt.UTC).year)
    assert fields["month"] in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                               "oct", "nov", "dec")  # fmt: skip
    assert fields["url"] == f"http://127.0.0.1{pub['url']}"
    assert fields["title"].startswith("{50\\% of \\textbraceleft{}braces\\textbraceright{}")
    assert "\\&" in fields["title"] and "C\\_2" in fields["title"] and "\\#1" in fields["title"]
    assert "note" not in fields  # nothing to say yet

    try:
        import bibtexparser
    except ImportError:  # pragma: no cover - an optional second reader
        pass
    else:
        library = bibtexparser.parse_string(r.text)
        assert not library.failed_blocks
        [entry] = library.entries
        assert entry.key == pub["slug"] and entry.entry_type == "techreport"
        assert entry["institution"] == "secretariat"

    csl = c.get(f"{pub['url']}/cite.json")
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    [item] = csl.json()
    today = dt.datetime.now(dt.UTC)
    assert item["id"] == pub["slug"] and item["type"] == "report"
    assert item["title"] == title
    assert item["author"] == [{"family": "Kim", "given": "Minji"},
                              {"literal": "Research and Analysis Unit"}]  # fmt: skip
    assert item["issued"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert item["publisher"] == "secretariat"
    assert item["URL"] == f"http://127.0.0.1{pub['url']}"
    assert item["language"] == "en"
    assert c.get("/pub/nothing-here/cite.bib").status_code == 404


def _check_atom(body: bytes) -> ET.Element:
    """Check a feed against what RFC 4287 requires; return its root."""
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"

    def one(parent: ET.Element, tag: str) -> ET.Element:
        found = parent.findall(f"{ATOM}{tag}")
        assert len(found) == 1, f"{parent.tag} needs exactly one {tag}, has {len(found)}"
        return found[0]

    def date(parent: ET.Element, tag: str) -> dt.datetime:
        text = one(parent, tag).text or ""
        assert RFC3339.match(text), f"{tag} {text!r} is not an RFC 3339 date-time"
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    def authors(parent: ET.Element) -> list[str]:
        return [(a.findtext(f"{ATOM}name") or "") for a in parent.findall(f"{ATOM}author")]

    for tag in ("id", "title"):
        assert (one(root, tag).text or "").strip()
    feed_updated = date(root, "updated")
    self_links = [x for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href", "").endswith("/pub/feed.atom")
    feed_authors = authors(root)
    assert all(feed_authors)
    ids = set()
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = (one(entry, "id").text or "").strip()
        assert entry_id.startswith(("http://", "https://", "tag:")) and entry_id not in ids
        ids.add(entry_id)
        assert (one(entry, "title").text or "").strip()
        updated = date(entry, "updated")
        assert date(entry, "published") <= updated <= feed_updated
        assert feed_authors or authors(entry), "an entry without an author in a feed without one"
        alternate = [x for x in entry.findall(f"{ATOM}link") if x.get("rel") == "alternate"]
        assert alternate and alternate[0].get("href") == entry_id
        assert (one(entry, "summary").text or "").strip()  # no content element: a summary
    return root


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_feed_validates_as_atom(
    app: FastAPI, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    c = anonymous(app)
    empty = c.get("/pub/feed.atom")
    assert empty.headers["content-type"].startswith("application/atom+xml")
    assert _check_atom(empty.content).findall(f"{ATOM}entry") == []
    h = token("amina")
    brief = publish(c, h, finished_job(app, report_data), kind="brief",
                    title="Brief <with> & markup \"quotes\"")  # fmt: skip
    publish(c, h, finished_job(app, report_data), kind="report", authors=["amina", "alice"])
    c.post(f"{API}/{brief['slug']}/corrections", json={"note": "Clearer title",
           "title": "A clearer brief"}, headers=h)  # fmt: skip
    root = _check_atom(c.get("/pub/feed.atom").content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "A clearer brief" in titles
    corrected = next(e for e in entries if e.findtext(f"{ATOM}title") == "A clearer brief")
    assert "Clearer title" in (corrected.findtext(f"{ATOM}summary") or "")

    try:
        import feedparser
    except ImportError:  # pragma: no cover - an optional second reader
        return
    parsed = feedparser.parse(c.get("/pub/feed.atom").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert {e.title for e in parsed.entries} == set(titles)
    assert all(e.published_parsed and e.updated_parsed for e in parsed.entries)


# -- who may do what ----------------------------------------------------------------------------
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_who_may_publish_correct_and_withdraw(
    app: FastAPI,
    client: TestClient,
    login: Callable[..., str],
    token: Callable[[str], Headers],
    report_data: dict[str, Any],
) -> None:
    c = anonymous(app)
    job = finished_job(app, report_data)
    # A viewer cannot publish, not even a job of their own workspace.
    r = c.post(API, json={"job": job}, headers=token("victor"))
    assert r.status_code == 403 and r.json()["detail"]
    pub = publish(c, token("amina"), job, kind="brief")
    slug = pub["slug"]
    for who in ("victor", "otto"):  # a viewer, and an analyst of another workspace
        h = token(who)
        r = c.post(f"{API}/{slug}/corrections", json={"note": "n", "title": "Mine"}, headers=h)
        assert r.status_code == 403, r.text
        r = c.post(f"{API}/{slug}/withdrawal", json={"note": "n"}, headers=h)
        assert r.status_code == 403, r.text
    # An admin may.
    r = c.post(f"{API}/{slug}/corrections", json={"note": "Typo", "title": "Fixed"},
               headers=token("alice"))  # fmt: skip
    assert r.status_code == 201

    # Anonymous: the public pages and API reads, never the management page or a write.
    for path in ("/pub", f"/pub/{slug}", f"/pub/{slug}/cite.bib", f"/pub/{slug}/cite.json",
                 "/pub/feed.atom", API, f"{API}/{slug}"):  # fmt: skip
        assert c.get(path).status_code == 200, path
    r = c.get("/publications", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert c.post(API, json={"job": job}).status_code == 401
    assert c.post(f"{API}/{slug}/withdrawal", json={"note": "n"}).status_code == 401
    r = c.post(f"/publications/{slug}/withdraw", data={"note": "n"}, follow_redirects=False)
    assert r.status_code in (303, 401) and app.state.platform.publications.get(slug).state == (
        "published"
    )

    # The management page: your workspace's publications; forms for writers only.
    login("victor")
    page = client.get("/publications").text
    assert f'href="/pub/{slug}"' in page and "/withdraw" not in page
    otto_csrf = login("otto")
    assert f'href="/pub/{slug}"' not in client.get("/publications").text
    r = client.post(f"/publications/{slug}/withdraw", data={"csrf_token": otto_csrf, "note": "n"})
    assert r.status_code == 403
    csrf = login("amina")
    r = client.post(f"/publications/{slug}/withdraw", data={"note": "no token"})
    assert r.status_code == 403  # a cookie write without the CSRF token
    r = client.post(f"/publications/{slug}/withdraw", data={"csrf_token": csrf, "note": "Done"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    assert app.state.platform.publications.get(slug).withdrawn


@pytest.mark.parametrize("backend", ["sqlite"])
def test_only_finished_report_jobs_the_caller_can_see_are_published(
    app: FastAPI,
    client: TestClient,
    login: Callable[..., str],
    token: Callable[[str], Headers],
    report_data: dict[str, Any],
) -> None:
    p = app.state.platform
    h = token("amina")
    c = anonymous(app)
    assert c.post(API, json={"job": "0123456789abcdef"}, headers=h).status_code == 404
    assert c.post(API, json={"job": "../../x"}, headers=h).status_code == 404
    running = finished_job(app, report_data)
    with p.sessions.begin() as s:
        row = s.get(JobRow, running)
        row.state, row.result = "running", None
    r = c.post(API, json={"job": running}, headers=h)
    assert r.status_code == 422 and "publish it once it is done" in r.json()["detail"][0]
    forecast = finished_job(app, report_data)
    with p.sessions.begin() as s:
        s.get(JobRow, forecast).kind = "forecast"
    assert c.post(API, json={"job": forecast}, headers=h).status_code == 422
    # A job on amina's private stored scenario: otto cannot see it, so cannot publish it.
    stored = p.scenarios.create(p.accounts.by_name("amina"), load_shipped(PRESET))
    private = finished_job(app, report_data, scenario=f"stored:{stored.id}@1")
    assert c.post(API, json={"job": private}, headers=token("otto")).status_code == 404
    mine = publish(c, h, private, kind="brief", workspace=None)
    assert p.publications.get(mine["slug"]).workspace == "secretariat"
    # Bad fields are named, all at once; the form shows them on the job's page.
    r = c.post(API, json={"job": private, "title": "x\x00y", "authors": [" "]}, headers=h)
    assert r.status_code == 422
    assert any(m.startswith("title:") for m in r.json()["detail"])
    assert any(m.startswith("authors:") for m in r.json()["detail"])
    assert c.post(API, json={"job": private, "kind": "poster"}, headers=h).status_code == 422
    csrf = login("amina")
    r = client.post("/publications", data={"csrf_token": csrf, "job": private, "kind": "brief",
                    "title": "t" * 400, "authors": "amina"})  # fmt: skip
    assert r.status_code == 422
    assert "title: 400 characters, more than 300" in r.text and 'id="publish-form"' in r.text
    assert 'value="brief" checked' in r.text  # what was sent is shown again
    # A title without Latin letters still gets a readable address.
    korean = publish(c, h, private, kind="brief", title="한반도 정세 2018")
    assert korean["slug"].endswith("-korea-2018-04")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_publication_pages_in_korean(
    app: FastAPI, client: TestClient, token: Callable[[str], Headers], report_data: dict[str, Any]
) -> None:
    pub = publish(anonymous(app), token("amina"), finished_job(app, report_data), kind="brief")
    c = anonymous(app)
    listing = c.get("/pub?lang=ko")
    assert listing.status_code == 200 and '<html lang="ko">' in listing.text
    assert "<h1>발행물</h1>" in listing.text and "Publications</h1>" not in listing.text
    page = c.get(pub["url"]).text  # the cookie keeps Korean
    assert "이 발행물 인용하기" in page and "Cite this publication" not in page
    assert '<div id="pub-content" lang="en">' in page  # the brief itself stays in English
