"""Database schema (SQLAlchemy 2.0 models) and engine helpers for the knowledge base.

The schema is normalised where queries need it and plain JSON where they do not:

* ``kb_entries`` holds agreements, talks and events (``kind`` tells which); issue and
  failure-factor tags sit in ``kb_entry_tags`` so the timeline can filter on them;
* ``kb_provisions`` holds the provisions of agreements, with issue and root-cause tags in
  ``kb_provision_tags``;
* citations are ordered link tables to ``kb_sources`` (``kb_entry_sources``,
  ``kb_provision_sources``, ``kb_erratum_sources``);
* ``kb_search`` is the full-text index (an FTS5 table on SQLite, a table with a GIN index on
  PostgreSQL; see :mod:`panmun.knowledge.search`).

Every list keeps its order through a ``position`` column, so records read back exactly as they
were written. The schema is created and upgraded by the Alembic migrations shipped in
``panmun/knowledge/migrations`` (see :func:`migrate`); :data:`Base.metadata` must match them,
which a test checks.

The default database is a SQLite file in the user's data folder (:func:`default_url`);
``PANMUN_DB`` or the CLI's ``--db`` name any SQLAlchemy URL instead, and ``PANMUN_DATA_DIR``
moves the data folder (tests use it to stay out of the real home folder).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    false,
    inspect,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from panmun.errors import InputError

DB_ENV = "PANMUN_DB"
DATA_DIR_ENV = "PANMUN_DATA_DIR"
DB_FILENAME = "knowledge.sqlite3"

ID = String(80)


class Base(DeclarativeBase):
    """Declarative base of the knowledge-base tables."""


class SourceRow(Base):
    """A bibliography entry cited by records."""

    __tablename__ = "kb_sources"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    retrospective: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )


class EntryRow(Base):
    """An agreement, talks or event."""

    __tablename__ = "kb_entries"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    event_type: Mapped[str | None] = mapped_column(String(32))
    in_force: Mapped[dt.date | None] = mapped_column(Date)
    pax_id: Mapped[int | None] = mapped_column(Integer)  # PA-X AgtId (revision 0003)
    rounds: Mapped[int | None] = mapped_column(Integer)
    date_source: Mapped[str] = mapped_column(ID)
    failure_note: Mapped[str | None] = mapped_column(Text)
    parties: Mapped[list[str]] = mapped_column(JSON)
    signatories: Mapped[list[str]] = mapped_column(JSON)
    actors: Mapped[list[str]] = mapped_column(JSON)
    related: Mapped[list[str]] = mapped_column(JSON)


class EntryTagRow(Base):
    """An issue (``tag='issue'``) or failure factor (``tag='factor'``) of an entry."""

    __tablename__ = "kb_entry_tags"
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("kb_entries.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(12), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)


class EntrySourceRow(Base):
    """A citation of a source by an entry."""

    __tablename__ = "kb_entry_sources"
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("kb_entries.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("kb_sources.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class ProvisionRow(Base):
    """A provision of an agreement with its outcome."""

    __tablename__ = "kb_provisions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    entry_id: Mapped[str] = mapped_column(
        ForeignKey("kb_entries.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20), index=True)
    outcome_date: Mapped[str] = mapped_column(String(10))
    outcome_note: Mapped[str] = mapped_column(Text)
    outcome_entries: Mapped[list[str]] = mapped_column(JSON)


class ProvisionTagRow(Base):
    """An issue (``tag='issue'``) or root cause (``tag='root_cause'``) of a provision."""

    __tablename__ = "kb_provision_tags"
    provision_id: Mapped[str] = mapped_column(
        ForeignKey("kb_provisions.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(12), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)


class ProvisionSourceRow(Base):
    """A citation of a source by a provision."""

    __tablename__ = "kb_provision_sources"
    provision_id: Mapped[str] = mapped_column(
        ForeignKey("kb_provisions.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("kb_sources.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class ErratumRow(Base):
    """A checked claim of the policy paper."""

    __tablename__ = "kb_errata"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    section: Mapped[str] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(12))
    correction: Mapped[str] = mapped_column(Text)
    corrected_date: Mapped[dt.date | None] = mapped_column(Date)
    entries: Mapped[list[str]] = mapped_column(JSON)


class ErratumSourceRow(Base):
    """A citation of a source by an erratum."""

    __tablename__ = "kb_erratum_sources"
    erratum_id: Mapped[str] = mapped_column(
        ForeignKey("kb_errata.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[str] = mapped_column(ForeignKey("kb_sources.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class MetaRow(Base):
    """Key-value facts about the database (for example when it was seeded)."""

    __tablename__ = "kb_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- locations and engines ----------------------------------------------------------------
def data_dir() -> Path:
    """Return the folder for panmun's own files (``PANMUN_DATA_DIR`` or the platform's)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("panmun", appauthor=False))


def default_url() -> str:
    """Return ``PANMUN_DB`` if set, else the SQLite file in :func:`data_dir`."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / DB_FILENAME}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs by naming the installed driver (psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, open transactions (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # Take the write lock when a transaction starts: an import reads, then writes, and a
    # deferred transaction that upgrades from reading to writing fails at once ("database is
    # locked") when another writer is active, instead of waiting for the busy timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (default :func:`default_url`).

    SQLite files get their folder created and foreign keys switched on.

    Raises
    ------
    InputError
        If the URL cannot be parsed or names a driver that is not installed.
    """
    raw = url or default_url()
    text = normalise_url(raw)
    try:
        parsed = make_url(text)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except ImportError as exc:
        driver = {"postgresql": "pip install 'panmun[postgres]'"}.get(
            text.split(":", 1)[0].split("+", 1)[0], "install its database driver"
        )
        raise InputError(
            [f"--db/{DB_ENV}: {raw!r} needs a database driver that is not installed ({exc.name}); "
             f"{driver}"]
        ) from None  # fmt: skip
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise InputError([f"--db/{DB_ENV}: {raw!r} is not a usable database URL ({exc})"]) from None
    return engine


def session_factory(engine: Engine) -> sessionmaker[Any]:
    """Return a session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


# -- migrations ----------------------------------------------------------------------------
MIGRATIONS = Path(__file__).with_name("migrations")
# Alembic keeps its running context in module globals: one migration at a time per process.
_MIGRATION_LOCK = threading.Lock()


def current_revision(engine: Engine) -> str | None:
    """Return the Alembic revision of the database, or ``None`` if it has no schema yet."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """Return the newest revision of the shipped migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations shipped")
    return head


def migrate(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema to ``revision`` with the shipped Alembic migrations.

    Returns
    -------
    bool
        ``True`` if the database had no schema before (a fresh database).
    """
    from alembic import command
    from alembic.config import Config

    current = current_revision(engine)
    fresh = current is None and not inspect(engine).has_table("kb_entries")
    if revision == "head" and current == head_revision():
        return False
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATION_LOCK, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return fresh


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Undo migrations down to ``revision`` (``base`` drops every knowledge-base table)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATION_LOCK, engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
