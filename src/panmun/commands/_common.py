"""Shared CLI plumbing: turning :class:`~panmun.errors.InputError` into exit code 2."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

import typer

from panmun.errors import InputError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_BAD_INPUT = 2


def console() -> Any:
    """The console every command prints with: text from data or user input is shown as
    written (rich markup is off, so "[signed]" stays "[signed]"); styles come from
    ``rich.text.Text`` objects, never from markup in strings."""
    from rich.console import Console

    return Console(markup=False, highlight=False)


@contextlib.contextmanager
def working(message: str) -> Iterator[None]:
    """Show a spinner with ``message`` on standard error while a long step runs (only on a
    terminal; nothing is printed when standard error is a file or a pipe)."""
    from rich.console import Console

    err = Console(stderr=True, markup=False, highlight=False)
    if not err.is_terminal:
        yield
        return
    with err.status(message):
        yield


def scenario_ref(positional: str | None, option: str | None, *, default: str | None = None) -> str:
    """The scenario a command was given: as its first argument or with ``--scenario`` (the
    two forms are the same everywhere); ``default`` when neither is given, if there is one."""
    if positional is not None and option is not None and positional != option:
        raise InputError(
            [f"--scenario: {option!r} and the argument {positional!r} name different scenarios"]
        )
    chosen = positional if positional is not None else option
    if chosen is None:
        if default is None:
            raise InputError(["missing scenario: give a shipped id or a file, or --scenario"])
        return default
    return chosen


def styled(text: str, style: str) -> Any:
    """``text`` shown literally in ``style`` (a rich ``Text``)."""
    from rich.text import Text

    return Text(text, style=style)


def fail(problems: list[str] | tuple[str, ...]) -> typer.Exit:
    """Print each problem on its own line to standard error and return an exit(2) to raise."""
    for line in problems:
        sys.stderr.write(f"error: {line}\n")
    return typer.Exit(code=EXIT_BAD_INPUT)


def reports_input_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that bad input prints one line per problem and exits with code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise fail(exc.problems) from None

    return wrapper
