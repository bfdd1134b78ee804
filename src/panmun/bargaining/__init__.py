"""Bargaining forecasts: where a negotiation on one issue is heading, and how sure that is.

Three models share one shape — parameters in the constructor, ``run(inputs)`` returns a
:class:`BargainingResult` with every round's positions, weighted median and mean, and
offers:

* :class:`WeightedMedianModel` and :class:`WeightedMeanModel`, the standard baselines;
* :class:`ExpectedUtilityModel`, Bueno de Mesquita's expected-utility model as replicated
  by Scholz, Calbert and Smith (2011).

:func:`forecast_distribution` samples the inputs' ranges (seeded) and runs every draw at
once; :func:`issue_forecast` does it all for one issue of a scenario. The code is pure
array computation (no I/O) written against the array API: NumPy by default, CuPy or
PyTorch arrays run the same code.

>>> from panmun.bargaining import IssueInputs, ExpectedUtilityModel
>>> inputs = IssueInputs.from_values(["a", "b"], positions=[0, 10], capabilities=[1, 1],
...                                  saliences=[1.0, 1.0])
>>> ExpectedUtilityModel(rounds=2).run(inputs).rounds[0].weighted_median
5.0

Importing this package is cheap: names load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.bargaining._base import BargainingModel, Trajectory
    from panmun.bargaining.baselines import (
        WeightedMeanModel,
        WeightedMedianModel,
        weighted_mean,
        weighted_median,
    )
    from panmun.bargaining.expected_utility import ExpectedUtilityModel
    from panmun.bargaining.inputs import (
        MODEL_NAMES,
        IssueInputs,
        forecast_issue,
        issue_forecast,
        make_model,
    )
    from panmun.bargaining.monte_carlo import forecast_distribution, sample_inputs
    from panmun.bargaining.result import (
        BargainingResult,
        ForecastDistribution,
        Offer,
        RoundRecord,
        VarianceShare,
    )

_WHERE: dict[str, str] = {
    "BargainingModel": "_base",
    "Trajectory": "_base",
    "WeightedMeanModel": "baselines",
    "WeightedMedianModel": "baselines",
    "weighted_mean": "baselines",
    "weighted_median": "baselines",
    "ExpectedUtilityModel": "expected_utility",
    "MODEL_NAMES": "inputs",
    "IssueInputs": "inputs",
    "forecast_issue": "inputs",
    "issue_forecast": "inputs",
    "make_model": "inputs",
    "forecast_distribution": "monte_carlo",
    "sample_inputs": "monte_carlo",
    "BargainingResult": "result",
    "ForecastDistribution": "result",
    "Offer": "result",
    "RoundRecord": "result",
    "VarianceShare": "result",
}

__all__ = [
    "MODEL_NAMES",
    "BargainingModel",
    "BargainingResult",
    "ExpectedUtilityModel",
    "ForecastDistribution",
    "IssueInputs",
    "Offer",
    "RoundRecord",
    "Trajectory",
    "VarianceShare",
    "WeightedMeanModel",
    "WeightedMedianModel",
    "forecast_distribution",
    "forecast_issue",
    "issue_forecast",
    "make_model",
    "sample_inputs",
    "weighted_mean",
    "weighted_median",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'panmun.bargaining' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"panmun.bargaining.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
