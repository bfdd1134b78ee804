"""One CLI style: help without internal type names, and usage errors on one line.

Typer prints each option's Python type (``<int range>``, ``<str>``) and, for a usage error, a
box or a three-line block; panmun shows a readable placeholder (``--draws N``) and every bad
argument as one ``error:`` line with exit code 2, like every other bad input. The root
command group below applies both to every command it resolves.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

# typer 0.29 ships its own copy of click, whose exception classes are the ones raised.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup
from typer.exceptions import Abort

#: Placeholders by option name; others are the option's name in capitals.
_PLACEHOLDERS = {
    "draws": "N", "seed": "N", "rounds": "N", "reps": "N", "matches": "N",
    "trust_draws": "N", "max_combination": "N", "repair_window": "N",
    "noise": "P", "continuation": "W", "out": "PATH", "output": "PATH", "file": "FILE",
    "scenario": "ID|FILE", "db": "URL", "issue": "ID", "relationship": "ID", "fmt": "FORMAT",
}  # fmt: skip


def _range_words(low: Any, high: Any) -> str:
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"at most {high}"
    return f"from {low} to {high}"


def _friendly(command: Any) -> None:
    """Give every parameter of ``command`` (and of its subcommands) a readable placeholder."""
    if getattr(command, "_panmun_friendly", False):
        return
    command._panmun_friendly = True
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if type(param).__name__ == "TyperArgument":  # its name is its placeholder
            param.display_type_rich = lambda ctx=None: None
            continue
        if getattr(param, "metavar", None) is None:
            choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
            if choices:
                param.metavar = "|".join(str(getattr(c, "value", c)) for c in choices)
            else:
                name = param.name or ""
                param.metavar = _PLACEHOLDERS.get(name, name.upper())
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if low is not None or high is not None:
            words = _range_words(low, high)
            if hasattr(param, "help"):
                param.help = f"{param.help or ''} ({words})".strip()
            param._get_number_range_help_str = lambda: None
    for sub in getattr(command, "commands", {}).values():
        _friendly(sub)


class PanmunGroup(TyperGroup):
    """The root group: readable help everywhere, and one-line usage errors (exit 2)."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Resolve a subcommand and make its help readable."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _friendly(command)
        return command

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the CLI; a usage error becomes one ``error:`` line and exit code 2."""
        _friendly(self)
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:  # a bare group: its help, as click prints it
            sys.stderr.write(exc.format_message() + "\n")
            rv = exc.exit_code
        except UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            sys.stderr.write(f"error: {exc.format_message()}{where}\n")
            rv = exc.exit_code
        except ClickException as exc:  # pragma: no cover - other click errors
            sys.stderr.write(f"error: {exc.format_message()}\n")
            rv = exc.exit_code
        except Abort:  # pragma: no cover - Ctrl-C at a prompt
            sys.stderr.write("Aborted.\n")
            rv = 1
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)
