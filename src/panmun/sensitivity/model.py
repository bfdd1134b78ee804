"""The scenario as one deterministic function of its uncertain inputs (the numeric core).

:class:`ScenarioModel` maps rows of the unit hypercube of a scenario's uncertain inputs to its
headline outputs. A block of rows becomes one set of draws (rows = draws, as in
:class:`panmun.scenario.arrays.Draws`), and the existing vectorised engines evaluate all of it
at once; no second model is written:

* each issue: the bargaining model (:func:`panmun.bargaining.monte_carlo.run_samples`) gives
  the forecast, the veto players' win-set (:mod:`panmun.bargaining.winset`) the feasible
  outcome, as in :mod:`panmun.analysis.issues`;
* each package: every required party accepts it (:func:`panmun.proposals.utility.gains`,
  :func:`panmun.proposals.evaluate.decisions`), 1 or 0, as in
  :func:`panmun.proposals.evaluate.acceptance_draws`;
* each roadmap: every phase passes (:func:`panmun.proposals.roadmap.roadmap_draws`), 1 or 0,
  with each phase's probability that cooperation holds computed from the row's relationship
  numbers and intervention effects (:func:`panmun.trust.interventions.apply`,
  :func:`panmun.trust.analytic.self_enforcing_gain`, :mod:`panmun.sensitivity.trust_exact`).

The mean of a 0/1 output over the sample is the probability the report shows; its indices say
which inputs move that probability.

Where this differs from the analysis it mirrors (:class:`panmun.analysis.ScenarioAnalysis`):

* packages are held at their stated terms (the analysis also draws the terms from their
  ranges): the question here is which numbers of the scenario move the answers, and a
  package's terms are what is proposed, not an uncertain fact;
* a roadmap phase's chance that cooperation holds is computed for each row's relationship
  numbers and intervention effects (the roadmap evaluation uses one number per phase, the
  mean over the trust engine's own draws), and exactly rather than by simulated matches, so
  that the model is a deterministic function of its inputs (see
  :mod:`panmun.sensitivity.trust_exact`);
* the expected-utility model runs on every row (the analysis caps its draws for issues of
  more than about 40 actors, ``AnalysisSettings.eum_budget``).

Rows that agree on every input an issue depends on give that issue the same forecast, so each
block runs the bargaining model once per distinct combination (``numpy.unique`` over the
issue's columns). In a Saltelli design that is ``2 + D_k`` runs per base point for an issue
with ``D_k`` inputs instead of ``D + 2``; every row still gets its own value, bit for bit the
one a run on that row alone gives. Pure functions over arrays: no I/O, no printing, no global
state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from panmun.bargaining import BargainingModel
from panmun.sensitivity.records import FloatArray, OutputSpec, UncertainInput, to_values
from panmun.sensitivity.trust_exact import sustained_probability
from panmun.trust.automaton import Automaton
from panmun.trust.catalogue import Change

IntArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

#: Target codes of the columns.
POSITION, SALIENCE, CAPABILITY, STATUS_QUO, RELATIONSHIP, INTERVENTION = range(6)
#: The relationship numbers, in column-slot order; the last is the continuation probability or
#: the horizon in rounds.
RELATIONSHIP_FIELDS = ("T", "R", "P", "S", "noise", "horizon")


@dataclass(frozen=True, eq=False)
class IssueSpec:
    """One issue: its index, the actors with a position on it, its veto players and scale."""

    index: int
    actors: IntArray  # actor indices, in scenario order
    vetoes: IntArray  # actor indices of its veto players
    scale: tuple[float, float]
    columns: IntArray  # the columns of its actors' positions, saliences and capabilities


@dataclass(frozen=True, eq=False)
class PackageSpec:
    """A package at its stated terms, and whose consent it needs."""

    terms: FloatArray  # (issues,)
    has_term: BoolArray  # (issues,)
    required: BoolArray  # (actors,)


@dataclass(frozen=True, eq=False)
class RoadmapSpec:
    """A roadmap: each phase's package, the interventions in force, whose consent it needs."""

    terms: FloatArray  # (phases, issues)
    has_term: BoolArray  # (phases, issues)
    required: BoolArray  # (actors,)
    in_force: tuple[tuple[int, ...], ...]  # per phase, indices into ScenarioModel.interventions


@dataclass(frozen=True, eq=False)
class RelationshipSpec:
    """A relationship's compiled strategies and its six numbers (stated value or a column)."""

    automaton_a: Automaton
    automaton_b: Automaton
    stated: FloatArray  # (6,) in RELATIONSHIP_FIELDS order
    columns: IntArray  # (6,) the column of each number, -1 when it is certain
    fixed_horizon: bool  # the last number is a horizon in rounds, not a continuation


