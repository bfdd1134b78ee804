"""The bodies of the Alembic revisions, importable as ordinary modules.

Alembic loads the files of ``versions/`` under private module names; each of them only
re-exports ``upgrade`` and ``downgrade`` from the module here with the same number, so the code
that changes the schema is an ordinary, testable part of the package.
"""
