"""The platform's services below the HTTP layer: accounts, stored scenarios, jobs, what-ifs."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from panmun.analysis import AnalysisSettings
from panmun.errors import InputError
from panmun.scenario import load
from panmun.web import accounts as acc
from panmun.web.analyses import AnalysisCache, Change, apply_changes, section
from panmun.web.i18n import choose, translations
from panmun.web.scenarios import Forbidden, NotFound, _changed

PRESET = "korea-2018-04"


def _users(app: FastAPI) -> dict[str, acc.User]:
    a = app.state.platform.accounts
    return {u.name: u for u in a.users()}


def test_passwords_are_stored_as_argon2_hashes(app: FastAPI) -> None:
    from sqlalchemy import select

    from panmun.web.db import UserRow

    with app.state.platform.sessions() as s:
        hashes = list(s.scalars(select(UserRow.password_hash)))
    assert hashes
    assert all(h.startswith("$argon2id$") for h in hashes)


def test_sessions_expire_and_end(app: FastAPI) -> None:
    from panmun.web.db import SessionRow

    a = app.state.platform.accounts
    user = _users(app)["amina"]
    cookie, csrf = a.start_session(user)
    assert a.session(cookie) == (user, csrf)
    with app.state.platform.sessions.begin() as s:
        row = s.get(SessionRow, acc.digest(cookie))
        row.expires_at = acc.now() - dt.timedelta(seconds=1)
    assert a.session(cookie) is None
    cookie, _ = a.start_session(user)
    a.end_session(cookie)
    assert a.session(cookie) is None


def test_a_new_password_ends_the_sessions(app: FastAPI) -> None:
    a = app.state.platform.accounts
    user = _users(app)["amina"]
    cookie, _ = a.start_session(user)
    a.set_password("amina", "another long one")
    assert a.session(cookie) is None
    assert a.authenticate("amina", "another long one", "test").name == "amina"
    with pytest.raises(InputError, match="no account named 'nobody'"):
        a.set_password("nobody", "another long one")


def test_the_rate_limit_counts_per_client_too(app: FastAPI) -> None:
    a = app.state.platform.accounts
    for k in range(acc.CLIENT_LIMIT):
        with pytest.raises(acc.LoginRefused):
            a.authenticate(f"ghost{k}", "wrong password", "10.0.0.9")
    with pytest.raises(acc.TooManyAttempts) as caught:
        a.authenticate("amina", "correct horse battery", "10.0.0.9")
    assert 1 <= caught.value.retry_after <= acc.WINDOW.total_seconds() + 1
    assert a.authenticate("amina", "correct horse battery", "10.0.0.10").name == "amina"


def test_scenario_access_rules(app: FastAPI) -> None:
    p = app.state.platform
    u = _users(app)
    info = p.scenarios.create(u["amina"], load(PRESET), slug="private-one")
    assert p.scenarios.info(u["victor"], info.id).slug == "private-one"  # same workspace
    with pytest.raises(NotFound):
        p.scenarios.info(u["otto"], info.id)
    with pytest.raises(Forbidden):
        p.scenarios.save(u["victor"], info.id, load(PRESET))
    with pytest.raises(Forbidden):
        p.scenarios.create(u["victor"], load(PRESET))
    p.scenarios.set_visibility(u["amina"], info.id, "team")
    assert p.scenarios.info(u["otto"], info.id).visibility == "team"
    with pytest.raises(Forbidden):
        p.scenarios.delete(u["otto"], info.id)
    assert p.scenarios.can_write(u["alice"], info.id)  # admins write anywhere
    with pytest.raises(InputError, match="already has a scenario 'private-one'"):
        p.scenarios.create(u["amina"], load(PRESET), slug="private-one")
    with pytest.raises(InputError, match="visibility: 'public' is not one of"):
        p.scenarios.set_visibility(u["amina"], info.id, "public")
    with pytest.raises(InputError, match="is not a workspace of this account"):
        p.scenarios.create(u["amina"], load(PRESET), workspace="otherteam")
    with pytest.raises(InputError, match="slug: 'Bad Slug' is not a valid id"):
        p.scenarios.create(u["amina"], load(PRESET), slug="Bad Slug")
    p.scenarios.delete(u["amina"], info.id)
    with pytest.raises(NotFound):
        p.scenarios.info(u["amina"], info.id)
    actions = [e["action"] for e in p.scenarios.audit_log()]
    assert actions[:3] == ["scenario.delete", "scenario.visibility", "scenario.create"]


def test_audit_keeps_what_changed_before_and_after(app: FastAPI) -> None:
    p = app.state.platform
    amina = _users(app)["amina"]
    s = load(PRESET)
    info = p.scenarios.create(amina, s, slug="audited")
    changed = s.model_copy(update={"title": "A new title"})
    p.scenarios.save(amina, info.id, changed, "retitled")
    entry = p.scenarios.audit_log(1)[0]
    assert entry["action"] == "scenario.save"
    assert entry["before"] == {"title": s.title}
    assert entry["after"] == {"title": "A new title"}
    assert p.scenarios.versions(amina, info.id)[0].message == "retitled"


def test_changed_compares_lists_of_records_by_key() -> None:
    a = {"positions": [{"actor": "x", "issue": "i", "v": 1}, {"actor": "y", "issue": "i", "v": 2}]}
    b = {"positions": [{"actor": "x", "issue": "i", "v": 1}, {"actor": "y", "issue": "i", "v": 3}]}
    assert _changed(a, b) == {"positions": [{"actor": "y", "issue": "i", "v": 2}]}
    assert _changed(None, b) is None


def test_jobs_run_in_the_background_and_report_failures(app: FastAPI) -> None:
    p = app.state.platform
    amina = _users(app)["amina"]
    s = load(PRESET)
    job = p.jobs.submit(amina, "forecast", f"preset:{PRESET}", 1, s, AnalysisSettings(draws=20))
    assert job.state == "queued"
    assert job.total == len(s.issues)
    deadline = time.monotonic() + 60
    while (state := p.jobs.get(job.id)) and state.state not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert state is not None
    assert state.state == "done", state.error
    result = p.jobs.result(job.id)
    assert result is not None
    assert [i["issue"] for i in result["issues"]] == [i.id for i in s.issues]
    assert p.jobs.for_scenario(f"preset:{PRESET}")[0].id == job.id
    with pytest.raises(InputError, match="kind: 'movie' is not one of"):
        p.jobs.submit(amina, "movie", f"preset:{PRESET}", 1, s, AnalysisSettings())
    assert p.jobs.get("nope") is None


def test_whatif_moves_the_value_and_its_range() -> None:
    s = load(PRESET)
    pos = next(q for q in s.positions if q.actor == "dprk" and q.issue == "exchanges")
    moved = apply_changes(s, [Change(actor="dprk", issue="exchanges", field="position",
                                     value=pos.position + 5)])  # fmt: skip
    new = next(q for q in moved.positions if q.actor == "dprk" and q.issue == "exchanges")
    assert new.position == pos.position + 5
    scale = s.issue("exchanges").scale
    assert new.position_range[0] == max(scale.min, pos.position_range[0] + 5)
    assert new.position_range[1] == min(scale.max, pos.position_range[1] + 5)
    with pytest.raises(InputError, match="actor 'nobody' has no position on issue 'exchanges'"):
        apply_changes(s, [Change(actor="nobody", issue="exchanges", field="salience", value=0.5)])


@given(value=st.floats(0.0, 1.0))
def test_whatif_keeps_salience_ranges_valid(value: float) -> None:
    s = load(PRESET)
    moved = apply_changes(s, [Change(actor="rok", issue="exchanges", field="salience",
                                     value=value)])  # fmt: skip
    q = next(q for q in moved.positions if q.actor == "rok" and q.issue == "exchanges")
    assert 0.0 <= q.salience_range[0] <= value <= q.salience_range[1] <= 1.0


def test_the_cache_computes_each_section_once() -> None:
    cache = AnalysisCache(size=1)
    s = load(PRESET)
    cfg = AnalysisSettings(draws=20)
    first = cache.section("k", s, cfg, "whatif")
    assert cache.section("k", s, cfg, "whatif") is first
    cache.section("other", s, cfg, "whatif")  # evicts "k"
    assert cache.section("k", s, cfg, "whatif") is not first
    assert cache.analysis("k", s, cfg).settings == cfg
    with pytest.raises(InputError, match="section: 'nothing' is not one of"):
        section(cache.analysis("k", s, cfg), "nothing")


def test_language_choice_and_catalogue() -> None:
    assert choose(None, None, "ko-KR,ko;q=0.9,en;q=0.8") == "ko"
    assert choose("en", None, "ko-KR") == "en"
    assert choose("en", "ko", None) == "ko"
    assert choose(None, "xx", "fr-FR") == "en"
    assert translations("en").gettext("Scenarios") == "Scenarios"
    assert translations("xx").gettext("Scenarios") == "Scenarios"
