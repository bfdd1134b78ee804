"""Scale benchmark: validating a 17,000-actor scenario and analysing a 300-actor one.

Targets (issue "Hardening"): validation of a scenario of about 44 MB under 20 s and 1 GB;
``panmun analyze`` of 300 actors x 7 issues under 30 s with report.json under 20 MB. Each
run is a fresh ``panmun`` process, so the time includes start-up and the memory is the
process's peak resident set. Prints a table; asserts nothing (``tests/test_scale.py`` does).

    python benchmarks/bench_scale.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from scale_inputs import write_big  # the generator lives beside this script

PANMUN = str(Path(sys.executable).with_name("panmun"))


_WRAPPER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MiB) of one ``panmun`` process (measured by a fresh
    wrapper process, so each run's peak is its own)."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, PANMUN, *args], check=True, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(out.stdout.strip()) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = write_big(folder / "big.yaml", 17_000, 9)
        size = big.stat().st_size / 1e6
        t_val, m_val = run(["scenarios", "validate", str(big)])
        wide = write_big(folder / "wide.yaml", 300, 7)
        t_an, m_an = run(["analyze", str(wide), "--out", str(folder / "report")])
        json_mb = (folder / "report" / "report.json").stat().st_size / 1e6
    print(f"{'case':<44} {'time':>8} {'memory':>10} {'output':>10}")
    print(f"{f'validate 17,000 actors x 9 issues ({size:.0f} MB)':<44} "
          f"{t_val:>7.1f}s {m_val:>8.0f}MiB {'':>10}")  # fmt: skip
    print(f"{'analyze 300 actors x 7 issues':<44} {t_an:>7.1f}s {m_an:>8.0f}MiB "
          f"{json_mb:>7.1f} MB")  # fmt: skip
    print("targets: validate < 20 s and < 1 GB; analyze < 30 s, report.json < 20 MB")


if __name__ == "__main__":
    main()
