"""Results are the same, bit for bit, whatever the number of workers and chunks.

One local Dask cluster (two single-threaded worker processes on 127.0.0.1, no dashboard) serves
the whole module and is closed at its end.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytest.importorskip("SALib")
pytest.importorskip("distributed")

from typer.testing import CliRunner

from panmun.analysis import AnalysisSettings, ScenarioAnalysis
from panmun.scenario import load
from panmun.sensitivity.execute import InProcess, OnDask, dask_executor
from panmun.sensitivity.plan import scenario_model
from panmun.sensitivity.run import run_sensitivity
from tests.sensitivity.test_command import APP, MINI

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[OnDask]:
    with dask_executor("local", 2, timeout=30.0) as executor:
        yield executor


def _trim_setting() -> str | None:
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_the_local_cluster_has_the_workers_asked_for(cluster: OnDask) -> None:
    assert cluster.workers == 2
    assert cluster.client.scheduler.address.startswith("tcp://127.0.0.1:")
    # started without Dask's glibc trim threshold, which slows the bargaining engine down
    assert set(cluster.client.run(_trim_setting).values()) == {None}


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_workers_and_chunks_do_not_change_the_result(cluster: OnDask, method: str) -> None:
    analysis = ScenarioAnalysis(load("korea-2022-09"), AnalysisSettings(model="eum", rounds=4))
    model = scenario_model(analysis)
    samples = 4 if method == "sobol" else 3
    here = run_sensitivity(model, method, samples, seed=3, executor=InProcess())
    group = len(model.inputs) + 2
    small = run_sensitivity(model, method, samples, seed=3, chunk_rows=group // 3)
    spread = run_sensitivity(model, method, samples, seed=3, executor=cluster, chunk_rows=group)
    text = json.dumps(here.to_dict())
    assert json.dumps(small.to_dict()) == text
    assert json.dumps(spread.to_dict()) == text
    assert any(o.varies for o in here.outputs)


def test_the_command_gives_the_same_json_on_a_cluster_at_an_address(cluster: OnDask) -> None:
    args = ["sensitivity", MINI, "--samples", "32", "--seed", "5", "--format", "json"]
    alone = RUNNER.invoke(APP, args)
    address = cluster.client.scheduler.address
    shared = RUNNER.invoke(APP, [*args, "--scheduler", address, "--chunk", "12"])
    assert alone.exit_code == 0 and shared.exit_code == 0, shared.output
    assert alone.stdout == shared.stdout
    assert json.loads(alone.stdout)["check_these_first"][0]["input"].startswith(
        ("North", "South", "Church")
    )
