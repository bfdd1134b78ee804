"""Roadmaps against a scenario: chain the proposals and trust engines phase by phase.

For each phase, the interventions of that phase and of every earlier phase are in force
(confidence built is kept); the trust engine estimates, for each of the scenario's
relationships, the probability that reciprocal cooperation is sustained under them, and the
phase's ``tau`` is the mean over relationships. :func:`panmun.proposals.roadmap.roadmap_draws`
then walks seeded draws of the scenario's numbers and of the packages' terms through the
phases. A scenario without relationships is evaluated with ``tau = 1`` (trust not modelled),
and the verdict says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from panmun.errors import InputError
from panmun.proposals.api import proposal_outcome, required_mask
from panmun.proposals.models import ProposalLibrary, Roadmap
from panmun.proposals.roadmap import roadmap_draws
from panmun.scenario.arrays import ScenarioArrays, sample, scenario_arrays, triangular
from panmun.scenario.models import Scenario


@dataclass(frozen=True)
class PhaseVerdict:
    """One phase of an evaluated roadmap."""

    name: str
    proposal: str
    interventions: tuple[str, ...]  # in force at this phase, cumulative
    tau: float
    tau_by_relationship: tuple[tuple[str, float], ...]
    p_pass: float
    p_reach: float
    likely_blockers: tuple[tuple[str, float], ...]  # (actor, P(blocks | reached)), required only


@dataclass(frozen=True)
class RoadmapVerdict:
    """A roadmap evaluated on a scenario."""

    roadmap: Roadmap
    phases: tuple[PhaseVerdict, ...]
    trust_modelled: bool
    draws: int
    seed: int
    required: tuple[str, ...] = ()
    first_blocked: int | None = None
    first_blockers: tuple[tuple[str, float], ...] = ()

    @property
    def p_complete(self) -> float:
        """Probability of completing every phase."""
        return self.phases[-1].p_reach

    @property
    def expected_phases(self) -> float:
        """Expected number of phases completed (the sum of the probabilities of reaching each)."""
        return float(sum(p.p_reach for p in self.phases))


def phase_trust(
    scenario: Scenario, interventions: tuple[str, ...], trust_draws: int, seed: int
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """Return the mean P(cooperation sustained) over the scenario's relationships, and each."""
    from panmun.trust.interventions import sustained_under

    per = tuple(
        (
            r.id,
            sustained_under(
                r.to_inputs(), interventions, n_draws=trust_draws, n_matches=trust_draws, seed=seed
            ).sustained,
        )
        for r in scenario.relationships
    )
    if not per:
        return 1.0, ()
    return float(np.mean([p for _, p in per])), per


def evaluate_roadmap(
    scenario: Scenario,
    roadmap: Roadmap,
    library: ProposalLibrary,
    required: tuple[str, ...] | None = None,
    draws: int = 500,
    seed: int = 0,
    trust_draws: int = 32,
    indifference: float = 0.01,
) -> RoadmapVerdict:
    """Evaluate a roadmap: the probability of reaching each phase, given trust built so far."""
    proposals = {p.id: p for p in library.proposals}
    missing = [ph.proposal for ph in roadmap.phases if ph.proposal not in proposals]
    if missing:
        raise InputError(
            [f"roadmap {roadmap.id}: {m!r} is not a proposal of the library" for m in missing]
        )
    arr = scenario_arrays(scenario)
    changed = tuple(
        sorted({t.issue for ph in roadmap.phases for t in proposals[ph.proposal].terms})
    )
    req = required_mask(scenario, required, changed)
    d = sample(arr, draws, seed)
    packages = []
    for k, ph in enumerate(roadmap.phases):
        out = proposal_outcome(proposals[ph.proposal], arr, scenario.id)
        terms = triangular(np.random.default_rng([seed, 2, k]), out, draws)
        named = {t.issue for t in proposals[ph.proposal].terms}
        has_term = np.array([i in named for i in arr.issues])
        packages.append(np.where(has_term, terms, d.status_quo))
    in_force: list[str] = []
    taus, per_rel = [], []
    for ph in roadmap.phases:
        in_force += [i for i in ph.interventions if i not in in_force]
        tau, per = phase_trust(scenario, tuple(in_force), trust_draws, seed)
        taus.append(tau)
        per_rel.append((tuple(in_force), per))
    width = arr.scale_max - arr.scale_min
    res = roadmap_draws(
        np.stack(packages), d.status_quo, d.position, d.salience, width, np.array(taus), req,
        indifference,
    )  # fmt: skip
    phases = []
    for k, ph in enumerate(roadmap.phases):
        blockers = sorted(
            ((arr.actors[a], float(res.p_block[k, a])) for a in np.flatnonzero(req)),
            key=lambda kv: (-kv[1], kv[0]),
        )
        phases.append(
            PhaseVerdict(
                name=ph.name,
                proposal=ph.proposal,
                interventions=per_rel[k][0],
                tau=taus[k],
                tau_by_relationship=per_rel[k][1],
                p_pass=float(res.p_pass[k]),
                p_reach=float(res.p_reach[k]),
                likely_blockers=tuple(b for b in blockers if b[1] > 0)[:3],
            )
        )
    first, blockers_at = _first_blocked(
        [proposal_outcome(proposals[ph.proposal], arr, scenario.id).value for ph in roadmap.phases],
        arr, taus, req, indifference,
    )  # fmt: skip
    return RoadmapVerdict(
        roadmap=roadmap,
        phases=tuple(phases),
        trust_modelled=bool(scenario.relationships),
        draws=draws,
        seed=seed,
        required=tuple(a for a, r in zip(arr.actors, req, strict=True) if r),
        first_blocked=first,
        first_blockers=blockers_at,
    )


def _first_blocked(
    packages: list[np.ndarray],
    arr: ScenarioArrays,
    taus: list[float],
    req: np.ndarray,
    indifference: float,
) -> tuple[int | None, tuple[tuple[str, float], ...]]:
    """Walk the phases at the stated values; return the first phase a required party blocks
    and, for each blocker, the utility it lacks not to block (the size of a side payment)."""
    from panmun.proposals.roadmap import expected_gain

    width = arr.scale_max - arr.scale_min
    previous = arr.status_quo.value
    for k, package in enumerate(packages):
        e = expected_gain(previous, package, arr.position.value, arr.salience.value, width, taus[k])
        lacking = [
            (arr.actors[a], float(-indifference - e[a]))
            for a in np.flatnonzero(req)
            if e[a] < -indifference
        ]
        if lacking:
            return k, tuple(sorted(lacking, key=lambda x: (-x[1], x[0])))
        previous = package
    return None, ()


def fits_scenario(roadmap: Roadmap, library: ProposalLibrary, scenario: Scenario) -> bool:
    """Whether every package of ``roadmap`` is written on issues of ``scenario`` (a roadmap
    of another conflict, or on issues the scenario leaves out, does not fit)."""
    issues = {i.id for i in scenario.issues}
    by_id = {p.id: p for p in library.proposals}
    return all(
        t.issue in issues for ph in roadmap.phases if ph.proposal in by_id
        for t in by_id[ph.proposal].terms
    )  # fmt: skip
