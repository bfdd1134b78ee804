"""Shared fixtures: the small inline scenario and a way to write variants of it."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

# Property tests draw the same examples on every run (CI must not pass or fail by chance);
# run with HYPOTHESIS_PROFILE=explore to search afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


@pytest.fixture
def mini_data() -> dict[str, Any]:
    """The mini scenario as plain data (a fresh copy per test)."""
    return copy.deepcopy(yaml.safe_load(MINI.read_text(encoding="utf-8")))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[Any, str], Path]:
    """Write data as YAML into the test's temporary folder and return the path."""

    def _write(data: Any, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False)  # panmun refuses aliases
        path.write_text(text, encoding="utf-8")
        return path

    return _write
