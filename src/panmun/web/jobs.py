"""Background jobs: a report or a large Monte Carlo runs in a worker thread, not a request.

A job is a row in ``web_jobs`` (so any server process can show its progress); the process
that accepted it runs it in its thread pool and writes each stage as it starts. A report
job keeps the report's JSON data as its result (the HTML is rendered from it on request);
a forecast job keeps the forecast section.
"""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from panmun.analysis import AnalysisSettings
from panmun.errors import InputError
from panmun.scenario.models import Scenario
from panmun.web.accounts import User, now
from panmun.web.db import JobRow
from panmun.web.scenarios import audit

KINDS = ("report", "forecast")


@dataclass(frozen=True)
class JobInfo:
    """What a page or script sees of a job."""

    id: str
    kind: str
    scenario: str
    version: int
    state: str
    stage: str
    done: int
    total: int
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "id": self.id,
            "kind": self.kind,
            "scenario": self.scenario,
            "version": self.version,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "error": self.error,
        }


def _info(row: JobRow) -> JobInfo:
    return JobInfo(
        id=row.id,
        kind=row.kind,
        scenario=row.scenario,
        version=row.version,
        state=row.state,
        stage=row.stage,
        done=row.done,
        total=row.total,
        error=row.error,
    )


class Jobs:
    """Queue and run jobs; one worker thread by default, so jobs never starve page reads."""

    def __init__(self, sessions: sessionmaker[Session], workers: int = 1) -> None:
        self._sessions = sessions
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="panmun-job")

    def shutdown(self) -> None:
        """Stop taking jobs and wait for the running one (a later submit starts a new pool)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="panmun-job")

    def submit(
        self,
        user: User,
        kind: str,
        key: str,
        version: int,
        scenario: Scenario,
        settings: AnalysisSettings,
    ) -> JobInfo:
        """Queue a job; it starts when the worker is free."""
        from panmun.report.build import STAGES

        if kind not in KINDS:
            raise InputError([f"kind: {kind!r} is not one of {', '.join(KINDS)}"])
        total = len(STAGES) if kind == "report" else len(scenario.issues)
        job_id = secrets.token_hex(8)
        with self._sessions.begin() as s:
            row = JobRow(
                id=job_id,
                kind=kind,
                user_id=user.id,
                scenario=key,
                version=version,
                settings=settings.to_dict(),
                state="queued",
                stage="",
                done=0,
                total=total,
                error=None,
                result=None,
                created_at=now(),
            )
            s.add(row)
            audit(s, user, f"job.{kind}", f"{key} version {version}",
                  None, {"job": job_id, "settings": settings.to_dict()})  # fmt: skip
            info = _info(row)
        self._pool.submit(self._run, job_id, kind, scenario, settings)
        return info

    def _update(self, job_id: str, **values: Any) -> None:
        with self._sessions.begin() as s:
            row = s.get(JobRow, job_id)
            if row is not None:
                for k, v in values.items():
                    setattr(row, k, v)

    def _run(self, job_id: str, kind: str, scenario: Scenario, settings: AnalysisSettings) -> None:
        done = 0

        def tick(stage: str) -> None:
            nonlocal done
            self._update(job_id, state="running", stage=stage, done=done)
            done += 1

        try:
            if kind == "report":
                from panmun.report.build import build_report_data

                result = build_report_data(scenario, settings, progress=tick)
            else:
                from panmun.analysis import ScenarioAnalysis
                from panmun.report.sections.forecasts import forecast_section

                analysis = ScenarioAnalysis(scenario, settings)
                for issue in scenario.issues:
                    tick(issue.name)
                    analysis.issue(issue.id)
                result = forecast_section(analysis)
            self._update(job_id, state="done", stage="", done=done, result=result)
        except InputError as exc:
            self._update(job_id, state="failed", error="; ".join(exc.problems))
        except (
            Exception
        ) as exc:  # pragma: no cover - a bug: keep the server up, show the job failed
            self._update(job_id, state="failed", error=f"internal error: {type(exc).__name__}")
            raise

    def get(self, job_id: str) -> JobInfo | None:
        """A job's state, or ``None``."""
        with self._sessions() as s:
            row = s.get(JobRow, job_id)
            return _info(row) if row else None

    def result(self, job_id: str) -> dict[str, Any] | None:
        """A finished job's result data."""
        with self._sessions() as s:
            row = s.get(JobRow, job_id)
            return row.result if row is not None and row.state == "done" else None

    def for_scenario(self, key: str) -> list[JobInfo]:
        """A scenario's jobs, newest first."""
        from sqlalchemy import select

        with self._sessions() as s:
            rows = s.scalars(
                select(JobRow)
                .where(JobRow.scenario == key)
                .order_by(JobRow.created_at.desc())
                .limit(20)
            )
            return [_info(r) for r in rows]
