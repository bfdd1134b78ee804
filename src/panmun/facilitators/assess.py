"""The facilitator assessment of a scenario: the shipped data of its context, cut to what was
known at its date, scored by :mod:`panmun.facilitators.scoring`."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from panmun.errors import InputError
from panmun.facilitators import scoring
from panmun.facilitators.models import CRITERIA, PER_PARTY, Candidate, FacilitatorFile
from panmun.scenario.base import citable_at

if TYPE_CHECKING:
    from panmun.scenario.models import Scenario

#: Draws of the indicators for an assessment (the CLI's default).
DEFAULT_DRAWS = 2000

ACTS_ON_TEXT = {
    "own_initiative": "offers its good offices on its own initiative",
    "invitation": "acts when invited by the parties",
    "joint_request": "acts only on a formal request from both parties",
}


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's scores at the scenario's date."""

    candidate: Candidate
    criteria: dict[str, float]
    criteria_band: dict[str, tuple[float, float]]
    unknown: tuple[str, ...]
    indicators: tuple[str, ...]  # "criterion[/party]: rationale (sources)" lines used
    fit: float
    fit_median: float
    fit_band: tuple[float, float]
    p_top: float
    rank: int
    rank_band: tuple[int, int]
    conditional: bool
    gate_sources: tuple[str, ...]  # the sources of ``acts_on`` that the date can cite
    request: str | None  # status of the latest request record by the date, None if none
    request_sources: tuple[str, ...]
    request_rationale: str | None

    @property
    def request_exists(self) -> bool:
        """Whether both parties had formally asked this candidate by the date."""
        return self.request == "both_parties"


@dataclass(frozen=True)
class Assessment:
    """Every candidate of a scenario's context, ranked by fit, with the ranking's stability."""

    scenario_id: str
    as_of: dt.date
    parties: tuple[str, str]
    weights: tuple[float, ...]
    draws: int
    seed: int
    results: tuple[CandidateResult, ...]
    p_same_order: float


@functools.cache
def shipped_files() -> dict[str, FacilitatorFile]:
    """The shipped facilitator data by context id (``data/facilitators/*.yaml``)."""
    from panmun.scenario.loader import data_dir, read_shipped, validation_lines

    out: dict[str, FacilitatorFile] = {}
    folder = data_dir().joinpath("facilitators")
    if not folder.is_dir():
        return out
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith((".yaml", ".yml")):
            continue
        raw = read_shipped(item)
        try:
            parsed = FacilitatorFile.model_validate(raw)
        except ValidationError as exc:  # pragma: no cover - shipped data is tested
            raise InputError(validation_lines(exc, raw, f"facilitators/{item.name}")) from None
        out[parsed.context] = parsed
    return out


def facilitator_file(scenario: Scenario) -> FacilitatorFile | None:
    """The facilitator data of the scenario's context, None when it has none."""
    if scenario.context is None:
        return None
    return shipped_files().get(scenario.context)


def _parties(data: FacilitatorFile, scenario: Scenario) -> tuple[str, str]:
    if data.parties is not None:
        return data.parties
    from panmun.scenario.contexts import get_context

    ctx = get_context(scenario.context)
    if ctx is None or ctx.principal_pair is None:
        raise InputError([f"facilitators/{data.context}: no parties and no principal pair"])
    return ctx.principal_pair.actors


