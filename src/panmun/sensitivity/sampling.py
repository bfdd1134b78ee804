"""Sample designs in the unit hypercube: Saltelli's for Sobol' indices, Morris's trajectories.

**Sobol' (Saltelli et al. 2010).** Two independent matrices ``A`` and ``B`` of ``N`` points
each come from one scrambled Sobol' sequence of dimension ``2D`` (``A`` its first ``D``
columns, ``B`` the rest). The design evaluates, for every point ``j``, the row ``A_j``, then
``D`` rows ``AB_j^(i)`` (``A_j`` with column ``i`` taken from ``B_j``), then ``B_j``:
``N (D + 2)`` rows in groups of ``D + 2``. This is the row order of SALib's
``SALib.sample.sobol.sample(problem, N, calc_second_order=False, seed=seed)`` with unit
bounds (a test checks that the rows are the same bit for bit), so SALib's
``SALib.analyze.sobol.analyze`` reads the outputs. SALib builds the whole matrix at once
(``N (D + 2) x D`` numbers: 0.9 GB for N = 1024 and 330 inputs); here only ``A`` and ``B``
are kept and any block of rows is rebuilt from them on demand (:class:`SaltelliRows`), so the
memory of a run grows with the chunk, not with the design.

**Morris (Morris 1991).** ``N`` one-at-a-time trajectories of ``D + 1`` points on a grid of
``levels`` levels, from ``SALib.sample.morris.sample`` (the plain design, without the
optimised selection of Campolongo et al. 2007). Elementary effects are differences along a
trajectory divided by the grid step, in unit (probability) space.

References
----------
Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
*Technometrics* 33(2), 161-174.

Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and Tarantola, S. (2010).
Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index. *Computer Physics Communications* 181(2), 259-270.

Campolongo, F., Cariboni, J. and Saltelli, A. (2007). An effective screening design for
sensitivity analysis of large models. *Environmental Modelling & Software* 22(10), 1509-1518.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from panmun.errors import InputError
from panmun.sensitivity.records import FloatArray

#: How to get the optional packages this sub-package needs.
INSTALL_HINT = "pip install 'panmun[sensitivity]'"


def optional_module(name: str) -> ModuleType:
    """Import an optional dependency, or say in one line how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = name.split(".")[0]
        raise InputError(
            [f"sensitivity analysis needs the optional package {package}: {INSTALL_HINT}"]
        ) from None


def unit_problem(n_inputs: int) -> dict[str, Any]:
    """SALib's problem definition for ``n_inputs`` inputs on [0, 1] (named by index)."""
    return {
        "num_vars": n_inputs,
        "names": [f"x{k}" for k in range(n_inputs)],
        "bounds": [[0.0, 1.0]] * n_inputs,
    }


def saltelli_base(samples: int, n_inputs: int, seed: int) -> FloatArray:
    """Return the ``(samples, 2 D)`` base points: ``A`` then ``B`` side by side.

    The same scrambled Sobol' sequence (``scipy.stats.qmc.Sobol``, scrambled, seeded with
    ``seed``) that SALib's sampler draws.
    """
    from scipy.stats import qmc

    engine = qmc.Sobol(d=2 * n_inputs, scramble=True, seed=seed)
    return np.asarray(engine.random(samples), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class SaltelliRows:
    """Rows of the Saltelli design, rebuilt on demand from the base points.

    Row ``r`` belongs to point ``j = r // (D + 2)`` at place ``p = r % (D + 2)``: ``A_j``
    when ``p = 0``, ``B_j`` when ``p = D + 1``, else ``A_j`` with column ``p - 1`` from
    ``B_j``.
    """

    base: FloatArray

    @property
    def n_inputs(self) -> int:
        """Number of inputs ``D``."""
        return int(self.base.shape[1] // 2)

    @property
    def group(self) -> int:
        """Rows per base point, ``D + 2``."""
        return self.n_inputs + 2

    @property
    def total(self) -> int:
        """Rows of the whole design."""
        return int(self.base.shape[0]) * self.group

    def rows(self, start: int, stop: int) -> FloatArray:
        """Rows ``start`` to ``stop - 1`` of the design."""
        d = self.n_inputs
        r = np.arange(start, stop)
        j, p = r // self.group, r % self.group
        a, b = self.base[j, :d], self.base[j, d:]
        out = np.where((p == d + 1)[:, None], b, a)
        cross = np.flatnonzero((p >= 1) & (p <= d))
        out[cross, p[cross] - 1] = b[cross, p[cross] - 1]
        return np.asarray(out, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class MatrixRows:
    """Rows of a design held whole (the Morris trajectories)."""

    matrix: FloatArray
    group: int

    @property
    def total(self) -> int:
        """Rows of the whole design."""
        return int(self.matrix.shape[0])

    def rows(self, start: int, stop: int) -> FloatArray:
        """Rows ``start`` to ``stop - 1`` of the design."""
        return np.asarray(self.matrix[start:stop], dtype=np.float64)


def morris_design(trajectories: int, n_inputs: int, seed: int, levels: int = 4) -> MatrixRows:
    """``trajectories`` Morris trajectories of ``n_inputs + 1`` unit points (SALib's sampler)."""
    morris = optional_module("SALib.sample.morris")
    x = morris.sample(unit_problem(n_inputs), trajectories, num_levels=levels, seed=seed)
    return MatrixRows(np.ascontiguousarray(x, dtype=np.float64), n_inputs + 1)


def chunk_bounds(total: int, group: int, chunk_rows: int) -> list[tuple[int, int]]:
    """Cut ``total`` rows into chunks of whole groups, about ``chunk_rows`` rows each.

    >>> chunk_bounds(10, 5, 7)
    [(0, 5), (5, 10)]
    >>> chunk_bounds(12, 3, 7)
    [(0, 6), (6, 12)]
    """
    per = max(1, chunk_rows // group) * group
    return [(start, min(start + per, total)) for start in range(0, total, per)]
