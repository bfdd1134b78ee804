"""A fast, safe YAML reader for data files: libyaml's event stream turned into plain objects.

PyYAML's own safe loader builds a node tree and then constructs objects from it in Python,
which takes about 1 second per 4 MB; reading the event stream of the same C parser and
building the objects directly takes a quarter of that, and never holds the node tree. The
values are those :func:`yaml.safe_load` gives: plain scalars are resolved by PyYAML's own
resolver and constructed by its safe constructor (YAML 1.1 ints, floats, booleans, nulls and
dates), quoted and block scalars stay strings. Two things are refused with a message naming
the line: aliases (a few hundred bytes of nested aliases can expand to gigabytes, the
"billion laughs") and more than one document per file; tags other than YAML's standard ones
are refused as well, as the safe loader does.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from panmun.errors import InputError

_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_STANDARD = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}


class _Scalars(SafeConstructor):
    """Resolves and constructs one plain or tagged scalar the way ``yaml.safe_load`` does."""

    def __init__(self) -> None:
        super().__init__()
        self._resolver = yaml.resolver.Resolver()
        self._cache: dict[tuple[str, str | None, tuple[bool, bool]], Any] = {}

    def value(self, event: Any, where: str) -> Any:
        tag = event.tag
        implicit = (bool(event.implicit[0]), bool(event.implicit[1]))
        key = (event.value, tag, implicit)
        if key in self._cache:
            return self._cache[key]
        if tag in (None, "!"):  # as PyYAML's composer does
            tag = self._resolver.resolve(ScalarNode, event.value, implicit)  # type: ignore[no-untyped-call]  # PyYAML is untyped
        if tag == "tag:yaml.org,2002:merge":
            raise InputError([f"{where}merge keys (<<) are not allowed in data files"])
        if tag not in _STANDARD:
            raise InputError([f"{where}the tag {tag!r} is not allowed in data files"])
        if tag == _STR:
            out: Any = event.value
        else:
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
            out = self.construct_object(node, deep=True)
        if len(self._cache) < 100_000:
            self._cache[key] = out
        return out


def _where(name: str, event: Any) -> str:
    mark = event.start_mark
    return f"{name}: line {mark.line + 1}, column {mark.column + 1}: " if mark else f"{name}: "


def load_yaml(text: str, name: str) -> Any:
    """Parse one YAML document into dicts, lists and scalars (``None`` for an empty file).

    Raises
    ------
    InputError
        For an alias, a merge key, a non-standard tag, a second document, a mapping or list
        used as a key, or a syntax error (``yaml.YAMLError`` for the last, as the caller
        reports syntax errors with their line).

    Examples
    --------
    >>> load_yaml("a: [1, 2.5, yes, null, '3', 2018-06-12]", "x.yaml")
    {'a': [1, 2.5, True, None, '3', datetime.date(2018, 6, 12)]}
    """
    scalars = _Scalars()
    stack: list[list[Any]] = []  # [container, pending key or _NO_KEY]
    result: Any = None
    documents = 0
    event: Any
    for event in yaml.parse(text, Loader=_PARSER):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            item: Any = scalars.value(event, _where(name, event))
        elif kind is yaml.MappingStartEvent:
            _check_tag(event, _MAP_TAGS, name)
            stack.append([{}, _NO_KEY])
            continue
        elif kind is yaml.SequenceStartEvent:
            _check_tag(event, _SEQ_TAGS, name)
            stack.append([[], _NO_KEY])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            item = stack.pop()[0]
        elif kind is yaml.AliasEvent:
            raise InputError(
                [
                    f"{_where(name, event)}YAML aliases (*{event.anchor}) are not allowed in "
                    "data files"
                ]
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise InputError([f"{_where(name, event)}a data file holds one YAML document"])
            continue
        else:  # stream start and end, document end
            continue
        if not stack:
            result = item
            continue
        top = stack[-1]
        container = top[0]
        if isinstance(container, list):
            container.append(item)
        elif top[1] is _NO_KEY:
            if isinstance(item, dict | list):
                raise InputError([f"{_where(name, event)}a mapping key must be a plain value"])
            top[1] = item
        else:
            container[top[1]] = item
            top[1] = _NO_KEY
    return result


_NO_KEY = object()


def _check_tag(event: Any, allowed: set[str | None], name: str) -> None:
    if event.tag not in allowed:
        raise InputError(
            [f"{_where(name, event)}the tag {event.tag!r} is not allowed in data files"]
        )
