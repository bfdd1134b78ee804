"""The pages: what a signed-in analyst, viewer and admin see and can do in the browser."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from panmun.scenario import load
from panmun.scenario.tabular import positions_csv

PRESET = "korea-2018-04"


def _form(page: str) -> dict[str, str]:
    """The fields of the edit form as a browser would submit them."""
    out: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                out[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        out.setdefault(name.group(1), html.unescape(value.group(1)) if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        out[name] = html.unescape(text)
    return out


def _copy(client: TestClient, csrf: str, slug: str = "mine") -> str:
    r = client.post(
        f"/s/presets/{PRESET}/copy", data={"csrf_token": csrf, "slug": slug}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def test_anonymous_pages_redirect_to_login(client: TestClient) -> None:
    r = client.get(f"/s/presets/{PRESET}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=/s/presets/")


def test_login_with_a_wrong_password_says_so(client: TestClient) -> None:
    from tests.web.conftest import login_token

    r = client.post(
        "/login", data={"name": "amina", "password": "nope", "login_token": login_token(client)}
    )
    assert r.status_code == 401
    assert "Wrong name or password." in r.text


def test_login_without_the_form_token_is_refused(client: TestClient) -> None:
    r = client.post("/login", data={"name": "amina", "password": "x"})
    assert r.status_code == 403


def test_login_goes_back_to_the_page_asked_for_but_not_elsewhere(client: TestClient) -> None:
    from tests.web.conftest import PASSWORD, login_token

    cases = [
        (f"/s/presets/{PRESET}", f"/s/presets/{PRESET}"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
    ]
    for target, expected in cases:
        r = client.post(
            "/login",
            data={
                "name": "amina",
                "password": PASSWORD,
                "login_token": login_token(client),
                "next": target,
            },
            follow_redirects=False,
        )
        assert r.headers["location"] == expected


def test_scenario_page_shows_the_grid_with_sources_and_veto_players(
    client: TestClient, login: Callable[..., str]
) -> None:
    login("victor")
    s = load(PRESET)
    page = html.unescape(client.get(f"/s/presets/{PRESET}").text)
    for actor in s.actors:
        assert actor.name in page
    assert page.count("<details>") == len(s.positions)
    assert 'title="veto player"' in page
    first = s.positions[0]
    assert first.rationale in page


def test_edit_shows_the_model_message_beside_the_field_then_saves(
    client: TestClient, login: Callable[..., str]
) -> None:
    csrf = login("amina")
    base = _copy(client, csrf)
    form = _form(client.get(f"{base}/edit?issue=exchanges").text)
    field = "positions[rok][exchanges].salience"
    form[field] = "1.4"
    bad = client.post(f"{base}/edit", data=form)
    assert bad.status_code == 422
    near = bad.text[bad.text.index(f'name="{field}"') :][:1500]
    assert 'aria-invalid="true"' in near
    assert "1.4 is above 1" in near
    assert (
        client.get(f"/api/v1/scenarios/{base.rsplit('/', 1)[1]}/versions").json()[0]["number"] == 1
    )  # nothing saved
    form[field] = "0.75"
    form["message"] = "ROK salience on exchanges"
    good = client.post(f"{base}/edit", data=form)
    assert good.status_code == 200
    assert "Saved as a new version." in good.text
    history = client.get(f"{base}/history?a=1&b=2").text
    assert "ROK salience on exchanges" in history
    assert "+  salience: 0.75" in html.unescape(history)
    again = client.post(f"{base}/edit", data=form)
    assert "Nothing changed, so no version was saved." in again.text


def test_a_non_number_is_named_not_a_traceback(
    client: TestClient, login: Callable[..., str]
) -> None:
    csrf = login("amina")
    base = _copy(client, csrf)
    form = _form(client.get(f"{base}/edit?issue=sanctions").text)
    form["positions[dprk][sanctions].position"] = "lots"
    r = client.post(f"{base}/edit", data=form)
    assert r.status_code == 422
    assert "&#39;lots&#39; is not a number" in r.text or "'lots' is not a number" in r.text


def test_viewer_cannot_reach_the_edit_form(
    client: TestClient, login: Callable[..., str], app: object
) -> None:
    csrf = login("amina")
    base = _copy(client, csrf)
    client.cookies.clear()
    login("victor")
    assert f'href="{base}/edit"' not in client.get(base).text
    r = client.get(f"{base}/edit", headers={"accept": "text/html"})
    assert r.status_code == 403
    assert 'id="edit-form"' not in r.text
    assert "may not edit this scenario" in r.text


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_export_downloads(client: TestClient, login: Callable[..., str], fmt: str) -> None:
    login("victor")
    r = client.get(f"/s/presets/{PRESET}/export.{fmt}")
    assert r.status_code == 200
    assert f'filename="{PRESET}.{fmt}"' in r.headers["content-disposition"]
    if fmt == "csv":
        assert r.text == positions_csv(load(PRESET))


def test_import_a_yaml_scenario_and_a_spreadsheet(
    client: TestClient, login: Callable[..., str]
) -> None:
    from panmun.scenario.loader import dumps

    csrf = login("amina")
    s = load(PRESET)
    r = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"file": ("mine.yaml", dumps(s).encode(), "application/yaml")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    number = r.headers["location"].rsplit("/", 1)[1]
    sheet = positions_csv(s).replace(",0.8,", ",0.8,", 1)
    lines = sheet.splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("position")] = repr(float(row[header.index("position_low")]))
    lines[1] = ",".join(row)
    r = client.post(
        "/import",
        data={"csrf_token": csrf, "target": number},
        files={"file": ("positions.csv", ("\n".join(lines) + "\n").encode(), "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    versions = client.get(f"/api/v1/scenarios/{number}/versions").json()
    assert [v["message"] for v in versions] == ["imported positions.csv", "imported mine.yaml"]


def test_import_reports_bad_files(client: TestClient, login: Callable[..., str]) -> None:
    csrf = login("amina")
    r = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"file": ("broken.yaml", io.BytesIO(b"id: [unclosed"), "application/yaml")},
    )
    assert r.status_code == 422
    assert "broken.yaml" in r.text
    r = client.post(
        "/import",
        data={"csrf_token": csrf},
        files={"file": ("notes.txt", io.BytesIO(b"hello"), "text/plain")},
    )
    assert r.status_code == 422
    assert "is not a .yaml" in r.text


def test_forecast_page_shows_the_cli_numbers_and_a_chart(
    client: TestClient, login: Callable[..., str]
) -> None:
    from panmun.analysis import AnalysisSettings, ScenarioAnalysis

    login("victor")
    page = client.get(f"/s/presets/{PRESET}/forecast?draws=40").text
    assert 'src="/static/plotly.min.js"' in page
    assert "Plotly.newPlot" in page
    a = ScenarioAnalysis(load(PRESET), AnalysisSettings(draws=40))
    for ia in a.issues:
        assert f"<b>{ia.headline:.1f}</b>" in page


@pytest.mark.parametrize("part", ["proposals", "roadmaps", "trust", "whatif"])
def test_analysis_pages_render(client: TestClient, login: Callable[..., str], part: str) -> None:
    login("victor")
    r = client.get(f"/s/presets/{PRESET}/{part}?draws=30")
    assert r.status_code == 200
    assert "<h1>" in r.text


def test_bad_settings_in_the_query_are_named(client: TestClient, login: Callable[..., str]) -> None:
    login("victor")
    r = client.get(f"/s/presets/{PRESET}/forecast?draws=many", headers={"accept": "text/html"})
    assert r.status_code == 422
    assert "draws: &#39;many&#39; is not a whole number" in r.text


def test_report_job_page_and_unknown_pages(client: TestClient, login: Callable[..., str]) -> None:
    csrf = login("amina")
    r = client.post(f"/s/presets/{PRESET}/report", data={"csrf_token": csrf},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    job = client.get(r.headers["location"])
    assert job.status_code == 200
    assert 'id="job-state"' in job.text
    assert client.get(f"/s/presets/{PRESET}/nothing").status_code == 404
    assert client.get("/s/elsewhere/x").status_code == 404
    assert client.get("/static/../app.py").status_code == 404


def test_knowledge_base_pages(client: TestClient, login: Callable[..., str]) -> None:
    login("victor")
    timeline = client.get("/kb?kind=agreement&start=2018&end=2018-12").text
    assert "Panmunjom Declaration" in timeline
    assert "Six-Party" not in timeline
    hits = client.get("/kb?q=Kaesong").text
    assert "Results for" in hits
    record = client.get("/kb/panmunjom-declaration-2018").text
    assert "Provisions and what became of them" in record
    assert client.get("/kb/no-such-record").status_code == 404


def test_admin_page_adds_accounts_and_shows_the_audit_log(
    client: TestClient, login: Callable[..., str]
) -> None:
    csrf = login("alice")
    r = client.post(
        "/admin/users",
        data={"csrf_token": csrf, "name": "newbie", "password": "long enough pw", "role": "viewer"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get("/admin").text
    assert "newbie" in page
    assert "user.add" in page
    bad = client.post("/admin/users", data={"csrf_token": csrf, "name": "Bad Name!",
                                            "password": "long enough pw"})  # fmt: skip
    assert bad.status_code == 422
    assert "is not a valid name" in bad.text
    client.cookies.clear()
    login("amina")
    assert client.get("/admin").status_code == 403


def test_check_these_first_and_a_consultation_on_them(
    client: TestClient, login: Callable[..., str]
) -> None:
    pytest.importorskip("SALib")
    csrf = login("amina")
    base = _copy(client, csrf, "screened")
    page = client.get(f"{base}/sensitivity")
    assert page.status_code == 200
    assert 'id="check-first"' in page.text
    assert "Status quo of" in page.text or "position on" in page.text
    items = re.findall(r'name="item" value="([^"]+)"', page.text)
    assert items
    r = client.post(f"{base}/consultations",
                    data={"csrf_token": csrf, "title": "The inputs that matter most",
                          "rounds": "2", "item": items}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    board = client.get(r.headers["location"]).text
    assert "The inputs that matter most" in board
