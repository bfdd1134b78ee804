"""The JSON API does what the CLI does, with the same numbers.

Every analysis the API answers is compared with the report section the CLI builds from
:class:`panmun.analysis.ScenarioAnalysis` for the same scenario and settings, after a JSON
round trip (the API's answer is JSON). Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.report.sections.forecasts import forecast_section
from panmun.report.sections.proposals import proposals_section
from panmun.report.sections.trust import trust_section
from panmun.scenario.loader import load, scenario_from_data, to_data
from panmun.web.analyses import Change, apply_changes, whatif_data

Headers = dict[str, Any]
TokenFn = Callable[[str], Headers]
PRESET = "korea-2018-04"
#: The preset the slow report job runs on (all presets have 13 or 14 actors and 7 issues).
SMALL_PRESET = "korea-2000-06"
API = "/api/v1"


def roundtrip(data: Any) -> Any:
    """``data`` as a JSON client sees it."""
    return json.loads(json.dumps(data))


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json() if r.content else None


def copy_preset(client: TestClient, headers: Headers, preset: str = PRESET) -> int:
    info = ok(client.post(f"{API}/scenarios", json={"copy_of": preset}, headers=headers), 201)
    assert info["workspace"] == "secretariat" and info["latest"] == 1
    return int(info["id"])


def moved(data: dict[str, Any], actor: str, issue: str, **values: Any) -> dict[str, Any]:
    """Scenario data with one position's fields replaced."""
    for pos in data["positions"]:
        if pos["actor"] == actor and pos["issue"] == issue:
            pos.update(values)
            return data
    raise AssertionError(f"no position {actor}/{issue}")


