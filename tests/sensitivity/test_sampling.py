"""The designs: Saltelli's rows rebuilt on demand are SALib's, bit for bit; chunks and Morris."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("SALib")

from SALib.sample import sobol as salib_sobol

from panmun.sensitivity.sampling import (
    SaltelliRows,
    chunk_bounds,
    morris_design,
    saltelli_base,
    unit_problem,
)


@pytest.mark.parametrize(("samples", "inputs", "seed"), [(8, 1, 0), (16, 5, 3), (32, 12, 7)])
def test_saltelli_rows_are_salib_rows(samples: int, inputs: int, seed: int) -> None:
    expected = salib_sobol.sample(unit_problem(inputs), samples, calc_second_order=False, seed=seed)
    design = SaltelliRows(saltelli_base(samples, inputs, seed))
    assert design.total == expected.shape[0] == samples * (inputs + 2)
    assert np.array_equal(design.rows(0, design.total), expected)
    # any block, even one that cuts a group, is the same rows
    assert np.array_equal(design.rows(3, 3 + inputs + 4), expected[3 : 3 + inputs + 4])


def test_chunks_cover_the_design_in_whole_groups() -> None:
    chunks = chunk_bounds(total=7 * 12, group=7, chunk_rows=30)
    assert chunks[0] == (0, 28) and chunks[-1][1] == 84
    assert all(b - a == 28 and a % 7 == 0 for a, b in chunks)
    assert chunk_bounds(10, 5, 1) == [(0, 5), (5, 10)]  # at least one group per chunk


def test_morris_trajectories_move_one_input_a_grid_step_at_a_time() -> None:
    design = morris_design(trajectories=6, n_inputs=4, seed=0)
    x = design.matrix
    assert x.shape == (6 * 5, 4) and design.group == 5
    assert set(np.round(np.unique(x), 12)) <= {0.0, round(1 / 3, 12), round(2 / 3, 12), 1.0}
    steps = np.diff(x.reshape(6, 5, 4), axis=1)
    assert np.all((steps != 0).sum(axis=2) == 1)  # one input per step
    assert np.allclose(np.abs(steps[steps != 0]), 2 / 3)  # the grid step of 4 levels
    again = morris_design(trajectories=6, n_inputs=4, seed=0).matrix
    assert np.array_equal(x, again)
