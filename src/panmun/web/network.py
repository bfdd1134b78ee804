"""The secretariat's network: institutions, people and dialogue events, with consent.

A workspace keeps a directory of institutions and people and a record of its dialogue
events (Track 1, 1.5 and 2 meetings, workshops, trainings). Privacy rules:

* A person is entered only with their consent recorded (how, and on which date).
* Every institution, person and event is visible to the members of its workspace only,
  unless it is made visible to the whole network (every signed-in account). A person's
  profile is made visible beyond the workspace only by its owner: the person themself when
  the profile is linked to their account, otherwise the account that entered it.
* Nothing of the network appears on the public pages.
* A person can see, export and erase everything stored about them (``/me/data``). Erasure
  deletes the profile, their participation in events and the statements attributed to them;
  the audit log records that an erasure happened, not what was erased.
* Under the Chatham House rule (a per-event setting) statements are recorded without
  attribution.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from panmun.errors import InputError
from panmun.web.accounts import User, now
from panmun.web.db import (
    AttendanceRow,
    DialogueRow,
    InstitutionRow,
    PersonRow,
    StatementRow,
    UserRow,
    WorkspaceRow,
)
from panmun.web.scenarios import Forbidden, NotFound, audit

INSTITUTION_KINDS = (
    "think_tank",
    "university",
    "ministry",
    "international_organisation",
    "civil_society",
    "other",
)
TRACKS = ("track1", "track1.5", "track2", "workshop", "training")
ROLES = ("participant", "speaker", "organiser", "observer")
VISIBILITY = ("workspace", "network")
MAX_TEXT = 4000


def _words(values: Sequence[str], name: str, limit: int = 40) -> list[str]:
    out = []
    for v in values:
        text = str(v).strip()
        if not text:
            continue
        if len(text) > 80:
            raise InputError([f"{name}: {text[:40]!r}... is longer than 80 characters"])
        out.append(text)
    if len(out) > limit:
        raise InputError([f"{name}: more than {limit} entries"])
    return out


@dataclass(frozen=True)
class Institution:
    """An institution as the pages show it."""

    id: int
    workspace: str
    name: str
    kind: str
    country: str
    regions: tuple[str, ...]
    visibility: str


@dataclass(frozen=True)
class Person:
    """A person's profile as the pages show it."""

    id: int
    workspace: str
    name: str
    institution: str | None
    institution_id: int | None
    expertise: tuple[str, ...]
    regions: tuple[str, ...]
    languages: tuple[str, ...]
    consent: str
    consent_at: str
    visibility: str
    owned: bool
    linked: bool


@dataclass(frozen=True)
class Dialogue:
    """A dialogue event with what the viewer may see of its participants."""

    id: int
    workspace: str
    title: str
    track: str
    date: str
    end_date: str | None
    place: str
    online: bool
    chatham_house: bool
    organisers: tuple[str, ...]
    issues: tuple[str, ...]
    regions: tuple[str, ...]
    kb_records: tuple[str, ...]
    summary: str
    outputs: tuple[dict[str, Any], ...]
    visibility: str
    participants: tuple[tuple[int, str, str], ...] = field(default=())
    hidden_participants: int = 0
    statements: tuple[tuple[str | None, str], ...] = field(default=())


