"""Sensitivity indices of one output, computed by SALib from the outputs of a design.

* **Sobol'** (``SALib.analyze.sobol.analyze``, ``calc_second_order=False``): first-order
  indices ``S1`` with the estimator of Saltelli et al. (2010, table 2, b) and total indices
  ``ST`` with Jansen's (Saltelli et al. 2010, table 2, f), each with the half-width of a 95 %
  bootstrap confidence interval over the base points (100 resamples). ``S1`` is the share of
  the output's variance that the input explains alone, ``ST`` the share it takes part in,
  interactions included; an input with ``ST`` near 0 can be fixed anywhere in its range.
* **Morris** (``SALib.analyze.morris.analyze``): ``mu_star``, the mean absolute elementary
  effect (Campolongo et al. 2007), ``mu`` and ``sigma`` (Morris 1991), in output units per
  unit step of the input's probability scale, with the bootstrap half-width of ``mu_star``.

Both are seeded: SALib's Sobol' analysis treats a seed of 0 as none (it then draws from
NumPy's global generator), so the bootstrap gets ``seed + 1``, never 0; Morris's the same for
symmetry. An output that takes one value over the whole design has no indices (``None``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from panmun.sensitivity.records import FloatArray
from panmun.sensitivity.sampling import optional_module, unit_problem

#: Bootstrap resamples and confidence level of the intervals.
RESAMPLES = 100
CONFIDENCE = 0.95


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total indices of one output over every input, with CI half-widths."""

    s1: FloatArray
    s1_conf: FloatArray
    st: FloatArray
    st_conf: FloatArray


@dataclass(frozen=True)
class MorrisIndices:
    """Morris's screening measures of one output over every input."""

    mu: FloatArray
    mu_star: FloatArray
    sigma: FloatArray
    mu_star_conf: FloatArray


def varies(y: FloatArray) -> bool:
    """Whether an output takes more than one value over the design."""
    return bool(y.size) and float(np.ptp(y)) > 0.0


def sobol_indices(y: FloatArray, n_inputs: int, seed: int) -> SobolIndices | None:
    """Sobol' indices from the outputs ``y`` of a Saltelli design (rows in design order)."""
    if not varies(y):
        return None
    sobol = optional_module("SALib.analyze.sobol")
    with warnings.catch_warnings():
        # SALib warns when A and B alone are constant; the indices are then 0, as returned.
        warnings.simplefilter("ignore", UserWarning)
        s = sobol.analyze(
            unit_problem(n_inputs),
            np.asarray(y, dtype=np.float64),
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONFIDENCE,
            seed=seed + 1,
        )
    return SobolIndices(
        s1=np.asarray(s["S1"], dtype=np.float64),
        s1_conf=np.asarray(s["S1_conf"], dtype=np.float64),
        st=np.asarray(s["ST"], dtype=np.float64),
        st_conf=np.asarray(s["ST_conf"], dtype=np.float64),
    )


def morris_indices(
    x: FloatArray, y: FloatArray, seed: int, levels: int = 4
) -> MorrisIndices | None:
    """Morris measures from the unit design ``x`` and its outputs ``y``."""
    if not varies(y):
        return None
    morris = optional_module("SALib.analyze.morris")
    s = morris.analyze(
        unit_problem(int(x.shape[1])),
        np.asarray(x, dtype=np.float64),
        np.asarray(y, dtype=np.float64),
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=levels,
        seed=seed + 1,
    )
    return MorrisIndices(
        mu=np.asarray(s["mu"], dtype=np.float64),
        mu_star=np.asarray(s["mu_star"], dtype=np.float64),
        sigma=np.asarray(s["sigma"], dtype=np.float64),
        mu_star_conf=np.asarray(s["mu_star_conf"], dtype=np.float64),
    )