@dataclass(frozen=True, eq=False)
class EffectSpec:
    """One change of one intervention, with its size certain or taken from a column."""

    change: Change
    column: int  # -1 when low == high (the size is then ``change.low``)


@dataclass(frozen=True, eq=False)
class ScenarioModel:
    """A scenario's headline outputs as a function of its uncertain inputs.

    Build one with :func:`panmun.sensitivity.plan.scenario_model`. Columns are described by
    ``target`` (one of the target codes), ``actor``, ``issue`` and ``slot`` (the relationship
    or effect number), with the distribution ``low``, ``mode``, ``high``, ``uniform``.
    """

    inputs: tuple[UncertainInput, ...]
    outputs: tuple[OutputSpec, ...]
    target: IntArray
    actor: IntArray
    issue: IntArray
    slot: IntArray
    low: FloatArray
    mode: FloatArray
    high: FloatArray
    uniform: BoolArray
    position: FloatArray  # (actors, issues) stated values
    salience: FloatArray
    capability: FloatArray
    status_quo: FloatArray  # (issues,)
    width: FloatArray  # (issues,)
    issues: tuple[IssueSpec, ...]
    packages: tuple[PackageSpec, ...]
    roadmaps: tuple[RoadmapSpec, ...]
    relationships: tuple[RelationshipSpec, ...]
    interventions: tuple[tuple[EffectSpec, ...], ...]
    bargaining: BargainingModel
    indifference: float
    repair_window: int

    def evaluate(self, unit: FloatArray) -> FloatArray:
        """Outputs (rows, outputs) of the unit rows (rows, inputs); see :func:`evaluate`."""
        return evaluate(self, unit)


@dataclass(frozen=True)
class ScenarioValues:
    """A block of rows as draws: (rows, actors, issues) and (rows, issues) arrays."""

    position: FloatArray
    salience: FloatArray
    capability: FloatArray
    status_quo: FloatArray
    values: FloatArray  # (rows, inputs): every column as a number


def scenario_values(model: ScenarioModel, unit: FloatArray) -> ScenarioValues:
    """Turn unit rows into the scenario's numbers, one draw per row."""
    rows = unit.shape[0]
    values = to_values(unit, model.low, model.mode, model.high, model.uniform)
    out = []
    for code, stated in (
        (POSITION, model.position),
        (SALIENCE, model.salience),
        (CAPABILITY, model.capability),
    ):
        arr = np.broadcast_to(stated, (rows, *stated.shape)).copy()
        cols = np.flatnonzero(model.target == code)
        arr[:, model.actor[cols], model.issue[cols]] = values[:, cols]
        out.append(arr)
    sq = np.broadcast_to(model.status_quo, (rows, model.status_quo.shape[0])).copy()
    cols = np.flatnonzero(model.target == STATUS_QUO)
    sq[:, model.issue[cols]] = values[:, cols]
    return ScenarioValues(out[0], out[1], out[2], sq, values)


def _distinct(unit: FloatArray, columns: IntArray) -> tuple[IntArray, IntArray]:
    """Rows that differ on ``columns`` (their first occurrences) and each row's one of them."""
    if columns.size == 0:
        return np.zeros(1, dtype=np.intp), np.zeros(unit.shape[0], dtype=np.intp)
    _, first, inverse = np.unique(unit[:, columns], axis=0, return_index=True, return_inverse=True)
    return np.asarray(first, dtype=np.intp), np.asarray(inverse, dtype=np.intp).reshape(-1)


def issue_outputs(
    model: ScenarioModel, spec: IssueSpec, unit: FloatArray, v: ScenarioValues
) -> tuple[FloatArray, FloatArray]:
    """The bargaining forecast and the feasible outcome of one issue, per row."""
    from panmun.bargaining.monte_carlo import run_samples
    from panmun.bargaining.winset import feasible_outcome, win_set

    k = spec.index
    first, inverse = _distinct(unit, spec.columns)
    run = run_samples(
        model.bargaining,
        np.ascontiguousarray(v.position[first][:, spec.actors, k]),
        np.ascontiguousarray(v.capability[first][:, spec.actors, k]),
        np.ascontiguousarray(v.salience[first][:, spec.actors, k]),
    )
    forecast = run.forecast[inverse]
    ws = win_set(v.status_quo[:, k], v.position[:, spec.vetoes, k], spec.scale)
    return np.asarray(forecast, dtype=np.float64), feasible_outcome(forecast, ws)


def package_accepted(model: ScenarioModel, spec: PackageSpec, v: ScenarioValues) -> FloatArray:
    """1 where every required party accepts the package at its stated terms, else 0."""
    from panmun.proposals.evaluate import ACCEPT, decisions
    from panmun.proposals.utility import gains

    z = np.where(spec.has_term, spec.terms, v.status_quo)
    g = gains(z, v.status_quo, v.position, v.salience, model.width)
    d = decisions(g, model.indifference)
    return np.asarray(np.all(d[:, spec.required] == ACCEPT, axis=1), dtype=np.float64)


