"""Reporting campaigns and the members' responses, read through the permission filter.

A campaign (owned by the office) carries its questions and its recipients as parts, read through the
campaign's filter. A response is the member's own record: a draft stays where the member keeps it; a
submitted response is shared with the federation at least, so the office reads exactly that.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, union_all

from proxenia.domain.campaigns import (
    Campaign,
    CampaignDraft,
    CampaignResponse,
    CampaignStatus,
    Question,
    QuestionKind,
    RecordItem,
    ResponseStatus,
)
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import check_can_write, readable
from proxenia.store.columns import utcnow
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import (
    actors,
    campaign_questions,
    campaign_recipients,
    campaign_responses,
    campaigns,
    tenants,
    ties,
)


def question_rows(campaign_id: uuid.UUID, questions: Sequence[Question]) -> list[dict[str, Any]]:
    return [
        {
            "campaign_id": campaign_id,
            "position": i,
            "key": q.key,
            "kind": q.kind.value,
            "label": q.label,
            "help": q.help,
            "required": q.required,
            "min_value": q.min_value,
            "max_value": q.max_value,
            "choices": list(q.choices),
            "source": q.source,
        }
        for i, q in enumerate(questions)
    ]


def _question(m: Any) -> Question:
    return Question(
        key=m["key"],
        kind=QuestionKind(m["kind"]),
        label=m["label"],
        help=m["help"],
        required=bool(m["required"]),
        min_value=m["min_value"],
        max_value=m["max_value"],
        choices=tuple(m["choices"] or ()),
        source=m["source"],
    )


def _campaign(m: Any, questions: Sequence[Question]) -> Campaign:
    return Campaign(
        id=m["id"],
        federation_id=m["federation_id"],
        title=m["title"],
        description=m["description"],
        topic=m["topic"],
        deadline=m["deadline"],
        status=CampaignStatus(m["status"]),
        questions=tuple(questions),
        opened_at=m["opened_at"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class CampaignRepository(RecordRepository):
    table = campaigns
    kind = "campaign"

    def get(self, viewer: Viewer, campaign_id: uuid.UUID) -> Campaign:
        row = self._row(viewer, campaign_id)._mapping
        return _campaign(row, self._questions([campaign_id]).get(campaign_id, []))

    def search(
        self,
        viewer: Viewer,
        *,
        federation_id: uuid.UUID | None = None,
        recipient: uuid.UUID | None = None,
        statuses: Sequence[CampaignStatus] = (),
    ) -> list[Campaign]:
        where = [readable(campaigns, viewer)]
        if federation_id is not None:
            where.append(campaigns.c.federation_id == federation_id)
        if recipient is not None:
            where.append(
                campaigns.c.id.in_(
                    select(campaign_recipients.c.campaign_id).where(campaign_recipients.c.tenant_id == recipient)
                )
            )
        if statuses:
            where.append(campaigns.c.status.in_([s.value for s in statuses]))
        rows = self.conn.execute(select(campaigns).where(*where).order_by(campaigns.c.created_at.desc())).all()
        questions = self._questions([r.id for r in rows])
        return [_campaign(r._mapping, questions.get(r.id, [])) for r in rows]

    def _questions(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Question]]:
        out: dict[uuid.UUID, list[Question]] = {}
        for batch in chunks(set(ids), 900):
            rows = self.conn.execute(
                select(campaign_questions)
                .where(campaign_questions.c.campaign_id.in_(batch))
                .order_by(campaign_questions.c.campaign_id, campaign_questions.c.position)
            )
            for r in rows:
                out.setdefault(r.campaign_id, []).append(_question(r._mapping))
        return out

    def create(self, viewer: Viewer, draft: CampaignDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        campaign_id = draft.id or uuid.uuid4()
        self._insert(
            viewer,
            {
                "id": campaign_id,
                "tenant_id": tenant_id,
                "visibility": draft.visibility.value,
                "federation_id": draft.federation_id,
                "title": draft.title,
                "description": draft.description,
                "topic": draft.topic,
                "deadline": draft.deadline,
                "status": CampaignStatus.DRAFT.value,
            },
            summary=f"{len(draft.questions)} questions",
        )
        if draft.questions:
            self.conn.execute(insert(campaign_questions), question_rows(campaign_id, draft.questions))
        return campaign_id

    def update(
        self,
        viewer: Viewer,
        campaign_id: uuid.UUID,
        version: int | None,
        fields: dict[str, Any],
        questions: Sequence[Question] | None = None,
    ) -> dict[str, Any]:
        if questions is not None:
            before = self.get(viewer, campaign_id)
            if list(before.questions) != list(questions):
                fields = {**fields, "updated_at": utcnow()}  # a change of questions is a change of the campaign
        after = self._update(viewer, campaign_id, version, fields)
        if questions is not None:
            self.conn.execute(delete(campaign_questions).where(campaign_questions.c.campaign_id == campaign_id))
            if questions:
                self.conn.execute(insert(campaign_questions), question_rows(campaign_id, questions))
            self.log.record(viewer, kind=self.kind, record_id=campaign_id, action="update",
                            tenant_id=after["tenant_id"], summary="questions set",
                            after={"questions": [q.key for q in questions]})
        return after

    def delete(self, viewer: Viewer, campaign_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, campaign_id, version)

    # -- recipients (parts of the campaign) ----------------------------------------------------------
    def add_recipients(self, viewer: Viewer, campaign: Campaign, tenant_ids: Iterable[uuid.UUID]) -> int:
        check_can_write(viewer, campaign.tenant_id, "this campaign")
        present = set(self.recipient_ids(viewer, campaign.id))
        now = utcnow()
        rows = [{"campaign_id": campaign.id, "tenant_id": t, "sent_at": now} for t in set(tenant_ids) - present]
        if rows:
            self.conn.execute(insert(campaign_recipients), rows)
            self.log.record(viewer, kind=self.kind, record_id=campaign.id, action="update",
                            tenant_id=campaign.tenant_id, summary=f"sent to {len(rows)} members",
                            after={"recipients": [r["tenant_id"] for r in rows]})
        return len(rows)

    def recipient_ids(self, viewer: Viewer, campaign_id: uuid.UUID) -> list[uuid.UUID]:
        return [r[0] for r in self.recipients(viewer, campaign_id)]

    def recipients(self, viewer: Viewer, campaign_id: uuid.UUID) -> list[tuple[uuid.UUID, str, Any]]:
        """(tenant, name, sent at) of the campaign's recipients, when the campaign is readable."""
        rows = self.conn.execute(
            select(campaign_recipients.c.tenant_id, tenants.c.name, campaign_recipients.c.sent_at)
            .join(tenants, tenants.c.id == campaign_recipients.c.tenant_id)
            .join(campaigns, campaigns.c.id == campaign_recipients.c.campaign_id)
            .where(campaign_recipients.c.campaign_id == campaign_id, readable(campaigns, viewer))
            .order_by(tenants.c.name)
        )
        return [(r[0], r[1], r[2]) for r in rows]


