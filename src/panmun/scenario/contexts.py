"""Contexts: a region's root causes, knowledge base and principal parties, kept as data.

Content that belongs to one region (the policy paper's root causes of the Korean conflict and
the failure factors of its past peace attempts, the Korean knowledge base, the two parties
whose trade-off matters most there) lives in ``data/contexts.yaml``, not in code. A scenario
opts in with ``context: <id>``; a scenario without a context gets none of it, so a user's
scenario about another conflict is analysed on its own terms.
"""

from __future__ import annotations

import functools

from pydantic import Field, ValidationError

from panmun.errors import InputError
from panmun.scenario.base import Id, Record, Sourced, Text


class RootCauseDef(Record):
    """One root cause of a context's conflict: an id issues refer to, and its label."""

    id: Id
    label: Text


class FailureFactorDef(Record):
    """One reason a context's peace attempts failed: an id breakdowns are tagged with, a label."""

    id: Id
    label: Text


class PrincipalPair(Sourced):
    """The two parties whose trade-off a report on this context traces."""

    actors: tuple[Id, Id]


class Context(Record):
    """A region or conflict: what scenarios of it share."""

    id: Id
    name: Text
    knowledge_base: bool = False
    root_causes: tuple[RootCauseDef, ...] = ()
    failure_factors: tuple[FailureFactorDef, ...] = ()
    principal_pair: PrincipalPair | None = None
    errata_document: Id | None = None

    def root_cause_labels(self) -> dict[str, str]:
        """Root-cause ids mapped to their labels, in the order the context lists them."""
        return {rc.id: rc.label for rc in self.root_causes}

    def failure_factor_labels(self) -> dict[str, str]:
        """Failure-factor ids mapped to their labels, in the order the context lists them."""
        return {f.id: f.label for f in self.failure_factors}


class _ContextFile(Record):
    contexts: tuple[Context, ...] = Field(min_length=1)


@functools.cache
def shipped_contexts() -> dict[str, Context]:
    """Return the shipped contexts by id (read once)."""
    from panmun.scenario.loader import data_dir, read_shipped, validation_lines

    item = data_dir().joinpath("contexts.yaml")
    data = read_shipped(item)
    try:
        parsed = _ContextFile.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - shipped data is tested
        raise InputError(validation_lines(exc, data, "contexts.yaml")) from None
    return {c.id: c for c in parsed.contexts}


def get_context(context_id: str | None) -> Context | None:
    """Return the shipped context with this id; None for None or an unknown id."""
    if context_id is None:
        return None
    return shipped_contexts().get(context_id)


def knowledge_context() -> Context:
    """The context the shipped knowledge base describes (the one marked ``knowledge_base``)."""
    for ctx in shipped_contexts().values():
        if ctx.knowledge_base:
            return ctx
    raise LookupError("no shipped context carries the knowledge base")  # pragma: no cover
