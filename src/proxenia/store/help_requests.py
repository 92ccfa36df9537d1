"""Requests for help and their responses.

A response is owned by the organisation that wrote it; the asking organisation reads every response
to its own request whatever the response's sharing level (it was addressed to it). That rule lives
here, beside ``readable``, and nowhere else.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update

from proxenia.domain.errors import PermissionDenied
from proxenia.domain.help_requests import HelpRequest, HelpRequestDraft, HelpResponse, HelpResponseDraft, RequestStatus
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import raise_not_readable, readable
from proxenia.store.actors import ActorRepository
from proxenia.store.columns import utcnow
from proxenia.store.practices import practice_readable
from proxenia.store.records import RecordRepository
from proxenia.store.tables import actors, help_requests, help_responses, practices

#: Requests are listed newest first (the id settles ties, so pages never overlap).
REQUEST_ORDER = (help_requests.c.created_at.desc(), help_requests.c.id)


def _filters(
    statuses: Sequence[RequestStatus],
    asker_id: uuid.UUID | None,
    policy_area: str | None,
    tenant_id: uuid.UUID | None,
    exclude_tenant_id: uuid.UUID | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if statuses:
        where.append(help_requests.c.status.in_([s.value for s in statuses]))
    if asker_id is not None:
        where.append(help_requests.c.asker_id == asker_id)
    if policy_area:
        where.append(help_requests.c.policy_area == policy_area)
    if tenant_id is not None:
        where.append(help_requests.c.tenant_id == tenant_id)
    if exclude_tenant_id is not None:
        where.append(help_requests.c.tenant_id != exclude_tenant_id)
    return where


def response_readable(viewer: Viewer) -> ColumnElement[bool]:
    condition = readable(help_responses, viewer)
    if viewer.tenant_id is not None and not viewer.is_system:
        condition = or_(condition, help_responses.c.request_tenant_id == viewer.tenant_id)
    return condition


class HelpRequestRepository(RecordRepository):
    table = help_requests
    kind = "request for help"

    def create(self, viewer: Viewer, draft: HelpRequestDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row: dict[str, Any] = {
            "id": draft.id or uuid.uuid4(),
            "tenant_id": tenant_id,
            "visibility": draft.visibility.value,
            "asker_id": draft.asker_id,
            "title": draft.title,
            "text": draft.text,
            "policy_area": draft.policy_area,
            "needed_by": draft.needed_by,
            "status": RequestStatus.OPEN.value,
        }
        self._insert(viewer, row, summary=draft.title)
        return row["id"]

    def _rows(self, viewer: Viewer, *where: Any, limit: int | None = None, offset: int = 0) -> list[Any]:
        query = (
            select(help_requests)
            .join(actors, actors.c.id == help_requests.c.asker_id)
            .where(readable(help_requests, viewer), readable(actors, viewer), *where)
            .order_by(*REQUEST_ORDER)
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return list(self.conn.execute(query))

    def _hydrate(
        self, viewer: Viewer, rows: Sequence[Any], responses: dict[uuid.UUID, list[HelpResponse]]
    ) -> list[HelpRequest]:
        askers = ActorRepository(self.conn).summaries(viewer, {r.asker_id for r in rows})
        counts = self._response_counts(viewer, [r.id for r in rows])
        return [
            HelpRequest(
                id=r.id,
                asker=askers[r.asker_id],
                title=r.title,
                text=r.text,
                policy_area=r.policy_area,
                needed_by=r.needed_by,
                status=RequestStatus(r.status),
                response_count=counts.get(r.id, 0),
                responses=tuple(responses.get(r.id, ())),
                tenant_id=r.tenant_id,
                visibility=Visibility(r.visibility),
                version=r.version,
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
            for r in rows
            if r.asker_id in askers
        ]

    def _response_counts(self, viewer: Viewer, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        if not ids:
            return {}
        rows = self.conn.execute(
            select(help_responses.c.request_id, func.count())
            .where(help_responses.c.request_id.in_(ids), response_readable(viewer))
            .group_by(help_responses.c.request_id)
        )
        return {r: int(n) for r, n in rows}

    def get(self, viewer: Viewer, request_id: uuid.UUID) -> HelpRequest:
        rows = self._rows(viewer, help_requests.c.id == request_id)
        if not rows:
            raise raise_not_readable(f"Request for help {request_id}")
        responses = HelpResponseRepository(self.conn).for_request(viewer, request_id)
        return self._hydrate(viewer, rows, {request_id: responses})[0]

    def search(
        self,
        viewer: Viewer,
        *,
        statuses: Sequence[RequestStatus] = (),
        asker_id: uuid.UUID | None = None,
        policy_area: str | None = None,
        tenant_id: uuid.UUID | None = None,
        exclude_tenant_id: uuid.UUID | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[list[HelpRequest], int]:
        where = _filters(statuses, asker_id, policy_area, tenant_id, exclude_tenant_id)
        total = self.conn.scalar(
            select(func.count())
            .select_from(help_requests)
            .join(actors, actors.c.id == help_requests.c.asker_id)
            .where(readable(help_requests, viewer), readable(actors, viewer), *where)
        )
        rows = self._rows(viewer, *where, limit=limit, offset=offset)
        return self._hydrate(viewer, rows, {}), int(total or 0)

    def ids(
        self,
        viewer: Viewer,
        *,
        statuses: Sequence[RequestStatus] = (),
        tenant_id: uuid.UUID | None = None,
        limit: int,
    ) -> list[uuid.UUID]:
        """The ids of the first ``limit`` matches of :meth:`search`, in its order (newest first), in one query."""
        return list(
            self.conn.scalars(
                select(help_requests.c.id)
                .join(actors, actors.c.id == help_requests.c.asker_id)
                .where(readable(help_requests, viewer), readable(actors, viewer),
                       *_filters(statuses, None, None, tenant_id, None))
                .order_by(*REQUEST_ORDER)
                .limit(limit)
            )
        )

    def requests_of(self, viewer: Viewer, ids: Sequence[uuid.UUID]) -> list[HelpRequest]:
        """These requests (the readable ones), in the order of ``ids``, without their responses."""
        rows = self._rows(viewer, help_requests.c.id.in_(ids))
        position = {request_id: n for n, request_id in enumerate(ids)}
        rows.sort(key=lambda r: position[r.id])
        return self._hydrate(viewer, rows, {})

    def update(
        self, viewer: Viewer, request_id: uuid.UUID, version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        return self._update(viewer, request_id, version, fields)

    def mark_answered(self, viewer: Viewer, request_id: uuid.UUID) -> bool:
        """An open request that someone answered becomes 'answered' (any reader who may answer may cause this)."""
        row = self._rows(viewer, help_requests.c.id == request_id)
        if not row:
            raise raise_not_readable(f"Request for help {request_id}")
        if row[0].status != RequestStatus.OPEN.value:
            return False
        self.conn.execute(
            update(help_requests)
            .where(help_requests.c.id == request_id, help_requests.c.status == RequestStatus.OPEN.value)
            .values(status=RequestStatus.ANSWERED.value, version=help_requests.c.version + 1, updated_at=utcnow())
        )
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=request_id,
            action="update",
            tenant_id=row[0].tenant_id,
            before={"status": "open"},
            after={"status": "answered"},
            summary="answered by a response",
        )
        return True


class HelpResponseRepository(RecordRepository):
    table = help_responses
    kind = "response"

    def create(
        self, viewer: Viewer, draft: HelpResponseDraft, *, tenant_id: uuid.UUID, request_tenant_id: uuid.UUID
    ) -> uuid.UUID:
        if viewer.is_anonymous:
            raise PermissionDenied("sign in to answer a request for help")
        row: dict[str, Any] = {
            "id": draft.id or uuid.uuid4(),
            "tenant_id": tenant_id,
            "visibility": draft.visibility.value,
            "request_id": draft.request_id,
            "request_tenant_id": request_tenant_id,
            "responder_id": draft.responder_id,
            "practice_id": draft.practice_id,
            "text": draft.text,
            "contact": draft.contact,
            "author": viewer.label,
        }
        self._insert(viewer, row)
        return row["id"]

    def for_request(self, viewer: Viewer, request_id: uuid.UUID) -> list[HelpResponse]:
        rows = list(
            self.conn.execute(
                select(help_responses)
                .where(help_responses.c.request_id == request_id, response_readable(viewer))
                .order_by(help_responses.c.created_at, help_responses.c.id)
            )
        )
        responders = ActorRepository(self.conn).summaries(viewer, {r.responder_id for r in rows if r.responder_id})
        practice_ids = {r.practice_id for r in rows if r.practice_id}
        titles: dict[uuid.UUID, str] = {}
        if practice_ids:
            query = select(practices.c.id, practices.c.title).where(
                and_(practices.c.id.in_(practice_ids), practice_readable(viewer))
            )
            titles = {i: t for i, t in self.conn.execute(query)}
        return [
            HelpResponse(
                id=r.id,
                request_id=r.request_id,
                text=r.text,
                responder=responders.get(r.responder_id) if r.responder_id else None,
                practice_id=r.practice_id if r.practice_id in titles else None,
                practice_title=titles.get(r.practice_id) if r.practice_id else None,
                contact=r.contact,
                author=r.author,
                tenant_id=r.tenant_id,
                visibility=Visibility(r.visibility),
                version=r.version,
                created_at=r.created_at,
                updated_at=r.updated_at,
            )
            for r in rows
        ]
