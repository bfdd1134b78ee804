"""Global sensitivity analysis: which uncertain numbers move a scenario's headline answers.

A scenario holds a few hundred uncertain numbers. This sub-package tells an analyst with a
week to check sources, or a facilitator choosing what to ask experts, which of them matter:

* :mod:`~panmun.sensitivity.plan` turns an analysed scenario into a
  :class:`~panmun.sensitivity.model.ScenarioModel`: its uncertain inputs (positions,
  saliences, capabilities, status quo values, relationship numbers, intervention effects),
  named for people, and its headline outputs (each issue's forecast and feasible outcome,
  each package's acceptance by the parties it needs, each roadmap's completion);
* :mod:`~panmun.sensitivity.model` (the numeric core, pure) evaluates a block of points of the
  unit hypercube as one set of draws with the existing vectorised engines;
* :mod:`~panmun.sensitivity.sampling` and :mod:`~panmun.sensitivity.indices` hold the designs
  and the indices, with SALib: Morris screening (Morris 1991) and Sobol' first-order and
  total indices with confidence intervals (Saltelli et al. 2010);
* :mod:`~panmun.sensitivity.execute` runs the chunks here or on a Dask cluster;
* :mod:`~panmun.sensitivity.run` ties the steps together,
  :func:`~panmun.sensitivity.api.scenario_sensitivity` runs them on an analysed scenario, and
  :func:`~panmun.sensitivity.result.check_these_first` gives the ranked list users act on.

Example (``panmun sensitivity`` does the same from the command line)::

    from panmun.analysis import AnalysisSettings, ScenarioAnalysis
    from panmun.scenario import load
    from panmun.sensitivity import check_these_first, scenario_sensitivity

    analysis = ScenarioAnalysis(load("korea-2022-09"), AnalysisSettings(model="median"))
    result = scenario_sensitivity(analysis, "morris", samples=20)
    for row in check_these_first(result, 10):
        print(row["rank"], row["input"], round(row["score"], 2), row["output"])

SALib and Dask come with the optional extra ``panmun[sensitivity]``.
"""

from __future__ import annotations

from panmun.sensitivity.api import scenario_sensitivity
from panmun.sensitivity.plan import scenario_model
from panmun.sensitivity.result import SensitivityResult, check_these_first
from panmun.sensitivity.run import run_sensitivity

__all__ = [
    "SensitivityResult",
    "check_these_first",
    "run_sensitivity",
    "scenario_model",
    "scenario_sensitivity",
]