def _response(m: Any) -> CampaignResponse:
    return CampaignResponse(
        id=m["id"],
        campaign_id=m["campaign_id"],
        status=ResponseStatus(m["status"]),
        answers=dict(m["answers"] or {}),
        submitted_at=m["submitted_at"],
        submitted_by=m["submitted_by"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


class ResponseRepository(RecordRepository):
    table = campaign_responses
    kind = "campaign_response"

    def get(self, viewer: Viewer, response_id: uuid.UUID) -> CampaignResponse:
        return _response(self._row(viewer, response_id)._mapping)

    def of_member(self, viewer: Viewer, campaign_id: uuid.UUID, tenant_id: uuid.UUID) -> CampaignResponse | None:
        row = self.conn.execute(
            select(campaign_responses).where(
                campaign_responses.c.campaign_id == campaign_id,
                campaign_responses.c.tenant_id == tenant_id,
                readable(campaign_responses, viewer),
            )
        ).first()
        return _response(row._mapping) if row else None

    def for_campaign(
        self, viewer: Viewer, campaign_id: uuid.UUID, *, submitted_only: bool = True
    ) -> list[CampaignResponse]:
        """The responses of a campaign that the viewer may read (the office: those shared with it)."""
        where = [campaign_responses.c.campaign_id == campaign_id, readable(campaign_responses, viewer)]
        if submitted_only:
            where.append(campaign_responses.c.status == ResponseStatus.SUBMITTED.value)
        rows = self.conn.execute(select(campaign_responses).where(*where))
        return [_response(r._mapping) for r in rows]

    def submitted_counts(self, viewer: Viewer, campaign_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        out: dict[uuid.UUID, int] = {}
        for batch in chunks(set(campaign_ids), 900):
            rows = self.conn.execute(
                select(campaign_responses.c.campaign_id, func.count())
                .where(
                    campaign_responses.c.campaign_id.in_(batch),
                    campaign_responses.c.status == ResponseStatus.SUBMITTED.value,
                    readable(campaign_responses, viewer),
                )
                .group_by(campaign_responses.c.campaign_id)
            )
            out.update((r[0], int(r[1])) for r in rows)
        return out

    def create(self, viewer: Viewer, values: dict[str, Any]) -> uuid.UUID:
        self._insert(viewer, values)
        return uuid.UUID(str(values["id"]))

    def update(self, viewer: Viewer, response_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        return int(self._update(viewer, response_id, version, fields)["version"])


class MemberRecordReader:
    """A member's registry records as campaign items: its readable ties of given types, other end readable,
    for many members at once (one query per batch, whichever direction the tie runs)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def items(
        self, viewer: Viewer, actor_ids: Iterable[uuid.UUID], type_codes: Sequence[str]
    ) -> list[tuple[uuid.UUID, str, RecordItem]]:
        """(member actor, tie type, item) for every readable tie of these types touching these actors."""
        other = actors.alias("item_other")
        out: list[tuple[uuid.UUID, str, RecordItem]] = []
        for batch in chunks(set(actor_ids), 900):
            sides = []
            for mine, theirs, outgoing in ((ties.c.source_id, ties.c.target_id, True),
                                           (ties.c.target_id, ties.c.source_id, False)):
                where = [mine.in_(batch), ties.c.type_code.in_(list(type_codes)), readable(ties, viewer),
                         readable(other, viewer)]
                if not outgoing:
                    where.append(ties.c.type_code != "pledge")  # a pledge counts for the one who pledged
                sides.append(
                    select(mine.label("mine"), ties.c.type_code, ties.c.id, ties.c.start_date, other.c.id.label("oid"),
                           other.c.name, other.c.country_code, literal(outgoing).label("outgoing"))
                    .join(other, other.c.id == theirs)
                    .where(*where)
                )
            for r in self.conn.execute(union_all(*sides)):
                out.append((r.mine, r.type_code, RecordItem(name=r.name, actor_id=r.oid, country_code=r.country_code,
                                                            since=r.start_date, tie_id=r.id)))
        return out
