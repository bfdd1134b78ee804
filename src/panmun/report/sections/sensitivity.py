"""Which inputs to check first: Morris screening of the headline answers (optional).

A report built with ``sensitivity=True`` (``panmun analyze --sensitivity``) screens every
uncertain input with Morris's method (:mod:`panmun.sensitivity`, seeded by the analysis, so
the same settings give the same ranking) and lists the inputs that move an answer most. It
needs the ``sensitivity`` extra (SALib); without it the section says so.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from panmun.analysis import ScenarioAnalysis


def sensitivity_section(analysis: ScenarioAnalysis, limit: int = 15) -> dict[str, Any]:
    """The inputs to check first, or ``{"available": False}`` without SALib."""
    if importlib.util.find_spec("SALib") is None:
        return {"available": False, "rows": []}
    from panmun.sensitivity import check_these_first, scenario_sensitivity

    result = scenario_sensitivity(analysis, "morris")
    return {
        "available": True,
        "method": result.method,
        "samples": result.samples,
        "evaluations": result.evaluations,
        "rows": check_these_first(result, limit),
    }
