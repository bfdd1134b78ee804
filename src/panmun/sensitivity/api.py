"""One call for the CLI, the report and the platform: the sensitivity of an analysed scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from panmun.sensitivity.plan import scenario_model
from panmun.sensitivity.run import CHUNK_ROWS, run_sensitivity

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis
    from panmun.sensitivity.execute import Executor
    from panmun.sensitivity.result import Method, SensitivityResult


def describe(analysis: ScenarioAnalysis) -> dict[str, object]:
    """What a result's JSON says about the scenario and the settings it was computed with."""
    cfg = analysis.settings
    return {
        "scenario": analysis.scenario.id,
        "title": analysis.scenario.title,
        "model": cfg.model,
        "rounds": cfg.rounds,
        "indifference": cfg.indifference,
    }


def scenario_sensitivity(
    analysis: ScenarioAnalysis,
    method: Method = "morris",
    samples: int | None = None,
    *,
    executor: Executor | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> SensitivityResult:
    """The sensitivity of the scenario's headline outputs, with the analysis's settings.

    The seed is the analysis's (``analysis.settings.seed``), so a report or a page built from
    the same analysis shows the same ranking. Morris screening with its default 20
    trajectories is cheap enough for a report; Sobol' with N = 1024 belongs in a background
    job or ``panmun sensitivity``.
    """
    return run_sensitivity(
        scenario_model(analysis),
        method,
        samples,
        analysis.settings.seed,
        executor=executor,
        chunk_rows=chunk_rows,
        about=describe(analysis),
    )
