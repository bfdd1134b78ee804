"""Each validation rule, fed a file that breaks it: one clear line naming file, field, value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from panmun.errors import InputError
from panmun.scenario import load, load_file

Mutation = Callable[[dict[str, Any]], None]


def _pos(d: dict[str, Any], actor: str = "north") -> dict[str, Any]:
    return next(p for p in d["positions"] if p["actor"] == actor)


def _both(first: Mutation, second: Mutation) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        first(d)
        second(d)

    return mutate


def _set(path: list[Any], value: Any) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        node: Any = d
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _pos_set(field: str, value: Any, actor: str = "north") -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        _pos(d, actor)[field] = value

    return mutate


def _append(field: str, item: Callable[[dict[str, Any]], Any]) -> Mutation:
    def mutate(d: dict[str, Any]) -> None:
        d[field].append(item(d))

    return mutate


def _drop_sources_and_estimate(d: dict[str, Any]) -> None:
    p = _pos(d)
    p["sources"] = []
    p.pop("estimate", None)


def _analyst_point_range(d: dict[str, Any]) -> None:
    p = _pos(d)
    p["sources"] = []
    p["estimate"] = "analyst"
    p["salience_range"] = [0.8, 0.8]


CASES: list[tuple[str, Mutation, str]] = [
    (
        "salience above 1",
        _pos_set("salience", 1.4),
        "positions[north][talks].salience: 1.4 is above 1",
    ),
    (
        "capability below 0",
        _pos_set("capability", -0.1),
        "positions[north][talks].capability: -0.1 is below 0",
    ),
    (
        "range without its value",
        _pos_set("position_range", [4, 6]),
        "positions[north][talks].position_range: [4, 6] does not contain position 2",
    ),
    (
        "range upside down",
        _pos_set("salience_range", [0.9, 0.7]),
        "positions[north][talks].salience_range: [0.9, 0.7] has low above high",
    ),
    (
        "range end outside 0..1",
        _pos_set("capability_range", [0.5, 1.2]),
        "positions[north][talks].capability_range: 1.2 is above 1",
    ),
    (
        "position outside the scale",
        lambda d: _pos(d).update(position=12, position_range=[11, 13]),
        "positions[north][talks].position: 12 is above the scale maximum 10",
    ),
    (
        "unknown actor",
        _pos_set("actor", "nobody"),
        "positions[0].actor: 'nobody' is not an actor id",
    ),
    (
        "unknown issue",
        _pos_set("issue", "trade"),
        "positions[0].issue: 'trade' is not an issue id",
    ),
    (
        "unknown source",
        _pos_set("sources", ["doc1", "ghost"]),
        "positions[north][talks].sources[1]: 'ghost' is not a source id",
    ),
    (
        "duplicate actor id",
        _append("actors", lambda d: dict(d["actors"][0], name="Other")),
        "actors[north].id: 'north' is a duplicate id",
    ),
    (
        "duplicate source id",
        _append("sources", lambda d: dict(d["sources"][0])),
        "sources[doc1].id: 'doc1' is a duplicate id",
    ),
    (
        "second position for a pair",
        _append("positions", lambda d: dict(d["positions"][0])),
        "positions[north][talks]: a second position for the same actor and issue",
    ),
    (
        "no source and no estimate",
        _drop_sources_and_estimate,
        "positions[north][talks].sources: empty: cite a source or mark",
    ),
    (
        "analyst estimate without a range",
        _analyst_point_range,
        "positions[north][talks].salience_range: [0.8, 0.8] is a single point",
    ),
    (
        "non-state actor without subtype",
        lambda d: d["actors"][2].pop("subtype"),
        "actors[church].subtype: missing: a non_state actor needs a subtype",
    ),
    (
        "state with a subtype",
        _set(["actors", 0, "subtype"], "business"),
        "actors[north].subtype: 'business' is only allowed for non_state actors",
    ),
    (
        "unknown actor kind",
        _set(["actors", 0, "kind"], "empire"),
        "actors[north].kind: 'empire' is not one of",
    ),
    (
        "too few anchors",
        lambda d: d["issues"][0]["anchors"].pop(),
        "issues[talks].anchors: 2 given; at least 3 needed",
    ),
    (
        "anchor off the scale",
        _set(["issues", 0, "anchors", 0, "value"], -5),
        "issues[talks].anchors[0].value: -5 is outside the scale [0, 10]",
    ),
    (
        "anchor labelled twice",
        _set(["issues", 0, "anchors", 1, "value"], 0),
        "issues[talks].anchors[1].value: 0 is labelled twice",
    ),
    (
        "scale upside down",
        _set(["issues", 0, "scale"], {"min": 10, "max": 0}),
        "issues[talks].scale.max: 0 is not above min 10",
    ),
    (
        "unknown root cause",
        _both(_set(["context"], "korean-peninsula"), _set(["issues", 0, "root_cause"], "economy")),
        "issues[talks].root_cause: 'economy' is not a root cause of korean-peninsula",
    ),
    (
        "unknown context",
        _set(["context"], "atlantis"),
        "context: 'atlantis' is not a shipped context",
    ),
    (
        "veto player unknown",
        _set(
            ["veto_players"],
            [{"issue": "talks", "actors": ["ghost"], "estimate": "analyst", "rationale": "r"}],
        ),
        "veto_players[talks].actors[0]: 'ghost' is not an actor id",
    ),
    (
        "veto player without a position",
        _both(
            lambda d: d["positions"].__setitem__(
                slice(None), [p for p in d["positions"] if p["actor"] != "church"]
            ),
            _set(
                ["veto_players"],
                [{"issue": "talks", "actors": ["church"], "estimate": "analyst", "rationale": "r"}],
            ),
        ),
        "veto_players[talks].actors[0]: 'church' holds no position on 'talks'",
    ),
    (
        "veto player issue unknown",
        _set(
            ["veto_players"],
            [{"issue": "trade", "actors": ["north"], "estimate": "analyst", "rationale": "r"}],
        ),
        "veto_players[0].issue: 'trade' is not an issue id",
    ),
    (
        "veto players twice",
        _set(
            ["veto_players"],
            [
                {
                    "issue": "talks",
                    "actors": ["north", "north"],
                    "estimate": "analyst",
                    "rationale": "r",
                }
            ]
            * 2,
        ),
        "veto_players[talks]: a second veto-player entry for the same issue",
    ),
    (
        "veto player without provenance",
        _set(["veto_players"], [{"issue": "talks", "actors": ["north"], "rationale": "r"}]),
        "veto_players[0].sources: empty",
    ),
    (
        "missing status quo",
        lambda d: d["status_quo"].clear(),
        "status_quo[talks]: missing: every issue needs one",
    ),
    (
        "status quo off the scale",
        lambda d: d["status_quo"][0].update(value=20, value_range=[15, 25]),
        "status_quo[talks].value: 20 is above the scale maximum 10",
    ),
    (
        "status quo for an unknown issue",
        _append("status_quo", lambda d: dict(d["status_quo"][0], issue="trade")),
        "status_quo[trade].issue: 'trade' is not an issue id",
    ),
    (
        "bad source date",
        _set(["sources", 0, "date"], "May 2019"),
        "sources[doc1].date: 'May 2019' is not a date of the form",
    ),
    (
        "bad source url",
        _set(["sources", 0, "url"], "example.org"),
        "sources[doc1].url: 'example.org' is not an http(s) URL",
    ),
    (
        "bad id",
        _set(["id"], "Mini Scenario"),
        "id: 'Mini Scenario' is not a valid id",
    ),
    (
        "unknown field",
        _set(["colour"], "blue"),
        "colour: unknown field (value 'blue')",
    ),
    (
        "missing field",
        lambda d: d.pop("title"),
        "title: missing (this field is required)",
    ),
    (
        "not a number",
        _pos_set("salience", "high"),
        "positions[north][talks].salience: 'high' is not a number",
    ),
    (
        "group naming an actor",
        _set(["actors", 0, "group"], "south"),
        "actors[north].group: 'south' is an actor id",
    ),
    (
        "unknown shipped reference",
        _append("actors", lambda d: "atlantis"),
        "actors[3]: 'atlantis' is not a shipped actor id",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_names_file_field_and_value(
    mini_data: dict[str, Any],
    write_yaml: Callable[[Any, str], Path],
    mutate: Mutation,
    expected: str,
) -> None:
    mutate(mini_data)
    path = write_yaml(mini_data, "bad.yaml")
    with pytest.raises(InputError) as info:
        load_file(path)
    lines = info.value.problems
    assert any(line.startswith(f"{path}: ") and expected in line for line in lines), lines
    assert all("\n" not in line for line in lines)


def test_every_problem_is_reported_at_once(
    mini_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> None:
    _pos(mini_data)["salience"] = 1.4
    _pos(mini_data, "south")["capability"] = 2
    mini_data["sources"][0]["url"] = "ftp://x"
    with pytest.raises(InputError) as info:
        load_file(write_yaml(mini_data, "bad.yaml"))
    text = "\n".join(info.value.problems)
    assert "positions[north][talks].salience: 1.4 is above 1" in text
    assert "positions[south][talks].capability: 2 is above 1" in text
    assert "sources[doc1].url" in text


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.yaml", "id: [unclosed\n", "line 2, column 1: invalid YAML"),
        ("broken.json", '{"id": "x",\n', "invalid JSON"),
        ("list.yaml", "- a\n- b\n", "expected a mapping of scenario fields"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_file(path)
    assert str(path) in info.value.problems[0]
    assert expected in info.value.problems[0]


def test_missing_file_folder_and_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder"):
        load_file(tmp_path)
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not a UTF-8 text file"):
        load_file(binary)


def test_unknown_shipped_id_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="is not a shipped scenario id"):
        load("no-such-preset")


def test_input_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        InputError([])


def test_relationship_cross_references(
    mini_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> None:
    from panmun.scenario.loader import library

    rel = dict(library()["relationships"]["rok-dprk"])
    rel["actor_a"] = "south"
    rel["actor_b"] = "ghost"
    mini_data["relationships"] = [rel, dict(rel)]
    with pytest.raises(InputError) as info:
        load_file(write_yaml(mini_data, "bad.yaml"))
    text = "\n".join(info.value.problems)
    assert "relationships[rok-dprk].id: 'rok-dprk' is a duplicate id" in text
    assert "relationships[rok-dprk].actor_b: 'ghost' is not an actor id" in text
    assert "relationships[rok-dprk].payoffs.sources[0]" in text
    assert "is not a source id" in text


def test_shipped_relationship_brings_its_sources(
    mini_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> None:
    for a in mini_data["actors"]:
        a["id"] = {"north": "dprk", "south": "rok"}.get(a["id"], a["id"])
    for p in mini_data["positions"]:
        p["actor"] = {"north": "dprk", "south": "rok"}.get(p["actor"], p["actor"])
    mini_data["relationships"] = ["rok-dprk"]
    s = load_file(write_yaml(mini_data, "ok.yaml"))
    assert [r.id for r in s.relationships] == ["rok-dprk"]
    cited = {sid for _, sid in s.relationships[0].cited_sources()}
    assert cited <= {x.id for x in s.sources}
