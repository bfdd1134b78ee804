"""Proposals against a scenario: evaluation, ranking, the Nash package and the frontier.

This module joins the records (:mod:`panmun.proposals.models`), the scenario's arrays
(:mod:`panmun.scenario.arrays`) and the pure numeric functions
(:mod:`panmun.proposals.evaluate`, :mod:`panmun.proposals.search`). It returns plain
dataclasses that the CLI and the report present.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import ValidationError

from panmun.errors import InputError
from panmun.proposals import evaluate as ev
from panmun.proposals.models import Proposal, ProposalLibrary
from panmun.proposals.search import FrontierPoint, NashSolution, nash_package, pareto_frontier
from panmun.scenario.arrays import (
    Draws,
    Ranged,
    ScenarioArrays,
    sample,
    scenario_arrays,
    triangular,
)
from panmun.scenario.loader import data_dir, read_data_file, read_shipped, validation_lines
from panmun.scenario.models import Scenario

DECISION_WORDS = {ev.ACCEPT: "accepts", ev.INDIFFERENT: "indifferent", ev.BLOCK: "blocks"}


def library_from_data(data: object, name: str) -> ProposalLibrary:
    """Validate parsed data as proposals and roadmaps; one line per problem."""
    if not isinstance(data, dict):
        raise InputError([f"{name}: expected a mapping with 'proposals' and/or 'roadmaps' lists"])
    try:
        return ProposalLibrary.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_lines(exc, data, name)) from None


@functools.cache
def shipped_library() -> ProposalLibrary:
    """Return the shipped proposals and roadmaps (read once)."""
    item = data_dir().joinpath("proposals.yaml")
    return library_from_data(read_shipped(item), "proposals.yaml")


def load_library(path: str | Path | None = None) -> ProposalLibrary:
    """Load proposals and roadmaps from a file, or the shipped ones when ``path`` is None."""
    if path is None:
        return shipped_library()
    return library_from_data(read_data_file(path), str(path))


def required_mask(
    scenario: Scenario, required: tuple[str, ...] | None, issues: tuple[str, ...] | None = None
) -> NDArray[np.bool_]:
    """Return a mask of the actors whose agreement is required.

    ``required=None`` applies the consent rule of :func:`panmun.analysis.required_parties`:
    the veto players of ``issues`` (default: every issue), or every state when the scenario
    names no veto players.
    """
    from panmun.analysis.consent import required_parties

    ids = [a.id for a in scenario.actors]
    if required is None:
        chosen = set(required_parties(scenario, issues))
        return np.array([i in chosen for i in ids])
    unknown = [r for r in required if r not in ids]
    if unknown:
        raise InputError(
            [f"required actors: {u!r} is not an actor of {scenario.id}" for u in unknown]
        )
    return np.array([i in required for i in ids])


def proposal_outcome(proposal: Proposal, arrays: ScenarioArrays, scenario_id: str) -> Ranged:
    """Return the package's point (with ranges) on every issue; the status quo where silent."""
    index = {i: k for k, i in enumerate(arrays.issues)}
    value = arrays.status_quo.value.copy()
    low, high = arrays.status_quo.low.copy(), arrays.status_quo.high.copy()
    problems = []
    for t in proposal.terms:
        if t.issue not in index:
            problems.append(
                f"proposal {proposal.id}: terms[{t.issue}]: {t.issue!r} is not an issue of "
                f"{scenario_id}"
            )
            continue
        k = index[t.issue]
        value[k], low[k], high[k] = t.value, t.value_range[0], t.value_range[1]
    if problems:
        raise InputError(problems)
    return Ranged(value, low, high)


@dataclass(frozen=True)
class ActorVerdict:
    """One actor's view of a package."""

    actor: str
    gain: float
    decision: str
    p_accept: float
    p_block: float
    clout: float
    required: bool
    deficit: float
    concessions: tuple[tuple[str, float, float], ...]  # (issue, from, to)


