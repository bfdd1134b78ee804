"""Cross-reference checks of a whole scenario: what no single record can see on its own.

Unknown or duplicate ids, values outside an issue's scale, veto players without a position,
root causes outside the scenario's context. :class:`panmun.scenario.models.Scenario` runs
them once every record is well-formed, and reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from panmun.scenario.base import Problem, duplicates, fmt_value

if TYPE_CHECKING:
    from panmun.scenario.models import Issue, Scenario


def cross_reference_problems(s: Scenario) -> Iterator[Problem]:
    """Yield the problems that only the whole scenario can see."""
    for name, ids in (
        ("actors", [a.id for a in s.actors]),
        ("issues", [i.id for i in s.issues]),
        ("sources", [x.id for x in s.sources]),
    ):
        for dup in duplicates(ids):
            yield Problem(path=f"{name}[{dup}].id", message=f"{dup!r} is a duplicate id")
    actor_ids = {a.id for a in s.actors}
    issues = {i.id: i for i in s.issues}
    source_ids = {x.id for x in s.sources}
    seen_pairs: set[tuple[str, str]] = set()
    for k, p in enumerate(s.positions):
        here = f"positions[{p.actor}][{p.issue}]"
        if p.actor not in actor_ids:
            yield Problem(path=f"positions[{k}].actor", message=f"{p.actor!r} is not an actor id")
        if p.issue not in issues:
            yield Problem(path=f"positions[{k}].issue", message=f"{p.issue!r} is not an issue id")
        if (p.actor, p.issue) in seen_pairs:
            yield Problem(path=here, message="a second position for the same actor and issue")
        seen_pairs.add((p.actor, p.issue))
        yield from _unknown_sources(here, p.sources, source_ids)
        if p.issue in issues:
            yield from _on_scale(here, "position", p.position, p.position_range, issues[p.issue])
    sq_seen: set[str] = set()
    for q in s.status_quo:
        here = f"status_quo[{q.issue}]"
        if q.issue not in issues:
            yield Problem(path=f"{here}.issue", message=f"{q.issue!r} is not an issue id")
            continue
        if q.issue in sq_seen:
            yield Problem(path=here, message="a second status quo for the same issue")
        sq_seen.add(q.issue)
        yield from _unknown_sources(here, q.sources, source_ids)
        yield from _on_scale(here, "value", q.value, q.value_range, issues[q.issue])
    for issue_id in issues:
        if issue_id not in sq_seen:
            yield Problem(path=f"status_quo[{issue_id}]", message="missing: every issue needs one")
    rel_ids = [r.id for r in s.relationships]
    for dup in duplicates(rel_ids):
        yield Problem(path=f"relationships[{dup}].id", message=f"{dup!r} is a duplicate id")
    for rel in s.relationships:
        here = f"relationships[{rel.id}]"
        for field in ("actor_a", "actor_b"):
            actor_id = getattr(rel, field)
            if actor_id not in actor_ids:
                yield Problem(path=f"{here}.{field}", message=f"{actor_id!r} is not an actor id")
        for path, sid in rel.cited_sources():
            if sid not in source_ids:
                yield Problem(path=f"{here}.{path}", message=f"{sid!r} is not a source id")
    yield from _veto_problems(s, actor_ids, set(issues), source_ids)
    yield from _context_problems(s)
    for actor in s.actors:
        if actor.group is not None and actor.group in actor_ids:
            yield Problem(
                path=f"actors[{actor.id}].group",
                message=f"{actor.group!r} is an actor id; a group names a coalition",
            )


def _veto_problems(
    s: Scenario, actor_ids: set[str], issue_ids: set[str], source_ids: set[str]
) -> Iterator[Problem]:
    seen: set[str] = set()
    stated = {(p.actor, p.issue) for p in s.positions}
    for k, v in enumerate(s.veto_players):
        here = f"veto_players[{v.issue}]"
        if v.issue not in issue_ids:
            yield Problem(
                path=f"veto_players[{k}].issue", message=f"{v.issue!r} is not an issue id"
            )
        if v.issue in seen:
            yield Problem(path=here, message="a second veto-player entry for the same issue")
        seen.add(v.issue)
        for j, a in enumerate(v.actors):
            if a not in actor_ids:
                yield Problem(path=f"{here}.actors[{j}]", message=f"{a!r} is not an actor id")
            elif (a, v.issue) not in stated:
                yield Problem(
                    path=f"{here}.actors[{j}]",
                    message=(
                        f"{a!r} holds no position on {v.issue!r}, so its consent cannot be read"
                    ),
                )
        for dup in duplicates(v.actors):
            yield Problem(path=f"{here}.actors", message=f"{dup!r} is listed twice")
        yield from _unknown_sources(here, v.sources, source_ids)


def _context_problems(s: Scenario) -> Iterator[Problem]:
    from panmun.scenario.contexts import shipped_contexts

    if s.context is None:
        return
    known = shipped_contexts()
    if s.context not in known:
        yield Problem(
            path="context",
            message=f"{s.context!r} is not a shipped context ({', '.join(sorted(known))})",
        )
        return
    causes = known[s.context].root_cause_labels()
    for issue in s.issues:
        if issue.root_cause is not None and issue.root_cause not in causes:
            yield Problem(
                path=f"issues[{issue.id}].root_cause",
                message=(
                    f"{issue.root_cause!r} is not a root cause of {s.context} ({', '.join(causes)})"
                ),
            )


def _unknown_sources(here: str, cited: tuple[str, ...], known: set[str]) -> Iterator[Problem]:
    for j, sid in enumerate(cited):
        if sid not in known:
            yield Problem(path=f"{here}.sources[{j}]", message=f"{sid!r} is not a source id")


def _on_scale(
    here: str, field: str, value: float, rng: tuple[float, float], issue: Issue
) -> Iterator[Problem]:
    lo, hi = issue.scale.min, issue.scale.max
    for name, v in ((field, value), (f"{field}_range", rng[0]), (f"{field}_range", rng[1])):
        if v < lo:
            yield Problem(
                path=f"{here}.{name}",
                message=f"{fmt_value(v)} is below the scale minimum {fmt_value(lo)}",
            )
        elif v > hi:
            yield Problem(
                path=f"{here}.{name}",
                message=f"{fmt_value(v)} is above the scale maximum {fmt_value(hi)}",
            )
