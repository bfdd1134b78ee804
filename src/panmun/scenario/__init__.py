"""Scenarios: sourced actors, issue dimensions, positions and the status quo.

>>> from panmun.scenario import load
>>> s = load("korea-2018-04")
>>> len(s.actors) >= 12
True
"""

from panmun.scenario.loader import (
    dumps,
    latest_shipped_id,
    load,
    load_file,
    load_shipped,
    scenario_from_data,
    shipped_ids,
)
from panmun.scenario.models import (
    Actor,
    Anchor,
    Issue,
    Position,
    Problem,
    Scale,
    Scenario,
    ScenarioProblems,
    Source,
    StatusQuo,
)

__all__ = [
    "Actor",
    "Anchor",
    "Issue",
    "Position",
    "Problem",
    "Scale",
    "Scenario",
    "ScenarioProblems",
    "Source",
    "StatusQuo",
    "dumps",
    "latest_shipped_id",
    "load",
    "load_file",
    "load_shipped",
    "scenario_from_data",
    "shipped_ids",
]
