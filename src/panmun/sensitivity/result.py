"""The result of a sensitivity analysis, and the list users act on: "check these first".

:class:`SensitivityResult` holds every output's indices over every input. The answer an
analyst with a week to check sources, or a facilitator choosing what to ask experts, acts
on is :func:`check_these_first`: the inputs ranked by the largest total Sobol' index they
have on any headline output (with Morris screening, the largest ``mu_star`` divided by that
output's standard deviation over the design, so that outputs on different scales compare).

The ranking goes by the lower end of each index's 95 % interval rather than by the estimate
itself. Several outputs are rare events (a package that every required party accepts in one
sample point in a thousand): their indices rest on a handful of points, come out near 1 for
every input that touches those points, and carry intervals nearly as wide. Ranked by the
estimate they would fill the top of the list with artefacts of the sample; ranked by the
lower end of the interval, an index counts as much as the sample supports, and a larger
sample moves such inputs up as their intervals shrink.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from panmun.sensitivity.indices import MorrisIndices, SobolIndices
from panmun.sensitivity.records import OutputSpec, UncertainInput

Method = Literal["sobol", "morris"]

#: What the ranking measure is called, by method.
MEASURES = {
    "sobol": "total Sobol' index",
    "morris": "Morris mu* / standard deviation of the output",
}


@dataclass(frozen=True)
class OutputIndices:
    """One output's mean and spread over the design, and its indices (None if constant)."""

    output: OutputSpec
    mean: float
    std: float
    sobol: SobolIndices | None = None
    morris: MorrisIndices | None = None

    @property
    def varies(self) -> bool:
        """Whether the output took more than one value over the design."""
        return self.sobol is not None or self.morris is not None

    def scores(self) -> np.ndarray[Any, np.dtype[np.float64]] | None:
        """Each input's ranking score on this output (total index, or normalised mu*)."""
        if self.sobol is not None:
            return self.sobol.st
        if self.morris is not None and self.std > 0:
            return self.morris.mu_star / self.std
        return None

    def conf(self) -> np.ndarray[Any, np.dtype[np.float64]] | None:
        """The half-widths of the scores' 95 % intervals, on the scores' scale."""
        if self.sobol is not None:
            return self.sobol.st_conf
        if self.morris is not None and self.std > 0:
            return self.morris.mu_star_conf / self.std
        return None

    def to_dict(self, inputs: tuple[UncertainInput, ...]) -> dict[str, Any]:
        """JSON-ready data: one record per input, largest score first."""
        out: dict[str, Any] = {
            **self.output.to_dict(),
            "mean": self.mean,
            "std": self.std,
            "varies": self.varies,
            "indices": [],
        }
        rows: list[dict[str, Any]] = []
        if self.sobol is not None:
            s = self.sobol
            rows = [
                {
                    "input": inp.name,
                    "S1": float(s.s1[k]),
                    "S1_conf": float(s.s1_conf[k]),
                    "ST": float(s.st[k]),
                    "ST_conf": float(s.st_conf[k]),
                }
                for k, inp in enumerate(inputs)
            ]
            rows.sort(key=lambda r: (-r["ST"], r["input"]))
        elif self.morris is not None:
            m = self.morris
            rows = [
                {
                    "input": inp.name,
                    "mu": float(m.mu[k]),
                    "mu_star": float(m.mu_star[k]),
                    "sigma": float(m.sigma[k]),
                    "mu_star_conf": float(m.mu_star_conf[k]),
                }
                for k, inp in enumerate(inputs)
            ]
            rows.sort(key=lambda r: (-r["mu_star"], r["input"]))
        out["indices"] = rows
        return out


@dataclass(frozen=True)
class SensitivityResult:
    """Indices of every headline output over every uncertain input."""

    method: Method
    samples: int
    seed: int
    evaluations: int
    inputs: tuple[UncertainInput, ...]
    outputs: tuple[OutputIndices, ...]
    about: dict[str, Any]

    @property
    def measure(self) -> str:
        """The name of the ranking measure."""
        return MEASURES[self.method]

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """JSON-ready data, with the whole ranking (or its first ``limit`` entries)."""
        return {
            **self.about,
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "evaluations": self.evaluations,
            "measure": self.measure,
            "check_these_first": check_these_first(self, limit),
            "inputs": [i.to_dict() for i in self.inputs],
            "outputs": [o.to_dict(self.inputs) for o in self.outputs],
        }


def check_these_first(result: SensitivityResult, limit: int | None = 20) -> list[dict[str, Any]]:
    """The inputs that move the headline outputs most, the best supported first.

    For each input and each output that varies, the score is the total Sobol' index (Morris:
    ``mu_star`` divided by the output's standard deviation) and ``lower`` the lower end of its
    95 % interval; each input is listed with the output where ``lower`` is highest, and inputs
    are ranked by that ``lower``, then by the score, then by name (see the module's note on
    rare events). Inputs that move no output (score 0 everywhere) are left out. Pure: reads
    only ``result``.

    Returns
    -------
    list of dict
        ``rank``, ``input`` (the name), ``group``, ``score``, ``conf`` (half-width of its
        95 % interval), ``lower`` (``score - conf``), ``measure``, ``output`` (the name of the
        output), ``value``, ``low``, ``high``, ``ids`` and ``consult``: for an actor's
        position, salience or capability, the ``actor``, ``issue`` and ``field`` that a
        consultation asks about (:class:`panmun.web.consultations.ItemSpec`), else None.
    """
    d = len(result.inputs)
    lower, best, conf = np.full(d, -np.inf), np.zeros(d), np.zeros(d)
    where = np.full(d, -1)
    for n, out in enumerate(result.outputs):
        scores, half = out.scores(), out.conf()
        if scores is None or half is None:
            continue
        low = scores - half
        better = (scores > 0) & ((low > lower) | ((low == lower) & (scores > best)))
        lower = np.where(better, low, lower)
        best = np.where(better, scores, best)
        conf = np.where(better, half, conf)
        where = np.where(better, n, where)
    ranked = sorted(
        (k for k in range(d) if where[k] >= 0),
        key=lambda k: (-lower[k], -best[k], result.inputs[k].name),
    )
    rows = []
    for rank, k in enumerate(ranked[:limit] if limit is not None else ranked, start=1):
        inp = result.inputs[k]
        rows.append(
            {
                "rank": rank,
                "input": inp.name,
                "group": inp.group,
                "score": float(best[k]),
                "conf": float(conf[k]),
                "lower": float(lower[k]),
                "measure": result.measure,
                "output": result.outputs[int(where[k])].output.name,
                "value": inp.mode,
                "low": inp.low,
                "high": inp.high,
                "ids": dict(inp.ids),
                "consult": {f: inp.ids[f] for f in ("actor", "issue", "field")}
                if inp.consultable
                else None,
            }
        )
    return rows
