"""``panmun kb compile``: a fixture's provisions on a topic, written as Markdown, Word or PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from panmun.cli import app
from panmun.knowledge.catalogue import catalogue_from_data
from panmun.knowledge.io import to_json

from ..knowledge.test_compile import FIXTURE

runner = CliRunner()


def kb(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["kb", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database holding only the fixture's records (built once)."""
    folder = tmp_path_factory.mktemp("kb-compile")
    path, export = folder / "kb.sqlite3", folder / "fixture.json"
    export.write_text(to_json(catalogue_from_data(FIXTURE, "fixture")), encoding="utf-8")
    assert kb("init", "--empty", "--db", f"sqlite:///{path}")[0] == 0
    code, _, err = kb("import", str(export), "--db", f"sqlite:///{path}")
    assert code == 0, err
    return path


@pytest.fixture
def db(tmp_path: Path, template: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PANMUN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PANMUN_DB", raising=False)
    target = tmp_path / "kb.sqlite3"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def test_compile_lists_the_expected_provisions(db: str, tmp_path: Path) -> None:
    out = tmp_path / "nuclear.md"
    code, _, err = kb("compile", "--issue", "denuclearization", "--out", str(out), "--db", db)
    assert code == 0, err
    assert f"Wrote {out}: 3 provisions of 2 agreements" in err
    text = out.read_text(encoding="utf-8")
    listed = [
        line.split("**")[1] for line in text.splitlines() if line[:1].isdigit() and "**" in line
    ]
    assert listed == ["Commitment c1.", "Commitment a1.", "Commitment a3."]
    assert text.index("## Compact of 1995") < text.index("## Accord of 2010")
    assert "Outcome: implemented, then reversed (by 2012-05)." in text
    assert "Commitment a2." not in text  # on exchanges, not on the topic


def test_root_cause_and_years(db: str, tmp_path: Path) -> None:
    out = tmp_path / "since-2000.md"
    code, _, err = kb(
        "compile", "--root-cause", "nuclear", "--from", "2000", "--to", "2014",
        "--out", str(out), "--db", db,
    )  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "Agreements signed from 2000-01-01 to 2014-12-31." in text
    assert "Commitment a1." in text and "Commitment c1." not in text


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_word_and_pdf_give_the_same_bytes_for_the_same_records(
    db: str, tmp_path: Path, suffix: str
) -> None:
    if suffix == ".pdf":
        pytest.importorskip("weasyprint")
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    for out in (first, second):
        code, _, err = kb("compile", "--issue", "exchanges", "--out", str(out), "--db", db)
        assert code == 0, err
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert data.startswith(b"%PDF" if suffix == ".pdf" else b"PK")


@pytest.mark.parametrize(
    ("args", "messages"),
    [
        (["--out", "x.txt"], ["--out: 'x.txt' does not end in .md, .docx, .pdf"]),
        (
            ["--issue", "nope", "--from", "20", "--out", "x.md"],
            [
                "--from: '20' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
                "--issue: 'nope' is not one of",
            ],
        ),
        (["--from", "2014", "--to", "2012", "--out", "x.md"], ["--from: 2014-01-01 is after"]),
        (
            ["--issue", "sanctions", "--from", "2011", "--out", "x.md"],
            ["no coded provision matches --issue 'sanctions', --from 2011-01-01"],
        ),
    ],
)
def test_bad_input_writes_nothing(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], messages: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    code, out, err = kb("compile", *args, "--db", db)
    assert code == 2 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == len(messages)
    for line, message in zip(lines, messages, strict=True):
        assert line.startswith("error: ") and message in line
    assert set(tmp_path.iterdir()) == before


def test_an_unwritable_target_is_one_line(db: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = kb("compile", "--out", str(blocker / "out.md"), "--db", db)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {blocker / 'out.md'}: cannot be written")
