"""The Alembic environment of the knowledge base, as an importable module.

``env.py`` only calls :func:`run`: Alembic loads ``env.py`` under a private module name, so
the logic lives here, where tools see it as part of the package.
:func:`panmun.knowledge.db.migrate` passes an open connection in ``config.attributes``; no
``alembic.ini`` is needed. Run by hand, ``sqlalchemy.url`` (or ``PANMUN_DB``) names the
database instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import panmun.web.db  # noqa: F401  (the platform's tables share the schema)
from panmun.knowledge.db import Base, default_url, make_engine, normalise_url

target_metadata = Base.metadata


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the full-text index out of comparisons: it is not a plain model table."""
    return not (type_ == "table" and name is not None and name.startswith("kb_search"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate through the connection given by the caller, or one opened here."""
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or default_url())
    with engine.begin() as conn:
        _run(conn)


def run_offline() -> None:
    """Write the migration SQL instead of running it."""
    config = context.config
    url = normalise_url(config.get_main_option("sqlalchemy.url") or default_url())
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations in the mode Alembic asks for."""
    if context.is_offline_mode():
        run_offline()
    else:
        run_online()
