"""Engines, locations and Alembic migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from panmun.errors import InputError
from panmun.knowledge import db
from panmun.knowledge.api import KnowledgeBase
from panmun.knowledge.catalogue import shipped_catalogue
from panmun.knowledge.db import EntryRow, MetaRow
from panmun.knowledge.migrations.environment import include_object


def test_default_url_lives_in_the_data_dir(tmp_path: Path) -> None:
    # the autouse fixture points PANMUN_DATA_DIR at tmp_path / "data"
    assert db.default_url() == f"sqlite:///{tmp_path / 'data' / 'knowledge.sqlite3'}"


def test_panmun_db_overrides_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANMUN_DB", "sqlite:///elsewhere.sqlite3")
    assert db.default_url() == "sqlite:///elsewhere.sqlite3"


def test_without_overrides_the_platform_folder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("PANMUN_DATA_DIR")
    assert db.data_dir() == Path(platformdirs.user_data_dir("panmun", appauthor=False))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_plain_postgres_urls_get_the_installed_driver(given: str, expected: str) -> None:
    assert db.normalise_url(given) == expected


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_bad_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError, match="not a usable database URL"):
        db.make_engine(url)


def test_unreachable_database_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot open"):
        KnowledgeBase.open("postgresql://nobody@127.0.0.1:1/none")


def test_first_use_creates_the_file_and_seeds_it(tmp_path: Path) -> None:
    with KnowledgeBase.open() as kb:
        assert (tmp_path / "data" / "knowledge.sqlite3").is_file()
        assert len(kb.entries()) == len(shipped_catalogue().entries)
        with kb._sessions() as s:
            assert s.get(MetaRow, "seeded_at") is not None


def test_reopening_does_not_seed_again(
    empty_url: str, open_kb: Callable[..., KnowledgeBase]
) -> None:
    kb = open_kb(empty_url)
    with kb._sessions.begin() as s:
        s.delete(s.get(EntryRow, "armistice-1953"))
    again = open_kb(empty_url)
    assert "armistice-1953" not in {e.id for e in again.entries()}


def test_migrations_match_the_models(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    try:
        assert db.migrate(engine) is True
        assert db.current_revision(engine) == db.head_revision()
        assert db.migrate(engine) is False  # already at head: nothing to do
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
            assert compare_metadata(ctx, db.Base.metadata) == []
        assert inspect(engine).has_table("kb_search")
        db.downgrade(engine)
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert not {t for t in left if t.startswith(("kb_", "web_"))}
    finally:
        engine.dispose()


def test_migrations_can_be_written_as_sql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(stdout=io.StringIO())
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{tmp_path / 'offline.db'}")
    out = io.StringIO()
    with redirect_stdout(out):
        command.upgrade(cfg, "head", sql=True)
    assert "CREATE TABLE kb_entries" in out.getvalue()
    assert "CREATE VIRTUAL TABLE kb_search USING fts5" in out.getvalue()


def test_migrations_run_by_hand_open_their_own_connection(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'by-hand.db'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")
    engine = db.make_engine(url)
    try:
        assert db.current_revision(engine) == db.head_revision()
        with db.session_factory(engine)() as s:
            assert list(s.scalars(select(EntryRow.id))) == []
    finally:
        engine.dispose()


def test_the_revision_script_creates_and_drops_the_schema(empty_url: str) -> None:
    """Run revisions 0001 to 0006 directly (as Alembic does) and compare them with the models."""
    from alembic.operations import Operations

    from panmun.knowledge.migrations.revisions import (
        r0001_initial,
        r0002_source_retrospective,
        r0003_pax_id_integer,
        r0004_platform,
        r0005_consultations,
        r0006_network,
    )

    engine = db.make_engine(empty_url)
    try:
        with engine.begin() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
            with Operations.context(ctx):
                r0001_initial.upgrade()
                r0002_source_retrospective.upgrade()
                r0003_pax_id_integer.upgrade()
                r0004_platform.upgrade()
                r0005_consultations.upgrade()
                r0006_network.upgrade()
            assert compare_metadata(ctx, db.Base.metadata) == []
            with Operations.context(ctx):
                r0006_network.downgrade()
                r0005_consultations.downgrade()
                r0004_platform.downgrade()
                r0003_pax_id_integer.downgrade()
                r0002_source_retrospective.downgrade()
                r0001_initial.downgrade()
        left = inspect(engine).get_table_names()
        assert not [t for t in left if t.startswith(("kb_", "web_"))]
    finally:
        engine.dispose()
