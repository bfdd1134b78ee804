"""The knowledge base: what was agreed, by whom, on what, and what became of it.

Records (:mod:`panmun.knowledge.records`) are frozen pydantic models; the shipped ones live in
``panmun/data/knowledge`` and cite the shared bibliography. They are stored with SQLAlchemy
(:mod:`panmun.knowledge.db`, SQLite by default, any SQLAlchemy URL via ``PANMUN_DB``), searched
with the database's full-text engine (:mod:`panmun.knowledge.search`), imported and exported as
JSON, CSV or PA-X CSV (:mod:`panmun.knowledge.io`), and queried through
:class:`panmun.knowledge.api.KnowledgeBase`. Importing this package is cheap: SQLAlchemy loads
only when a submodule that needs it is imported.
"""
