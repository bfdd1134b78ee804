"""The ``panmun`` command line: a thin shell over the library.

Each command lives in :mod:`panmun.commands`; this module only assembles them. Command modules
import nothing heavy at module level (pydantic, numpy, jinja2 load inside the commands), so
``panmun --help`` answers quickly.
"""

from __future__ import annotations

import typer

from panmun.commands import (
    analyze,
    backtest,
    brief,
    facilitators,
    forecast,
    kb,
    proposals,
    scenarios,
    sensitivity,
    serve,
    trust,
)
from panmun.commands._style import PanmunGroup

app = typer.Typer(
    name="panmun",
    help=(
        "Analyse peace processes: sourced scenarios, bargaining forecasts and reports, "
        "built first for the Korean Peninsula.\n\n"
        "Example: panmun analyze --out report"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=PanmunGroup,
)


def _version(value: bool) -> None:
    if value:
        from panmun import __version__

        typer.echo(f"panmun {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Analyse peace processes: sourced scenarios, bargaining forecasts and reports."""


# --- command registration: one line per command module -----------------------------------
app.add_typer(scenarios.app, name="scenarios")
app.command("analyze")(analyze.analyze)
app.command("brief")(brief.brief)
app.add_typer(proposals.app, name="proposals")
app.add_typer(trust.app, name="trust")
app.add_typer(kb.app, name="kb")
app.command("forecast")(forecast.forecast)
app.command("backtest")(backtest.backtest)
app.command("sensitivity")(sensitivity.sensitivity)
app.command("serve")(serve.serve)
app.add_typer(serve.users, name="users")
app.add_typer(facilitators.app, name="facilitators")
# --- end of command registration -----------------------------------------------------------


def main() -> None:
    """Entry point of the ``panmun`` console script."""
    app()
