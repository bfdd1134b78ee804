"""Fuzzing every operation of the JSON API from its OpenAPI document (schemathesis).

Whatever the input, the server answers with a 4xx naming the problem, never a 5xx. The
requests carry an analyst's API token (an admin's for the administration operations, so
that they get past the role check), run on SQLite only, over one application whose store
holds two copies of a preset, so that ``/scenarios/1`` resolves (and ``DELETE`` takes 2).

To keep the run short (about a minute), the fuzzed schema caps ``draws`` at
:data:`FUZZ_DRAWS` and a trust ranking's ``seed`` at :data:`TRUST_SEEDS`, and each
operation's preset and stored-scenario keys carry an example that resolves (the rest of the
keys are random). Jobs are accepted or refused as usual but not run. ``test_api`` checks the
over-the-limit draws, the largest seed and the jobs themselves.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", minversion="4.0")  # the 4.x API below

from panmun.scenario.loader import load_shipped  # noqa: E402
from panmun.web.app import create_app  # noqa: E402
from tests.web.conftest import ACCOUNTS, PASSWORD, cheap_hasher  # noqa: E402

PRESET = "korea-2000-06"
#: The most draws a fuzzed analysis may ask for (the bargaining model needs 20).
FUZZ_DRAWS = 24
#: The largest seed a fuzzed trust ranking may ask for.
TRUST_SEEDS = 3


def _set_maximum(schema: dict[str, Any], maximum: int) -> None:
    """Give an integer schema (or the integer option of ``anyOf``) a lower maximum."""
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") == "integer":
            option["maximum"] = maximum
            option.pop("exclusiveMaximum", None)


def _cap_draws(node: Any) -> None:
    """Lower every ``draws`` bound of the schema to :data:`FUZZ_DRAWS`, in place."""
    if isinstance(node, dict):
        if node.get("name") == "draws" and isinstance(node.get("schema"), dict):
            _set_maximum(node["schema"], FUZZ_DRAWS)  # a query parameter
        for key, value in node.items():
            if key == "draws" and isinstance(value, dict):
                _set_maximum(value, FUZZ_DRAWS)  # a property of a request body
            _cap_draws(value)
    elif isinstance(node, list):
        for item in node:
            _cap_draws(item)


def fuzz_document(app: FastAPI) -> dict[str, Any]:
    """The application's OpenAPI document, with capped draws and resolving key examples."""
    doc = copy.deepcopy(app.openapi())
    _cap_draws(doc)
    # Each seed's trust ranking takes seconds; the largest seed is checked by test_api.
    for path, ops in doc["paths"].items():
        if path.endswith("/trust"):
            for param in ops["get"]["parameters"]:
                if param["name"] == "seed":
                    _set_maximum(param["schema"], TRUST_SEEDS)
    for path, ops in doc["paths"].items():
        for op in ops.values():
            for param in op.get("parameters", []):
                if param["in"] == "path" and param["name"] == "key":
                    param["example"] = PRESET if path.startswith("/api/v1/presets/") else "1"
    # Deleting takes the second stored scenario, so that the first stays for the other routes.
    for param in doc["paths"]["/api/v1/scenarios/{key}"]["delete"]["parameters"]:
        if param["name"] == "key":
            param["example"] = "2"
    return doc


@pytest.fixture(scope="module")
def fuzzed_app(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[FastAPI]:
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    shutil.copyfile(sqlite_template, db)
    app = create_app(f"sqlite:///{db}", hasher=cheap_hasher())
    p = app.state.platform
    for name, (role, workspace) in ACCOUNTS.items():
        p.accounts.add_user(name, PASSWORD, role, workspace)
    amina = p.accounts.by_name("amina")
    p.scenarios.create(amina, load_shipped(PRESET))  # number 1
    p.scenarios.create(amina, load_shipped(PRESET), slug="to-delete")  # number 2
    # Jobs are queued (their requests fuzzed) but not run: test_api runs them.
    p.jobs._run = lambda *args: None
    yield app
    p.close()


@pytest.fixture(scope="module")
def auth(fuzzed_app: FastAPI) -> dict[str, dict[str, str]]:
    """Bearer headers: an analyst's, and an admin's for the administration operations."""
    accounts = fuzzed_app.state.platform.accounts
    out = {}
    for role, name in (("analyst", "amina"), ("admin", "alice")):
        user = accounts.by_name(name)
        assert user is not None
        out[role] = {"Authorization": f"Bearer {accounts.new_token(user, 'fuzz')}"}
    return out


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: FastAPI) -> Any:
    loaded = schemathesis.openapi.from_dict(fuzz_document(fuzzed_app))
    loaded.app = fuzzed_app
    return loaded


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    # schemathesis' lazy schemas read (and rename) ``node._nodeid``, which pytest 9 dropped.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("PANMUN_FUZZ_EXAMPLES", "8")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_server_errors(case: Any, auth: dict[str, dict[str, str]]) -> None:
    admin = "administration" in (case.operation.definition.raw.get("tags") or [])
    response = case.call(headers=auth["admin" if admin else "analyst"])
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
        f"\n{case.as_curl_command()}"
    )
