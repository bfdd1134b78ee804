"""Shared helpers for the bargaining tests."""

from __future__ import annotations

from typing import Any

import array_api_compat
import numpy as np
import pytest


@pytest.fixture
def xp() -> Any:
    """The NumPy array namespace (array-API compatible)."""
    return array_api_compat.array_namespace(np.zeros(1))


def column(values: list[float]) -> np.ndarray[Any, Any]:
    """Values of one draw as an (N, 1) array: actors first, draws last."""
    return np.asarray(values, dtype=np.float64)[:, None]
