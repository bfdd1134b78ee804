"""Read and write scenario files (YAML or JSON), and find the shipped presets.

A scenario file may spell out every actor, issue and source, or name shared records by id:
a plain string in ``actors``, ``issues``, ``sources`` or ``relationships`` refers to the
shipped library under ``panmun/data`` (``actors.yaml``, ``issues.yaml``, the files of
``bibliography/`` and ``relationships.yaml``). Loading expands those references, so an
exported scenario is always self-contained.

Every problem in a file is reported at once, one line each, as
``file: field.path: message`` (for example
``korea.yaml: positions[dprk][denuclearization].salience: 1.4 is above 1``).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from panmun.errors import InputError
from panmun.files import read_text_file
from panmun.scenario.models import Problem, Scenario, ScenarioProblems, fmt_value
from panmun.yaml_reader import load_yaml

ExportFormat = Literal["yaml", "json"]

#: Fields whose string entries are references into the shipped library. Relationships come
#: before sources: a shipped relationship brings the ids of the sources it cites.
LIBRARY_FIELDS = ("actors", "issues", "relationships", "sources")


def data_dir() -> Traversable:
    """Return the folder of shipped data inside the installed package."""
    return resources.files("panmun").joinpath("data")


# -- reading text ----------------------------------------------------------------------------
def _parse(text: str, name: str) -> Any:
    """Parse YAML or JSON text; raise :class:`InputError` naming the file and line."""
    try:
        if name.lower().endswith(".json"):
            return json.loads(text)
        return load_yaml(text, name)
    except json.JSONDecodeError as exc:
        raise InputError(
            [f"{name}: line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})"]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([f"{name}: {where}invalid YAML ({problem})"]) from None


def read_data_file(path: str | Path) -> Any:
    """Read a YAML or JSON file from disk, with one clear message when it cannot be read."""
    return _parse(read_text_file(path), str(path))


def read_shipped(item: Traversable) -> Any:
    return _parse(item.read_text(encoding="utf-8"), item.name)


# -- the shipped library ---------------------------------------------------------------------
def _records(data: Any, key: str, name: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError([f"{name}: expected a mapping with a list under {key!r}"])
    return list(data[key])


@functools.cache
def library() -> Mapping[str, Mapping[str, dict[str, Any]]]:
    """Return the shipped shared records by field and id (read once per process).

    Raises
    ------
    InputError
        If two bibliography files define the same source id differently.
    """
    root = data_dir()
    out: dict[str, dict[str, dict[str, Any]]] = {field: {} for field in LIBRARY_FIELDS}
    for field, fname in (
        ("actors", "actors.yaml"),
        ("issues", "issues.yaml"),
        ("relationships", "relationships.yaml"),
    ):
        item = root.joinpath(fname)
        if item.is_file():
            for rec in _records(read_shipped(item), field, fname):
                out[field][rec["id"]] = rec
    bib = root.joinpath("bibliography")
    problems: list[str] = []
    if bib.is_dir():
        for item in sorted(bib.iterdir(), key=lambda t: t.name):
            if not item.name.endswith((".yaml", ".yml")):
                continue
            for rec in _records(read_shipped(item), "sources", f"bibliography/{item.name}"):
                old = out["sources"].get(rec.get("id", ""))
                if old is not None and old != rec:
                    problems.append(
                        f"bibliography/{item.name}: sources[{rec['id']}]: defined differently "
                        "in another bibliography file"
                    )
                out["sources"][rec["id"]] = rec
    if problems:
        raise InputError(problems)
    return out


def shipped_ids() -> list[str]:
    """Return the ids of the shipped scenario presets, sorted."""
    folder = data_dir().joinpath("scenarios")
    return sorted(
        t.name.rsplit(".", 1)[0] for t in folder.iterdir() if t.name.endswith((".yaml", ".yml"))
    )


@functools.cache
def _load_shipped_cached(scenario_id: str) -> Scenario:
    item = data_dir().joinpath("scenarios", f"{scenario_id}.yaml")
    return scenario_from_data(read_shipped(item), f"{scenario_id}.yaml")


def load_shipped(scenario_id: str) -> Scenario:
    """Load a shipped preset by id."""
    if scenario_id not in shipped_ids():
        known = ", ".join(shipped_ids())
        raise InputError([f"{scenario_id!r} is not a shipped scenario id (known: {known})"])
    return _load_shipped_cached(scenario_id)


def latest_shipped_id() -> str:
    """Return the id of the shipped preset with the most recent as-of date."""
    ids = shipped_ids()
    if not ids:
        raise InputError(["no shipped scenarios are installed"])
    return max(ids, key=lambda i: (load_shipped(i).as_of, i))


def load_file(path: str | Path) -> Scenario:
    """Load and validate a scenario file (YAML or JSON)."""
    return scenario_from_data(read_data_file(path), str(path))


def load(ref: str | Path) -> Scenario:
    """Load a scenario from a file path or a shipped preset id.

    Parameters
    ----------
    ref
        A path to a ``.yaml``/``.yml``/``.json`` file, or the id of a shipped preset
        (see :func:`shipped_ids`).

    Raises
    ------
    InputError
        With one message per problem, each naming the file, the field path and the value.
    """
    text = str(ref)
    if isinstance(ref, Path) or os.sep in text or Path(text).suffix or Path(text).exists():
        return load_file(text)
    return load_shipped(text)


# -- validation and messages -----------------------------------------------------------------
def _expand_library(data: dict[str, Any]) -> list[str]:
    """Replace string references by shipped records, in place; return problems."""
    problems: list[str] = []
    lib: Mapping[str, Mapping[str, dict[str, Any]]] | None = None
    for field in LIBRARY_FIELDS:
        items = data.get(field)
        if not isinstance(items, list) or not any(isinstance(x, str) for x in items):
            continue
        lib = lib or library()
        expanded: list[Any] = []
        for k, item in enumerate(items):
            if isinstance(item, str):
                if item in lib[field]:
                    expanded.append(dict(lib[field][item]))
                else:
                    problems.append(f"{field}[{k}]: {item!r} is not a shipped {field[:-1]} id")
            else:
                expanded.append(item)
        data[field] = expanded
        if field == "relationships":
            _add_cited_sources(data, expanded)
    return problems


def _add_cited_sources(data: dict[str, Any], relationships: list[Any]) -> None:
    """Append, as references, the sources that expanded relationships cite and data lacks."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    have = {s if isinstance(s, str) else s.get("id") for s in sources if isinstance(s, str | dict)}
    for rel in relationships:
        if not isinstance(rel, dict):
            continue
        parts = [rel, *(rel.get(k) for k in ("payoffs", "noise", "continuation", "horizon"))]
        for part in parts:
            for sid in part.get("sources", []) if isinstance(part, dict) else []:
                if isinstance(sid, str) and sid not in have:
                    sources.append(sid)
                    have.add(sid)


