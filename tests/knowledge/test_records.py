"""Record models: each validation rule, checked on small hand-made records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from panmun.errors import InputError
from panmun.knowledge.catalogue import (
    Catalogue,
    catalogue_from_data,
    cross_reference_problems,
    validation_problems,
)
from panmun.knowledge.records import (
    ISSUE_IDS,
    Agreement,
    Erratum,
    Event,
    Provision,
    Talks,
    failure_factor_labels,
    issue_ids,
)
from panmun.scenario.loader import data_dir


def provision(**over: Any) -> dict[str, Any]:
    base = {
        "id": "x-1.p",
        "summary": "A commitment.",
        "issues": ["exchanges"],
        "root_causes": ["political_systems"],
        "outcome": "partly",
        "outcome_date": "2019-02",
        "outcome_note": "What became of it.",
        "sources": ["src-a"],
    }
    return base | over


def agreement(**over: Any) -> dict[str, Any]:
    base = {
        "kind": "agreement",
        "id": "x-1",
        "title": "An agreement",
        "date": "2018-04-27",
        "summary": "Summary.",
        "parties": ["Republic of Korea", "Democratic People's Republic of Korea"],
        "sources": ["src-a"],
        "date_source": "src-a",
        "provisions": [provision()],
    }
    return base | over


def source(sid: str = "src-a") -> dict[str, Any]:
    return {"id": sid, "title": "T", "author": "A", "date": "2018-04-27"}


def test_issue_ids_match_the_shipped_issue_dimensions() -> None:
    shipped = yaml.safe_load(data_dir().joinpath("issues.yaml").read_text(encoding="utf-8"))
    assert list(ISSUE_IDS) == list(issue_ids()) == [i["id"] for i in shipped["issues"]]


def test_five_failure_factors_in_the_papers_order() -> None:
    factors = failure_factor_labels("korean-peninsula")
    assert list(factors) == [
        "ideologies", "provocations", "mistrust", "negotiation_dishonesty", "divergent_interests"
    ]  # fmt: skip
    labels = list(factors.values())
    assert len(labels) == 5
    assert [lab[:3] for lab in labels] == ["(1)", "(2)", "(3)", "(4)", "(5)"]


def test_a_valid_agreement_round_trips_through_its_dump() -> None:
    a = Agreement.model_validate(agreement())
    assert Agreement.model_validate(a.model_dump()) == a
    assert a.date == dt.date(2018, 4, 27)


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"end_date": "2018-04-01"}, "before date"),
        ({"date_source": "src-b"}, "not one of the sources"),
        ({"failure_factors": ["mistrust"]}, "need a failure_note"),
        ({"failure_note": "why"}, "failure_factors is empty"),
        ({"related": ["x-1"]}, "own id"),
        ({"sources": []}, "at least 1"),
        ({"sources": ["src-a", "src-a"]}, "listed twice"),
        ({"parties": ["A; B"]}, "contains ';'"),
        ({"in_force": "2018-01-01"}, "before the signing date"),
        ({"provisions": [provision(), provision()]}, "provision ids listed twice"),
        ({"issues": ["unification"]}, "'unification' is not one of"),
        ({"failure_factors": ["fate"], "failure_note": "why"}, "'fate' is not one of"),
    ],
)
def test_agreement_rules(over: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Agreement.model_validate(agreement(**over))


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"outcome_date": "2019-13"}, "not a date"),
        ({"outcome_date": "19"}, "not a date"),
        ({"outcome": "done"}, "Input should be"),
        ({"root_causes": []}, "at least 1"),
        ({"issues": []}, "at least 1"),
        ({"issues": ["unification"]}, "'unification' is not one of"),
        ({"root_causes": ["fate"]}, "'fate' is not one of"),
    ],
)
def test_provision_rules(over: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        Provision.model_validate(provision(**over))


def test_yaml_dates_are_kept_as_text() -> None:
    assert Provision.model_validate(provision(outcome_date=dt.date(2020, 6, 16))).outcome_date == (
        "2020-06-16"
    )
    assert Provision.model_validate(provision(outcome_date=2020)).outcome_date == "2020"


def test_talks_and_events_have_their_own_fields() -> None:
    t = Talks.model_validate(
        {k: v for k, v in agreement(kind="talks", rounds=6).items() if k != "provisions"}
    )
    assert t.rounds == 6
    e = Event.model_validate(
        {
            "kind": "event",
            "id": "e-1",
            "title": "An event",
            "date": "2020-06-16",
            "summary": "S.",
            "event_type": "demolition",
            "sources": ["src-a"],
            "date_source": "src-a",
        }
    )
    assert e.event_type == "demolition"
    with pytest.raises(ValidationError):
        Talks.model_validate(agreement(kind="talks", rounds=0))


def test_erratum_verdicts() -> None:
    data = {
        "id": "err-1",
        "section": "History",
        "claim": "A claim.",
        "verdict": "error",
        "correction": "The fact.",
        "sources": ["src-a"],
    }
    assert Erratum.model_validate(data).verdict == "error"
    with pytest.raises(ValidationError):
        Erratum.model_validate(data | {"verdict": "wrong"})


def test_cross_references_name_the_bad_field() -> None:
    cat = Catalogue.model_validate(
        {
            "entries": [agreement(related=["nowhere"])],
            "errata": [
                {
                    "id": "x-1.p",
                    "section": "S",
                    "claim": "C",
                    "verdict": "confirmed",
                    "correction": "F",
                    "entries": ["x-2"],
                    "sources": ["src-z"],
                }
            ],
            "sources": [source(), source()],
        }
    )
    rendered = [p.render() for p in cross_reference_problems(cat)]
    assert "src-a: 'src-a' is used twice among the sources" in rendered
    assert any("x-1.p" in r and "used twice" in r for r in rendered)
    assert "entries[x-1].related[0]: 'nowhere' is not a known entry id" in rendered
    assert "errata[x-1.p].sources[0]: 'src-z' is not a known source id" in rendered
    assert "errata[x-1.p].entries[0]: 'x-2' is not a known entry id" in rendered


def test_known_ids_from_the_database_are_accepted_and_owners_enforced() -> None:
    cat = Catalogue.model_validate({"entries": [agreement(sources=["old"], date_source="old")]})
    problems = list(cross_reference_problems(cat, known_sources={"old", "src-a"}))
    assert problems == []
    moved = list(cross_reference_problems(cat, {"old", "src-a"}, provision_owners={"x-1.p": "y-9"}))
    assert [p.message for p in moved] == ["'x-1.p' is already a provision of entry 'y-9'"]


def test_catalogue_from_data_reports_every_problem_with_the_record_id() -> None:
    data = {
        "entries": [
            agreement(date="2018-02-30"),
            agreement(id="x-2", sources=["gone"], date_source="gone"),
        ],
        "sources": [source()],
    }
    with pytest.raises(InputError) as info:
        catalogue_from_data(data, "file.json")
    problems = info.value.problems
    assert any(p.startswith("file.json: entries[x-1].date:") for p in problems)
    # the second entry is valid on its own, so cross-references are only checked once all parse
    data["entries"] = data["entries"][1:]
    with pytest.raises(InputError) as info:
        catalogue_from_data(data, "file.json")
    assert info.value.problems == (
        "file.json: entries[x-2].sources[0]: 'gone' is not a known source id",
    )


def test_validation_problems_label_unknown_fields() -> None:
    with pytest.raises(ValidationError) as info:
        Agreement.model_validate(agreement(colour="blue"))
    assert [p.render() for p in validation_problems(info.value, agreement(colour="blue"))] == [
        "colour: unknown field (value 'blue')"
    ]
