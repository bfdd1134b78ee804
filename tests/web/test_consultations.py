"""Consultations on the platform: invitations, rounds, answers, pooling, applying the result,
and who may see what (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.scenario.loader import scenario_from_data

PRESET = "korea-2018-04"
ITEMS = ["dprk/exchanges/position", "rok/exchanges/salience"]


@pytest.fixture
def scenario_page(client: TestClient, login: Callable[..., str]) -> tuple[str, str]:
    """amina's copy of a preset: its page address and amina's CSRF token."""
    csrf = login("amina")
    r = client.post(
        f"/s/presets/{PRESET}/copy",
        data={"csrf_token": csrf, "slug": "consulted"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    return str(r.headers["location"]), csrf


def _create(client: TestClient, base: str, csrf: str, **extra: Any) -> str:
    data: dict[str, Any] = {
        "csrf_token": csrf,
        "title": "Exchanges in 2018",
        "rounds": "2",
        "item": ITEMS,
        **extra,
    }
    r = client.post(f"{base}/consultations", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def _invite(client: TestClient, where: str, csrf: str, n: int) -> list[str]:
    labels = "\n".join(f"expert {k} <e{k}@example.org>" for k in range(1, n + 1))
    r = client.post(f"{where}/invite", data={"csrf_token": csrf, "labels": labels})
    assert r.status_code == 200
    return re.findall(r'<code class="link">[^<]*(/c/[^<]+)</code>', r.text)


def _participant(app: FastAPI, link: str) -> tuple[TestClient, str]:
    c = TestClient(app, base_url="http://127.0.0.1")
    r = c.get(link, follow_redirects=False)
    assert r.status_code == 303
    page = c.get("/c").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    return c, csrf.group(1)


def _answer(
    c: TestClient, csrf: str, answers: dict[int, tuple[float, float, float]], reason: str = ""
) -> Any:
    data: dict[str, str] = {"csrf_token": csrf}
    for q, (low, best, high) in answers.items():
        data.update(
            {
                f"q{q}.low": str(low),
                f"q{q}.best": str(best),
                f"q{q}.high": str(high),
                f"q{q}.confidence": "0.7",
                f"q{q}.reason": reason,
            }
        )
    return c.post("/c", data=data)


def test_three_participants_two_rounds_then_a_new_version(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf)
    links = _invite(client, where, csrf, 3)
    assert len(links) == 3
    people = [_participant(app, link) for link in links]
    # Before round 1 opens, answers are refused.
    c0, t0 = people[0]
    assert "has not started yet" in c0.get("/c").text
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    round1 = [
        {1: (10, 20, 40), 2: (0.5, 0.7, 0.9)},
        {1: (20, 30, 50), 2: (0.6, 0.8, 0.95)},
        {1: (40, 60, 80), 2: (0.4, 0.6, 0.8)},
    ]
    for (c, t), answers in zip(people, round1, strict=True):
        r = _answer(c, t, answers, reason="talks froze after the summit")
        assert r.status_code == 200
        assert "Your answers are saved." in r.text
    board = client.get(where).text
    assert board.count("<td>2 / 2</td>") == 3  # each participant answered both questions
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    page = c0.get("/c").text
    assert (
        "Last round, the group (3 answers): median 30.00, interquartile range 25.00–45.00." in page
    )
    assert "talks froze after the summit" in page
    round2 = [
        {1: (20, 28, 40), 2: (0.6, 0.7, 0.9)},
        {1: (20, 30, 45), 2: (0.6, 0.75, 0.9)},
        {1: (25, 35, 50), 2: (0.5, 0.7, 0.85)},
    ]
    for (c, t), answers in zip(people, round2, strict=True):
        assert _answer(c, t, answers).status_code == 200
    board = client.get(where).text
    assert "Pooled result" in board
    client.post(f"{where}/close", data={"csrf_token": csrf})
    assert "The consultation is closed." in c0.get("/c").text
    assert _answer(c0, t0, {1: (1, 2, 3)}).status_code == 422
    r = client.post(f"{where}/apply", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    number = base.rsplit("/", 1)[1]
    data = client.get(f"/api/v1/scenarios/{number}").json()["scenario"]
    s = scenario_from_data(data, "applied")
    pos = next(q for q in s.positions if (q.actor, q.issue) == ("dprk", "exchanges"))
    cid = where.rsplit("/", 1)[1]
    assert f"consultation-{cid}" in pos.sources
    source = next(x for x in s.sources if x.id == f"consultation-{cid}")
    assert source.consultation == cid
    assert "3 participants" in (source.note or "")
    assert "2 Delphi rounds" in (source.note or "")
    assert pos.position_range[0] <= pos.position <= pos.position_range[1]
    assert 28 <= pos.position <= 35
    versions = client.get(f"/api/v1/scenarios/{number}/versions").json()
    assert versions[0]["message"].startswith(f"values from consultation {cid}")


def test_invitations_are_single_use_and_open_only_their_consultation(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    first = _create(client, base, csrf)
    second = _create(client, base, csrf)
    link = _invite(client, first, csrf, 1)[0]
    c, _ = _participant(app, link)
    again = TestClient(app, base_url="http://127.0.0.1")
    assert again.get(link, follow_redirects=False).status_code == 404
    # The participant session opens nothing but its own page.
    assert c.get("/api/v1/presets").status_code == 401
    assert c.get(second, follow_redirects=False).status_code == 303  # to the login page
    assert c.get(f"{first}/export.csv", follow_redirects=False).status_code == 303
    assert "Exchanges in 2018" in c.get("/c").text


def test_viewers_cannot_open_or_run_consultations(
    client: TestClient, login: Callable[..., str], scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf)
    client.cookies.clear()
    vcsrf = login("victor")
    r = client.get(where, headers={"accept": "text/html"})
    assert r.status_code == 403
    r = client.post(
        f"{base}/consultations", data={"csrf_token": vcsrf, "title": "x", "item": ITEMS}
    )
    assert r.status_code == 403
    assert client.post(f"{where}/advance", data={"csrf_token": vcsrf}).status_code == 403


def test_other_workspaces_do_not_see_a_consultation(
    client: TestClient, login: Callable[..., str], scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf)
    client.cookies.clear()
    login("otto")
    assert client.get(where).status_code == 404


def test_answers_are_checked_like_scenario_values(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf)
    c, t = _participant(app, _invite(client, where, csrf, 1)[0])
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    r = _answer(c, t, {2: (0.7, 1.4, 1.5)})
    assert r.status_code == 422
    assert "question 2.salience: 1.4 is above 1" in r.text
    r = _answer(c, t, {1: (50, 40, 60)})
    assert "question 1.position_range: [50, 60] does not contain position 40" in r.text
    r = c.post("/c", data={"csrf_token": t, "q1.best": "lots", "q1.low": "1", "q1.high": "2"})
    assert "question 1.best: &#39;lots&#39; is not a number" in r.text
    r = c.post("/c", data={"csrf_token": t, "q1.best": "5"})
    assert "question 1: give low, high as well" in r.text
    assert c.post("/c", data={"csrf_token": "wrong", "q1.best": "5"}).status_code == 403


def test_facilitator_form_errors_are_named(
    client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    r = client.post(
        f"{base}/consultations",
        data={"csrf_token": csrf, "title": "", "rounds": "0", "item": ["x/y/position"]},
    )
    assert r.status_code == 422
    for message in (
        "title: empty",
        "rounds: 0 is not between 1 and 10",
        "items[0]: actor &#39;x&#39; has no position on issue &#39;y&#39;",
    ):
        assert message in r.text
    r = client.post(
        f"{base}/consultations",
        data={"csrf_token": csrf, "title": "t", "item": ITEMS, "pooling": "cooke"},
    )
    assert "pooling: &#39;cooke&#39; needs calibration questions" in r.text
    r = client.post(
        f"{base}/consultations", data={"csrf_token": csrf, "title": "t", "item": ["nonsense"]}
    )
    assert "item: &#39;nonsense&#39; is not actor/issue/field" in r.text


def test_withdrawal_and_a_pseudonymous_export(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf)
    links = _invite(client, where, csrf, 2)
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    (a, ta), (b, tb) = (_participant(app, link) for link in links)
    _answer(a, ta, {1: (10, 20, 30), 2: (0.5, 0.6, 0.7)}, reason="first reason")
    _answer(b, tb, {1: (30, 40, 50), 2: (0.6, 0.7, 0.8)}, reason="second reason")
    text = client.get(f"{where}/export.csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["pseudonym"] for r in rows} == {"P1", "P2"}
    assert "example.org" not in text
    assert "expert 1" not in text
    assert "example.org" not in client.get(f"{where}/export.json").text
    r = b.post("/c", data={"csrf_token": tb, "action": "withdraw"})
    assert "You have withdrawn" in r.text
    rows = list(csv.DictReader(io.StringIO(client.get(f"{where}/export.csv").text)))
    assert {r["pseudonym"] for r in rows} == {"P1"}
    log = client.get("/api/v1/audit", headers={"accept": "application/json"})
    assert log.status_code == 403  # amina is not an admin; the log is checked below


def test_calibration_questions_give_cooke_scores_and_weights(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    page = client.get(f"{base}/consultations").text
    candidates = re.findall(r'name="calibration" value="(\d+)"', page)
    assert len(candidates) >= 2
    where = _create(client, base, csrf, calibration=candidates[:2], pooling="cooke")
    links = _invite(client, where, csrf, 2)
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    board = client.get(where).text
    truths = [int(y) for y in re.findall(r"In which year was", board)] or []
    del truths
    people = [_participant(app, link) for link in links]
    form = people[0][0].get("/c").text
    numbers = sorted({int(n) for n in re.findall(r'name="q(\d+)\.best"', form)})
    assert numbers == [1, 2, 3, 4]
    info = app.state.platform.consultations
    cid = int(where.rsplit("/", 1)[1])
    cal = [i for i in info.info(_amina(app), cid).items if i.kind == "calibration"]
    good = {1: (20, 30, 40), 2: (0.5, 0.7, 0.9)}
    vague = {1: (0, 60, 100), 2: (0.1, 0.5, 0.95)}
    for item in cal:
        truth = float(item.truth or 0)
        good[item.number] = (truth - 2, truth, truth + 2)
        vague[item.number] = (truth - 40, truth - 30, truth - 20)  # misses: badly calibrated
    assert _answer(people[0][0], people[0][1], good).status_code == 200
    assert _answer(people[1][0], people[1][1], vague).status_code == 200
    board = client.get(where).text
    assert "Calibration and information" in board
    scores = app.state.platform.consultations
    from panmun.web.consult_results import pooled

    result = pooled(scores, info.info(_amina(app), cid))
    assert result is not None
    assert result["method"] == "cooke"
    by = {r["pseudonym"]: r for r in result["scores"]}
    assert by["P1"]["calibration"] > by["P2"]["calibration"]
    assert by["P1"]["weight"] > by["P2"]["weight"]
    first = result["items"][0]
    assert abs(first["q50"] - 30) < abs(first["q50"] - 60)  # the pool leans to the calibrated


def _amina(app: FastAPI) -> Any:
    user = app.state.platform.accounts.by_name("amina")
    assert user is not None
    return user


def test_answers_after_the_deadline_are_refused(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    base, csrf = scenario_page
    where = _create(client, base, csrf, deadline="2020-01-31")
    c, t = _participant(app, _invite(client, where, csrf, 1)[0])
    client.post(f"{where}/advance", data={"csrf_token": csrf})
    r = _answer(c, t, {1: (10, 20, 30)})
    assert r.status_code == 422
    assert "the deadline (2020-01-31) has passed" in r.text
    bad = client.post(
        f"{base}/consultations",
        data={"csrf_token": csrf, "title": "t", "item": ITEMS, "deadline": "soon"},
    )
    assert "deadline: &#39;soon&#39; is not a date (YYYY-MM-DD)" in bad.text


def test_invite_people_from_the_network(
    app: FastAPI, client: TestClient, scenario_page: tuple[str, str]
) -> None:
    import datetime as dt

    base, csrf = scenario_page
    where = _create(client, base, csrf)
    amina = app.state.platform.accounts.by_name("amina")
    net = app.state.platform.network
    expert = net.add_person(
        amina,
        name="Chantha Expert",
        consent="email",
        consent_at=dt.date(2026, 1, 2),
        expertise=["exchanges"],
    )
    page = client.get(where).text
    assert "Chantha Expert" in page
    r = client.post(f"{where}/invite", data={"csrf_token": csrf, "people": [str(expert.id)]})
    assert r.status_code == 200
    assert len(re.findall(r'<code class="link">', r.text)) == 1
    assert "<td>Chantha Expert</td>" in client.get(where).text  # the facilitator's own note
