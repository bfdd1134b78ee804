"""Roadmaps evaluated on scenarios: trust from the trust engine, phases chained."""

from __future__ import annotations

import pytest

from panmun.errors import InputError
from panmun.proposals.api import load_library, shipped_library
from panmun.proposals.models import Phase, Roadmap
from panmun.proposals.roadmaps import evaluate_roadmap, phase_trust
from panmun.scenario import load, load_file
from panmun.trust.catalogue import CATALOGUE

from ..conftest import MINI


def test_shipped_roadmaps_name_known_interventions_and_proposals() -> None:
    lib = shipped_library()
    known = {i.id for i in CATALOGUE}
    ids = {p.id for p in lib.proposals}
    assert {r.id for r in lib.roadmaps} >= {
        "paper-sequence", "denuclearization-first", "big-deal", "two-states-path"
    }  # fmt: skip
    for r in lib.roadmaps:
        for ph in r.phases:
            assert set(ph.interventions) <= known, (r.id, ph.interventions)
            assert ph.proposal in ids


def test_korean_roadmap_chains_trust_and_phases() -> None:
    s = load("korea-2018-04")
    lib = shipped_library()
    r = next(x for x in lib.roadmaps if x.id == "paper-sequence")
    v = evaluate_roadmap(
        s, r, lib, ("rok", "dprk", "usa", "china"), draws=100, seed=3, trust_draws=4
    )
    assert v.trust_modelled
    assert len(v.phases) == len(r.phases)
    # interventions accumulate phase by phase
    for a, b in zip(v.phases, v.phases[1:], strict=False):
        assert set(a.interventions) <= set(b.interventions)
        assert b.p_reach <= a.p_reach
    assert {rid for rid, _ in v.phases[0].tau_by_relationship} == {
        "dprk-usa-2018-04",
        "rok-dprk-2018-04",
        "dprk-japan-2018-04",
    }
    assert v.p_complete == v.phases[-1].p_reach
    again = evaluate_roadmap(
        s, r, lib, ("rok", "dprk", "usa", "china"), draws=100, seed=3, trust_draws=4
    )
    assert again == v


def test_scenario_without_relationships_has_full_trust(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    from ..proposals.test_api import LIB

    path = tmp_path / "lib.yaml"
    path.write_text(yaml.safe_dump(LIB), encoding="utf-8")
    lib = load_library(path)
    s = load_file(MINI)
    v = evaluate_roadmap(s, lib.roadmaps[0], lib, ("south",), draws=50, seed=0)
    assert not v.trust_modelled
    assert all(p.tau == 1.0 for p in v.phases)
    # south gains from more talks: with full trust both phases pass
    assert v.p_complete == 1.0
    assert phase_trust(s, ("hotline",), 4, 0) == (1.0, ())


def test_unknown_intervention_and_proposal() -> None:
    s = load("korea-2018-04")
    lib = shipped_library()
    bad = Roadmap(
        id="bad", name="Bad", description="x",
        phases=(Phase(name="p", proposal="status-quo", interventions=("wishful",), rationale="r"),),
    )  # fmt: skip
    with pytest.raises(InputError, match="'wishful' is not one of"):
        evaluate_roadmap(s, bad, lib, draws=10, trust_draws=2)
    missing = Roadmap(
        id="gone", name="Gone", description="x",
        phases=(Phase(name="p", proposal="nowhere", rationale="r"),),
    )  # fmt: skip
    with pytest.raises(InputError, match="'nowhere' is not a proposal of the library"):
        evaluate_roadmap(s, missing, lib, draws=10, trust_draws=2)
