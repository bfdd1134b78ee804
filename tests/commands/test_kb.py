"""``panmun kb``: every command through the CLI, on a SQLite file in a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.cli import app
from panmun.knowledge.api import KnowledgeBase
from panmun.knowledge.catalogue import shipped_catalogue

runner = CliRunner()
CAT = shipped_catalogue()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kb-cli") / "kb.sqlite3"
    KnowledgeBase.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A seeded SQLite file; PANMUN_DATA_DIR points away from the real home folder."""
    monkeypatch.setenv("PANMUN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PANMUN_DB", raising=False)
    target = tmp_path / "kb.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def kb(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["kb", *args], env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_commands_with_an_example() -> None:
    code, out, _ = kb("--help")
    assert code == 0
    for command in (
        "init",
        "timeline",
        "show",
        "search",
        "import",
        "export",
        "errata",
        "root-causes",
    ):
        assert command in out
    assert "Example: panmun kb" in out


def test_init_uses_the_data_dir_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANMUN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PANMUN_DB", raising=False)
    code, out, _ = kb("init")
    assert code == 0, out
    assert (tmp_path / "data" / "knowledge.sqlite3").is_file()
    assert f"{len(CAT.entries)} entries" in out


def test_init_empty_and_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    monkeypatch.setenv("PANMUN_DB", url)
    code, out, _ = kb("init", "--empty")
    assert code == 0 and "schema ready" in out
    code, out, _ = kb("timeline", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_timeline_json_and_table(db: str) -> None:
    code, out, _ = kb("--db", db, "timeline", "--from", "2018", "--to", "2018-06",
                      "--kind", "agreement", "--format", "json")  # fmt: skip
    assert code == 0
    assert [i["id"] for i in json.loads(out)] == [
        "panmunjom-declaration-2018",
        "singapore-statement-2018",
    ]
    code, out, _ = kb("--db", db, "timeline", "--issue", "two_states")
    assert code == 0 and "Timeline" in out and "june-15-declaration-2000" in out


def test_bad_arguments_exit_with_code_2(db: str) -> None:
    for args, fragment in (
        (("timeline", "--issue", "unification"), "--issue"),
        (("timeline", "--format", "xml"), "--format"),
        (("show", "nothing-here"), "not the id"),
        (("export", "--format", "xml"), "--format"),
        (("import", "x.json", "--format", "xml"), "--format"),
    ):
        code, _, err = kb("--db", db, *args)
        assert code == 2, args
        assert fragment in err and "Traceback" not in err


def test_bad_database_url_exits_with_code_2() -> None:
    code, _, err = kb("--db", "nosuchdialect://x", "errata")
    assert code == 2 and "not a usable database URL" in err


def test_show_each_kind(db: str) -> None:
    code, out, _ = kb("--db", db, "show", "pyongyang-declaration-2018")
    assert code == 0 and "Provisions" in out and "pyongyang-2018.dongchang-ri" in out
    code, out, _ = kb("--db", db, "show", "six-party-talks")
    assert code == 0 and "Failure factors" in out
    code, out, _ = kb("--db", db, "show", "cma-2018.guard-posts", "--format", "json")
    assert json.loads(out)["entry_id"] == "comprehensive-military-agreement-2018"
    for item in ("cma-2018.guard-posts", "paper-six-party-end", "kedo-2002-11-14-executive-board"):
        code, out, _ = kb("--db", db, "show", item)
        assert code == 0 and out.strip()


def test_search(db: str) -> None:
    code, out, _ = kb("--db", db, "search", "liaison office", "--format", "json")
    assert code == 0
    assert "liaison-office-demolished-2020" in {h["id"] for h in json.loads(out)}
    code, out, _ = kb("--db", db, "search", "Kaesong", "--limit", "3")
    assert code == 0 and "matches for 'Kaesong'" in out


def test_errata(db: str) -> None:
    code, out, _ = kb("--db", db, "errata", "--format", "json")
    assert {x["verdict"] for x in json.loads(out)} == {"error", "imprecise"}
    code, out, _ = kb("--db", db, "errata", "--all", "--format", "json")
    assert len(json.loads(out)) == len(CAT.errata)
    code, out, _ = kb("--db", db, "errata")
    assert code == 0 and "paper-october-2007" in out


def test_root_causes(db: str) -> None:
    code, out, _ = kb("--db", db, "root-causes", "--format", "json")
    assert [r["root_cause"] for r in json.loads(out)][:3] == [
        "political_systems",
        "nuclear",
        "external_powers",
    ]
    code, out, _ = kb("--db", db, "root-causes")
    assert code == 0 and "reversed" in out


def test_export_and_import_round_trip(db: str, tmp_path: Path) -> None:
    code, exported, _ = kb("--db", db, "export", "--format", "csv")
    assert code == 0 and exported.startswith("record_type,")
    out_file = tmp_path / "kb.json"
    code, _, err = kb("--db", db, "export", "--out", str(out_file))
    assert code == 0 and "Wrote" in err
    empty = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert kb("--db", empty, "init", "--empty")[0] == 0
    code, out, _ = kb("--db", empty, "import", str(out_file))
    assert code == 0 and f"{len(CAT.entries)} entries" in out
    assert kb("--db", empty, "export", "--format", "csv")[1] == exported


def test_a_broken_import_reports_rows_and_exits_2(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_type,id,title\nsource,s1,\nwhatever,x,\n", encoding="utf-8")
    code, _, err = kb("--db", db, "import", str(bad))
    assert code == 2
    assert "row 2:" in err and "row 3: record_type" in err
