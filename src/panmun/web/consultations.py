"""Delphi consultations: structured expert judgement that feeds a scenario's numbers.

A facilitator (an analyst who may edit the scenario) opens a consultation on some of a stored
scenario's values (actor x issue x position, salience or capability), optionally with
calibration questions whose answers are known, and invites participants by single-use links.
Participants need no account and are known to each other, and in every export, only by a
pseudonym. Each round, every participant gives a best estimate with a 90 % interval (low,
high), a confidence and a reason; from the second round on they see the group's median and
interquartile range per question, the others' reasons (anonymised) and their own previous
answer. When the consultation closes, the participants' intervals are pooled
(:mod:`panmun.consult.pooling`; equal weights, or Cooke's performance weights when there are
calibration questions, :mod:`panmun.consult.cooke`) and the result can be applied as a new
version of the scenario whose values cite the consultation as their source.

This module holds the storage and the rules; the numbers come from :mod:`panmun.consult`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from panmun.errors import InputError
from panmun.scenario.base import Problem, check_number
from panmun.scenario.models import Scenario
from panmun.web.accounts import User, digest, now
from panmun.web.db import (
    AnswerRow,
    ConsultationRow,
    ConsultItemRow,
    ParticipantRow,
    ScenarioRow,
)
from panmun.web.scenarios import Forbidden, NotFound, Scenarios, audit

FIELDS = ("position", "salience", "capability")
POOLING = ("equal", "cooke")
MAX_ITEMS = 200
MAX_PARTICIPANTS = 200
MAX_REASON = 4000


@dataclass(frozen=True)
class ItemSpec:
    """A scenario value to ask about."""

    actor: str
    issue: str
    field: str
    question: str | None = None


@dataclass(frozen=True)
class CalibrationSpec:
    """A calibration question with its known answer (for Cooke's performance weights)."""

    question: str
    lo: float
    hi: float
    truth: float
    source: str


@dataclass(frozen=True)
class Item:
    """A question of a consultation."""

    number: int
    kind: str
    actor: str | None
    issue: str | None
    field: str | None
    question: str
    lo: float
    hi: float
    truth: float | None
    truth_source: str | None

    @property
    def key(self) -> str:
        """``actor/issue/field`` of a scenario item, ``calibration N`` otherwise."""
        if self.kind == "item":
            return f"{self.actor}/{self.issue}/{self.field}"
        return f"calibration {self.number}"


@dataclass(frozen=True)
class Answer:
    """One answer (best estimate and 90 % interval)."""

    item: int
    best: float
    low: float
    high: float
    confidence: float
    reason: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Info:
    """A consultation as its pages show it."""

    id: int
    scenario_id: int
    base_version: int
    title: str
    language: str
    blind: bool
    rounds: int
    current_round: int
    state: str
    deadline: dt.date | None
    stop_iqr: float
    stop_tolerance: float
    pooling: str
    applied_version: int | None
    items: tuple[Item, ...] = field(default=())

    @property
    def questions(self) -> tuple[Item, ...]:
        """The scenario items (not the calibration questions)."""
        return tuple(i for i in self.items if i.kind == "item")

    @property
    def calibration(self) -> tuple[Item, ...]:
        """The calibration questions."""
        return tuple(i for i in self.items if i.kind == "calibration")


@dataclass(frozen=True)
class Participant:
    """A participant as the facilitator sees them (the label is the facilitator's own note)."""

    id: int
    pseudonym: str
    label: str
    joined: bool
    withdrawn: bool
    answered: int


def _info(s: Session, row: ConsultationRow) -> Info:
    items = s.scalars(
        select(ConsultItemRow)
        .where(ConsultItemRow.consultation_id == row.id)
        .order_by(ConsultItemRow.number)
    )
    return Info(
        id=row.id,
        scenario_id=row.scenario_id,
        base_version=row.base_version,
        title=row.title,
        language=row.language,
        blind=row.blind,
        rounds=row.rounds,
        current_round=row.current_round,
        state=row.state,
        deadline=row.deadline,
        stop_iqr=row.stop_iqr,
        stop_tolerance=row.stop_tolerance,
        pooling=row.pooling,
        applied_version=row.applied_version,
        items=tuple(
            Item(
                number=i.number,
                kind=i.kind,
                actor=i.actor,
                issue=i.issue,
                field=i.field,
                question=i.question,
                lo=i.lo,
                hi=i.hi,
                truth=i.truth,
                truth_source=i.truth_source,
            )
            for i in items
        ),
    )


def default_question(scenario: Scenario, spec: ItemSpec, gettext: Any) -> str:
    """The question asked about one scenario value, in the consultation's language."""
    actor = scenario.actor(spec.actor).name
    issue = scenario.issue(spec.issue)
    if spec.field == "position":
        low = issue.anchors[0].label if issue.anchors else ""
        high = issue.anchors[-1].label if issue.anchors else ""
        return str(
            gettext(
                "Where does %(actor)s stand on %(issue)s, on a scale from %(min)s (%(low)s) "
                "to %(max)s (%(high)s)?"
            )
            % {
                "actor": actor,
                "issue": issue.name,
                "min": f"{issue.scale.min:g}",
                "low": low,
                "max": f"{issue.scale.max:g}",
                "high": high,
            }
        )
    if spec.field == "salience":
        return str(
            gettext(
                "How much does %(issue)s matter to %(actor)s, from 0 (not at all) to 1 "
                "(above everything else)?"
            )
            % {"actor": actor, "issue": issue.name}
        )
    return str(
        gettext(
            "How much of its clout can %(actor)s bring to bear on %(issue)s, from 0 (none) to 1 "
            "(the most of any actor)?"
        )
        % {"actor": actor, "issue": issue.name}
    )


class Consultations:
    """Consultations over one database; facilitators are analysts who may edit the scenario."""

    def __init__(self, sessions: sessionmaker[Session], scenarios: Scenarios) -> None:
        self._sessions = sessions
        self._scenarios = scenarios

    # -- facilitator ---------------------------------------------------------------------
    def _own(self, s: Session, user: User, cid: int) -> ConsultationRow:
        row = s.get(ConsultationRow, cid)
        if row is None:
            raise NotFound(f"consultation {cid}")
        scenario = s.get(ScenarioRow, row.scenario_id)
        readable = scenario is not None and (
            user.is_admin or scenario.workspace_id in user.workspaces
        )
        if not readable:
            raise NotFound(f"consultation {cid}")
        if not user.can_write:
            raise Forbidden(f"{user.name} is a viewer: viewers cannot run consultations")
        return row

    def create(
        self,
        user: User,
        scenario_id: int,
        *,
        title: str,
        items: Sequence[ItemSpec],
        rounds: int = 2,
        deadline: dt.date | None = None,
        language: str = "en",
        blind: bool = False,
        stop_iqr: float = 0.1,
        stop_tolerance: float = 0.02,
        pooling: str = "equal",
        calibration: Sequence[CalibrationSpec] = (),
    ) -> Info:
        """Open a consultation (in the draft state) on a scenario the user may edit."""
        from panmun.web.i18n import LANGUAGES, translations

        if not self._scenarios.can_write(user, scenario_id):
            raise Forbidden(f"{user.name} may not run a consultation on scenario {scenario_id}")
        info = self._scenarios.info(user, scenario_id)
        scenario = self._scenarios.load(user, scenario_id)
        problems = []
        if not title.strip():
            problems.append("title: empty")
        if not 1 <= rounds <= 10:
            problems.append(f"rounds: {rounds} is not between 1 and 10")
        if language not in LANGUAGES:
            problems.append(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
        if pooling not in POOLING:
            problems.append(f"pooling: {pooling!r} is not one of {', '.join(POOLING)}")
        if pooling == "cooke" and len(calibration) < 1:
            problems.append("pooling: 'cooke' needs calibration questions with known answers")
        for name, value in (("stop_iqr", stop_iqr), ("stop_tolerance", stop_tolerance)):
            if not 0.0 <= value < 1.0:
                problems.append(f"{name}: {value!r} is not a share in [0, 1)")
        if not items:
            problems.append("items: choose at least one value to ask about")
        if len(items) + len(calibration) > MAX_ITEMS:
            problems.append(f"items: {len(items) + len(calibration)} is more than {MAX_ITEMS}")
        pairs = {(p.actor, p.issue) for p in scenario.positions}
        seen = set()
        for k, spec in enumerate(items):
            where = f"items[{k}]"
            if spec.field not in FIELDS:
                problems.append(f"{where}.field: {spec.field!r} is not one of {', '.join(FIELDS)}")
            if (spec.actor, spec.issue) not in pairs:
                problems.append(
                    f"{where}: actor {spec.actor!r} has no position on issue {spec.issue!r}"
                )
            if (spec.actor, spec.issue, spec.field) in seen:
                problems.append(f"{where}: {spec.actor}/{spec.issue}/{spec.field} asked twice")
            seen.add((spec.actor, spec.issue, spec.field))
        for k, cal in enumerate(calibration):
            c: list[Problem] = []
            check_number(c, f"calibration[{k}].truth", cal.truth, (cal.lo, cal.hi))
            problems += [p.render() for p in c]
            if not cal.question.strip():
                problems.append(f"calibration[{k}].question: empty")
        if problems:
            raise InputError(problems)
        gettext = translations(language).gettext
        with self._sessions.begin() as s:
            row = ConsultationRow(
                scenario_id=scenario_id,
                base_version=info.latest,
                title=title.strip()[:300],
                language=language,
                blind=blind,
                rounds=rounds,
                current_round=0,
                state="draft",
                deadline=deadline,
                stop_iqr=stop_iqr,
                stop_tolerance=stop_tolerance,
                pooling=pooling,
                created_by=user.id,
                created_at=now(),
                closed_at=None,
                applied_version=None,
            )
            s.add(row)
            s.flush()
            for n, spec in enumerate(items, start=1):
                if spec.field == "position":
                    scale = scenario.issue(spec.issue).scale
                    lo, hi = scale.min, scale.max
                else:
                    lo, hi = 0.0, 1.0
                s.add(
                    ConsultItemRow(
                        consultation_id=row.id,
                        number=n,
                        kind="item",
                        actor=spec.actor,
                        issue=spec.issue,
                        field=spec.field,
                        question=(spec.question or default_question(scenario, spec, gettext)),
                        lo=lo,
                        hi=hi,
                        truth=None,
                        truth_source=None,
                    )
                )
            for n, cal in enumerate(calibration, start=len(items) + 1):
                s.add(
                    ConsultItemRow(
                        consultation_id=row.id,
                        number=n,
                        kind="calibration",
                        actor=None,
                        issue=None,
                        field=None,
                        question=cal.question.strip(),
                        lo=cal.lo,
                        hi=cal.hi,
                        truth=cal.truth,
                        truth_source=cal.source,
                    )
                )
            s.flush()
            audit(
                s,
                user,
                "consultation.create",
                f"consultation {row.id}",
                None,
                {
                    "scenario": scenario_id,
                    "items": len(items),
                    "calibration": len(calibration),
                    "rounds": rounds,
                },
            )
            return _info(s, row)

    def info(self, user: User, cid: int) -> Info:
        """A consultation the user may facilitate."""
        with self._sessions() as s:
            return _info(s, self._own(s, user, cid))

    def for_scenario(self, user: User, scenario_id: int) -> list[Info]:
        """The consultations on a scenario, newest first."""
        self._scenarios.info(user, scenario_id)  # NotFound when not readable
        with self._sessions() as s:
            rows = s.scalars(
                select(ConsultationRow)
                .where(ConsultationRow.scenario_id == scenario_id)
                .order_by(ConsultationRow.id.desc())
            )
            return [_info(s, r) for r in rows]

    def invite(self, user: User, cid: int, labels: Sequence[str]) -> list[tuple[str, str]]:
        """Create one participant per label; return (pseudonym, token) pairs, shown once."""
        if not labels:
            raise InputError(["labels: invite at least one participant"])
        with self._sessions.begin() as s:
            row = self._own(s, user, cid)
            if row.state in ("closed", "applied"):
                raise InputError([f"consultation {cid}: closed, no more invitations"])
            count = len(
                list(
                    s.scalars(
                        select(ParticipantRow.id).where(ParticipantRow.consultation_id == cid)
                    )
                )
            )
            if count + len(labels) > MAX_PARTICIPANTS:
                raise InputError([f"labels: more than {MAX_PARTICIPANTS} participants"])
            out = []
            for k, label in enumerate(labels, start=count + 1):
                token = secrets.token_urlsafe(24)
                pseudonym = f"P{k}"
                s.add(
                    ParticipantRow(
                        consultation_id=cid,
                        pseudonym=pseudonym,
                        token_digest=digest(token),
                        session_digest=None,
                        csrf=secrets.token_urlsafe(24),
                        label=label.strip()[:200],
                        withdrawn=False,
                        created_at=now(),
                    )
                )
                out.append((pseudonym, token))
            audit(
                s,
                user,
                "consultation.invite",
                f"consultation {cid}",
                None,
                {"participants": [p for p, _ in out]},
            )
            return out

    def participants(self, user: User, cid: int) -> list[Participant]:
        """The participants, with how many answers each gave this round."""
        with self._sessions() as s:
            row = self._own(s, user, cid)
            out = []
            for p in s.scalars(
                select(ParticipantRow)
                .where(ParticipantRow.consultation_id == cid)
                .order_by(ParticipantRow.id)
            ):
                answered = len(
                    list(
                        s.scalars(
                            select(AnswerRow.item).where(
                                AnswerRow.participant_id == p.id,
                                AnswerRow.round == row.current_round,
                            )
                        )
                    )
                )
                out.append(
                    Participant(
                        id=p.id,
                        pseudonym=p.pseudonym,
                        label=p.label,
                        joined=p.session_digest is not None,
                        withdrawn=p.withdrawn,
                        answered=answered,
                    )
                )
            return out

    def advance(self, user: User, cid: int) -> Info:
        """Open the first round, or the next one (answers of the last round are kept)."""
        with self._sessions.begin() as s:
            row = self._own(s, user, cid)
            if row.state not in ("draft", "open"):
                raise InputError([f"consultation {cid}: {row.state}, no further rounds"])
            if row.current_round >= row.rounds:
                raise InputError(
                    [f"consultation {cid}: all {row.rounds} rounds have been held; close it"]
                )
            before = row.current_round
            row.current_round += 1
            row.state = "open"
            audit(
                s,
                user,
                "consultation.round",
                f"consultation {cid}",
                {"round": before},
                {"round": row.current_round},
            )
            return _info(s, row)

    def close(self, user: User, cid: int) -> Info:
        """Close the consultation: no more answers or withdrawals."""
        with self._sessions.begin() as s:
            row = self._own(s, user, cid)
            if row.state != "open":
                raise InputError([f"consultation {cid}: {row.state}, only an open one closes"])
            row.state = "closed"
            row.closed_at = now()
            audit(
                s,
                user,
                "consultation.close",
                f"consultation {cid}",
                {"state": "open"},
                {"state": "closed"},
            )
            return _info(s, row)

    # -- answers -------------------------------------------------------------------------
    def _answers(self, s: Session, cid: int, rnd: int) -> dict[int, dict[int, AnswerRow]]:
        """``{participant id: {item: answer}}`` of one round, withdrawn participants left out."""
        out: dict[int, dict[int, AnswerRow]] = {}
        rows = s.execute(
            select(AnswerRow, ParticipantRow)
            .join(ParticipantRow, ParticipantRow.id == AnswerRow.participant_id)
            .where(
                ParticipantRow.consultation_id == cid,
                AnswerRow.round == rnd,
                ParticipantRow.withdrawn.is_(False),
            )
        )
        for answer, participant in rows:
            out.setdefault(participant.id, {})[answer.item] = answer
        return out

    def round_answers(self, cid: int, rnd: int) -> dict[int, dict[int, Answer]]:
        """One round's answers by participant and item (no access check: callers check)."""
        with self._sessions() as s:
            return {
                pid: {k: _answer(a) for k, a in items.items()}
                for pid, items in self._answers(s, cid, rnd).items()
            }

    def pseudonyms(self, cid: int) -> dict[int, str]:
        """Participant id -> pseudonym."""
        with self._sessions() as s:
            rows = s.scalars(select(ParticipantRow).where(ParticipantRow.consultation_id == cid))
            return {p.id: p.pseudonym for p in rows}

    # -- participants --------------------------------------------------------------------
    def redeem(self, token: str) -> tuple[str, int]:
        """Exchange a single-use invitation token for a participant session.

        Returns the new session value (the cookie) and the consultation id. The token is
        spent: a second use is refused.
        """
        with self._sessions.begin() as s:
            row = s.scalar(
                select(ParticipantRow).where(ParticipantRow.token_digest == digest(token[:100]))
            )
            if row is None:
                raise NotFound("invitation (the link is wrong or was already used)")
            session = secrets.token_urlsafe(32)
            row.token_digest = None
            row.session_digest = digest(session)
            return session, row.consultation_id

    def language_of(self, cid: int) -> str:
        """The language a consultation's questions are asked in."""
        with self._sessions() as s:
            row = s.get(ConsultationRow, cid)
            return row.language if row else "en"

    def participant(self, session: str) -> tuple[ParticipantRow, Info]:
        """The participant of a session, and their consultation (``NotFound`` otherwise)."""
        with self._sessions() as s:
            row = s.scalar(
                select(ParticipantRow).where(ParticipantRow.session_digest == digest(session))
            )
            if row is None:
                raise NotFound("participant session")
            consultation = s.get(ConsultationRow, row.consultation_id)
            assert consultation is not None
            s.expunge(row)
            return row, _info(s, consultation)

    def answer(self, participant_id: int, answers: Sequence[Answer]) -> None:
        """Save the participant's answers for the current round (replacing earlier ones)."""
        with self._sessions.begin() as s:
            p = s.get(ParticipantRow, participant_id)
            if p is None:
                raise NotFound("participant")
            row = s.get(ConsultationRow, p.consultation_id)
            assert row is not None
            if row.state != "open":
                raise InputError([f"consultation {row.id}: {row.state}, answers are not taken"])
            if p.withdrawn:
                raise InputError(["you have withdrawn from this consultation"])
            if row.deadline is not None and now().date() > row.deadline:
                raise InputError(
                    [f"consultation {row.id}: the deadline ({row.deadline.isoformat()}) has passed"]
                )
            items = {i.number: i for i in _info(s, row).items}
            problems = check_answers(answers, items)
            if problems:
                raise InputError(problems)
            s.execute(
                delete(AnswerRow).where(
                    AnswerRow.participant_id == p.id, AnswerRow.round == row.current_round
                )
            )
            for a in answers:
                s.add(
                    AnswerRow(
                        participant_id=p.id,
                        round=row.current_round,
                        item=a.item,
                        best=a.best,
                        low=a.low,
                        high=a.high,
                        confidence=a.confidence,
                        reason=a.reason.strip()[:MAX_REASON],
                        sources=list(a.sources),
                        at=now(),
                    )
                )

    def withdraw(self, participant_id: int) -> None:
        """Withdraw a participant's answers (until the consultation closes)."""
        with self._sessions.begin() as s:
            p = s.get(ParticipantRow, participant_id)
            if p is None:
                raise NotFound("participant")
            row = s.get(ConsultationRow, p.consultation_id)
            assert row is not None
            if row.state in ("closed", "applied"):
                raise InputError(
                    [f"consultation {row.id}: closed, answers can no longer be withdrawn"]
                )
            p.withdrawn = True
            s.execute(delete(AnswerRow).where(AnswerRow.participant_id == p.id))
            audit(
                s,
                None,
                "consultation.withdraw",
                f"consultation {row.id}",
                None,
                {"participant": p.pseudonym},
            )

    def mark_applied(self, user: User, cid: int, version: int) -> None:
        """Record that the result became ``version`` of the scenario."""
        with self._sessions.begin() as s:
            row = self._own(s, user, cid)
            row.state = "applied"
            row.applied_version = version
            audit(
                s,
                user,
                "consultation.apply",
                f"consultation {cid}",
                None,
                {"scenario": row.scenario_id, "version": version},
            )


def _answer(a: AnswerRow) -> Answer:
    return Answer(
        item=a.item,
        best=a.best,
        low=a.low,
        high=a.high,
        confidence=a.confidence,
        reason=a.reason,
        sources=tuple(a.sources),
    )


def check_answers(answers: Sequence[Answer], items: dict[int, Item]) -> list[str]:
    """Every problem of a set of answers, in the words a scenario file's problems use."""
    problems: list[str] = []
    seen = set()
    for a in answers:
        item = items.get(a.item)
        if item is None:
            problems.append(f"answers: question {a.item} is not part of this consultation")
            continue
        if a.item in seen:
            problems.append(f"answers: question {a.item} answered twice")
        seen.add(a.item)
        name = item.field or "value"
        found: list[Problem] = []
        check_number(found, f"question {a.item}.{name}", a.best, (a.low, a.high), item.lo, item.hi)
        problems += [p.render() for p in found]
        if not 0.0 <= a.confidence <= 1.0:
            problems.append(
                f"question {a.item}.confidence: {a.confidence:g} is not between 0 and 1"
            )
    return problems
