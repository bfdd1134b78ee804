"""Models with known sensitivity indices, for the tests of the analysis code path."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from panmun.sensitivity.records import FloatArray, OutputSpec, UncertainInput, to_values


def uniform_inputs(ranges: list[tuple[float, float]]) -> tuple[UncertainInput, ...]:
    """Inputs x1, x2, ... uniform on the given ranges."""
    return tuple(
        UncertainInput(f"x{k + 1}", "other", lo, 0.5 * (lo + hi), hi, "uniform")
        for k, (lo, hi) in enumerate(ranges)
    )


def _values(inputs: tuple[UncertainInput, ...], unit: FloatArray) -> FloatArray:
    low = np.array([i.low for i in inputs])
    mode = np.array([i.mode for i in inputs])
    high = np.array([i.high for i in inputs])
    uniform = np.array([i.distribution == "uniform" for i in inputs])
    return to_values(unit, low, mode, high, uniform)


@dataclass(frozen=True)
class Ishigami:
    """Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi)."""

    a: float = 7.0
    b: float = 0.1
    inputs: tuple[UncertainInput, ...] = field(
        default_factory=lambda: uniform_inputs([(-math.pi, math.pi)] * 3)
    )
    outputs: tuple[OutputSpec, ...] = (OutputSpec("Ishigami function", "other"),)

    def evaluate(self, unit: FloatArray) -> FloatArray:
        x = _values(self.inputs, unit)
        y = (
            np.sin(x[:, 0])
            + self.a * np.sin(x[:, 1]) ** 2
            + self.b * x[:, 2] ** 4 * np.sin(x[:, 0])
        )
        return y[:, None]

    def analytic(self) -> tuple[list[float], list[float]]:
        """(S1, ST) of Ishigami and Homma (1990); Saltelli et al. (2008), section 4.9."""
        a, b, pi = self.a, self.b, math.pi
        v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
        v2 = a**2 / 8
        v13 = 8 * b**2 * pi**8 / 225
        v = v1 + v2 + v13
        return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


@dataclass(frozen=True)
class Linear:
    """f = sum_i c_i x_i plus an interaction x1 x2 in a second output; x_i uniform."""

    coefficients: tuple[float, ...] = (4.0, -2.0, 1.0, 0.0)
    inputs: tuple[UncertainInput, ...] = field(
        default_factory=lambda: uniform_inputs([(0.0, 1.0), (0.0, 2.0), (-1.0, 1.0), (0.0, 1.0)])
    )
    outputs: tuple[OutputSpec, ...] = (
        OutputSpec("linear", "other"),
        OutputSpec("interaction", "other"),
    )

    def evaluate(self, unit: FloatArray) -> FloatArray:
        x = _values(self.inputs, unit)
        return np.stack([x @ np.array(self.coefficients), x[:, 0] * x[:, 1]], axis=1)
