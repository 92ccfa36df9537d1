"""Messages from a federation's office to one member: reminders of a campaign, routings of the member's
engagement or request to a mission. Each is the office's record addressed to one member, so it is
read by the office (and whoever its sharing level reaches: private by default) and by the addressee —
the one read rule here that widens the filter, and only towards the tenant the office named."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true

from proxenia.domain.federation import FederationMessage, MessageKind, RoutingSubject
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import raise_not_readable, readable
from proxenia.store.records import RecordRepository
from proxenia.store.tables import federation_messages as messages


def addressed(viewer: Viewer) -> ColumnElement[bool]:
    """SQL condition: messages the viewer may read (readable as records, or addressed to its tenant)."""
    if viewer.is_system:
        return true()
    if viewer.tenant_id is None:
        return readable(messages, viewer)
    return or_(readable(messages, viewer), messages.c.addressee_tenant_id == viewer.tenant_id)


def _message(m: Any) -> FederationMessage:
    return FederationMessage(
        id=m["id"],
        federation_id=m["federation_id"],
        addressee_tenant_id=m["addressee_tenant_id"],
        kind=MessageKind(m["kind"]),
        subject=m["subject"],
        body=m["body"],
        campaign_id=m["campaign_id"],
        mission_id=m["mission_id"],
        subject_kind=RoutingSubject(m["subject_kind"]) if m["subject_kind"] else None,
        subject_id=m["subject_id"],
        sent_by=m["sent_by"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class MessageRepository(RecordRepository):
    table = messages
    kind = "federation_message"

    def get(self, viewer: Viewer, message_id: uuid.UUID) -> FederationMessage:
        row = self.conn.execute(select(messages).where(messages.c.id == message_id, addressed(viewer))).first()
        if row is None:
            raise raise_not_readable(f"Message {message_id}")
        return _message(row._mapping)

    def search(
        self,
        viewer: Viewer,
        *,
        addressee: uuid.UUID | None = None,
        federation_id: uuid.UUID | None = None,
        campaign_id: uuid.UUID | None = None,
        kinds: Sequence[MessageKind] = (),
        limit: int = 200,
    ) -> list[FederationMessage]:
        where = [addressed(viewer)]
        if addressee is not None:
            where.append(messages.c.addressee_tenant_id == addressee)
        if federation_id is not None:
            where.append(messages.c.federation_id == federation_id)
        if campaign_id is not None:
            where.append(messages.c.campaign_id == campaign_id)
        if kinds:
            where.append(messages.c.kind.in_([k.value for k in kinds]))
        rows = self.conn.execute(select(messages).where(*where).order_by(messages.c.created_at.desc()).limit(limit))
        return [_message(r._mapping) for r in rows]

    def reminder_counts(self, viewer: Viewer, campaign_id: uuid.UUID) -> dict[uuid.UUID, tuple[int, Any]]:
        """addressee -> (reminders, last sent) for one campaign, as far as the viewer may read them."""
        rows = self.conn.execute(
            select(messages.c.addressee_tenant_id, func.count(), func.max(messages.c.created_at))
            .where(messages.c.campaign_id == campaign_id, messages.c.kind == MessageKind.REMINDER.value,
                   addressed(viewer))
            .group_by(messages.c.addressee_tenant_id)
        )
        return {r[0]: (int(r[1]), r[2]) for r in rows}

    def create(self, viewer: Viewer, values: dict[str, Any]) -> uuid.UUID:
        values = {"id": uuid.uuid4(), "visibility": Visibility.PRIVATE.value, **values}
        self._insert(viewer, values, summary=f"{values['kind']} to {values['addressee_tenant_id']}")
        return uuid.UUID(str(values["id"]))
