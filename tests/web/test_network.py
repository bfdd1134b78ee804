"""The network: consent, privacy across workspaces, erasure, Chatham House statements, the
network view, import and export (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.errors import InputError
from panmun.web.scenarios import Forbidden, NotFound

TODAY = dt.date(2026, 5, 1)


def _user(app: FastAPI, name: str) -> Any:
    user = app.state.platform.accounts.by_name(name)
    assert user is not None
    return user


@pytest.fixture
def net(app: FastAPI) -> Any:
    return app.state.platform.network


@pytest.fixture
def people(app: FastAPI, net: Any) -> dict[str, Any]:
    """amina's workspace (secretariat) and otto's (otherteam), with a private and a
    network-visible profile each, and an event in the secretariat where both took part."""
    amina, otto = _user(app, "amina"), _user(app, "otto")
    inst = net.add_institution(
        amina,
        name="Institute for Peace Studies",
        kind="think_tank",
        country="Cambodia",
        regions=["Mekong"],
    )
    private = net.add_person(
        amina,
        name="Sokha Private",
        consent="email of 2 April 2026",
        consent_at=TODAY,
        institution_id=inst.id,
        expertise=["exchanges"],
        regions=["Korean Peninsula"],
    )
    shared = net.add_person(
        amina,
        name="Min-ji Shared",
        consent="signed form",
        consent_at=TODAY,
        expertise=["exchanges", "sanctions"],
        visibility="network",
    )
    other = net.add_person(
        otto, name="Olaf Elsewhere", consent="in person", consent_at=TODAY, expertise=["exchanges"]
    )
    event = net.add_dialogue(
        amina,
        title="Track 2 round table",
        track="track2",
        date=dt.date(2026, 4, 20),
        place="Phnom Penh",
        issues=["exchanges"],
        regions=["Korean Peninsula"],
        organisers=[inst.id],
        visibility="network",
    )
    net.add_participant(amina, event.id, private.id)
    net.add_participant(amina, event.id, shared.id, "speaker")
    net.add_statement(amina, event.id, "Contacts should resume at working level.", shared.id)
    return {"inst": inst, "private": private, "shared": shared, "other": other, "event": event}


def test_consent_is_required(app: FastAPI, net: Any) -> None:
    amina = _user(app, "amina")
    with pytest.raises(InputError, match="consent: record how the person agreed"):
        net.add_person(amina, name="X", consent=" ", consent_at=TODAY)
    with pytest.raises(InputError, match="is in the future"):
        net.add_person(amina, name="X", consent="yes", consent_at=dt.date(2999, 1, 1))
    with pytest.raises(Forbidden):
        net.add_person(_user(app, "victor"), name="X", consent="yes", consent_at=TODAY)


def test_a_private_profile_stays_in_its_workspace(
    app: FastAPI, net: Any, people: dict[str, Any]
) -> None:
    otto = _user(app, "otto")
    names = {p.name for p in net.people(otto)}
    assert "Sokha Private" not in names
    assert {"Min-ji Shared", "Olaf Elsewhere"} <= names
    with pytest.raises(NotFound):
        net.person(otto, people["private"].id)
    # In the shared event, otto sees the shared profile and a count of the others.
    seen = net.dialogue(otto, people["event"].id)
    assert [n for _p, n, _r in seen.participants] == ["Min-ji Shared"]
    assert seen.hidden_participants == 1
    assert seen.organisers == ()  # the institution is private to the secretariat
    graph = net.graph(otto)
    assert "Sokha Private" not in json.dumps(graph)
    export = json.dumps(net.export(otto))
    assert "Sokha Private" not in export
    assert "Institute for Peace Studies" not in export
    # amina's own workspace sees everything.
    assert "Sokha Private" in json.dumps(net.export(_user(app, "amina")))


def test_only_the_owner_changes_who_sees_a_profile(
    app: FastAPI, net: Any, people: dict[str, Any]
) -> None:
    with pytest.raises(Forbidden):
        net.set_person_visibility(_user(app, "alice"), people["private"].id, "network")
    net.set_person_visibility(_user(app, "amina"), people["private"].id, "network")
    assert net.person(_user(app, "otto"), people["private"].id).name == "Sokha Private"
    # Linked to the person's own account, the person owns it.
    net.link_account(_user(app, "amina"), people["private"].id, "victor")
    with pytest.raises(Forbidden):
        net.set_person_visibility(_user(app, "amina"), people["private"].id, "workspace")
    net.set_person_visibility(_user(app, "victor"), people["private"].id, "workspace")
    with pytest.raises(InputError, match="already linked"):
        net.link_account(_user(app, "amina"), people["shared"].id, "victor")


def test_erasure_removes_the_person_everywhere_and_keeps_no_content(
    app: FastAPI, client: TestClient, net: Any, people: dict[str, Any]
) -> None:
    amina = _user(app, "amina")
    net.link_account(amina, people["shared"].id, "victor")
    victor = _user(app, "victor")
    mine = net.my_data(victor)
    assert mine["profile"]["name"] == "Min-ji Shared"
    assert mine["statements"][0]["text"] == "Contacts should resume at working level."
    net.erase(victor)
    assert net.my_data(victor) is None
    event = net.dialogue(amina, people["event"].id)
    assert "Min-ji Shared" not in json.dumps(event.__dict__, default=str)
    assert event.statements == ()
    for view in (net.export(amina), net.graph(amina), net.export(_user(app, "otto"))):
        assert "Min-ji Shared" not in json.dumps(view, default=str)
    log = app.state.platform.scenarios.audit_log()
    erased = next(e for e in log if e["action"] == "person.erase")
    assert erased["before"] is None and erased["after"] is None
    assert "Min-ji" not in json.dumps(log)


def test_chatham_house_statements_have_no_speaker(
    app: FastAPI, net: Any, people: dict[str, Any]
) -> None:
    amina = _user(app, "amina")
    d = net.add_dialogue(
        amina,
        title="Closed workshop",
        track="workshop",
        date=dt.date(2026, 4, 1),
        chatham_house=True,
    )
    net.add_participant(amina, d.id, people["shared"].id)
    with pytest.raises(InputError, match="Chatham House rule applies"):
        net.add_statement(amina, d.id, "A view.", people["shared"].id)
    after = net.add_statement(amina, d.id, "A view.")
    assert after.statements == ((None, "A view."),)
    with pytest.raises(InputError, match="did not take part"):
        net.add_statement(amina, people["event"].id, "x", people["other"].id)


def test_the_network_view_joins_people_who_met(
    app: FastAPI, net: Any, people: dict[str, Any]
) -> None:
    amina = _user(app, "amina")
    graph = net.graph(amina, issue="exchanges")
    ids = {n["id"] for n in graph["nodes"]}
    pair = tuple(sorted((f"person:{people['private'].id}", f"person:{people['shared'].id}")))
    ties = {(e["a"], e["b"]): e for e in graph["edges"]}
    assert ties[pair]["events"] == 1
    assert f"institution:{people['inst'].id}" in ids
    assert net.graph(amina, issue="humanitarian")["nodes"] == []
    who = [p.name for p in net.people(amina, issue="sanctions")]
    assert who == ["Min-ji Shared"]


def test_dialogue_input_is_checked(app: FastAPI, net: Any) -> None:
    amina = _user(app, "amina")
    with pytest.raises(InputError) as caught:
        net.add_dialogue(
            amina,
            title="",
            track="dinner",
            date=dt.date(2026, 4, 2),
            end_date=dt.date(2026, 4, 1),
            kb_records=["nothing-here"],
            known_records=frozenset({"armistice-1953"}),
        )
    text = "\n".join(caught.value.problems)
    for message in (
        "title: empty",
        "track: 'dinner' is not one of",
        "end_date: 2026-04-01 is before 2026-04-02",
        "kb_records: 'nothing-here' is not a knowledge-base record",
    ):
        assert message in text


def test_pages_and_their_privacy(client: TestClient, login: Any, people: dict[str, Any]) -> None:
    login("otto")
    for url in (
        "/network?tab=people",
        "/network?tab=dialogues",
        "/network?tab=graph",
        "/network?tab=institutions",
        "/network/export.json",
        "/network/export.csv",
        f"/network/dialogues/{people['event'].id}",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "Sokha Private" not in r.text, url
    assert client.get(f"/network/people/{people['private'].id}").status_code == 404
    assert "Min-ji Shared" in client.get("/network?tab=people&issue=exchanges").text
    assert "Plotly.newPlot" in client.get("/network?tab=graph").text
    # Nothing of the network on the public side.
    client.cookies.clear()
    assert client.get("/network", follow_redirects=False).status_code == 303


def test_forms_add_people_events_and_statements(client: TestClient, login: Any) -> None:
    csrf = login("amina")
    r = client.post(
        "/network/people",
        data={
            "csrf_token": csrf,
            "name": "Dara",
            "consent": "email",
            "consent_at": "2026-03-01",
            "expertise": ["exchanges"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    person = r.headers["location"]
    assert "Dara" in client.get(person).text
    bad = client.post(
        "/network/people",
        data={"csrf_token": csrf, "name": "X", "consent": "", "consent_at": "soon"},
    )
    assert bad.status_code == 422
    assert "consent_at: &#39;soon&#39; is not a date" in bad.text
    r = client.post(
        "/network/dialogues",
        data={
            "csrf_token": csrf,
            "title": "Seminar",
            "track": "track1.5",
            "date": "2026-04-03",
            "kb_records": "panmunjom-declaration-2018",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    event = r.headers["location"]
    pid = person.rsplit("/", 1)[1]
    client.post(f"{event}/participants", data={"csrf_token": csrf, "person": pid})
    client.post(
        f"{event}/statements", data={"csrf_token": csrf, "text": "Said so.", "speaker": pid}
    )
    page = client.get(event).text
    assert "<b>Dara</b>: Said so." in page
    assert 'href="/kb/panmunjom-declaration-2018"' in page
    r = client.post(
        "/network/dialogues",
        data={
            "csrf_token": csrf,
            "title": "X",
            "track": "track2",
            "date": "2026-04-03",
            "kb_records": "no-such-record",
        },
    )
    assert "is not a knowledge-base record" in r.text


def test_import_people_all_or_nothing(client: TestClient, login: Any, app: FastAPI) -> None:
    csrf = login("amina")
    good = (
        "name,institution,expertise,regions,languages,consent,consent_at\n"
        "Ana,,exchanges;sanctions,Mekong,km;en,email,2026-01-05\n"
    )
    bad = good + "Ben,Nowhere Institute,,,,email,2026-01-05\nCy,,,,,,2026-01-05\n"
    r = client.post(
        "/network/import",
        data={"csrf_token": csrf},
        files={"file": ("people.csv", io.BytesIO(bad.encode()), "text/csv")},
    )
    assert r.status_code == 422
    assert "people.csv: row 3, column &#39;institution&#39;" in r.text
    assert "people.csv: row 4: consent: record how" in r.text
    assert "Ana" not in [p.name for p in app.state.platform.network.people(_user(app, "amina"))]
    r = client.post(
        "/network/import",
        data={"csrf_token": csrf},
        files={"file": ("people.csv", io.BytesIO(good.encode()), "text/csv")},
    )
    assert "1 people imported." in r.text
    exported = client.get("/network/export.json").json()
    assert exported["people"][0]["expertise"] == ["exchanges", "sanctions"]
    again = client.post(
        "/network/import",
        data={"csrf_token": csrf},
        files={"file": ("p.json", io.BytesIO(json.dumps(exported).encode()), "application/json")},
    )
    assert again.status_code == 200


def test_my_data_page_exports_and_erases(
    client: TestClient, login: Any, app: FastAPI, people: dict[str, Any]
) -> None:
    app.state.platform.network.link_account(_user(app, "amina"), people["shared"].id, "victor")
    csrf = login("victor")
    page = client.get("/me/data").text
    assert "Min-ji Shared" in page
    assert client.get("/me/data?format=json").json()["profile"]["name"] == "Min-ji Shared"
    client.post("/me/erase", data={"csrf_token": csrf})
    assert "No profile in the network is linked to your account." in client.get("/me/data").text


def test_a_knowledge_base_record_lists_the_events_linked_to_it(
    client: TestClient, login: Any, app: FastAPI
) -> None:
    login("amina")
    app.state.platform.network.add_dialogue(
        _user(app, "amina"),
        title="Follow-up seminar",
        track="track2",
        date=dt.date(2018, 5, 3),
        kb_records=["panmunjom-declaration-2018"],
    )
    page = client.get("/kb/panmunjom-declaration-2018").text
    assert "Dialogue events linked to it" in page
    assert "Follow-up seminar" in page
