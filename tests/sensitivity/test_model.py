"""The scenario model: inputs named for people, rows evaluated on their own, and the numbers
of the engines it reuses (the analysis, package acceptance, roadmaps, the trust engine)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.analysis.issues import analyse_issue
from panmun.errors import InputError
from panmun.proposals.evaluate import acceptance_draws
from panmun.scenario import load
from panmun.scenario.arrays import Draws
from panmun.sensitivity.model import (
    RELATIONSHIP_FIELDS,
    ScenarioModel,
    cooperation_holds,
    scenario_values,
)
from panmun.sensitivity.plan import scenario_model
from panmun.trust.catalogue import Change, Intervention
from panmun.trust.interventions import Estimate, RelationshipInputs, sustained_under

PRESET = "korea-2022-09"
MINI = str(Path(__file__).parents[1] / "fixtures" / "mini.yaml")


@functools.cache
def _model(model: str = "median", scenario: str = PRESET) -> tuple[ScenarioAnalysis, ScenarioModel]:
    analysis = ScenarioAnalysis(load(scenario), AnalysisSettings(model=model, rounds=6))
    return analysis, scenario_model(analysis)


def _rows(model: ScenarioModel, n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((n, len(model.inputs)))


def test_every_uncertain_number_is_an_input_named_for_people() -> None:
    analysis, model = _model()
    arr = analysis.arrays
    ranged = sum(
        int(np.sum(r.low < r.high))
        for r in (arr.position, arr.salience, arr.capability, arr.status_quo)
    )
    groups = [i.group for i in model.inputs]
    assert sum(g not in ("relationship", "intervention") for g in groups) == ranged > 250
    rels = analysis.scenario.relationships
    assert groups.count("relationship") == 6 * len(rels) > 0  # every number of each has a range
    assert groups.count("intervention") > 0
    names = [i.name for i in model.inputs] + [o.name for o in model.outputs]
    assert len(set(names)) == len(names)
    assert all("_" not in n and "dprk" not in n for n in names)  # names, never ids
    by_name = {i.name: i for i in model.inputs}
    dprk = by_name[
        "Democratic People's Republic of Korea (North Korea) — position on Inter-Korean "
        "exchanges and people-to-people contact"
    ]
    assert dprk.ids == {"actor": "dprk", "issue": "exchanges", "field": "position"}
    assert dprk.low < dprk.mode < dprk.high and dprk.consultable
    assert "DPRK and United States — chance that a move is misread" in by_name
    kinds = [o.kind for o in model.outputs]
    assert kinds.count("forecast") == kinds.count("feasible") == 7
    assert kinds.count("roadmap") == len(model.roadmaps) >= 2
    assert kinds.count("package") == len(model.packages) > 10
    assert all(
        o.name.endswith(" — every phase passes") for o in model.outputs if o.kind == "roadmap"
    )


@pytest.mark.parametrize("bargaining", ["eum", "median"])
def test_each_row_gives_the_same_outputs_whatever_rows_come_with_it(bargaining: str) -> None:
    _, model = _model(bargaining)
    u = _rows(model, 20, seed=1)
    u = np.vstack([u, u[:4], u[:1]])  # repeated rows too
    u[-1, :5] = u[2, :5]  # and rows that share some columns with others
    whole = model.evaluate(u)
    pieces = np.vstack([model.evaluate(u[k : k + 6]) for k in range(0, len(u), 6)])
    perm = np.random.default_rng(2).permutation(len(u))
    assert np.array_equal(whole, pieces)
    assert np.array_equal(model.evaluate(u[perm]), whole[perm])
    assert np.array_equal(model.evaluate(u[7:8]), whole[7:8])
    assert np.all(np.isfinite(whole)) and whole.shape == (len(u), len(model.outputs))


def _as_draws(model: ScenarioModel, u: np.ndarray) -> Draws:
    v = scenario_values(model, u)
    return Draws(v.position, v.salience, v.capability, v.status_quo)


@pytest.mark.parametrize("bargaining", ["eum", "median"])
def test_issue_outputs_are_the_analysis_numbers_on_the_same_draws(bargaining: str) -> None:
    analysis, model = _model(bargaining)
    u = _rows(model, 60, seed=3)
    y = model.evaluate(u)
    draws = _as_draws(model, u)
    settings = dataclasses.replace(analysis.settings, draws=len(u))
    for k, issue in enumerate(analysis.scenario.issues):
        ia = analyse_issue(analysis.scenario, analysis.arrays, draws, k, settings)
        forecast, feasible = y[:, 2 * k], y[:, 2 * k + 1]
        assert ia.draws == len(u)
        assert np.median(forecast) == ia.unconstrained.median, issue.id
        assert np.std(forecast) == pytest.approx(ia.unconstrained.std, abs=1e-12)
        assert np.median(feasible) == ia.consent.feasible.median, issue.id
        assert np.std(feasible) == pytest.approx(ia.consent.feasible.std, abs=1e-12)


def test_package_outputs_are_acceptance_by_every_required_party() -> None:
    _, model = _model()
    u = _rows(model, 80, seed=4)
    u[:, :] = np.where(np.arange(len(u))[:, None] % 2 == 0, u, 0.5)  # half the rows near stated
    y = model.evaluate(u)
    v = scenario_values(model, u)
    first = 2 * len(model.issues)
    assert np.all(np.isin(y[:, first:], (0.0, 1.0)))
    for j, spec in enumerate(model.packages):
        z = np.where(spec.has_term, spec.terms, v.status_quo)
        ref = acceptance_draws(
            z,
            v.status_quo,
            v.position,
            v.salience,
            v.capability,
            model.width,
            spec.required,
            model.indifference,
        )
        assert y[:, first + j].mean() == ref.p_all_required
    assert y[:, first:].max() == 1.0  # some package is accepted in some row


@pytest.mark.parametrize("horizon", ["continuation", "rounds"])
def test_a_phase_trust_is_the_trust_engine_probability_at_the_rows_numbers(horizon: str) -> None:
    analysis, model = _model()
    rel = model.relationships[1]  # Republic of Korea and DPRK
    own = analysis.scenario.relationships[1].to_inputs()
    if horizon == "rounds":  # the same pair over a fixed horizon of 40 rounds
        stated, columns = rel.stated.copy(), rel.columns.copy()
        stated[5], columns[5] = 40.0, -1
        rel = dataclasses.replace(rel, stated=stated, columns=columns, fixed_horizon=True)
    one = dataclasses.replace(model, relationships=(rel,))
    in_force = model.roadmaps[0].in_force[1]  # the second phase of the policy paper's sequence
    u = _rows(model, 3, seed=5)
    values = scenario_values(model, u).values
    tau = cooperation_holds(one, in_force, u, values)
    for row in range(len(u)):
        num = [values[row, c] if c >= 0 else rel.stated[j] for j, c in enumerate(rel.columns)]
        point = {f: Estimate(x, x, x) for f, x in zip(RELATIONSHIP_FIELDS, num, strict=True)}
        inputs = RelationshipInputs(
            point["T"],
            point["R"],
            point["P"],
            point["S"],
            point["noise"],
            strategy_a=own.strategy_a,
            strategy_b=own.strategy_b,
            continuation=point["horizon"] if horizon == "continuation" else None,
            rounds=point["horizon"] if horizon == "rounds" else None,
        )
        catalogue = tuple(
            Intervention(
                id=f"i{i}",
                name=f"i{i}",
                rationale="",
                sources=(),
                changes=tuple(
                    Change(e.change.parameter, *([values[row, e.column]] * 2))
                    for e in model.interventions[i]
                ),
            )
            for i in in_force
        )
        engine = sustained_under(
            inputs, tuple(c.id for c in catalogue), catalogue, n_draws=2, n_matches=20_000, seed=row
        )
        stderr = max(engine.sustained_stderr, np.sqrt(0.25 / 40_000))
        assert abs(tau[row] - engine.sustained) < 4 * stderr + 1e-9


def test_roadmap_outputs_walk_the_phases_with_each_rows_trust() -> None:
    from panmun.proposals.roadmap import roadmap_draws

    _, model = _model()
    u = _rows(model, 40, seed=6)
    v = scenario_values(model, u)
    spec = model.roadmaps[0]  # the policy paper's sequence
    tau = np.stack([cooperation_holds(model, key, u, v.values) for key in spec.in_force])
    assert (
        tau.shape == (len(spec.in_force), len(u))
        and np.all((tau >= 0) & (tau <= 1))
        and np.ptp(tau) > 0
    )
    z = np.stack(
        [np.where(spec.has_term[p], spec.terms[p], v.status_quo) for p in range(len(spec.terms))]
    )
    varied = 0
    for a in range(len(spec.required)):  # one required party at a time, so that some pass
        alone = dataclasses.replace(spec, required=np.arange(len(spec.required)) == a)
        only = dataclasses.replace(model, issues=(), packages=(), roadmaps=(alone,))
        got = only.evaluate(u)[:, 0]
        ref = roadmap_draws(
            z,
            v.status_quo,
            v.position,
            v.salience,
            model.width,
            tau,
            alone.required,
            model.indifference,
        )
        assert np.array_equal(got, ref.reached[:, -1].astype(float))
        varied += int(np.ptp(got) > 0)
    assert varied > 0
    # with every party it needs, no row of this preset completes the sequence
    assert np.all(model.evaluate(u)[:, 2 * len(model.issues) + len(model.packages)] == 0.0)


def test_a_scenario_without_uncertain_numbers_is_refused(
    mini_data: dict[str, Any], write_yaml: Callable[[Any, str], Path]
) -> None:
    for p in mini_data["positions"]:
        for f in ("position", "salience", "capability"):
            p[f"{f}_range"] = [p[f], p[f]]
        p["sources"] = ["doc1"]
        p.pop("estimate", None)
    sq = mini_data["status_quo"][0]
    sq["value_range"] = [sq["value"], sq["value"]]
    scenario = load(write_yaml(mini_data, "certain.yaml"))
    with pytest.raises(InputError) as err:
        scenario_model(ScenarioAnalysis(scenario, AnalysisSettings()))
    assert err.value.problems == (
        "mini: no number has a range (low below high), so nothing is uncertain; sensitivity "
        "analysis needs at least one uncertain input",
    )


def test_the_scenario_call_takes_the_analysis_settings_and_seed() -> None:
    pytest.importorskip("SALib")
    from panmun.sensitivity import check_these_first, scenario_sensitivity

    analysis = ScenarioAnalysis(load(MINI), AnalysisSettings(model="median", seed=4))
    result = scenario_sensitivity(analysis, "morris", samples=4)
    assert result.seed == 4 and result.samples == 4 and result.method == "morris"
    data = result.to_dict()
    assert data["scenario"] == "mini" and data["model"] == "median"
    assert data["check_these_first"] == check_these_first(result, None)
    top = check_these_first(result, 2)
    assert len(top) == 2 and top[0]["lower"] >= top[1]["lower"] and top[1]["score"] > 0
