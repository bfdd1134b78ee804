"""Hostile and malformed files thrown at every reader: exit 0 or 2, never a traceback.

Each reader gets random bytes, random text, truncated valid files and valid files with one
value replaced by something of the wrong kind. ``FUZZ_EXAMPLES`` cases run per reader and
format (the README records the total).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from panmun.cli import app

RUNNER = CliRunner()
FIXTURES = Path(__file__).parents[1] / "fixtures"
FUZZ_EXAMPLES = 40
SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


def _mutants(base: Any) -> st.SearchStrategy[Any]:
    paths = _paths(base)

    @st.composite
    def mutate(draw: st.DrawFn) -> Any:
        data = json.loads(json.dumps(base, default=str))
        path = paths[draw(st.integers(min_value=0, max_value=len(paths) - 1))]
        return _replace(data, path, draw(ODD))

    return mutate()


def _text_inputs(valid: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=300),
        st.integers(min_value=0, max_value=len(valid)).map(lambda n: valid[:n]),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    )


def _run(args: list[str]) -> None:
    result = RUNNER.invoke(app, args)
    assert result.exit_code in (0, 2), (args, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


MINI = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


@SETTINGS
@given(data=_mutants(MINI))
def test_scenario_files_with_a_wrong_value(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _run(["scenarios", "validate", str(path)])
    json_path = tmp_path / "s.json"
    json_path.write_text(json.dumps(data), encoding="utf-8")
    _run(["scenarios", "validate", str(json_path)])


@SETTINGS
@given(text=_text_inputs((FIXTURES / "mini.yaml").read_text(encoding="utf-8")))
def test_scenario_files_of_random_text(tmp_path: Path, text: str) -> None:
    for name in ("s.yaml", "s.json"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _run(["scenarios", "validate", str(path)])


CSV = "actor,capability,position,salience\na,0.5,10,0.5\nb,0.3,70,0.9\nc,0.2,40,0.4\n"


@SETTINGS
@given(text=_text_inputs(CSV))
def test_forecast_csv_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _run(["forecast", str(path), "--draws", "3", "--rounds", "2"])


LIB = {
    "proposals": [
        {
            "id": "p",
            "name": "P",
            "kind": "user",
            "description": "d",
            "terms": [
                {"issue": "talks", "value": 5, "value_range": [4, 6], "estimate": "analyst",
                 "rationale": "r"}
            ],
        }
    ],
    "roadmaps": [
        {"id": "r", "name": "R", "description": "d",
         "phases": [{"name": "one", "proposal": "p", "rationale": "r"}]}
    ],
}  # fmt: skip


@SETTINGS
@given(data=_mutants(LIB))
def test_proposal_files(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    scenario = str(FIXTURES / "mini.yaml")
    _run(["proposals", "evaluate", "all", "--scenario", scenario, "--file", str(path),
          "--draws", "5"])  # fmt: skip
    _run(["proposals", "roadmap", "all", "--scenario", scenario, "--file", str(path),
          "--draws", "5", "--trust-draws", "2"])  # fmt: skip


@pytest.fixture(scope="module")
def kb_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    folder = tmp_path_factory.mktemp("kb")
    db = f"sqlite:///{folder / 'kb.sqlite3'}"
    exported = RUNNER.invoke(app, ["kb", "export", "--format", "json", "--db", db])
    csv_text = RUNNER.invoke(app, ["kb", "export", "--format", "csv", "--db", db]).stdout
    return db, exported.stdout, csv_text


def _entry_count(db: str) -> int:
    out = RUNNER.invoke(app, ["kb", "timeline", "--format", "json", "--db", db]).stdout
    return len(json.loads(out))


@SETTINGS
@given(seed=st.integers(min_value=0, max_value=10**6), kind=st.sampled_from(["json", "csv"]))
def test_knowledge_imports_are_all_or_nothing(
    tmp_path: Path, kb_files: tuple[str, str, str], seed: int, kind: str
) -> None:
    db, json_text, csv_text = kb_files
    before = _entry_count(db)
    rng = random.Random(seed)
    if kind == "json":
        data = json.loads(json_text)
        paths = _paths(data)
        path = paths[rng.randrange(len(paths))]
        text = json.dumps(_replace(data, path, rng.choice([None, -1, "", "x", [], {}, 1e308])))
    else:
        lines = csv_text.splitlines()
        k = rng.randrange(1, len(lines))
        cells = lines[k].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(["", "x", "2020-13-01", "nuclear;x", "[b]"])
        lines[k] = ",".join(cells)
        text = "\n".join(lines[: rng.randrange(2, len(lines) + 1)]) + "\n"
    path = tmp_path / f"import.{kind}"
    path.write_text(text, encoding="utf-8")
    result = RUNNER.invoke(app, ["kb", "import", str(path), "--db", db])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert _entry_count(db) == before  # a failed import changes nothing


PAX_HEAD = (
    "Con,Contp,PP,PPName,Reg,AgtId,Ver,Agt,Dat,Status,Lgt,N_characters,Agtp,Stage,StageSub,"
    "Part,ThrdPart,OthAgr,Loc1ISO,Loc2ISO,Loc1GWNO,Loc2GWNO,UcdpCon,UcdpAgr,PamAgr,CowWar,"
    "Interim,ImSrc"
)


@SETTINGS
@given(row=st.lists(st.text(max_size=12).filter(lambda t: "\n" not in t and "\r" not in t),
                    min_size=0, max_size=30))  # fmt: skip
def test_pax_files(tmp_path: Path, kb_files: tuple[str, str, str], row: list[str]) -> None:
    db = kb_files[0]
    path = tmp_path / "pax.csv"
    path.write_text(PAX_HEAD + "\n" + ",".join(row) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["kb", "import", str(path), "--format", "pax", "--db", db])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