@dataclass(frozen=True)
class ProposalVerdict:
    """A package evaluated against every actor of a scenario."""

    proposal: Proposal
    outcome: tuple[float, ...]
    actors: tuple[ActorVerdict, ...]
    support: float
    opposition: float
    all_required_accept: bool
    p_all_required: float
    p_support_outweighs: float
    root_causes: tuple[str, ...]
    draws: int
    seed: int
    required: tuple[str, ...] = ()

    @property
    def shortfalls(self) -> tuple[tuple[str, float], ...]:
        """Each required party that does not accept, with the utility it lacks, largest first."""
        found = [(a.actor, a.deficit) for a in self.actors if a.required and a.deficit > 0]
        return tuple(sorted(found, key=lambda x: (-x[1], x[0])))

    @property
    def shortfall_total(self) -> float:
        """The utility the required parties lack in total (0 when all accept)."""
        return float(sum(d for _, d in self.shortfalls))

    @property
    def shortfall_max(self) -> float:
        """The largest utility any one required party lacks (0 when all accept)."""
        return max((d for _, d in self.shortfalls), default=0.0)

    @property
    def blockers(self) -> tuple[str, ...]:
        """Actors that block the package at the stated values."""
        return tuple(a.actor for a in self.actors if a.decision == "blocks")


def evaluate_proposal(
    scenario: Scenario,
    proposal: Proposal,
    required: tuple[str, ...] | None = None,
    draws: int = 1000,
    seed: int = 0,
    indifference: float = 0.01,
    *,
    arrays: ScenarioArrays | None = None,
    sampled: Draws | None = None,
) -> ProposalVerdict:
    """Evaluate one package against every actor, at the stated values and over draws.

    The Monte Carlo draws sample positions, saliences, capabilities, the status quo and the
    package's own terms from their ranges (see :mod:`panmun.scenario.arrays`), all from
    ``seed``; ``arrays`` and ``sampled`` pass in a scenario's arrays and draws made once
    (they must come from the same scenario, ``draws`` and ``seed``). ``required=None`` asks
    for the consent of the veto players of the issues the package changes.
    """
    arr = arrays if arrays is not None else scenario_arrays(scenario)
    width = arr.scale_max - arr.scale_min
    changed = tuple(sorted({t.issue for t in proposal.terms}))
    req = required_mask(scenario, required, changed)
    out = proposal_outcome(proposal, arr, scenario.id)
    base = ev.evaluate(
        out.value,
        arr.status_quo.value,
        arr.position.value,
        arr.salience.value,
        arr.capability.value,
        width,
        req,
        indifference,
    )
    d = sampled if sampled is not None else sample(arr, draws, seed)
    terms = triangular(np.random.default_rng([seed, 1]), out, draws)
    has_term = np.array([i in changed for i in arr.issues])
    z = np.where(has_term, terms, d.status_quo)
    mc = ev.acceptance_draws(
        z, d.status_quo, d.position, d.salience, d.capability, width, req, indifference
    )
    verdicts = []
    for a, actor in enumerate(arr.actors):
        moves, deficit = (
            ev.smallest_concession(
                out.value,
                arr.status_quo.value,
                arr.position.value[a],
                arr.salience.value[a],
                width,
                indifference,
            )
            if base.decision[a] != ev.ACCEPT
            else ([], 0.0)
        )
        verdicts.append(
            ActorVerdict(
                actor=actor,
                gain=float(base.gain[a]),
                decision=DECISION_WORDS[int(base.decision[a])],
                p_accept=float(mc.p_accept[a]),
                p_block=float(mc.p_block[a]),
                clout=float(base.clout[a]),
                required=bool(req[a]),
                deficit=deficit,
                concessions=tuple((arr.issues[m.issue], m.old, m.new) for m in moves),
            )
        )
    causes = tuple(
        sorted({i.root_cause for i in scenario.issues if i.id in changed and i.root_cause})
    )
    return ProposalVerdict(
        proposal=proposal,
        outcome=tuple(float(v) for v in out.value),
        actors=tuple(verdicts),
        support=base.support,
        opposition=base.opposition,
        all_required_accept=base.all_required_accept,
        p_all_required=mc.p_all_required,
        p_support_outweighs=mc.p_support_outweighs,
        root_causes=causes,
        draws=draws,
        seed=seed,
        required=tuple(a for a, r in zip(arr.actors, req, strict=True) if r),
    )


