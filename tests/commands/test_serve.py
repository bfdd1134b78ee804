"""``panmun users`` and ``panmun serve`` on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from panmun.cli import app

pytest.importorskip("fastapi")

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'platform.sqlite3'}"


def users(db: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["users", *args, "--db", db], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_and_token(db: str) -> None:
    code, out, _ = users(db, "add", "amina", "--role", "analyst", stdin="a long passphrase\n")
    assert code == 0, out
    assert out.strip() == "added amina (analyst)"
    code, out, _ = users(db, "list")
    assert out.strip() == "amina\tanalyst"
    code, out, _ = users(db, "token", "amina", "--label", "nightly")
    assert code == 0
    assert out.strip().startswith("pmn_")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "Amina!", "--role", "analyst"], "a long passphrase\n", "is not a valid name"),
        (["add", "amina", "--role", "boss"], "a long passphrase\n", "--role: 'boss' is not one of"),
        (["add", "amina"], "short\n", "password: needs 8 to 1024 characters, 5 given"),
        (["add", "amina"], "", "password: none given on standard input"),
        (["token", "nobody"], None, "NAME: no account named 'nobody'"),
    ],
)
def test_bad_input_exits_with_code_2(
    db: str, args: list[str], stdin: str | None, message: str
) -> None:
    code, _out, err = users(db, *args, stdin=stdin)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_an_existing_name_is_refused(db: str) -> None:
    users(db, "add", "amina", stdin="a long passphrase\n")
    code, _out, err = users(db, "add", "amina", stdin="a long passphrase\n")
    assert code == 2
    assert "an account named 'amina' already exists" in err


def test_serve_migrates_then_runs_uvicorn_on_loopback(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: seen.update(target=target, **kw))
    monkeypatch.setenv("PANMUN_DB", "sqlite://")  # restored after the test
    result = runner.invoke(app, ["serve", "--port", "8123", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert seen["target"] == "panmun.web.server:app"
    assert seen["host"] == "127.0.0.1"
    assert seen["port"] == 8123
    assert seen["factory"] is True
    assert "http://127.0.0.1:8123" in result.stderr
    import os

    assert os.environ["PANMUN_DB"] == db
    from panmun.web.server import app as factory

    application = factory()
    assert application.state.platform.engine.url.database.endswith("platform.sqlite3")
    application.state.platform.close()


def test_serve_refuses_a_bad_port() -> None:
    result = runner.invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2


def test_several_workers_share_a_tcp_socket(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import uvicorn.supervisors

    seen: dict[str, Any] = {}

    class FakeSupervisor:
        def __init__(self, config: Any, sockets: list[socket.socket]) -> None:
            seen.update(config=config, sockets=sockets)

        def run(self) -> None:
            seen["ran"] = True

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", FakeSupervisor)
    monkeypatch.setenv("PANMUN_DB", "sqlite://")
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    result = runner.invoke(app, ["serve", "--port", str(port), "--workers", "2", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert seen["ran"]
    assert seen["config"].workers == 2
    (sock,) = seen["sockets"]
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_a_taken_port_is_one_clear_message() -> None:
    from panmun.commands.serve import listening_socket
    from panmun.errors import InputError

    first = listening_socket("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        first.listen()
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}"):
            listening_socket("127.0.0.1", port)
    finally:
        first.close()
