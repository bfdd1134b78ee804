"""Fixtures for the knowledge base: isolated data folders, SQLite files, and a throwaway
PostgreSQL server started in a temporary folder for the session.

The PostgreSQL server binaries come from Debian's ``postgresql`` package (see
``scripts/ensure-postgres.sh``). Without them the PostgreSQL tests fail when ``CI`` is set and
are skipped otherwise. PostgreSQL refuses to run as root, so under root (as in CI) the server
runs as the ``postgres`` system user that the package creates.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from panmun.knowledge.api import KnowledgeBase


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test out of the real user data folder and away from PANMUN_DB."""
    monkeypatch.setenv("PANMUN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PANMUN_DB", raising=False)


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


class PostgresServer:
    """A running throwaway server; :meth:`new_database` hands out fresh databases."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._names = itertools.count()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # trusted, test-built statements

    def new_database(self, template: str | None = None) -> str:
        name = f"kb_test_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start PostgreSQL on a free localhost port in a temporary folder; stop it afterwards."""
    bindir = _bin_dir()
    if bindir is None:
        _unavailable("initdb not found (run scripts/ensure-postgres.sh)")
        raise AssertionError  # unreachable: _unavailable fails or skips
    try:
        import psycopg  # noqa: F401  # only checking that the driver is installed
    except ImportError:
        _unavailable("the psycopg driver is not installed")
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="panmun-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            _unavailable("running as root and there is no 'postgres' user to run the server")
            raise AssertionError from None  # unreachable
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, log, port = base / "data", base / "server.log", _free_port()
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        subprocess.run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            env=env,
        )
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        subprocess.run(
            [
                *prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            env=env,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(base, ignore_errors=True)
        _unavailable(f"the server did not start ({exc}; {detail.decode(errors='replace')[-300:]})")
    server = PostgresServer(port)
    try:
        yield server
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            env=env,
        )
        time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(postgres_server: PostgresServer) -> str:
    """A database migrated and seeded once, copied by tests that want the shipped records."""
    name = postgres_server.new_database()
    KnowledgeBase.open(postgres_server.url(name)).close()
    return name


@pytest.fixture
def pg_seeded_url(postgres_server: PostgresServer, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database holding the shipped records (dropped afterwards)."""
    name = postgres_server.new_database(template=pg_template)
    yield postgres_server.url(name)
    postgres_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_empty_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database, no schema yet (dropped afterwards)."""
    name = postgres_server.new_database()
    yield postgres_server.url(name)
    postgres_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded once, copied by tests that want the shipped records."""
    path = tmp_path_factory.mktemp("kb-template") / "kb.sqlite3"
    KnowledgeBase.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture
def sqlite_seeded_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite file holding the shipped records."""
    target = tmp_path / "seeded.sqlite3"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a parametrised test runs on."""
    return str(request.param)


@pytest.fixture
def seeded_url(backend: str, request: pytest.FixtureRequest) -> str:
    """A fresh database with the shipped records, on each backend."""
    name = "sqlite_seeded_url" if backend == "sqlite" else "pg_seeded_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def empty_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database without schema or records, on each backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return str(request.getfixturevalue("pg_empty_url"))


@pytest.fixture
def open_kb() -> Iterator[Callable[..., KnowledgeBase]]:
    """Open knowledge bases that are closed when the test ends."""
    opened: list[KnowledgeBase] = []

    def _open(url: str, seed: bool = True) -> KnowledgeBase:
        kb = KnowledgeBase.open(url, seed=seed)
        opened.append(kb)
        return kb

    yield _open
    for kb in opened:
        kb.close()
