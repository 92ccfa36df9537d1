"""Multilateral processes: summits and processes with the governments taking part, their role and their
submissions. Anyone may record a process; each government records its own participation and
submissions; an office sees those of its members that they shared with it."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass

from proxenia.domain.dates import normalise_date
from proxenia.domain.errors import InvalidInput, Problem, ProblemCollector, refuse_too_long
from proxenia.domain.processes import (
    PARTICIPATION_TEXT_LIMITS,
    PROCESS_TEXT_LIMITS,
    SUBMISSION_TEXT_LIMITS,
    Participation,
    ParticipationDraft,
    Process,
    ProcessDetail,
    ProcessDraft,
    Submission,
    SubmissionDraft,
    check_url,
)
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor
from proxenia.services.federations import office_context
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.processes import ParticipationRepository, ProcessRepository, SubmissionRepository
from proxenia.store.sharing import SharingRepository

PROCESS_FIELDS = {"name", "description", "start_date", "end_date", "place", "url", "source_ref", "visibility"}


@dataclass(frozen=True)
class FederationProcess:
    """A process as the office sees it: its members' participations and submissions shared with it."""

    process: Process
    participations: list[Participation]
    submissions: list[Submission]


def _dates(problems: ProblemCollector, **dates: str | None) -> dict[str, str | None]:
    out = {}
    for column, value in dates.items():
        try:
            out[column] = normalise_date(value)
        except ValueError as exc:
            problems.add(Problem(str(exc), column=column))
            out[column] = value
    return out


class ProcessService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, viewer: Viewer, draft: ProcessDraft) -> uuid.UUID:
        tenant = require_editor(viewer, "processes")
        problems = ProblemCollector()
        if not draft.name.strip():
            problems.add(Problem("is required", column="name"))
        problems.check_lengths(PROCESS_TEXT_LIMITS, vars(draft))
        for p in check_url(draft.url):
            problems.add(p)
        dates = _dates(problems, start_date=draft.start_date, end_date=draft.end_date)
        problems.raise_if_any()
        draft = dataclasses.replace(draft, name=draft.name.strip(), start_date=dates["start_date"],
                                    end_date=dates["end_date"])
        with self.db.begin() as conn:
            return ProcessRepository(conn).create(viewer, draft, tenant_id=tenant)

    def update(self, viewer: Viewer, process_id: uuid.UUID, version: int | None, fields: dict[str, object]) -> int:
        unknown = set(fields) - PROCESS_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        with self.db.begin() as conn:
            return ProcessRepository(conn).update(viewer, process_id, version, dict(fields))

    def delete(self, viewer: Viewer, process_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            ProcessRepository(conn).delete(viewer, process_id, version)

    def processes(self, viewer: Viewer, query: str | None = None) -> list[Process]:
        with self.db.read() as conn:
            return ProcessRepository(conn).search(viewer, query=query)

    def detail(self, viewer: Viewer, process_id: uuid.UUID) -> ProcessDetail:
        with self.db.read() as conn:
            process = ProcessRepository(conn).get(viewer, process_id)
            return ProcessDetail(
                process,
                ParticipationRepository(conn).search(viewer, process_ids=[process_id]),
                SubmissionRepository(conn).search(viewer, process_ids=[process_id]),
            )

    def participate(self, viewer: Viewer, draft: ParticipationDraft) -> uuid.UUID:
        """The viewer's organisation takes part (as the actor it names: its city or state)."""
        tenant = require_editor(viewer, "your organisation's participations")
        refuse_too_long(PARTICIPATION_TEXT_LIMITS, vars(draft))
        with self.db.begin() as conn:
            ProcessRepository(conn).get(viewer, draft.process_id)
            if draft.actor_id is not None and not ActorRepository(conn).summaries(viewer, [draft.actor_id]):
                raise InvalidInput(Problem("the actor does not exist (or is not shared with you)", column="actor_id"))
            return ParticipationRepository(conn).create(viewer, draft, tenant_id=tenant)

    def submit(self, viewer: Viewer, draft: SubmissionDraft) -> uuid.UUID:
        """A submission of the viewer's organisation to a process (a statement, a report, a commitment)."""
        tenant = require_editor(viewer, "your organisation's submissions")
        problems = ProblemCollector()
        if not draft.title.strip():
            problems.add(Problem("is required", column="title"))
        problems.check_lengths(SUBMISSION_TEXT_LIMITS, vars(draft))
        for p in check_url(draft.url):
            problems.add(p)
        dates = _dates(problems, submitted_on=draft.submitted_on)
        problems.raise_if_any()
        draft = dataclasses.replace(draft, title=draft.title.strip(), submitted_on=dates["submitted_on"])
        with self.db.begin() as conn:
            ProcessRepository(conn).get(viewer, draft.process_id)
            return SubmissionRepository(conn).create(viewer, draft, tenant_id=tenant)

    def for_federation(self, viewer: Viewer, slug: str) -> list[FederationProcess]:
        """The processes the federation's members take part in, as far as they shared it with the office."""
        with self.db.read() as conn:
            context = office_context(conn, viewer, slug)
            members = [t for t in SharingRepository(conn).active_members(context.federation.id)
                       if t != context.federation.office_tenant_id]
            parts = ParticipationRepository(conn).search(viewer, tenant_ids=members)
            subs = SubmissionRepository(conn).search(viewer, tenant_ids=members)
            ids = {p.process_id for p in parts} | {s.process_id for s in subs}
            processes = ProcessRepository(conn)
            found = [processes.get(viewer, i) for i in ids if processes.exists(viewer, i)]
        return sorted(
            (FederationProcess(p, [x for x in parts if x.process_id == p.id], [x for x in subs if x.process_id == p.id])
             for p in found),
            key=lambda f: (f.process.start_date or "", f.process.name),
            reverse=True,
        )
