"""The team platform (``panmun serve``): a FastAPI application over the shared analysis.

Pages and the JSON API show the numbers of :class:`panmun.analysis.ScenarioAnalysis` and
the report's section builders; the platform adds storage (workspaces, versions, the audit
log), accounts and roles, and background jobs. Needs the ``serve`` extra.
"""
