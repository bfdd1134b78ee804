"""Nothing in panmun's code depends on the Korean data: Korea lives in ``src/panmun/data/``.

The ids of the Korean presets (their scenario, context, actor, issue and relationship ids, and
the shipped proposal and roadmap ids that only Korean issues use) may not appear as a string
value in the code or templates outside ``data/``: code that compared an actor with ``"dprk"``
or picked the issue ``"exchanges"`` would treat one region differently from another. The
check reads string values from the syntax tree, so it skips what no code path acts on:
docstrings, comments, and prose that merely mentions an id as an example (help texts such as
"Example: panmun forecast korea-2018-04" are whole sentences, never equal to an id). Strings
inside ``Literal[...]`` are a type's vocabulary (the event type "sanctions" is a kind of
event, not the issue), so they are skipped too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from panmun.proposals.api import shipped_library
from panmun.scenario import load, shipped_ids

SRC = Path(__file__).resolve().parents[1] / "src" / "panmun"
KOREAN_CONTEXT = "korean-peninsula"


def korean_ids() -> set[str]:
    """Ids that belong to the Korean presets and to no preset of another context."""
    korean: set[str] = {KOREAN_CONTEXT}
    other: set[str] = set()
    for sid in shipped_ids():
        s = load(sid)
        ids = {s.id} | {a.id for a in s.actors} | {i.id for i in s.issues}
        ids |= {r.id for r in s.relationships}
        (korean if s.context == KOREAN_CONTEXT else other).update(ids)
    issues = {i for i in korean if i not in other}
    lib = shipped_library()
    for p in lib.proposals:
        if p.terms and {t.issue for t in p.terms} <= issues:
            korean.add(p.id)
    for r in lib.roadmaps:
        by_id = {p.id: p for p in lib.proposals}
        terms = {t.issue for ph in r.phases for t in by_id[ph.proposal].terms}
        if terms and terms <= issues:
            korean.add(r.id)
    return korean - other


def code_files() -> list[Path]:
    return sorted(
        p
        for p in SRC.rglob("*")
        if p.suffix in (".py", ".j2", ".html") and "data" not in p.relative_to(SRC).parts
    )


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.add(id(value))
    return out


def _literal_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
            out.update(id(n) for n in ast.walk(node.slice))
    return out


def python_strings(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every string constant that is neither a docstring nor a Literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstring_nodes(tree) | _literal_nodes(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def template_strings(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every quoted string in a template."""
    out = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        out += [(k, m.group(2)) for m in re.finditer(r"(['\"])([^'\"]*)\1", line)]
    return out


def test_the_korean_ids_are_found() -> None:
    ids = korean_ids()
    assert {"rok", "dprk", "denuclearization", "korea-2026-05", "rok-dprk-2026-05"} <= ids
    assert "cambodia_government" not in ids


@pytest.mark.parametrize("path", code_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_korean_id_in_code(path: Path) -> None:
    ids = korean_ids()
    strings = python_strings(path) if path.suffix == ".py" else template_strings(path)
    found = [
        f"{path.relative_to(SRC)}:{line}: {value!r}" for line, value in strings if value in ids
    ]
    assert found == [], "Korean ids in code:\n" + "\n".join(found)


def test_the_check_sees_an_id_in_code(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstring naming dprk."""\nfrom typing import Literal\n'
        'Kind = Literal["sanctions"]\nWHO = "dprk"\n',
        encoding="utf-8",
    )
    assert [v for _, v in python_strings(sample)] == ["dprk"]