def wait_for(client: TestClient, job_id: str, headers: Headers, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = ok(client.get(f"{API}/jobs/{job_id}", headers=headers))
        if state["state"] in ("done", "failed"):
            return state
        assert time.monotonic() < deadline, f"job {job_id} still {state} after {timeout} s"
        time.sleep(0.2)


def by_issue(section: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["issue"]: i for i in section["issues"]}


# -- analyses: the same numbers as the CLI -------------------------------------------------
def test_forecast_equals_the_cli_section(client: TestClient, token: TokenFn) -> None:
    got = ok(client.get(f"{API}/presets/{PRESET}/forecast?draws=50", headers=token("victor")))
    expected = roundtrip(
        forecast_section(ScenarioAnalysis(load(PRESET), AnalysisSettings(draws=50)))
    )
    assert got["settings"]["draws"] == 50
    assert got["meta"]["kind"] == "preset" and got["meta"]["id"] == PRESET
    api, cli = by_issue(got["forecast"]), by_issue(expected)
    assert api.keys() == cli.keys() and len(api) == 7
    for issue, row in cli.items():
        assert api[issue]["feasible"] == row["feasible"], issue
        assert api[issue]["consent"] == row["consent"], issue
    assert got["forecast"] == expected


def test_proposals_equal_the_cli_section(client: TestClient, token: TokenFn) -> None:
    got = ok(client.get(f"{API}/presets/{PRESET}/proposals?draws=50", headers=token("amina")))
    expected = roundtrip(
        proposals_section(ScenarioAnalysis(load(PRESET), AnalysisSettings(draws=50)))
    )
    api = {r["proposal"]: r["p_all_required"] for r in got["proposals"]["ranked"]}
    cli = {r["proposal"]: r["p_all_required"] for r in expected["ranked"]}
    assert api == cli and cli
    assert got["proposals"] == expected


def test_settings_reach_the_analysis(client: TestClient, token: TokenFn) -> None:
    got = ok(
        client.get(
            f"{API}/presets/{PRESET}/forecast",
            params={"draws": 30, "seed": 7, "rounds": 5, "model": "median"},
            headers=token("amina"),
        )
    )
    cfg = AnalysisSettings(draws=30, seed=7, rounds=5, model="median")
    assert got["settings"] == roundtrip(cfg.to_dict())
    expected = roundtrip(forecast_section(ScenarioAnalysis(load(PRESET), cfg)))
    assert by_issue(got["forecast"]) == by_issue(expected)


def test_too_many_draws_inline_points_to_jobs(client: TestClient, token: TokenFn) -> None:
    for path in ("forecast", "proposals", "roadmaps", "trust"):
        r = client.get(f"{API}/presets/{PRESET}/{path}?draws=2001", headers=token("amina"))
        assert r.status_code == 422, r.text
        (line,) = r.json()["detail"]
        assert "draws: 2001 is more than 2000" in line and "job" in line


def test_stored_copy_gives_the_presets_numbers(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    key = copy_preset(client, h)
    stored = ok(client.get(f"{API}/scenarios/{key}/forecast?draws=30", headers=h))
    preset = ok(client.get(f"{API}/presets/{PRESET}/forecast?draws=30", headers=h))
    assert stored["meta"]["kind"] == "scenario" and stored["meta"]["number"] == key
    assert stored["forecast"] == preset["forecast"]


# -- scenarios: create, edit, versions, diff, export, delete --------------------------------
def test_scenario_lifecycle(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    key = copy_preset(client, h)
    assert key in {s["id"] for s in ok(client.get(f"{API}/scenarios", headers=h))}
    read = ok(client.get(f"{API}/scenarios/{key}", headers=h))
    assert read["scenario"] == roundtrip(to_data(load(PRESET)))

    original = roundtrip(read["scenario"])
    data = moved(read["scenario"], "dprk", "exchanges", position=20.0, position_range=[10, 30])
    saved = ok(
        client.put(
            f"{API}/scenarios/{key}", json={"scenario": data, "message": "DPRK cools"}, headers=h
        )
    )
    assert saved["latest"] == 2

    versions = ok(client.get(f"{API}/scenarios/{key}/versions", headers=h))
    assert [(v["number"], v["message"], v["author"]) for v in versions] == [
        (2, "DPRK cools", "amina"),
        (1, f"copied from preset {PRESET}", "amina"),
    ]
    diff = ok(client.get(f"{API}/scenarios/{key}/diff?a=1&b=2", headers=h))
    assert "-  position: 70.0" in diff["lines"] and "+  position: 20.0" in diff["lines"]
    assert not any(line.startswith(("+", "-")) and "salience" in line for line in diff["lines"])

    old = ok(client.get(f"{API}/scenarios/{key}?version=1", headers=h))
    assert old["meta"]["version"] == 1 and old["scenario"] == original
    new = ok(client.get(f"{API}/scenarios/{key}", headers=h))
    assert new["meta"]["version"] == 2
    assert new["scenario"] == roundtrip(to_data(scenario_from_data(data, "edited")))

    assert ok(client.delete(f"{API}/scenarios/{key}", headers=h), 204) is None
    assert client.get(f"{API}/scenarios/{key}", headers=h).status_code == 404
    assert key not in {s["id"] for s in ok(client.get(f"{API}/scenarios", headers=h))}


def test_saving_the_same_content_makes_no_version(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    key = copy_preset(client, h)
    data = ok(client.get(f"{API}/scenarios/{key}", headers=h))["scenario"]
    assert (
        ok(client.put(f"{API}/scenarios/{key}", json={"scenario": data}, headers=h))["latest"] == 1
    )


def test_create_from_data_and_its_checks(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    data = roundtrip(to_data(load(PRESET)))
    info = ok(
        client.post(
            f"{API}/scenarios",
            json={"scenario": data, "slug": "mine", "visibility": "team"},
            headers=h,
        ),
        201,
    )
    assert (info["slug"], info["visibility"]) == ("mine", "team")
    again = client.post(f"{API}/scenarios", json={"scenario": data, "slug": "mine"}, headers=h)
    assert again.status_code == 422 and "already has a scenario 'mine'" in again.text
    both = client.post(f"{API}/scenarios", json={"scenario": data, "copy_of": PRESET}, headers=h)
    assert both.status_code == 422 and "not both" in both.text
    unknown = client.post(f"{API}/scenarios", json={"copy_of": "korea-1900-01"}, headers=h)
    assert unknown.status_code == 422 and "not a shipped preset" in unknown.text
    foreign = client.post(
        f"{API}/scenarios", json={"copy_of": PRESET, "workspace": "otherteam"}, headers=h
    )
    assert foreign.status_code == 422 and "not a workspace of this account" in foreign.text


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_export(client: TestClient, token: TokenFn, fmt: str) -> None:
    h = token("amina")
    key = copy_preset(client, h)
    scenario = load(PRESET)
    r = client.get(f"{API}/scenarios/{key}/export?format={fmt}", headers=h)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"] == f'attachment; filename="{PRESET}.{fmt}"'
    if fmt in ("yaml", "json"):
        data = yaml.safe_load(r.text) if fmt == "yaml" else json.loads(r.text)
        assert scenario_from_data(data, "export") == scenario
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == len(scenario.positions)
        row = next(x for x in rows if (x["actor"], x["issue"]) == ("dprk", "exchanges"))
        assert float(row["position"]) == 70.0
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        assert {"actor", "issue", "position"} <= set(header)
        assert len(rows) - 1 == len(scenario.positions)
    preset = client.get(f"{API}/presets/{PRESET}/export?format={fmt}", headers=h)
    assert preset.status_code == 200 and preset.content == r.content


def test_bad_salience_names_the_field(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    change = {"actor": "dprk", "issue": "exchanges", "field": "salience", "value": 1.4}
    r = client.post(f"{API}/presets/{PRESET}/whatif", json={"changes": [change]}, headers=h)
    assert r.status_code == 422, r.text
    assert any(
        "positions[dprk][exchanges].salience" in line and "1.4 is above 1" in line
        for line in r.json()["detail"]
    ), r.json()

    key = copy_preset(client, h)
    data = ok(client.get(f"{API}/scenarios/{key}", headers=h))["scenario"]
    r = client.put(
        f"{API}/scenarios/{key}",
        json={"scenario": moved(data, "dprk", "exchanges", salience=1.4)},
        headers=h,
    )
    assert r.status_code == 422, r.text
    assert any(
        "positions[dprk][exchanges].salience" in line and "1.4 is above 1" in line
        for line in r.json()["detail"]
    ), r.json()
    assert ok(client.get(f"{API}/scenarios/{key}", headers=h))["meta"]["latest"] == 1


# -- what-if -------------------------------------------------------------------------------
def test_whatif_without_changes_is_the_baseline(client: TestClient, token: TokenFn) -> None:
    got = ok(
        client.post(f"{API}/presets/{PRESET}/whatif", json={"draws": 30}, headers=token("victor"))
    )
    assert got["changes"] == [] and got["result"] == got["baseline"]
    expected = whatif_data(ScenarioAnalysis(load(PRESET), AnalysisSettings(draws=30)))
    assert got["baseline"] == roundtrip(expected)


def test_whatif_moving_the_dprk_on_exchanges(client: TestClient, token: TokenFn) -> None:
    change = {"actor": "dprk", "issue": "exchanges", "field": "position", "value": 10.0}
    got = ok(
        client.post(
            f"{API}/presets/{PRESET}/whatif",
            json={"changes": [change], "draws": 30},
            headers=token("amina"),
        )
    )
    base, result = by_issue(got["baseline"]), by_issue(got["result"])
    assert result["exchanges"] != base["exchanges"]
    assert result["exchanges"]["unconstrained"] < base["exchanges"]["unconstrained"]
    changed = apply_changes(load(PRESET), [Change(**change)])
    expected = whatif_data(ScenarioAnalysis(changed, AnalysisSettings(draws=30)))
    assert got["result"] == roundtrip(expected)
    # Nothing was saved: the preset reads as before.
    assert (
        by_issue(
            ok(
                client.post(
                    f"{API}/presets/{PRESET}/whatif", json={"draws": 30}, headers=token("amina")
                )
            )["result"]
        )
        == base
    )


def test_whatif_unknown_position(client: TestClient, token: TokenFn) -> None:
    change = {"actor": "atlantis", "issue": "exchanges", "field": "position", "value": 10.0}
    r = client.post(
        f"{API}/presets/{PRESET}/whatif",
        json={"changes": [change], "draws": 30},
        headers=token("amina"),
    )
    assert r.status_code == 422
    assert "actor 'atlantis' has no position on issue 'exchanges'" in r.text


# -- jobs ----------------------------------------------------------------------------------
def test_forecast_job_matches_the_inline_forecast(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    job = ok(
        client.post(
            f"{API}/presets/{PRESET}/jobs", json={"kind": "forecast", "draws": 30}, headers=h
        ),
        202,
    )
    assert job["state"] in ("queued", "running", "done") and job["total"] == 7
    state = wait_for(client, job["id"], h, timeout=60)
    assert state["state"] == "done", state
    assert state["done"] == state["total"] == 7
    result = ok(client.get(f"{API}/jobs/{job['id']}/result", headers=h))
    inline = ok(client.get(f"{API}/presets/{PRESET}/forecast?draws=30", headers=h))
    assert by_issue(result) == by_issue(inline["forecast"])
    assert result == inline["forecast"]


def test_report_job_finishes(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    job = ok(
        client.post(
            f"{API}/presets/{SMALL_PRESET}/jobs", json={"kind": "report", "draws": 30}, headers=h
        ),
        202,
    )
    state = wait_for(client, job["id"], h, timeout=120)
    assert state["state"] == "done", state
    result = ok(client.get(f"{API}/jobs/{job['id']}/result", headers=h))
    assert SMALL_PRESET in json.dumps(result)[:5000]


def test_jobs_need_a_writer_and_a_known_job(client: TestClient, token: TokenFn) -> None:
    r = client.post(
        f"{API}/presets/{PRESET}/jobs",
        json={"kind": "forecast", "draws": 30},
        headers=token("victor"),
    )
    assert r.status_code == 403
    assert client.get(f"{API}/jobs/0123456789abcdef", headers=token("amina")).status_code == 404


# -- knowledge base ------------------------------------------------------------------------
def test_kb_timeline_and_filters(app: FastAPI, client: TestClient, token: TokenFn) -> None:
    h = token("victor")
    kb = app.state.platform.kb
    every = ok(client.get(f"{API}/kb/timeline", headers=h))
    assert every == [t.model_dump(mode="json") for t in kb.timeline()] and every
    dates = [t["date"] for t in every]
    assert dates == sorted(dates)
    filters = {"start": "2018", "end": "2019-06", "issue": "peace_regime", "kind": "talks"}
    some = ok(client.get(f"{API}/kb/timeline", params=filters, headers=h))
    assert some == [t.model_dump(mode="json") for t in kb.timeline(**filters)]
    assert some and len(some) < len(every)
    for t in some:
        assert t["kind"] == "talks"
        assert (t["end_date"] or t["date"]) >= "2018-01-01" and t["date"] <= "2019-06-30"
    bad = client.get(f"{API}/kb/timeline", params={"start": "18"}, headers=h)
    assert bad.status_code == 422 and "is not a date of the form YYYY" in bad.text
    bad = client.get(f"{API}/kb/timeline", params={"issue": "weather"}, headers=h)
    assert bad.status_code == 422 and "'weather' is not one of" in bad.text


def test_kb_search_record_errata(app: FastAPI, client: TestClient, token: TokenFn) -> None:
    h = token("victor")
    kb = app.state.platform.kb
    hits = ok(client.get(f"{API}/kb/search", params={"q": "summit", "limit": 5}, headers=h))
    assert hits == [x.model_dump(mode="json") for x in kb.search("summit", 5)]
    assert 0 < len(hits) <= 5
    assert ok(client.get(f"{API}/kb/search", params={"q": "?!"}, headers=h)) == []

    record = ok(client.get(f"{API}/kb/records/armistice-1953", headers=h))
    assert record["type"] == "agreement" and record["record"]["id"] == "armistice-1953"
    assert record["record"] == kb.show("armistice-1953").model_dump(mode="json")
    missing = client.get(f"{API}/kb/records/no-such-thing", headers=h)
    assert missing.status_code == 404 and "no-such-thing" in missing.text

    errata = ok(client.get(f"{API}/kb/errata", headers=h))
    assert errata == [e.model_dump(mode="json") for e in kb.errata()]
    assert errata and {e["verdict"] for e in errata} <= {"error", "imprecise"}
    every = ok(client.get(f"{API}/kb/errata?include_confirmed=true", headers=h))
    assert len(every) > len(errata)
    provision = ok(client.get(f"{API}/kb/records/{errata[0]['id']}", headers=h))
    assert provision["type"] == "erratum"


# -- accounts and the audit log ------------------------------------------------------------
def test_me_and_tokens(client: TestClient, token: TokenFn) -> None:
    me = ok(client.get(f"{API}/me", headers=token("amina")))
    assert (me["name"], me["role"]) == ("amina", "analyst") and len(me["workspaces"]) == 1
    new = ok(client.post(f"{API}/tokens", json={"label": "script"}, headers=token("amina")), 201)
    assert new["token"].startswith("pmn_") and new["label"] == "script"
    me2 = ok(client.get(f"{API}/me", headers={"Authorization": f"Bearer {new['token']}"}))
    assert me2 == me


def test_audit_log_shows_writes(client: TestClient, token: TokenFn) -> None:
    h, admin = token("amina"), token("alice")
    key = copy_preset(client, h)
    data = ok(client.get(f"{API}/scenarios/{key}", headers=h))["scenario"]
    ok(
        client.put(
            f"{API}/scenarios/{key}",
            json={"scenario": moved(data, "dprk", "exchanges", salience=0.75)},
            headers=h,
        )
    )
    ok(client.patch(f"{API}/scenarios/{key}", json={"visibility": "team"}, headers=h))
    ok(
        client.post(
            f"{API}/users",
            json={"name": "zoe", "password": "long enough pw", "role": "viewer"},
            headers=admin,
        ),
        201,
    )
    ok(client.delete(f"{API}/scenarios/{key}", headers=h), 204)

    assert client.get(f"{API}/audit", headers=h).status_code == 403
    log = ok(client.get(f"{API}/audit", headers=admin))
    actions = [e["action"] for e in log]
    assert actions[:5] == [
        "scenario.delete",
        "user.add",
        "scenario.visibility",
        "scenario.save",
        "scenario.create",
    ]
    entry = {e["action"]: e for e in log}
    assert {e["user"] for e in log[:5]} == {"amina", "alice"}
    assert entry["scenario.create"]["before"] is None
    assert entry["scenario.create"]["after"] == {"version": 1, "visibility": "private"}
    (before,) = entry["scenario.save"]["before"]["positions"]
    (after,) = entry["scenario.save"]["after"]["positions"]
    assert (before["actor"], before["issue"], before["salience"]) == ("dprk", "exchanges", 0.7)
    assert (after["actor"], after["issue"], after["salience"]) == ("dprk", "exchanges", 0.75)
    assert entry["scenario.visibility"]["before"] == {"visibility": "private"}
    assert entry["scenario.visibility"]["after"] == {"visibility": "team"}
    assert entry["scenario.delete"]["before"]["id"] == PRESET
    assert entry["scenario.delete"]["after"] is None
    assert entry["user.add"]["target"] == "user zoe"
    assert len(ok(client.get(f"{API}/audit?limit=2", headers=admin))) == 2


def test_users_admin_only(client: TestClient, token: TokenFn) -> None:
    names = [u["name"] for u in ok(client.get(f"{API}/users", headers=token("alice")))]
    assert names == ["alice", "amina", "otto", "victor"]
    assert client.get(f"{API}/users", headers=token("amina")).status_code == 403
    bad = client.post(
        f"{API}/users",
        json={"name": "Bad Name", "password": "long enough pw"},
        headers=token("alice"),
    )
    assert bad.status_code == 422 and "is not a valid name" in bad.text


def test_largest_seed(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    top = 2**63 - 1
    for path in ("forecast", "trust"):
        got = ok(client.get(f"{API}/presets/{PRESET}/{path}?draws=20&seed={top}", headers=h))
        assert got["settings"]["seed"] == top
        r = client.get(f"{API}/presets/{PRESET}/{path}?draws=20&seed={top + 1}", headers=h)
        assert r.status_code == 422 and "seed" in r.text


def test_trust_is_shared_by_settings_it_ignores(client: TestClient, token: TokenFn) -> None:
    h = token("amina")
    a = ok(client.get(f"{API}/presets/{PRESET}/trust?draws=20&seed=3", headers=h))
    b = ok(
        client.get(f"{API}/presets/{PRESET}/trust?draws=30&seed=3&rounds=4&model=mean", headers=h)
    )
    assert a["trust"] == b["trust"] and b["settings"]["draws"] == 30
    expected = trust_section(load(PRESET), 3, AnalysisSettings().trust_draws)
    assert a["trust"] == roundtrip(expected)
