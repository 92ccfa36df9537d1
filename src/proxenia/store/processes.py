"""Multilateral processes, and the participations and submissions governments record for them, each read
through the permission filter (a participation's actor only when that actor is readable too)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func, select

from proxenia.domain.kinds import Visibility
from proxenia.domain.processes import (
    Participation,
    ParticipationDraft,
    ParticipationRole,
    Process,
    ProcessDraft,
    ProcessKind,
    Submission,
    SubmissionDraft,
)
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import RecordRepository
from proxenia.store.tables import actors, process_participations, process_submissions, processes, tenants


def _own(m: Any) -> dict[str, Any]:
    return {
        "tenant_id": m["tenant_id"],
        "visibility": Visibility(m["visibility"]),
        "version": m["version"],
        "created_at": m["created_at"],
        "updated_at": m["updated_at"],
    }


def _process(m: Any) -> Process:
    return Process(
        id=m["id"], kind=ProcessKind(m["kind"]), name=m["name"], description=m["description"],
        start_date=m["start_date"], end_date=m["end_date"], place=m["place"], url=m["url"],
        source_ref=m["source_ref"], **_own(m),
    )


class ProcessRepository(RecordRepository):
    table = processes
    kind = "process"

    def get(self, viewer: Viewer, process_id: uuid.UUID) -> Process:
        return _process(self._row(viewer, process_id)._mapping)

    def search(self, viewer: Viewer, *, query: str | None = None, limit: int = 200) -> list[Process]:
        where = [readable(processes, viewer)]
        if query:
            where.append(func.lower(processes.c.name).contains(query.lower(), autoescape=True))
        rows = self.conn.execute(
            select(processes).where(*where).order_by(processes.c.start_date.desc(), processes.c.name).limit(limit)
        )
        return [_process(r._mapping) for r in rows]

    def create(self, viewer: Viewer, draft: ProcessDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        new_id = draft.id or uuid.uuid4()
        self._insert(viewer, {
            "id": new_id, "tenant_id": tenant_id, "visibility": draft.visibility.value, "kind": draft.kind.value,
            "name": draft.name, "description": draft.description, "start_date": draft.start_date,
            "end_date": draft.end_date, "place": draft.place, "url": draft.url, "source_ref": draft.source_ref,
        })
        return new_id

    def update(self, viewer: Viewer, process_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        return int(self._update(viewer, process_id, version, fields)["version"])

    def delete(self, viewer: Viewer, process_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, process_id, version)


class ParticipationRepository(RecordRepository):
    table = process_participations
    kind = "process_participation"

    def search(
        self,
        viewer: Viewer,
        *,
        process_ids: Sequence[uuid.UUID] | None = None,
        tenant_ids: Iterable[uuid.UUID] | None = None,
    ) -> list[Participation]:
        p = process_participations
        where = [readable(p, viewer)]
        if process_ids is not None:
            where.append(p.c.process_id.in_(list(process_ids)))
        if tenant_ids is not None:
            where.append(p.c.tenant_id.in_(list(tenant_ids)))
        rows = self.conn.execute(
            select(p, actors.c.name.label("actor_name"), tenants.c.name.label("tenant_name"))
            .select_from(p)
            .outerjoin(actors, and_(actors.c.id == p.c.actor_id, readable(actors, viewer)))
            .join(tenants, tenants.c.id == p.c.tenant_id)
            .where(*where)
            .order_by(tenants.c.name)
        )
        return [
            Participation(
                id=r.id, process_id=r.process_id, role=ParticipationRole(r.role),
                actor_id=r.actor_id if r.actor_name is not None else None, actor_name=r.actor_name,
                tenant_name=r.tenant_name, note=r.note, **_own(r._mapping),
            )
            for r in rows
        ]

    def create(self, viewer: Viewer, draft: ParticipationDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        new_id = draft.id or uuid.uuid4()
        self._insert(viewer, {
            "id": new_id, "tenant_id": tenant_id, "visibility": draft.visibility.value,
            "process_id": draft.process_id, "actor_id": draft.actor_id, "role": draft.role.value, "note": draft.note,
        })
        return new_id

    def delete(self, viewer: Viewer, participation_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, participation_id, version)


class SubmissionRepository(RecordRepository):
    table = process_submissions
    kind = "process_submission"

    def search(
        self,
        viewer: Viewer,
        *,
        process_ids: Sequence[uuid.UUID] | None = None,
        tenant_ids: Iterable[uuid.UUID] | None = None,
    ) -> list[Submission]:
        s = process_submissions
        where = [readable(s, viewer)]
        if process_ids is not None:
            where.append(s.c.process_id.in_(list(process_ids)))
        if tenant_ids is not None:
            where.append(s.c.tenant_id.in_(list(tenant_ids)))
        rows = self.conn.execute(
            select(s, tenants.c.name.label("tenant_name"))
            .select_from(s)
            .join(tenants, tenants.c.id == s.c.tenant_id)
            .where(*where)
            .order_by(s.c.submitted_on.desc(), s.c.title)
        )
        return [
            Submission(
                id=r.id, process_id=r.process_id, title=r.title, submitted_on=r.submitted_on, summary=r.summary,
                url=r.url, tenant_name=r.tenant_name, **_own(r._mapping),
            )
            for r in rows
        ]

    def create(self, viewer: Viewer, draft: SubmissionDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        new_id = draft.id or uuid.uuid4()
        self._insert(viewer, {
            "id": new_id, "tenant_id": tenant_id, "visibility": draft.visibility.value,
            "process_id": draft.process_id, "title": draft.title, "submitted_on": draft.submitted_on,
            "summary": draft.summary, "url": draft.url,
        })
        return new_id

    def delete(self, viewer: Viewer, submission_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, submission_id, version)
