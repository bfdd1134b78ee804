"""Sobol' and Morris indices on functions whose indices are known, through the scenario's path.

Each test runs :func:`panmun.sensitivity.run_sensitivity`, the function ``panmun sensitivity``
calls: the same design, chunked execution and SALib analysis as for a scenario.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("SALib")

from panmun.errors import InputError
from panmun.sensitivity.execute import InProcess
from panmun.sensitivity.run import run_sensitivity
from panmun.sensitivity.sampling import SaltelliRows
from tests.sensitivity.analytic_models import Ishigami, Linear


def test_sobol_indices_of_the_ishigami_function() -> None:
    model = Ishigami()
    s1_true, st_true = model.analytic()
    result = run_sensitivity(model, "sobol", samples=1024, seed=1, chunk_rows=500)
    sobol = result.outputs[0].sobol
    assert sobol is not None
    assert np.allclose(sobol.s1, s1_true, atol=0.04), sobol.s1
    assert np.allclose(sobol.st, st_true, atol=0.03), sobol.st
    # x3 acts only through its interaction with x1: no first-order effect, a real total one
    assert sobol.s1[2] < 0.04 < 0.2 < sobol.st[2]
    # the intervals are real intervals around estimates this close
    assert np.all(sobol.st_conf > 0) and np.all(sobol.st_conf < 0.1)
    assert result.evaluations == 1024 * 5


def test_the_estimates_converge_towards_the_analytic_values() -> None:
    model = Ishigami()
    _, st_true = model.analytic()
    errors = []
    for n in (64, 2048):
        out = run_sensitivity(model, "sobol", samples=n, seed=3).outputs[0].sobol
        assert out is not None
        errors.append(float(np.max(np.abs(out.st - st_true))))
    assert errors[1] < errors[0] and errors[1] < 0.03


def test_morris_elementary_effects_of_a_linear_function_are_its_slopes() -> None:
    model = Linear()
    result = run_sensitivity(model, "morris", samples=30, seed=0, chunk_rows=7)
    linear = result.outputs[0].morris
    assert linear is not None
    widths = np.array([i.high - i.low for i in model.inputs])
    slopes = np.array(model.coefficients) * widths  # per unit step of the probability scale
    assert np.allclose(linear.mu, slopes, atol=1e-9)
    assert np.allclose(linear.mu_star, np.abs(slopes), atol=1e-9)
    assert np.allclose(linear.sigma, 0.0, atol=1e-9)
    interaction = result.outputs[1].morris
    assert interaction is not None
    # x1 x2 varies its effects (sigma > 0) and ignores x3, x4 altogether
    assert np.all(interaction.sigma[:2] > 0.1) and np.all(interaction.mu_star[2:] == 0.0)
    assert result.evaluations == 30 * 5


def test_sobol_indices_of_an_additive_function_are_variance_shares() -> None:
    model = Linear()
    variances = (np.array(model.coefficients) * [1.0, 2.0, 2.0, 1.0]) ** 2 / 12
    shares = variances / variances.sum()
    sobol = run_sensitivity(model, "sobol", samples=512, seed=5).outputs[0].sobol
    assert sobol is not None
    assert np.allclose(sobol.s1, shares, atol=0.03)
    assert np.allclose(sobol.st, shares, atol=0.03)
    assert sobol.st[3] == 0.0  # an input the output ignores scores exactly 0


def test_the_same_seed_gives_the_same_result_and_another_seed_another() -> None:
    model = Ishigami()
    a = run_sensitivity(model, "sobol", samples=64, seed=2).to_dict()
    b = run_sensitivity(model, "sobol", samples=64, seed=2, chunk_rows=5).to_dict()
    c = run_sensitivity(model, "sobol", samples=64, seed=4).to_dict()
    assert a == b and a != c


class _Recording:
    """Wraps a model and records the size of every block it is given."""

    def __init__(self, model: Ishigami) -> None:
        self.model, self.sizes = model, []
        self.inputs, self.outputs = model.inputs, model.outputs

    def evaluate(self, unit: np.ndarray) -> np.ndarray:
        self.sizes.append(unit.shape[0])
        return self.model.evaluate(unit)


def test_memory_is_bounded_by_the_chunk_not_by_the_design() -> None:
    recorder = _Recording(Ishigami())
    run_sensitivity(recorder, "sobol", samples=256, seed=0, executor=InProcess(), chunk_rows=50)
    assert max(recorder.sizes) == 50 and sum(recorder.sizes) == 256 * 5  # 10 groups of 5 rows
    design = SaltelliRows(np.zeros((256, 6)))
    assert design.total == 256 * 5 and design.base.nbytes == 256 * 6 * 8  # base points only


@pytest.mark.parametrize(
    ("method", "samples", "expected"),
    [
        ("sobol", 0, "--samples: 0 is not a whole number of at least 2"),
        ("sobol", 100, "--samples: 100 is not a power of 2"),
        ("morris", 1, "--samples: 1 is not a whole number of at least 2"),
        ("fast", 8, "--method: 'fast' is not morris or sobol"),
    ],
)
def test_bad_settings_are_one_line_each(method: str, samples: int, expected: str) -> None:
    with pytest.raises(InputError) as err:
        run_sensitivity(Ishigami(), method, samples=samples)
    assert len(err.value.problems) == 1 and err.value.problems[0].startswith(expected)
