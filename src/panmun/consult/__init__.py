"""Structured expert elicitation for Delphi consultations: the numeric core.

Pure functions over numpy arrays, no I/O:

* :mod:`panmun.consult.pooling` - experts' piecewise-linear CDFs and the linear opinion pool
  (equal-weight or weighted decision maker);
* :mod:`panmun.consult.cooke` - Cooke's classical model: intrinsic ranges, calibration and
  information scores, performance weights and the optimal calibration cutoff;
* :mod:`panmun.consult.delphi` - round statistics: median and IQR, consensus, stability and
  Kendall's W.

Every expert answers every item with three quantiles, 5 %, 50 % and 95 % (low <= best <=
high). Quantile arrays have shape ``(n_experts, n_items, 3)``; ``probs`` are bin
probabilities, ``(0.05, 0.45, 0.45, 0.05)``; ``scale`` is ``"uniform"`` or ``"log"``. The
module docstrings cite the sources and state each convention.
"""

from panmun.consult.cooke import (
    CalibrationScore,
    InformationScore,
    OptimisedDecisionMaker,
    calibration,
    information,
    intrinsic_range,
    optimal_alpha,
    weights,
)
from panmun.consult.delphi import (
    KendallW,
    RoundStatistics,
    converged,
    kendall_w,
    round_statistics,
    stable,
)
from panmun.consult.pooling import BIN_PROBS, PiecewiseLinearCDF, PooledItem, expert_cdf, pool

__all__ = [
    "BIN_PROBS",
    "CalibrationScore",
    "InformationScore",
    "KendallW",
    "OptimisedDecisionMaker",
    "PiecewiseLinearCDF",
    "PooledItem",
    "RoundStatistics",
    "calibration",
    "converged",
    "expert_cdf",
    "information",
    "intrinsic_range",
    "kendall_w",
    "optimal_alpha",
    "pool",
    "round_statistics",
    "stable",
    "weights",
]
