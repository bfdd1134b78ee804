"""The scale targets of ``benchmarks/bench_scale.py``, asserted (slow: run by ``make bench``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "benchmarks"


@pytest.mark.slow
def test_big_scenarios_stay_within_the_targets(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from bench_scale import run
        from scale_inputs import write_big
    finally:
        sys.path.remove(str(BENCH))
    big = write_big(tmp_path / "big.yaml", 17_000, 9)
    assert big.stat().st_size > 40e6
    seconds, mib = run(["scenarios", "validate", str(big)])
    assert seconds < 20 and mib < 1024, (seconds, mib)
    wide = write_big(tmp_path / "wide.yaml", 300, 7)
    seconds, mib = run(["analyze", str(wide), "--out", str(tmp_path / "report")])
    size = (tmp_path / "report" / "report.json").stat().st_size
    assert seconds < 30 and size < 20e6, (seconds, size)
