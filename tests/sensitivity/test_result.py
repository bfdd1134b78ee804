"""``check_these_first``: the ranking users act on, from indices made up for the test."""

from __future__ import annotations

import numpy as np

from panmun.sensitivity.indices import MorrisIndices, SobolIndices
from panmun.sensitivity.records import OutputSpec, UncertainInput
from panmun.sensitivity.result import OutputIndices, SensitivityResult, check_these_first

INPUTS = (
    UncertainInput("North — position on Talks", "position", 1, 2, 3,
                   ids={"actor": "north", "issue": "talks", "field": "position"}),
    UncertainInput("Status quo of Talks", "status_quo", 2, 3, 4,
                   ids={"issue": "talks", "field": "status_quo"}),
    UncertainInput("South — salience of Talks", "salience", 0.6, 0.7, 0.8,
                   ids={"actor": "south", "issue": "talks", "field": "salience"}),
    UncertainInput("Church council — capability on Talks", "capability", 0.05, 0.1, 0.15,
                   ids={"actor": "church", "issue": "talks", "field": "capability"}),
)  # fmt: skip


def _sobol(st: list[float], conf: list[float]) -> SobolIndices:
    zeros = np.zeros(len(st))
    return SobolIndices(zeros, zeros, np.array(st), np.array(conf))


def _result(outputs: tuple[OutputIndices, ...], method: str = "sobol") -> SensitivityResult:
    return SensitivityResult(method, 64, 0, 64 * 6, INPUTS, outputs, {})  # type: ignore[arg-type]


def test_a_well_measured_index_outranks_a_larger_one_the_sample_barely_supports() -> None:
    forecast = OutputIndices(
        OutputSpec("Talks — forecast", "forecast"),
        5.0,
        2.0,
        sobol=_sobol([0.6, 0.2, 0.0, 0.0], [0.05, 0.05, 0.0, 0.0]),
    )
    rare = OutputIndices(
        OutputSpec("A package — accepted", "package"),
        0.001,
        0.03,
        sobol=_sobol([0.0, 1.0, 0.0, 0.9], [0.0, 0.9, 0.0, 0.95]),
    )
    flat = OutputIndices(OutputSpec("Another package — accepted", "package"), 0.0, 0.0)
    rows = check_these_first(_result((forecast, rare, flat)))
    assert [r["input"] for r in rows] == [
        "North — position on Talks",  # 0.60 +- 0.05
        "Status quo of Talks",  # 0.20 +- 0.05 on the forecast beats 1.00 +- 0.90 on the package
        "Church council — capability on Talks",  # only the rare event, its interval reaches 0
    ]
    assert rows[1]["output"] == "Talks — forecast" and rows[1]["score"] == 0.2
    assert rows[2]["lower"] < 0 < rows[2]["score"]
    # the salience moves nothing: left out; consultable inputs say what to ask about
    assert rows[0]["consult"] == {"actor": "north", "issue": "talks", "field": "position"}
    assert rows[1]["consult"] is None
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert len(check_these_first(_result((forecast, rare, flat)), 1)) == 1


def test_ties_go_by_name_and_morris_scores_are_scaled_by_the_spread() -> None:
    mu_star = np.array([2.0, 2.0, 0.0, 1.0])
    morris = MorrisIndices(mu_star, mu_star, np.zeros(4), np.full(4, 0.2))
    out = OutputIndices(OutputSpec("Talks — forecast", "forecast"), 5.0, 4.0, morris=morris)
    rows = check_these_first(_result((out,), "morris"))
    assert [r["input"] for r in rows] == [
        "North — position on Talks",
        "Status quo of Talks",
        "Church council — capability on Talks",
    ]
    assert rows[0]["score"] == 0.5 and rows[0]["conf"] == 0.05  # mu* / sd, conf / sd
    assert rows[0]["measure"] == "Morris mu* / standard deviation of the output"
