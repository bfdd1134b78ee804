"""Synthetic large scenarios for the scale benchmarks (self-contained, seeded)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any


def big_scenario(actors: int, issues: int, seed: int = 0) -> dict[str, Any]:
    """A valid scenario with ``actors`` actors, each holding a position on every issue."""
    rng = random.Random(seed)
    source = {
        "id": "synthetic",
        "title": "Synthetic benchmark data",
        "author": "panmun benchmarks",
        "date": "2026",
    }
    issue_list = [
        {
            "id": f"issue-{k}",
            "name": f"Issue {k}",
            "question": f"Where should issue {k} go?",
            "scale": {"min": 0, "max": 100},
            "anchors": [
                {"value": 0, "label": "none"},
                {"value": 50, "label": "half"},
                {"value": 100, "label": "all"},
            ],
        }
        for k in range(issues)
    ]
    actor_list = [
        {"id": f"a{n}", "name": f"Actor {n}", "kind": "state", "description": "synthetic"}
        for n in range(actors)
    ]
    positions = []
    for n in range(actors):
        for k in range(issues):
            x = round(rng.uniform(5, 95), 1)
            s = round(rng.uniform(0.2, 0.9), 2)
            c = round(rng.uniform(0.01, 0.5), 3)
            positions.append(
                {
                    "actor": f"a{n}",
                    "issue": f"issue-{k}",
                    "position": x,
                    "position_range": [round(x - 5, 1), round(x + 5, 1)],
                    "salience": s,
                    "salience_range": [round(s - 0.1, 2), round(s + 0.1, 2)],
                    "capability": c,
                    "capability_range": [round(c * 0.8, 4), round(c * 1.2, 4)],
                    "sources": ["synthetic"],
                    "rationale": "Synthetic position for the scale benchmark.",
                }
            )
    status_quo = [
        {
            "issue": f"issue-{k}",
            "value": 50,
            "value_range": [45, 55],
            "sources": ["synthetic"],
            "rationale": "Synthetic status quo.",
        }
        for k in range(issues)
    ]
    return {
        "id": f"synthetic-{actors}x{issues}",
        "title": f"Synthetic scenario, {actors} actors and {issues} issues",
        "as_of": "2026-01-01",
        "description": "Generated for the scale benchmarks.",
        "actors": actor_list,
        "issues": issue_list,
        "positions": positions,
        "status_quo": status_quo,
        "sources": [source],
    }


def write_big(path: Path, actors: int, issues: int) -> Path:
    """Write a synthetic scenario as YAML (the format people write by hand)."""
    import yaml

    text = yaml.dump(big_scenario(actors, issues), sort_keys=False, Dumper=yaml.CSafeDumper)
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(big_scenario(3, 2), indent=1)[:400])
