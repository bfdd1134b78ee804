"""The same engine on other array libraries (run where they are installed).

NumPy is always tested. ``array_api_strict`` checks that the code uses nothing outside the
array API standard; PyTorch and CuPy run the same code (on a GPU when there is one).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from panmun.bargaining import ExpectedUtilityModel, IssueInputs, forecast_issue
from panmun.bargaining._arrays import (
    first_true,
    prime_host_allocator,
    resolve_namespace,
    to_numpy,
)

LIBRARIES = ["array_api_strict", "torch", "cupy"]


def _batch() -> tuple[np.ndarray[Any, Any], ...]:
    rng = np.random.default_rng(21)
    return tuple(rng.uniform(0, 1, (5, 8)) for _ in range(3))


def _device(module: Any) -> Any:
    if module.__name__ == "torch" and module.cuda.is_available():
        return "cuda"
    return None


@pytest.mark.parametrize("name", LIBRARIES)
@pytest.mark.parametrize("rule", ["least_move", "replication_midpoint"])
def test_other_namespaces_match_numpy(name: str, rule: str) -> None:
    module = pytest.importorskip(name)
    model = ExpectedUtilityModel(rounds=5, compromise_rule=rule)  # type: ignore[arg-type]  # literal
    want = model.simulate(*_batch(), record_offers=True)
    device = _device(module)
    args = [module.asarray(v, device=device) if device else module.asarray(v) for v in _batch()]
    got = model.simulate(*args, record_offers=True)
    np.testing.assert_allclose(to_numpy(got.positions), want.positions, rtol=0, atol=1e-12)
    np.testing.assert_allclose(to_numpy(got.forecast), want.forecast, rtol=0, atol=1e-12)
    assert got.offers is not None and want.offers is not None
    for a, b in zip(got.offers, want.offers, strict=True):
        np.testing.assert_array_equal(a.kind, b.kind)
        np.testing.assert_array_equal(a.accepted, b.accepted)


@pytest.mark.parametrize("name", ["torch", "cupy"])
def test_forecast_issue_by_namespace_name(name: str) -> None:
    module = pytest.importorskip(name)
    inputs = IssueInputs.from_values(
        ["a", "b", "c"],
        [0, 5, 10],
        [1, 1, 1],
        [0.5, 0.9, 0.3],
        ranges={"position": [(0, 2), (4, 6), (9, 10)]},
    )
    device = _device(module)
    got = forecast_issue(inputs, rounds=3, draws=64, seed=1, xp=name, device=device)
    want = forecast_issue(inputs, rounds=3, draws=64, seed=1)
    assert got.forecast == pytest.approx(want.forecast, abs=1e-12)
    assert got.distribution is not None and want.distribution is not None
    assert got.distribution.median == pytest.approx(want.distribution.median, abs=1e-12)


def test_numpy_namespace_by_name_and_module() -> None:
    inputs = IssueInputs.from_values(["a", "b"], [0, 1], [1, 1], [1, 0.5])
    a = ExpectedUtilityModel(rounds=2).run(inputs)
    b = ExpectedUtilityModel(rounds=2).run(inputs, xp="numpy")
    c = ExpectedUtilityModel(rounds=2).run(inputs, xp=np)
    assert a == b == c


def test_array_helpers_on_the_host() -> None:
    from panmun.bargaining._arrays import asarray, resolve_namespace

    xp = resolve_namespace()
    got = asarray(xp, [1, 2], device="cpu")
    assert got.dtype == np.float64
    np.testing.assert_array_equal(to_numpy([1.0, 2.0]), [1.0, 2.0])  # no DLPack: via __array__


def test_lazy_public_api() -> None:
    import panmun.bargaining as bargaining

    assert "ExpectedUtilityModel" in dir(bargaining)
    assert bargaining.Offer.__name__ == "Offer"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = bargaining.nothing


@pytest.mark.parametrize("n", [1, 3, 63, 64, 300, 16_384])
def test_first_true_finds_the_first_true_entry_along_any_axis(n: int) -> None:
    xp = resolve_namespace()
    rng = np.random.default_rng(n)
    mask = rng.uniform(0, 1, (3, n, 4)) > 0.7
    mask[0, :, 0] = False  # no true entry: 0
    want = np.where(mask.any(axis=1), mask.argmax(axis=1), 0)
    np.testing.assert_array_equal(first_true(xp, mask, axis=1), want)
    np.testing.assert_array_equal(
        first_true(xp, np.moveaxis(mask, 1, -1)), want
    )  # the last axis, the default


def test_prime_host_allocator_accepts_any_array() -> None:
    prime_host_allocator(np.zeros(3))
    prime_host_allocator([0.0, 1.0])  # not a NumPy array: nothing to do