def assess(
    scenario: Scenario,
    data: FacilitatorFile | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
) -> Assessment | None:
    """Score every candidate of the scenario's context on what was known at its date.

    An indicator counts only when every source it cites could be cited at ``as_of``
    (:func:`panmun.scenario.base.citable_at`); ``data`` replaces the shipped file (tests use a
    hand-built one). None when the context has no facilitator data.
    """
    from panmun.scenario.loader import library

    data = data if data is not None else facilitator_file(scenario)
    if data is None:
        return None
    if draws < 1:
        raise InputError([f"--draws: {draws} is below 1"])
    shipped = library()["sources"]
    as_of = scenario.as_of

    def known(ids: tuple[str, ...]) -> bool:
        return all(i not in shipped or citable_at(shipped[i], as_of) for i in ids)

    parties = _parties(data, scenario)
    weights = data.weight_vector()
    rng = np.random.default_rng(seed)
    points, drawn, rows = [], [], []
    for cand in data.candidates:
        used = [i for i in cand.indicators if known(i.sources)]
        crit_point: dict[str, float] = {}
        bands: dict[str, tuple[float, float]] = {}
        crit_draws: list[np.ndarray[Any, Any]] = []
        missing: list[str] = []
        for c in CRITERIA:
            mine = [i for i in used if i.criterion == c]
            values = scoring.IndicatorValues.of(
                [
                    (i.value, *i.value_range, -1 if i.party is None else parties.index(i.party))
                    for i in mine
                    if i.party is None or i.party in parties
                ]
            )
            point, d, is_known = scoring.criterion(values, 2, c in PER_PARTY, draws, rng)
            crit_point[c] = point
            crit_draws.append(d)
            bands[c] = (float(np.quantile(d, 0.05)), float(np.quantile(d, 0.95)))
            if not is_known:
                missing.append(c)
        stack = np.stack(crit_draws)
        points.append(float(scoring.fit(np.array([crit_point[c] for c in CRITERIA]), weights)))
        drawn.append(scoring.fit(stack, weights))
        rows.append((cand, crit_point, bands, tuple(missing), used))
    point_arr, drawn_arr = np.array(points), np.stack(drawn)
    stab = scoring.stability(point_arr, drawn_arr)
    point_ranks = scoring.ranks(point_arr)
    results = []
    for k, (cand, crit_point, bands, unknown, used) in enumerate(rows):
        req = _request(data, cand.id, as_of, known)
        gate_known = known(cand.acts_on_sources)
        results.append(
            CandidateResult(
                candidate=cand,
                criteria=crit_point,
                criteria_band=bands,
                unknown=unknown,
                indicators=tuple(
                    f"{i.criterion}{'/' + i.party if i.party else ''}: {i.rationale}"
                    f" ({', '.join(i.sources)})"
                    for i in used
                ),
                fit=points[k],
                fit_median=float(np.median(drawn_arr[k])),
                fit_band=(
                    float(np.quantile(drawn_arr[k], 0.05)),
                    float(np.quantile(drawn_arr[k], 0.95)),
                ),
                p_top=float(stab.p_top[k]),
                rank=int(point_ranks[k]),
                rank_band=(int(stab.rank_low[k]), int(stab.rank_high[k])),
                conditional=gate_known and cand.acts_on == "joint_request",
                gate_sources=cand.acts_on_sources if gate_known else (),
                request=None if req is None else req.status,
                request_sources=() if req is None else req.sources,
                request_rationale=None if req is None else req.rationale,
            )
        )
    results.sort(key=lambda r: (r.rank, r.candidate.id))
    return Assessment(
        scenario_id=scenario.id,
        as_of=as_of,
        parties=parties,
        weights=weights,
        draws=draws,
        seed=seed,
        results=tuple(results),
        p_same_order=stab.p_same_order,
    )


def _request(data: FacilitatorFile, candidate: str, as_of: dt.date, known: Any) -> Any:
    """The latest request record for the candidate dated by ``as_of`` whose sources it can cite."""
    found = [
        r
        for r in data.requests
        if r.candidate == candidate and r.date <= as_of and known(r.sources)
    ]
    return max(found, key=lambda r: r.date) if found else None


def gate_text(r: CandidateResult, party_names: tuple[str, str]) -> str:
    """One sentence on the candidate's condition and whether a joint request exists."""
    a, b = party_names
    if not r.conditional:
        return ACTS_ON_TEXT[r.candidate.acts_on].capitalize() + "."
    if r.request_exists:
        return f"Conditional: acts only on a formal request from {a} and {b}, which both have made."
    if r.request == "one_party":
        return (
            f"Conditional: acts only on a formal request from {a} and {b}; only one of them "
            "has asked."
        )
    return (
        f"Conditional: acts only on a formal request from {a} and {b}; no such request exists "
        "at this date."
    )


def assessment_data(a: Assessment, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The assessment as JSON-compatible data (the CLI's JSON and the report's section)."""
    names = names or {}
    party_names = (names.get(a.parties[0], a.parties[0]), names.get(a.parties[1], a.parties[1]))
    return {
        "scenario": a.scenario_id,
        "as_of": a.as_of.isoformat(),
        "parties": list(a.parties),
        "party_names": list(party_names),
        "criteria": list(CRITERIA),
        "weights": dict(zip(CRITERIA, a.weights, strict=True)),
        "draws": a.draws,
        "seed": a.seed,
        "p_same_order": a.p_same_order,
        "candidates": [
            {
                "id": r.candidate.id,
                "name": r.candidate.name,
                "rank": r.rank,
                "rank_band": list(r.rank_band),
                "p_top": r.p_top,
                "fit": r.fit,
                "fit_median": r.fit_median,
                "fit_band": list(r.fit_band),
                "criteria": r.criteria,
                "criteria_band": {k: list(v) for k, v in r.criteria_band.items()},
                "unknown": list(r.unknown),
                "acts_on": r.candidate.acts_on,
                "acts_on_sources": list(r.gate_sources),
                "conditional": r.conditional,
                "request": r.request,
                "request_exists": r.request_exists,
                "request_sources": list(r.request_sources),
                "gate": gate_text(r, party_names),
                "indicators": list(r.indicators),
            }
            for r in a.results
        ],
        "sources": sorted(
            {s for r in a.results for s in r.gate_sources}
            | {s for r in a.results for s in r.request_sources}
            | {s for r in a.results for line in r.indicators for s in _cited(line)}
        ),
    }


def _cited(line: str) -> list[str]:
    return line.rsplit("(", 1)[-1].rstrip(")").split(", ")


def report_section(
    scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = 0
) -> dict[str, Any] | None:
    """The report's facilitator section: :func:`assessment_data` of the scenario, or None when
    its context has no facilitator data."""
    a = assess(scenario, draws=draws, seed=seed)
    if a is None:
        return None
    return assessment_data(a, {x.id: x.name for x in scenario.actors})