def _relationship_numbers(spec: RelationshipSpec, values: FloatArray) -> Any:
    """A relationship's numbers per row as the trust engine's draws (its clipping and rounding)."""
    from panmun.trust.interventions import Draws

    rows = values.shape[0]
    num = np.empty((rows, 6))
    for j in range(6):
        c = int(spec.columns[j])
        num[:, j] = values[:, c] if c >= 0 else spec.stated[j]
    noise = np.clip(num[:, 4], 0.0, 1.0)
    if spec.fixed_horizon:
        horizon = np.maximum(1, np.rint(num[:, 5])).astype(np.int64)
        return Draws(np.ascontiguousarray(num[:, :4]), noise, None, horizon)
    w = np.clip(num[:, 5], 0.0, 1.0 - 1e-9)
    return Draws(np.ascontiguousarray(num[:, :4]), noise, w, None)


def cooperation_holds(
    model: ScenarioModel, in_force: tuple[int, ...], unit: FloatArray, values: FloatArray
) -> FloatArray:
    """Per row, the mean over relationships of P(cooperation sustained) under ``in_force``.

    For each relationship: the chance that the strategy pair is self-enforcing (0 or 1, exact)
    times the chance that every lapse is repaired, as the trust engine's ``_evaluate`` defines
    them (matches last as long as under the relationship's own horizon; the interventions
    change the incentives and the noise). 1 when the scenario has no relationship.
    """
    from panmun.trust.analytic import self_enforcing_gain
    from panmun.trust.interventions import apply

    rows = unit.shape[0]
    if not model.relationships:
        return np.ones(rows)
    effects = [e for i in in_force for e in model.interventions[i]]
    effect_cols = [e.column for e in effects if e.column >= 0]
    total = np.zeros(rows)
    for rel in model.relationships:
        cols = np.array([c for c in rel.columns if c >= 0] + effect_cols, dtype=np.intp)
        first, inverse = _distinct(unit, cols)
        sub = values[first]
        base = _relationship_numbers(rel, sub)
        sizes = [
            (e.change, sub[:, e.column] if e.column >= 0 else np.full(first.size, e.change.low))
            for e in effects
        ]
        changed = apply(base, sizes)
        gain_a, gain_b = self_enforcing_gain(
            rel.automaton_a,
            rel.automaton_b,
            changed.payoffs,
            changed.noise,
            changed.rounds,
            changed.continuation,
        )
        scale = np.abs(changed.payoffs).max(axis=1) + 1.0
        enforcing = (gain_a <= 1e-9 * scale) & (gain_b <= 1e-9 * scale)
        repaired = sustained_probability(
            rel.automaton_a,
            rel.automaton_b,
            changed.noise,
            model.repair_window,
            rounds=base.rounds,
            continuation=base.continuation,
        )
        total += (repaired * enforcing)[inverse]
    return total / len(model.relationships)


def roadmap_completed(
    model: ScenarioModel,
    spec: RoadmapSpec,
    v: ScenarioValues,
    taus: dict[tuple[int, ...], FloatArray],
    unit: FloatArray,
) -> FloatArray:
    """1 where every phase of the roadmap passes, else 0 (``taus`` caches trust per phase)."""
    from panmun.proposals.roadmap import roadmap_draws

    for key in spec.in_force:
        if key not in taus:
            taus[key] = cooperation_holds(model, key, unit, v.values)
    packages = np.stack(
        [np.where(spec.has_term[p], spec.terms[p], v.status_quo) for p in range(len(spec.terms))]
    )
    tau = np.stack([taus[key] for key in spec.in_force])
    res = roadmap_draws(
        packages,
        v.status_quo,
        v.position,
        v.salience,
        model.width,
        tau,
        spec.required,
        model.indifference,
    )
    return res.reached[:, -1].astype(np.float64)


def evaluate(model: ScenarioModel, unit: FloatArray) -> FloatArray:
    """Every headline output of every row: (rows, outputs), in ``model.outputs`` order.

    Columns: for each issue its forecast and feasible outcome, then each package, then each
    roadmap.
    """
    unit = np.ascontiguousarray(unit, dtype=np.float64)
    v = scenario_values(model, unit)
    columns: list[FloatArray] = []
    for spec in model.issues:
        columns.extend(issue_outputs(model, spec, unit, v))
    columns.extend(package_accepted(model, p, v) for p in model.packages)
    taus: dict[tuple[int, ...], FloatArray] = {}
    columns.extend(roadmap_completed(model, r, v, taus, unit) for r in model.roadmaps)
    if not columns:
        return np.zeros((unit.shape[0], 0))
    return np.stack(columns, axis=1)