def rank_proposals(
    scenario: Scenario,
    proposals: tuple[Proposal, ...],
    required: tuple[str, ...] | None = None,
    draws: int = 1000,
    seed: int = 0,
    indifference: float = 0.01,
    *,
    arrays: ScenarioArrays | None = None,
    sampled: Draws | None = None,
) -> list[ProposalVerdict]:
    """Evaluate packages and rank them by how close they come to passing.

    Packages that change nothing (kind ``status_quo``, the reference) come last. The rest
    first by the probability that every required party accepts; among equals (for example
    when none passes) by the utility the required parties lack in total, then by the largest
    lack of any one of them, then by the probability that support outweighs opposition.
    Packages that name issues the scenario lacks are skipped. The scenario is sampled once
    for all packages (or ``arrays`` and ``sampled`` are those made once by the caller).
    """
    ids = {i.id for i in scenario.issues}
    usable = [p for p in proposals if all(t.issue in ids for t in p.terms)]
    arr = arrays if arrays is not None else scenario_arrays(scenario)
    d = sampled if sampled is not None or not usable else sample(arr, draws, seed)
    verdicts = [
        evaluate_proposal(scenario, p, required, draws, seed, indifference, arrays=arr, sampled=d)
        for p in usable
    ]
    return sorted(
        verdicts,
        key=lambda v: (
            v.proposal.kind == "status_quo",  # the reference comes last, not first
            -v.p_all_required,
            round(v.shortfall_total, 12),
            round(v.shortfall_max, 12),
            -v.p_support_outweighs,
            v.proposal.id,
        ),
    )


def nash_search(scenario: Scenario, required: tuple[str, ...] | None = None) -> NashSolution:
    """Return the package maximising the Nash product of the required actors' gains.

    ``required=None``: the veto players of every issue (every state without veto players).
    """
    arr = scenario_arrays(scenario)
    req = required_mask(scenario, required)
    return nash_package(
        arr.position.value[req],
        arr.salience.value[req],
        arr.status_quo.value,
        arr.scale_min,
        arr.scale_max,
    )


def frontier(scenario: Scenario, actor_a: str, actor_b: str) -> list[FrontierPoint]:
    """Return the Pareto frontier between two actors' utilities."""
    arr = scenario_arrays(scenario)
    problems = [
        f"frontier: {a!r} is not an actor of {scenario.id}"
        for a in (actor_a, actor_b)
        if a not in arr.actors
    ]
    if problems:
        raise InputError(problems)
    rows = [arr.actors.index(actor_a), arr.actors.index(actor_b)]
    return pareto_frontier(
        arr.position.value[rows], arr.salience.value[rows], arr.scale_min, arr.scale_max
    )


def verdict_data(v: ProposalVerdict, issues: tuple[str, ...]) -> dict[str, Any]:
    """Return a verdict as JSON-compatible data (also used by the report)."""
    return {
        "proposal": v.proposal.id,
        "name": v.proposal.name,
        "kind": v.proposal.kind,
        "outcome": dict(zip(issues, v.outcome, strict=True)),
        "all_required_accept": v.all_required_accept,
        "p_all_required": v.p_all_required,
        "p_support_outweighs": v.p_support_outweighs,
        "support": v.support,
        "opposition": v.opposition,
        "root_causes": list(v.root_causes),
        "blockers": list(v.blockers),
        "required": list(v.required),
        "shortfalls": [{"actor": a, "utility": d} for a, d in v.shortfalls],
        "shortfall_total": v.shortfall_total,
        "shortfall_max": v.shortfall_max,
        "draws": v.draws,
        "seed": v.seed,
        "actors": [
            {
                "actor": a.actor,
                "gain": a.gain,
                "decision": a.decision,
                "p_accept": a.p_accept,
                "p_block": a.p_block,
                "clout": a.clout,
                "required": a.required,
                "deficit": a.deficit,
                "concessions": [
                    {"issue": i, "from": old, "to": new} for i, old, new in a.concessions
                ],
            }
            for a in v.actors
        ],
    }
