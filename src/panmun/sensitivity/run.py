"""One sensitivity analysis: sample the design, evaluate it in chunks, compute the indices.

:func:`run_sensitivity` takes any :class:`~panmun.sensitivity.records.Evaluator` (the
scenario model, or a test function with known indices) through the same steps, so the tests
on analytic functions check the code path the scenario takes:

1. the design in the unit hypercube (:mod:`panmun.sensitivity.sampling`), seeded;
2. chunks of whole groups of rows, each one vectorised call of the evaluator, in this process
   or on Dask workers (:mod:`panmun.sensitivity.execute`), put back in design order;
3. SALib's indices per output (:mod:`panmun.sensitivity.indices`).

Memory: the design is never held whole for Sobol' (only its ``N x 2D`` base points); the
outputs are (``N (D + 2)`` rows x outputs); a chunk's working set grows with its rows.
:func:`design_bytes` estimates the first two for the memory budget (:mod:`panmun.budget`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from panmun.errors import InputError
from panmun.sensitivity.execute import Executor, InProcess
from panmun.sensitivity.indices import morris_indices, sobol_indices
from panmun.sensitivity.records import Evaluator, FloatArray, OutputSpec
from panmun.sensitivity.result import Method, OutputIndices, SensitivityResult
from panmun.sensitivity.sampling import (
    MatrixRows,
    SaltelliRows,
    chunk_bounds,
    morris_design,
    saltelli_base,
)

METHODS: tuple[Method, ...] = ("morris", "sobol")
#: Default base samples (Sobol') and trajectories (Morris).
DEFAULT_SAMPLES = {"sobol": 1024, "morris": 20}
#: Default rows per chunk.
CHUNK_ROWS = 4096
#: Grid levels of the Morris design.
LEVELS = 4


def evaluations(method: Method, samples: int, n_inputs: int) -> int:
    """Model evaluations (rows) of a design: ``N (D + 2)`` for Sobol', ``N (D + 1)`` Morris."""
    return samples * (n_inputs + (2 if method == "sobol" else 1))


def design_bytes(method: Method, samples: int, n_inputs: int, n_outputs: int) -> float:
    """Generous estimate of the memory a run holds besides one chunk's working set."""
    rows = evaluations(method, samples, n_inputs)
    held = samples * 2 * n_inputs if method == "sobol" else rows * n_inputs
    return 2.0 * 8 * (held + rows * max(n_outputs, 1))


def check_samples(method: str, samples: int) -> list[str]:
    """Problems with ``--samples`` for ``method`` (empty when it is usable)."""
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        return [f"--samples: {samples!r} is not a whole number of at least 2"]
    if method == "sobol" and samples & (samples - 1):
        below = 1 << (samples.bit_length() - 1)
        return [
            f"--samples: {samples} is not a power of 2 (Sobol' points keep their balance "
            f"only then); use {below} or {below * 2}"
        ]
    return []


def run_sensitivity(
    evaluator: Evaluator,
    method: Method = "sobol",
    samples: int | None = None,
    seed: int = 0,
    *,
    executor: Executor | None = None,
    chunk_rows: int = CHUNK_ROWS,
    about: dict[str, object] | None = None,
) -> SensitivityResult:
    """Global sensitivity of every output of ``evaluator`` to every one of its inputs.

    Parameters
    ----------
    evaluator
        The model of the unit hypercube.
    method
        ``"sobol"`` (first-order and total indices with confidence intervals; Saltelli et al.
        2010) or ``"morris"`` (elementary-effects screening; Morris 1991).
    samples
        Sobol': base points ``N`` (a power of 2); Morris: trajectories. Defaults in
        :data:`DEFAULT_SAMPLES`.
    seed
        Seed of the design and of the bootstrap intervals: the same seed gives the same
        result, bit for bit, whatever the executor and the chunk size.
    executor
        Where chunks run (:class:`~panmun.sensitivity.execute.InProcess` by default).
    chunk_rows
        About how many rows each chunk holds (whole groups of ``D + 2`` or ``D + 1``).
    about
        Data copied into the result's JSON (the scenario, the settings).
    """
    if method not in METHODS:
        raise InputError([f"--method: {method!r} is not morris or sobol"])
    n = DEFAULT_SAMPLES[method] if samples is None else samples
    d = len(evaluator.inputs)
    problems = check_samples(method, n)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        problems.append(f"--seed: {seed!r} is not a whole number of at least 0")
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        problems.append(f"--chunk: {chunk_rows!r} is not a whole number of at least 1")
    if d == 0:
        problems.append("the model has no uncertain input")
    if problems:
        raise InputError(problems)
    design: SaltelliRows | MatrixRows
    if method == "sobol":
        design = SaltelliRows(saltelli_base(n, d, seed))
    else:
        design = morris_design(n, d, seed, LEVELS)
    chunks = chunk_bounds(design.total, design.group, chunk_rows)
    executor = executor or InProcess()
    blocks = executor.run(evaluator, design, chunks)
    k = len(evaluator.outputs)
    by_output = (
        np.ascontiguousarray(np.concatenate(blocks, axis=0).T) if blocks else np.zeros((k, 0))
    )
    del blocks
    columns = list(zip(evaluator.outputs, by_output, strict=True))
    if isinstance(design, SaltelliRows):  # about a second per output: run them in parallel
        outputs = executor.map(SobolTask(d, seed), columns)
    else:  # Morris indices are cheap, and need the whole design
        outputs = [_morris(design, col, spec, seed) for spec, col in columns]
    return SensitivityResult(
        method=method,
        samples=n,
        seed=seed,
        evaluations=design.total,
        inputs=tuple(evaluator.inputs),
        outputs=tuple(outputs),
        about=dict(about or {}),
    )


@dataclass(frozen=True)
class SobolTask:
    """The Sobol' indices of one output, from its column of a Saltelli design (one task)."""

    n_inputs: int
    seed: int

    def __call__(self, item: tuple[OutputSpec, FloatArray]) -> OutputIndices:
        spec, y = item
        group = self.n_inputs + 2
        points = np.concatenate([y[0::group], y[group - 1 :: group]])  # A and B: independent
        return OutputIndices(
            spec,
            float(points.mean()),
            float(points.std()),
            sobol=sobol_indices(y, self.n_inputs, self.seed),
        )


def _morris(design: MatrixRows, y: FloatArray, spec: OutputSpec, seed: int) -> OutputIndices:
    indices = morris_indices(design.matrix, y, seed, LEVELS)
    return OutputIndices(spec, float(y.mean()), float(y.std()), morris=indices)
