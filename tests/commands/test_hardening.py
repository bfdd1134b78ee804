"""Bad input and hostile files: one clear line, exit code 2, nothing written, memory bounded."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.cli import app
from panmun.errors import InputError
from panmun.files import write_texts_atomic

RUNNER = CliRunner()
MINI = str(Path(__file__).parents[1] / "fixtures" / "mini.yaml")


def _fails(args: list[str], expected: str) -> str:
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    return result.output


def test_output_paths_that_cannot_be_written(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    _fails(
        ["analyze", MINI, "--out", str(a_file / "report"), "--draws", "5", "--rounds", "2"],
        "cannot be written (Not a directory)",
    )
    _fails(
        ["analyze", MINI, "--out", "/proc/panmun", "--draws", "5", "--rounds", "2"],
        "/proc/panmun/report.json: cannot be written",
    )
    _fails(
        ["scenarios", "export", MINI, "--format", "json", "--out", "/proc/k.json"],
        "/proc/k.json: cannot be written",
    )
    assert a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_folder_is_reported(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root may write into read-only folders")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        _fails(["analyze", MINI, "--out", str(ro), "--draws", "5"], "cannot be written")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    good = tmp_path / "a.json"
    with pytest.raises(InputError, match="cannot be written"):
        write_texts_atomic({good: "{}", Path("/proc/panmun/b.html"): "<html>"})
    assert not good.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file is left behind
    write_texts_atomic({good: "{}", tmp_path / "b.html": "<html>"})
    assert good.read_text(encoding="utf-8") == "{}"


def test_huge_runs_are_refused_before_anything_is_allocated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = time.perf_counter()
    _fails(
        ["forecast", "korea-2018-04", "--issue", "denuclearization", "--draws", "1000000000"],
        "draws: 1000000000 would need about",
    )
    _fails(
        ["trust", "simulate", "--player1", "tft", "--player2", "tft", "--reps", "1000000000"],
        "--reps: 1000000000 would need about",
    )
    _fails(
        ["proposals", "evaluate", "all", "--scenario", MINI, "--draws", "2000000000"],
        "--draws: 2000000000 would need about",
    )
    assert time.perf_counter() - start < 10
    monkeypatch.setenv("PANMUN_MEMORY_GIB", "0.0001")  # about 100 KiB
    _fails(["forecast", MINI, "--draws", "5000"], "above the budget of 105 KiB")
    monkeypatch.setenv("PANMUN_MEMORY_GIB", "lots")
    _fails(["forecast", MINI, "--draws", "5"], "PANMUN_MEMORY_GIB: 'lots' is not a positive")
    monkeypatch.setenv("PANMUN_MEMORY_GIB", "1")
    assert RUNNER.invoke(app, ["forecast", MINI, "--draws", "20"]).exit_code == 0


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for k, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[k]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bomb.stat().st_size < 600
    _fails(
        ["scenarios", "validate", str(bomb)],
        f"{bomb}: line 2, column 8: YAML aliases (*a) are not allowed in data files",
    )


def test_a_missing_database_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    _fails(
        ["kb", "timeline", "--db", "postgresql://user@127.0.0.1:1/none"],
        "pip install 'panmun[postgres]'",
    )


def _command_paths() -> list[list[str]]:
    import typer.main

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "panmun")
def test_help_shows_placeholders_not_python_types(path: list[str]) -> None:
    result = RUNNER.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for internal in ("<str>", "<int", "<float", "<bool>", "<path>", "list[", "x>=", "x<="):
        assert internal not in result.output, (path, internal)


def test_usage_errors_are_one_line_in_the_common_style() -> None:
    result = RUNNER.invoke(app, ["analyze", "--draws", "abc"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "'--draws'" in lines[0] and "panmun analyze --help" in lines[0]
    result = RUNNER.invoke(app, ["nonsense"])
    assert result.exit_code == 2 and result.output.startswith("error: No such command")


def test_version() -> None:
    from panmun import __version__

    result = RUNNER.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"panmun {__version__}"


BRACKETS = "The joint [liaison office] agreed [/bold] [signed] [b]"


def test_bracketed_text_is_shown_literally_by_every_command(tmp_path: Path) -> None:
    import json

    db = f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    exported = RUNNER.invoke(app, ["kb", "export", "--format", "json", "--db", db])
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.stdout)
    entry = next(e for e in data["entries"] if e.get("provisions"))
    entry["title"] = BRACKETS
    entry["provisions"][0]["summary"] = BRACKETS
    data["errata"][0]["claim"] = BRACKETS
    data["errata"][0]["verdict"] = "error"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    assert RUNNER.invoke(app, ["kb", "import", str(changed), "--db", db]).exit_code == 0
    for args in (
        ["kb", "timeline"],
        ["kb", "search", "liaison"],
        ["kb", "search", "[/bold]"],
        ["kb", "show", entry["id"]],
        ["kb", "errata"],
        ["kb", "root-causes"],
    ):
        result = RUNNER.invoke(app, [*args, "--db", db], env={"COLUMNS": "400"})
        assert result.exit_code == 0, (args, result.output)
        if args[1] != "search" or args[2] == "liaison":
            assert BRACKETS in result.output, args
    # scenarios and proposals print user text the same way
    import yaml

    scenario = yaml.safe_load(Path(MINI).read_text(encoding="utf-8"))
    scenario["title"] = BRACKETS
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    shown = RUNNER.invoke(app, ["scenarios", "show", str(path)], env={"COLUMNS": "400"})
    assert shown.exit_code == 0 and BRACKETS in shown.output
