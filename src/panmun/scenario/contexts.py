"""Contexts: a region's root causes, knowledge base and principal parties, kept as data.

Content that belongs to one region (the root causes of its conflict, the failure factors of
its past peace attempts, its knowledge base, the two parties whose trade-off matters most
there) lives in ``data/contexts.yaml``, not in code. A scenario opts in with
``context: <id>``; a scenario without a context gets none of it, so a user's scenario about
another conflict is analysed on its own terms. Several contexts may carry a knowledge base:
each keeps its records in its own folder (``knowledge_dir``), and the ids of root causes and
failure factors are unique across contexts, so a record's tags say which context it belongs to.
"""

from __future__ import annotations

import functools

from pydantic import Field, ValidationError, model_validator

from panmun.errors import InputError
from panmun.scenario.base import Id, Problem, Record, ScenarioProblems, Sourced, Text


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
    """A region or conflict: what scenarios of it share.

    ``knowledge_dir`` is the folder under ``data/`` that holds the context's knowledge-base
    records (``agreements.yaml``, ``talks.yaml``, ``events.yaml``, ``errata.yaml``; a missing
    file holds none); ``knowledge_base`` says that the context carries one (it then needs the
    folder).
    """

    id: Id
    name: Text
    knowledge_base: bool = False
    knowledge_dir: str | None = None
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

    @model_validator(mode="after")
    def _consistent(self) -> _ContextFile:
        problems: list[Problem] = []
        seen: dict[str, str] = {}
        for ctx in self.contexts:
            if ctx.knowledge_base and not ctx.knowledge_dir:
                problems.append(
                    Problem(
                        path=f"contexts[{ctx.id}].knowledge_dir",
                        message="missing: a context with a knowledge base names its folder",
                    )
                )
            tags = [*ctx.root_cause_labels(), *ctx.failure_factor_labels()]
            for tag in tags:
                owner = seen.setdefault(tag, ctx.id)
                if owner != ctx.id:
                    problems.append(
                        Problem(
                            path=f"contexts[{ctx.id}]",
                            message=f"{tag!r} is already a root cause or failure factor of {owner}",
                        )
                    )
        if problems:
            raise ScenarioProblems(problems)
        return self


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


def knowledge_contexts() -> tuple[Context, ...]:
    """The shipped contexts that carry a knowledge base, in the file's order."""
    return tuple(c for c in shipped_contexts().values() if c.knowledge_base)