class Network:
    """Directory, dialogues and the network view over one database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- visibility ----------------------------------------------------------------------
    @staticmethod
    def _sees(user: User, workspace_id: int, visibility: str) -> bool:
        return visibility == "network" or workspace_id in user.workspaces

    @staticmethod
    def _writes(user: User, workspace_id: int) -> bool:
        return user.can_write and (user.is_admin or workspace_id in user.workspaces)

    def _workspace(self, s: Session, user: User, slug: str | None) -> WorkspaceRow:
        if not user.can_write:
            raise Forbidden(f"{user.name} is a viewer: viewers cannot change anything")
        if slug:
            ws = s.scalar(select(WorkspaceRow).where(WorkspaceRow.slug == slug))
            if ws is None or ws.id not in user.workspaces:
                raise InputError([f"workspace: {slug!r} is not a workspace of this account"])
            return ws
        if not user.workspaces:
            raise InputError(["workspace: this account belongs to no workspace"])
        ws = s.get(WorkspaceRow, user.workspaces[0])
        assert ws is not None
        return ws

    @staticmethod
    def _slug(s: Session, workspace_id: int) -> str:
        ws = s.get(WorkspaceRow, workspace_id)
        return ws.slug if ws else ""

    def _institution(self, s: Session, row: InstitutionRow) -> Institution:
        return Institution(
            id=row.id, workspace=self._slug(s, row.workspace_id), name=row.name, kind=row.kind,
            country=row.country, regions=tuple(row.regions), visibility=row.visibility,
        )  # fmt: skip

    def _owner_of(self, row: PersonRow) -> int:
        return row.account_id if row.account_id is not None else row.owner_id

    def _person(self, s: Session, user: User, row: PersonRow) -> Person:
        inst = s.get(InstitutionRow, row.institution_id) if row.institution_id else None
        shown = inst is not None and self._sees(user, inst.workspace_id, inst.visibility)
        return Person(
            id=row.id, workspace=self._slug(s, row.workspace_id), name=row.name,
            institution=inst.name if inst is not None and shown else None,
            institution_id=inst.id if inst is not None and shown else None,
            expertise=tuple(row.expertise), regions=tuple(row.regions),
            languages=tuple(row.languages), consent=row.consent,
            consent_at=row.consent_at.isoformat(), visibility=row.visibility,
            owned=self._owner_of(row) == user.id, linked=row.account_id is not None,
        )  # fmt: skip

    def _visible_people(self, s: Session, user: User) -> list[PersonRow]:
        rows = s.scalars(select(PersonRow).order_by(PersonRow.name, PersonRow.id))
        return [r for r in rows if self._sees(user, r.workspace_id, r.visibility)]

    # -- institutions --------------------------------------------------------------------
    def add_institution(
        self, user: User, *, name: str, kind: str, country: str = "",
        regions: Sequence[str] = (), visibility: str = "workspace", workspace: str | None = None,
    ) -> Institution:  # fmt: skip
        """Add an institution to one of the user's workspaces."""
        problems = []
        if not name.strip():
            problems.append("name: empty")
        if kind not in INSTITUTION_KINDS:
            problems.append(f"kind: {kind!r} is not one of {', '.join(INSTITUTION_KINDS)}")
        if visibility not in VISIBILITY:
            problems.append(f"visibility: {visibility!r} is not one of {', '.join(VISIBILITY)}")
        if problems:
            raise InputError(problems)
        with self._sessions.begin() as s:
            ws = self._workspace(s, user, workspace)
            row = InstitutionRow(
                workspace_id=ws.id, name=name.strip()[:300], kind=kind,
                country=country.strip()[:100], regions=_words(regions, "regions"),
                visibility=visibility, created_at=now(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            audit(s, user, "institution.add", f"institution {row.id}", None,
                  {"name": row.name, "visibility": visibility})  # fmt: skip
            return self._institution(s, row)

    def institutions(self, user: User) -> list[Institution]:
        """The institutions the user may see."""
        with self._sessions() as s:
            rows = s.scalars(select(InstitutionRow).order_by(InstitutionRow.name))
            return [
                self._institution(s, r)
                for r in rows
                if self._sees(user, r.workspace_id, r.visibility)
            ]

    # -- people --------------------------------------------------------------------------
    def add_person(
        self, user: User, *, name: str, consent: str, consent_at: dt.date,
        institution_id: int | None = None, expertise: Sequence[str] = (),
        regions: Sequence[str] = (), languages: Sequence[str] = (),
        visibility: str = "workspace", workspace: str | None = None,
    ) -> Person:  # fmt: skip
        """Add a person, with how and when they consented to being listed."""
        problems = person_problems(name, consent, consent_at, visibility)
        if problems:
            raise InputError(problems)
        with self._sessions.begin() as s:
            ws = self._workspace(s, user, workspace)
            if institution_id is not None:
                inst = s.get(InstitutionRow, institution_id)
                if inst is None or not self._sees(user, inst.workspace_id, inst.visibility):
                    raise InputError([f"institution: no institution {institution_id}"])
            row = PersonRow(
                workspace_id=ws.id, owner_id=user.id, account_id=None, name=name.strip()[:200],
                institution_id=institution_id, expertise=_words(expertise, "expertise"),
                regions=_words(regions, "regions"), languages=_words(languages, "languages"),
                consent=consent.strip()[:500], consent_at=consent_at, visibility=visibility,
                created_at=now(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            audit(s, user, "person.add", f"person {row.id}", None, {"visibility": visibility})
            return self._person(s, user, row)

    def people(
        self, user: User, issue: str | None = None, region: str | None = None
    ) -> list[Person]:
        """The people the user may see, optionally those working on an issue or region."""
        with self._sessions() as s:
            rows = self._visible_people(s, user)
            return [
                self._person(s, user, r)
                for r in rows
                if (issue is None or issue in r.expertise)
                and (region is None or region in r.regions)
            ]

    def person(self, user: User, person_id: int) -> Person:
        """One profile the user may see (``NotFound`` otherwise)."""
        with self._sessions() as s:
            row = s.get(PersonRow, person_id)
            if row is None or not self._sees(user, row.workspace_id, row.visibility):
                raise NotFound(f"person {person_id}")
            return self._person(s, user, row)

    def set_person_visibility(self, user: User, person_id: int, visibility: str) -> Person:
        """Make a profile visible to the network or only to its workspace (owner only)."""
        if visibility not in VISIBILITY:
            raise InputError([f"visibility: {visibility!r} is not one of {', '.join(VISIBILITY)}"])
        with self._sessions.begin() as s:
            row = s.get(PersonRow, person_id)
            if row is None or not self._sees(user, row.workspace_id, row.visibility):
                raise NotFound(f"person {person_id}")
            if self._owner_of(row) != user.id:
                raise Forbidden("only the profile's owner may change who sees it")
            before = row.visibility
            row.visibility = visibility
            audit(s, user, "person.visibility", f"person {row.id}",
                  {"visibility": before}, {"visibility": visibility})  # fmt: skip
            return self._person(s, user, row)

    def link_account(self, user: User, person_id: int, account: str) -> Person:
        """Link a profile to the person's own account, which then owns the profile."""
        with self._sessions.begin() as s:
            row = s.get(PersonRow, person_id)
            if row is None or not self._sees(user, row.workspace_id, row.visibility):
                raise NotFound(f"person {person_id}")
            if self._owner_of(row) != user.id and not user.is_admin:
                raise Forbidden("only the profile's owner may link it to an account")
            target = s.scalar(select(UserRow).where(UserRow.name == account))
            if target is None:
                raise InputError([f"account: no account named {account!r}"])
            taken = s.scalar(select(PersonRow.id).where(PersonRow.account_id == target.id))
            if taken is not None and taken != row.id:
                raise InputError([f"account: {account!r} is already linked to another profile"])
            row.account_id = target.id
            audit(s, user, "person.link", f"person {row.id}", None, {"account": account})
            return self._person(s, user, row)

    # -- a person's own data -------------------------------------------------------------
    def my_data(self, user: User) -> dict[str, Any] | None:
        """Everything stored about the person whose profile is linked to ``user``."""
        with self._sessions() as s:
            row = s.scalar(select(PersonRow).where(PersonRow.account_id == user.id))
            if row is None:
                return None
            events = []
            for att in s.scalars(select(AttendanceRow).where(AttendanceRow.person_id == row.id)):
                d = s.get(DialogueRow, att.dialogue_id)
                if d is not None:
                    events.append({"dialogue": d.title, "date": d.date.isoformat(),
                                   "role": att.role})  # fmt: skip
            statements = [
                {"dialogue": (s.get(DialogueRow, st.dialogue_id) or DialogueRow(title="")).title,
                 "text": st.text}
                for st in s.scalars(select(StatementRow).where(StatementRow.speaker_id == row.id))
            ]  # fmt: skip
            profile = asdict(self._person(s, user, row))
            return {"profile": profile, "dialogues": events, "statements": statements}

    def erase(self, user: User, person_id: int | None = None) -> None:
        """Erase a profile: the person themself (``person_id`` None: their own), its owner,
        or an admin. Participation and attributed statements go with it."""
        with self._sessions.begin() as s:
            if person_id is None:
                row = s.scalar(select(PersonRow).where(PersonRow.account_id == user.id))
                if row is None:
                    raise NotFound("your profile")
            else:
                row = s.get(PersonRow, person_id)
                if row is None or not self._sees(user, row.workspace_id, row.visibility):
                    raise NotFound(f"person {person_id}")
                allowed = user.is_admin or self._owner_of(row) == user.id or row.owner_id == user.id
                if not allowed:
                    raise Forbidden("only the person, the profile's owner or an admin may erase it")
            pid = row.id
            s.execute(delete(StatementRow).where(StatementRow.speaker_id == pid))
            s.execute(delete(AttendanceRow).where(AttendanceRow.person_id == pid))
            s.delete(row)
            # The log says that an erasure happened, never what was erased.
            audit(s, user, "person.erase", f"person {pid}", None, None)

    # -- dialogues -----------------------------------------------------------------------
    def add_dialogue(
        self, user: User, *, title: str, track: str, date: dt.date,
        end_date: dt.date | None = None, place: str = "", online: bool = False,
        chatham_house: bool = False, organisers: Sequence[int] = (),
        issues: Sequence[str] = (), regions: Sequence[str] = (),
        kb_records: Sequence[str] = (), summary: str = "",
        outputs: Sequence[dict[str, Any]] = (), visibility: str = "workspace",
        workspace: str | None = None, known_records: frozenset[str] | None = None,
    ) -> Dialogue:  # fmt: skip
        """Record a dialogue event."""
        problems = []
        if not title.strip():
            problems.append("title: empty")
        if track not in TRACKS:
            problems.append(f"track: {track!r} is not one of {', '.join(TRACKS)}")
        if end_date is not None and end_date < date:
            problems.append(f"end_date: {end_date.isoformat()} is before {date.isoformat()}")
        if visibility not in VISIBILITY:
            problems.append(f"visibility: {visibility!r} is not one of {', '.join(VISIBILITY)}")
        records = _words(kb_records, "kb_records")
        if known_records is not None:
            problems += [f"kb_records: {r!r} is not a knowledge-base record" for r in records
                         if r not in known_records]  # fmt: skip
        if problems:
            raise InputError(problems)
        with self._sessions.begin() as s:
            ws = self._workspace(s, user, workspace)
            for inst_id in organisers:
                inst = s.get(InstitutionRow, inst_id)
                if inst is None or not self._sees(user, inst.workspace_id, inst.visibility):
                    raise InputError([f"organisers: no institution {inst_id}"])
            row = DialogueRow(
                workspace_id=ws.id, title=title.strip()[:300], track=track, date=date,
                end_date=end_date, place=place.strip()[:200], online=online,
                chatham_house=chatham_house, organisers=list(organisers),
                issues=_words(issues, "issues"), regions=_words(regions, "regions"),
                kb_records=records, summary=summary.strip()[:MAX_TEXT],
                outputs=[dict(o) for o in outputs][:20], visibility=visibility,
                created_at=now(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            audit(s, user, "dialogue.add", f"dialogue {row.id}", None,
                  {"title": row.title, "chatham_house": chatham_house})  # fmt: skip
            return self._dialogue(s, user, row)

    def _dialogue_row(self, s: Session, user: User, dialogue_id: int) -> DialogueRow:
        row = s.get(DialogueRow, dialogue_id)
        if row is None or not self._sees(user, row.workspace_id, row.visibility):
            raise NotFound(f"dialogue {dialogue_id}")
        return row

    def _dialogue(self, s: Session, user: User, row: DialogueRow) -> Dialogue:
        shown: list[tuple[int, str, str]] = []
        hidden = 0
        for att in s.scalars(select(AttendanceRow).where(AttendanceRow.dialogue_id == row.id)):
            p = s.get(PersonRow, att.person_id)
            if p is not None and self._sees(user, p.workspace_id, p.visibility):
                shown.append((p.id, p.name, att.role))
            else:
                hidden += 1
        statements: list[tuple[str | None, str]] = []
        for st in s.scalars(
            select(StatementRow).where(StatementRow.dialogue_id == row.id).order_by(StatementRow.id)
        ):
            speaker = s.get(PersonRow, st.speaker_id) if st.speaker_id else None
            visible = speaker is not None and self._sees(user, speaker.workspace_id,
                                                          speaker.visibility)  # fmt: skip
            statements.append((speaker.name if speaker is not None and visible else None, st.text))
        organisers = []
        for inst_id in row.organisers:
            inst = s.get(InstitutionRow, inst_id)
            if inst is not None and self._sees(user, inst.workspace_id, inst.visibility):
                organisers.append(inst.name)
        return Dialogue(
            id=row.id, workspace=self._slug(s, row.workspace_id), title=row.title,
            track=row.track, date=row.date.isoformat(),
            end_date=row.end_date.isoformat() if row.end_date else None, place=row.place,
            online=row.online, chatham_house=row.chatham_house, organisers=tuple(organisers),
            issues=tuple(row.issues), regions=tuple(row.regions),
            kb_records=tuple(row.kb_records), summary=row.summary,
            outputs=tuple(row.outputs), visibility=row.visibility,
            participants=tuple(sorted(shown, key=lambda x: x[1])), hidden_participants=hidden,
            statements=tuple(statements),
        )  # fmt: skip

    def dialogue(self, user: User, dialogue_id: int) -> Dialogue:
        """One event as the user may see it."""
        with self._sessions() as s:
            return self._dialogue(s, user, self._dialogue_row(s, user, dialogue_id))

    def dialogues(
        self, user: User, issue: str | None = None, region: str | None = None,
        kb_record: str | None = None,
    ) -> list[Dialogue]:  # fmt: skip
        """The events the user may see, in date order, optionally by issue, region or record."""
        with self._sessions() as s:
            rows = s.scalars(select(DialogueRow).order_by(DialogueRow.date, DialogueRow.id))
            return [
                self._dialogue(s, user, r)
                for r in rows
                if self._sees(user, r.workspace_id, r.visibility)
                and (issue is None or issue in r.issues)
                and (region is None or region in r.regions)
                and (kb_record is None or kb_record in r.kb_records)
            ]

    def add_participant(
        self, user: User, dialogue_id: int, person_id: int, role: str = "participant"
    ) -> Dialogue:
        """Record that a person (listed with their consent) took part in an event."""
        if role not in ROLES:
            raise InputError([f"role: {role!r} is not one of {', '.join(ROLES)}"])
        with self._sessions.begin() as s:
            row = self._dialogue_row(s, user, dialogue_id)
            if not self._writes(user, row.workspace_id):
                raise Forbidden(f"{user.name} may not change dialogue {dialogue_id}")
            person = s.get(PersonRow, person_id)
            if person is None or not self._sees(user, person.workspace_id, person.visibility):
                raise InputError([f"person: no person {person_id}"])
            if s.get(AttendanceRow, (row.id, person.id)) is None:
                s.add(AttendanceRow(dialogue_id=row.id, person_id=person.id, role=role))
                audit(s, user, "dialogue.participant", f"dialogue {row.id}", None,
                      {"person": person.id, "role": role})  # fmt: skip
            s.flush()
            return self._dialogue(s, user, row)

    def add_statement(
        self, user: User, dialogue_id: int, text: str, speaker_id: int | None = None
    ) -> Dialogue:
        """Record a statement; under the Chatham House rule, without its speaker."""
        with self._sessions.begin() as s:
            row = self._dialogue_row(s, user, dialogue_id)
            if not self._writes(user, row.workspace_id):
                raise Forbidden(f"{user.name} may not change dialogue {dialogue_id}")
            if not text.strip():
                raise InputError(["text: empty"])
            if speaker_id is not None:
                if row.chatham_house:
                    raise InputError(
                        ["speaker: the Chatham House rule applies to this event; statements "
                         "are recorded without attribution"]
                    )  # fmt: skip
                if s.get(AttendanceRow, (row.id, speaker_id)) is None:
                    raise InputError([f"speaker: person {speaker_id} did not take part"])
            s.add(StatementRow(dialogue_id=row.id, speaker_id=speaker_id,
                               text=text.strip()[:MAX_TEXT]))  # fmt: skip
            audit(s, user, "dialogue.statement", f"dialogue {row.id}", None,
                  {"attributed": speaker_id is not None})  # fmt: skip
            s.flush()
            return self._dialogue(s, user, row)

    # -- the network view ----------------------------------------------------------------
    def graph(
        self, user: User, issue: str | None = None, region: str | None = None
    ) -> dict[str, Any]:
        """Who has taken part in which dialogue: people and their institutions as nodes,
        shared events as ties (weight: the number of events shared). Only what the user may
        see takes part; filters keep the events on an issue or region."""
        events = self.dialogues(user, issue, region)
        with self._sessions() as s:
            people = {p.id: p for p in self._visible_people(s, user)}
            insts = {
                r.id: r
                for r in s.scalars(select(InstitutionRow))
                if self._sees(user, r.workspace_id, r.visibility)
            }
        nodes: dict[str, dict[str, Any]] = {}
        ties: Counter[tuple[str, str]] = Counter()
        for e in events:
            present = []
            for pid, _name, _role in e.participants:
                person = people.get(pid)
                if person is None:
                    continue
                key = f"person:{pid}"
                nodes.setdefault(key, {"id": key, "kind": "person", "name": person.name,
                                       "events": 0})  # fmt: skip
                nodes[key]["events"] += 1
                present.append(key)
                inst = insts.get(person.institution_id or -1)
                if inst is not None:
                    ikey = f"institution:{inst.id}"
                    nodes.setdefault(ikey, {"id": ikey, "kind": "institution",
                                            "name": inst.name, "events": 0})  # fmt: skip
                    ties[(key, ikey)] += 0  # affiliation: drawn, but not counted as an event
            for a, b in combinations(sorted(set(present)), 2):
                ties[(a, b)] += 1
        edges = [{"a": a, "b": b, "events": n, "affiliation": n == 0} for (a, b), n in ties.items()]
        return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edges,
                "events": len(events)}  # fmt: skip

    # -- export and import ---------------------------------------------------------------
    def export(self, user: User) -> dict[str, Any]:
        """What the user may see, as JSON-ready data (nothing of other workspaces' private
        entries)."""
        return {
            "institutions": [asdict(i) for i in self.institutions(user)],
            "people": [
                {k: v for k, v in asdict(p).items() if k not in ("owned", "linked")}
                for p in self.people(user)
            ],
            "dialogues": [asdict(d) for d in self.dialogues(user)],
        }

    def import_people(self, user: User, rows: Sequence[dict[str, str]], name: str) -> int:
        """Add people from spreadsheet rows (name, institution, expertise, regions,
        languages, consent, consent_at); all of them, or (on any problem) none."""
        problems = []
        parsed = []
        known = {i.name: i.id for i in self.institutions(user)}
        for k, row in enumerate(rows, start=2):
            where = f"{name}: row {k}"
            try:
                consent_at = dt.date.fromisoformat(str(row.get("consent_at", "")).strip())
            except ValueError:
                raw = str(row.get("consent_at", ""))[:20]
                problems.append(f"{where}, column 'consent_at': {raw!r} is not a date")
                continue
            inst = str(row.get("institution", "")).strip()
            if inst and inst not in known:
                problems.append(f"{where}, column 'institution': {inst[:80]!r} is not in the "
                                "directory")  # fmt: skip
                continue
            found = person_problems(str(row.get("name", "")), str(row.get("consent", "")),
                                    consent_at, "workspace")  # fmt: skip
            for field_name in ("expertise", "regions", "languages"):
                try:
                    _words(_split(row.get(field_name)), field_name)
                except InputError as exc:
                    found += list(exc.problems)
            problems += [f"{where}: {p}" for p in found]
            parsed.append((row, consent_at, known.get(inst) if inst else None))
        if problems:
            raise InputError(problems)
        count = 0
        for k, (row, consent_at, inst_id) in enumerate(parsed, start=2):
            try:
                self.add_person(
                    user, name=str(row.get("name", "")), consent=str(row.get("consent", "")),
                    consent_at=consent_at, institution_id=inst_id,
                    expertise=_split(row.get("expertise")), regions=_split(row.get("regions")),
                    languages=_split(row.get("languages")),
                )  # fmt: skip
            except InputError as exc:
                raise InputError([f"{name}: row {k}: {p}" for p in exc.problems]) from None
            count += 1
        return count


def person_problems(name: str, consent: str, consent_at: dt.date, visibility: str) -> list[str]:
    """What is wrong with a new person's entry (empty when nothing is)."""
    problems = []
    if not name.strip():
        problems.append("name: empty")
    if not consent.strip():
        problems.append(
            "consent: record how the person agreed to be listed (for example 'email of "
            "12 May 2026')"
        )
    if consent_at > now().date():
        problems.append(f"consent_at: {consent_at.isoformat()} is in the future")
    if visibility not in VISIBILITY:
        problems.append(f"visibility: {visibility!r} is not one of {', '.join(VISIBILITY)}")
    return problems


def _split(value: Any) -> list[str]:
    return [x.strip() for x in str(value or "").split(";") if x.strip()]
