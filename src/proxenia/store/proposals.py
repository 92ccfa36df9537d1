"""Incoming requests (proposals), the tenant's screening rules and partner-risk list entries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select

from proxenia.domain.engagements import Money
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import (
    Attendee,
    IntakeRule,
    Proposal,
    ProposalDraft,
    ProposalKind,
    ProposalStatus,
    RiskEntry,
    RuleKind,
    RuleVerdict,
    Screening,
    Verdict,
)
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import ChangeLog, RecordRepository
from proxenia.store.tables import actors, intake_rules, proposals, risk_entries


def screening_json(screening: Screening) -> dict[str, Any]:
    return {
        "screened_on": screening.screened_on.isoformat(),
        "verdicts": [
            {"rule": v.rule.value, "verdict": v.verdict.value, "explanation": v.explanation, "records": list(v.records)}
            for v in screening.verdicts
        ],
    }


def _screening(data: dict[str, Any] | None) -> Screening | None:
    if not data:
        return None
    return Screening(
        verdicts=tuple(
            RuleVerdict(RuleKind(v["rule"]), Verdict(v["verdict"]), v["explanation"], tuple(v.get("records", ())))
            for v in data.get("verdicts", ())
        ),
        screened_on=dt.date.fromisoformat(data["screened_on"]),
    )


def proposal_from_row(m: Any) -> Proposal:
    cost = Money.from_minor(m["cost_minor"], m["cost_currency"]) if m["cost_minor"] is not None else None
    return Proposal(
        id=m["id"],
        kind=ProposalKind(m["kind"]),
        requester_actor_id=m["requester_actor_id"],
        requester_name=m["requester_name"],
        contact=m["contact"],
        purpose=m["purpose"],
        topics=tuple(m["topics"] or ()),
        received_on=m["received_on"],
        proposed_start=m["proposed_start"],
        proposed_end=m["proposed_end"],
        attendees=tuple(Attendee(**a) for a in m["attendees"] or ()),
        cost_to_us=cost,
        requester_industries=tuple(m["requester_industries"] or ()),
        status=ProposalStatus(m["status"]),
        screening=_screening(m["screening"]),
        decision_reason=m["decision_reason"],
        decided_on=m["decided_on"],
        decided_by=m["decided_by"],
        engagement_id=m["engagement_id"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def proposal_row(draft: ProposalDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "kind": draft.kind.value,
        "requester_actor_id": draft.requester_actor_id,
        "requester_name": draft.requester_name.strip(),
        "contact": draft.contact,
        "purpose": draft.purpose.strip(),
        "topics": list(draft.topics),
        "received_on": draft.received_on,
        "proposed_start": draft.proposed_start,
        "proposed_end": draft.proposed_end,
        "attendees": [a.__dict__ for a in draft.attendees],
        "cost_minor": draft.cost_to_us.minor if draft.cost_to_us else None,
        "cost_currency": draft.cost_to_us.currency if draft.cost_to_us else None,
        "requester_industries": list(draft.requester_industries),
        "status": ProposalStatus.RECEIVED.value,
    }


class ProposalRepository(RecordRepository):
    table = proposals
    kind = "proposal"

    def get(self, viewer: Viewer, proposal_id: uuid.UUID) -> Proposal:
        return proposal_from_row(self._row(viewer, proposal_id)._mapping)

    def search(
        self,
        viewer: Viewer,
        *,
        tenant_id: uuid.UUID | None = None,
        status: ProposalStatus | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Proposal], int]:
        where: list[Any] = [readable(proposals, viewer)]
        if tenant_id is not None:
            where.append(proposals.c.tenant_id == tenant_id)
        if status is not None:
            where.append(proposals.c.status == status.value)
        total = self.conn.scalar(select(func.count()).select_from(proposals).where(*where)) or 0
        rows = self.conn.execute(
            select(proposals)
            .where(*where)
            .order_by(proposals.c.received_on.desc(), proposals.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [proposal_from_row(r._mapping) for r in rows], total

    def earlier_from(
        self,
        viewer: Viewer,
        *,
        tenant_id: uuid.UUID,
        requester_actor_id: uuid.UUID | None,
        requester_name: str,
        before: uuid.UUID | None,
    ) -> list[Proposal]:
        """The tenant's earlier requests from the same requester (same actor, or same name when unlinked)."""
        same = (
            proposals.c.requester_actor_id == requester_actor_id
            if requester_actor_id is not None
            else func.lower(proposals.c.requester_name) == requester_name.strip().lower()
        )
        where = [readable(proposals, viewer), proposals.c.tenant_id == tenant_id, same]
        if before is not None:
            where.append(proposals.c.id != before)
        rows = self.conn.execute(select(proposals).where(*where).order_by(proposals.c.received_on))
        return [proposal_from_row(r._mapping) for r in rows]

    def create(self, viewer: Viewer, draft: ProposalDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = proposal_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row, summary=draft.requester_name)
        return uuid.UUID(str(row["id"]))

    def update(
        self, viewer: Viewer, proposal_id: uuid.UUID, version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        return self._update(viewer, proposal_id, version, fields)

    def delete(self, viewer: Viewer, proposal_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, proposal_id, version)


class IntakeRuleRepository:
    """A tenant's screening rules: configuration read and changed only by the tenant itself."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def for_tenant(self, tenant_id: uuid.UUID) -> list[IntakeRule]:
        rows = self.conn.execute(
            select(intake_rules).where(intake_rules.c.tenant_id == tenant_id).order_by(intake_rules.c.position)
        )
        return [IntakeRule(RuleKind(r.kind), dict(r.params or {}), r.enabled, r.note) for r in rows]

    def replace(self, viewer: Viewer, tenant_id: uuid.UUID, rules: Sequence[IntakeRule]) -> None:
        before = [r.__dict__ for r in self.for_tenant(tenant_id)]
        self.conn.execute(delete(intake_rules).where(intake_rules.c.tenant_id == tenant_id))
        if rules:
            self.conn.execute(
                insert(intake_rules),
                [
                    {
                        "tenant_id": tenant_id,
                        "kind": r.kind.value,
                        "position": i,
                        "params": dict(r.params),
                        "enabled": r.enabled,
                        "note": r.note,
                    }
                    for i, r in enumerate(rules)
                ],
            )
        ChangeLog(self.conn).record(
            viewer,
            kind="intake_rules",
            record_id=None,
            action="update",
            tenant_id=tenant_id,
            before={"rules": before},
            after={"rules": [r.__dict__ for r in rules]},
        )


def _risk(m: Any) -> RiskEntry:
    return RiskEntry(
        id=m["id"],
        actor_id=m["actor_id"],
        country_code=m["country_code"],
        reason=m["reason"],
        source_ref=m["source_ref"],
        listed_on=m["listed_on"],
        actor_name=m.get("actor_name"),
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
    )


class RiskEntryRepository(RecordRepository):
    """Partner-risk list entries published by national offices, seen by those they are shared with."""

    table = risk_entries
    kind = "risk"

    def get(self, viewer: Viewer, entry_id: uuid.UUID) -> RiskEntry:
        self._row(viewer, entry_id)  # absent and unreadable entries give the same not-found answer
        return self.search(viewer, ids=[entry_id])[0]

    def search(
        self,
        viewer: Viewer,
        *,
        actor_id: uuid.UUID | None = None,
        country_code: str | None = None,
        ids: Sequence[uuid.UUID] = (),
    ) -> list[RiskEntry]:
        where: list[Any] = [readable(risk_entries, viewer)]
        if actor_id is not None or country_code is not None:
            where.append(or_(risk_entries.c.actor_id == actor_id, risk_entries.c.country_code == country_code))
        if ids:
            where.append(risk_entries.c.id.in_(list(ids)))
        rows = self.conn.execute(
            select(risk_entries, actors.c.name.label("actor_name"))
            .select_from(risk_entries.outerjoin(actors, (actors.c.id == risk_entries.c.actor_id)
                                                & readable(actors, viewer)))
            .where(*where)
            .order_by(risk_entries.c.created_at, risk_entries.c.id)
        )
        return [_risk(r._mapping) for r in rows]

    def create(
        self,
        viewer: Viewer,
        *,
        tenant_id: uuid.UUID,
        reason: str,
        actor_id: uuid.UUID | None,
        country_code: str | None,
        source_ref: str | None,
        listed_on: dt.date | None,
        visibility: Visibility,
    ) -> uuid.UUID:
        row = {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "visibility": visibility.value,
            "actor_id": actor_id,
            "country_code": country_code,
            "reason": reason.strip(),
            "source_ref": source_ref,
            "listed_on": listed_on,
        }
        self._insert(viewer, row)
        return uuid.UUID(str(row["id"]))

    def delete(self, viewer: Viewer, entry_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, entry_id, version)
