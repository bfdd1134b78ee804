"""``panmun serve`` (the team platform in the browser) and ``panmun users`` (its accounts)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from panmun.commands._common import reports_input_errors
from panmun.errors import InputError

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="PANMUN_DB",
        help="SQLAlchemy database URL shared with the knowledge base (default: a SQLite file "
        "in your user data folder; postgresql+psycopg://... for a team).",
    ),
]

users = typer.Typer(
    help=(
        "Accounts of the platform (panmun serve): viewers read; analysts create and edit "
        "scenarios and run analyses; admins also manage accounts.\n\n"
        "Example: panmun users add amina --role analyst"
    ),
    no_args_is_help=True,
)


def _need_serve_extra() -> None:
    try:
        import argon2  # noqa: F401
        import fastapi  # noqa: F401
    except ImportError as exc:
        raise InputError(
            [f"the platform needs its extra ({exc.name} is not installed): "
             "pip install 'panmun[serve]'"]
        ) from None  # fmt: skip


@reports_input_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: DbOpt = None,
    workers: Annotated[
        int, typer.Option(help="Server processes (each keeps its own analysis cache).", min=1)
    ] = 1,
) -> None:
    """Run the team platform: scenarios, forecasts, what-ifs, the knowledge base, reports.

    Example: panmun serve --port 8000
    """
    _need_serve_extra()
    import os

    import uvicorn

    from panmun.web.app import Platform

    Platform(db).close()  # create and migrate the database once, before any worker starts
    if db:
        os.environ["PANMUN_DB"] = db
    typer.echo(f"panmun: serving on http://{host}:{port} (stop with Ctrl+C)", err=True)
    target = "panmun.web.server:app"
    if workers == 1:
        uvicorn.run(target, host=host, port=port, factory=True, log_level="warning",
                    access_log=False)  # fmt: skip
        return
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(target, host=host, port=port, factory=True, log_level="warning",
                            access_log=False, workers=workers)  # fmt: skip
    Multiprocess(config, sockets=[listening_socket(host, port)]).run()


def listening_socket(host: str, port: int) -> Any:
    """The socket the worker processes share, created as a TCP socket by protocol number.

    uvicorn's own shared socket is created without it, and asyncio then leaves Nagle's
    algorithm on for every connection (it sets TCP_NODELAY only on sockets whose ``proto``
    is TCP), which adds about 40 ms to small responses when several workers serve
    (uvicorn issue #3149).
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(
            [f"--host/--port: cannot listen on {host}:{port} ({exc.strerror})"]
        ) from None
    sock.set_inheritable(True)
    return sock


def _password(prompt: bool) -> str:
    if not sys.stdin.isatty() or not prompt:
        line = sys.stdin.readline()
        if not line:
            raise InputError(["password: none given on standard input"])
        return line.rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != first:
        raise InputError(["password: the two entries differ"])
    return first


@users.command("add")
@reports_input_errors
def add(
    name: Annotated[str, typer.Argument(help="Account name (lower-case letters, digits, . _ -).")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    workspace: Annotated[
        str | None, typer.Option(help="Workspace to join (created if new; default: NAME).")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Add an account; the password is read from standard input or asked for.

    Example: echo 'a long passphrase' | panmun users add amina --role analyst
    """
    _need_serve_extra()
    from panmun.web.accounts import Accounts, check_name, check_password
    from panmun.web.app import Platform
    from panmun.web.db import ROLES

    check_name(name)
    if role not in ROLES:
        raise InputError([f"--role: {role!r} is not one of {', '.join(ROLES)}"])
    password = check_password(_password(prompt=True))
    p = Platform(db)
    try:
        user = Accounts(p.sessions).add_user(name, password, role, workspace)
        from panmun.web.scenarios import audit

        with p.sessions.begin() as s:
            audit(s, None, "user.add", f"user {user.name}", None, {"role": user.role})
    finally:
        p.close()
    typer.echo(f"added {user.name} ({user.role})")


@users.command("list")
@reports_input_errors
def list_users(db: DbOpt = None) -> None:
    """List the accounts and their roles."""
    _need_serve_extra()
    from panmun.web.app import Platform

    p = Platform(db)
    try:
        for u in p.accounts.users():
            typer.echo(f"{u.name}\t{u.role}")
    finally:
        p.close()


@users.command("token")
@reports_input_errors
def token(
    name: Annotated[str, typer.Argument(help="The account the token acts for.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "script",
    db: DbOpt = None,
) -> None:
    """Create an API token for scripts (printed once): send it as Authorization: Bearer.

    Example: panmun users token amina --label nightly-report
    """
    _need_serve_extra()
    from panmun.web.app import Platform

    p = Platform(db)
    try:
        user = p.accounts.by_name(name)
        if user is None:
            raise InputError([f"NAME: no account named {name!r}"])
        typer.echo(p.accounts.new_token(user, label))
    finally:
        p.close()
