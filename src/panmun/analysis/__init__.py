"""One analysis of a scenario, read by the CLI, the report and the platform.

A :class:`ScenarioAnalysis` is a scenario plus :class:`AnalysisSettings`. It turns the
scenario into arrays and draws every uncertain number once (:mod:`panmun.scenario.arrays`),
and computes each part (issue forecasts, packages, roadmaps) on first use from those same
arrays and draws, so every face of panmun shows the same numbers for the same scenario, seed
and settings.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from panmun.analysis.consent import principal_pair, required_parties
from panmun.analysis.settings import DEFAULTS, AnalysisSettings

if TYPE_CHECKING:
    from panmun.analysis.issues import IssueAnalysis
    from panmun.proposals.api import ProposalVerdict
    from panmun.proposals.models import Proposal
    from panmun.scenario.arrays import Draws, ScenarioArrays
    from panmun.scenario.models import Scenario

__all__ = [
    "DEFAULTS",
    "AnalysisSettings",
    "ScenarioAnalysis",
    "principal_pair",
    "required_parties",
]


class ScenarioAnalysis:
    """A scenario analysed under one set of settings; parts are computed once, on first use.

    >>> from panmun.scenario import load
    >>> a = ScenarioAnalysis(load("korea-2018-04"), AnalysisSettings(draws=50))
    >>> a.issue("exchanges").issue
    'exchanges'
    """

    def __init__(self, scenario: Scenario, settings: AnalysisSettings = DEFAULTS) -> None:
        from panmun.budget import analysis_bytes, check

        self.scenario = scenario
        self.settings = settings
        widest = max(len(scenario.positions_on(i.id)) for i in scenario.issues)
        check(
            f"draws: {settings.draws}",
            analysis_bytes(
                len(scenario.actors), len(scenario.issues), widest, settings.draws, settings.rounds
            ),
        )

    @functools.cached_property
    def arrays(self) -> ScenarioArrays:
        """The scenario's numbers as arrays."""
        from panmun.scenario.arrays import scenario_arrays

        return scenario_arrays(self.scenario)

    @functools.cached_property
    def draws(self) -> Draws:
        """Every uncertain number drawn ``settings.draws`` times from ``settings.seed``."""
        from panmun.scenario.arrays import sample

        return sample(self.arrays, self.settings.draws, self.settings.seed)

    def issue(self, issue_id: str) -> IssueAnalysis:
        """The analysis of one issue, computed on first use (``InputError`` for an unknown id)."""
        from panmun.analysis.issues import analyse_issue
        from panmun.errors import InputError

        done = self._done
        if issue_id not in done:
            ids = [i.id for i in self.scenario.issues]
            if issue_id not in ids:
                known = ", ".join(ids)
                raise InputError([f"{self.scenario.id}: issue {issue_id!r} is not one of {known}"])
            k = ids.index(issue_id)
            done[issue_id] = analyse_issue(self.scenario, self.arrays, self.draws, k, self.settings)
        return done[issue_id]

    @functools.cached_property
    def _done(self) -> dict[str, IssueAnalysis]:
        return {}

    def _with_holder_loss(self, done: IssueAnalysis, index: int) -> IssueAnalysis:
        """``done`` with the holder's cost of the move weighed on this scenario's arrays (the
        only part of an issue's analysis that reads the holder's other issues)."""
        import dataclasses

        from panmun.analysis.issues import holder_loss

        holder = done.consent.holder
        if holder is None:
            return done
        loss = holder_loss(self.arrays, index, holder, float(done.point.forecast))
        if loss == done.consent.holder_loss:
            return done
        consent = dataclasses.replace(done.consent, holder_loss=loss)
        return dataclasses.replace(done, consent=consent)

    def reuse_unchanged(self, other: ScenarioAnalysis) -> tuple[str, ...]:
        """Take over ``other``'s analysis of every issue whose inputs and draws are identical
        here, so that a what-if recomputes only the issues it changed.

        An issue's analysis is a pure function of the settings, the actors, the issue, its
        positions, status quo and veto players, and that issue's slice of the arrays and the
        draws, except for one number: what the move would cost the party holding the status
        quo, which is weighed over all its issues and is therefore recomputed on this
        scenario's arrays. An issue is reused only when all of these are equal (arrays
        compared bit for bit). Returns the ids of the issues taken over.
        """
        import numpy as np

        mine, theirs = self.scenario, other.scenario
        if other.settings != self.settings or mine.actors != theirs.actors:
            return ()
        a, b = self.arrays, other.arrays
        da, db = self.draws, other.draws
        if a.issues != b.issues or da.position.shape != db.position.shape:
            return ()
        reused = []
        for k, issue in enumerate(mine.issues):
            done = other._done.get(issue.id)
            if done is None or theirs.issues[k] != issue:
                continue
            same = (
                mine.positions_on(issue.id) == theirs.positions_on(issue.id)
                and mine.status_quo_on(issue.id) == theirs.status_quo_on(issue.id)
                and mine.veto_players_on(issue.id) == theirs.veto_players_on(issue.id)
                and all(
                    np.array_equal(getattr(getattr(a, f), e)[..., k],
                                   getattr(getattr(b, f), e)[..., k])
                    for f in ("position", "salience", "capability", "status_quo")
                    for e in ("value", "low", "high")
                )
                and np.array_equal(a.present[:, k], b.present[:, k])
                and all(
                    np.array_equal(getattr(da, f)[..., k], getattr(db, f)[..., k])
                    for f in ("position", "salience", "capability", "status_quo")
                )
            )  # fmt: skip
            if same:
                self._done[issue.id] = self._with_holder_loss(done, k)
                reused.append(issue.id)
        return tuple(reused)

    @property
    def issues(self) -> list[IssueAnalysis]:
        """Every issue's analysis, in scenario order."""
        return [self.issue(i.id) for i in self.scenario.issues]

    @functools.cached_property
    def required(self) -> tuple[str, ...]:
        """Whose consent a comprehensive package needs (see :func:`required_parties`)."""
        return required_parties(self.scenario)

    @functools.cached_property
    def pair(self) -> tuple[str, str] | None:
        """The two parties whose trade-off is traced (see :func:`principal_pair`)."""
        return principal_pair(self.scenario)

    @functools.cached_property
    def known_proposals(self) -> tuple[Proposal, ...]:
        """The shipped packages put forward by the scenario's date (the others it cannot know)."""
        from panmun.proposals.api import load_library

        return tuple(p for p in load_library().proposals if p.known_at(self.scenario.as_of))

    @functools.cached_property
    def proposals(self) -> list[ProposalVerdict]:
        """The known packages ranked by how close they come (on this analysis's draws)."""
        from panmun.proposals.api import rank_proposals

        cfg = self.settings
        return rank_proposals(
            self.scenario,
            self.known_proposals,
            None,
            cfg.draws,
            cfg.seed,
            cfg.indifference,
            arrays=self.arrays,
            sampled=self.draws,
        )