def _label(container: Any, index: int, top: str | None) -> str:
    """Name a list element by its ids where it has them, else by its index."""
    item = container[index] if isinstance(container, list) and index < len(container) else None
    if isinstance(item, dict):
        if top == "positions" and isinstance(item.get("actor"), str):
            return f"[{item['actor']}][{item.get('issue')}]"
        if top == "status_quo" and isinstance(item.get("issue"), str):
            return f"[{item['issue']}]"
        if isinstance(item.get("id"), str):
            return f"[{item['id']}]"
    return f"[{index}]"


def _path(loc: Sequence[int | str], data: Any) -> str:
    parts: list[str] = []
    node = data
    top: str | None = None
    for step in loc:
        if isinstance(step, int):
            parts.append(_label(node, step, top if len(parts) == 1 else None))
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            parts.append(f".{step}" if parts else step)
            top = top or step
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def plain_message(err: Mapping[str, Any]) -> str:
    """One pydantic error in plain words, with the offending value."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "missing (this field is required)"
    if kind == "extra_forbidden":
        return f"unknown field (value {fmt_value(value)})"
    if kind == "literal_error":
        return f"{fmt_value(value)} is not one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{fmt_value(value)} is not a valid id: an id may contain lower-case letters, digits,"
            " '.', '_' and '-', and starts with a letter or a digit"
        )
    if kind == "string_too_short":
        return "empty" if value == "" else f"{fmt_value(value)} is too short"
    if kind == "too_short":
        return f"{ctx.get('actual_length')} given; at least {ctx.get('min_length')} needed"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"{fmt_value(value)} is not a number"
    if kind in ("string_type", "list_type", "tuple_type", "model_type", "dict_type", "date_type"):
        return f"{fmt_value(value)}: {err['msg'].lower()}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{fmt_value(value)}: {err['msg']}"


def validation_lines(exc: ValidationError, data: Any, name: str) -> list[str]:
    """Turn a pydantic error into one ``file: path: message`` line per problem."""
    lines: list[str] = []
    for err in exc.errors(include_url=False):
        where = _path(err["loc"], data)
        error = (err.get("ctx") or {}).get("error")
        if err["type"] == "value_error" and isinstance(error, ScenarioProblems):
            lines.extend(f"{name}: {p.render(where)}" for p in error.problems)
        else:
            lines.append(f"{name}: {Problem(path=where, message=plain_message(err)).render()}")
    return lines


def scenario_from_data(data: Any, name: str = "<data>") -> Scenario:
    """Validate parsed data as a scenario, expanding library references first."""
    if not isinstance(data, dict):
        raise InputError([f"{name}: expected a mapping of scenario fields at the top level"])
    data = dict(data)
    problems = [f"{name}: {p}" for p in _expand_library(data)]
    if problems:
        raise InputError(problems)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_lines(exc, data, name)) from None


# -- writing ---------------------------------------------------------------------------------
def to_data(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as plain JSON-compatible data, every record spelled out."""
    return scenario.model_dump(mode="json", exclude_none=True)


def dumps(scenario: Scenario, fmt: ExportFormat = "yaml") -> str:
    """Serialise a scenario as YAML or JSON text that :func:`load_file` reads back unchanged."""
    data = to_data(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)


class _NoAliasDumper(yaml.SafeDumper):
    """A safe dumper that writes a repeated value out again instead of as an alias, since
    panmun refuses aliases when it reads data files back."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def summary_rows(ids: Iterable[str]) -> list[tuple[str, str, str, int, int, int]]:
    """Return (id, as-of, title, actors, issues, positions) for each shipped preset."""
    rows = []
    for sid in ids:
        s = load_shipped(sid)
        rows.append(
            (s.id, s.as_of.isoformat(), s.title, len(s.actors), len(s.issues), len(s.positions))
        )
    return rows
