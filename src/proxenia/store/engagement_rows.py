"""Engagement rows and records: the row of an engagement and of each of its parts from a draft, and an
``Engagement`` from its row and its parts (read by ``store.engagements``)."""

from __future__ import annotations

import uuid
from typing import Any

from proxenia.domain.engagements import (
    Engagement,
    EngagementDraft,
    EngagementKind,
    EngagementOrigin,
    FollowUp,
    FollowUpStatus,
    Money,
    Occurrence,
)
from proxenia.domain.kinds import Visibility


def engagement_row(draft: EngagementDraft, *, tenant_id: uuid.UUID, recorded_by: str | None) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "kind": draft.kind.value,
        "title": draft.title.strip(),
        "start_date": draft.start_date,
        "end_date": draft.end_date or draft.start_date,
        "place": draft.place,
        "department_id": draft.department_id,
        "policy_areas": list(draft.policy_areas),
        "cost_minor": draft.cost.minor if draft.cost else None,
        "cost_currency": draft.cost.currency if draft.cost else None,
        "staff_days": draft.staff_days,
        "outcomes": draft.outcomes,
        "description": draft.description,
        "links": list(draft.links),
        "origin": draft.origin.value,
        "recorded_by": recorded_by,
    }


def part_rows(
    engagement_id: uuid.UUID, draft: EngagementDraft, tenant_id: uuid.UUID
) -> dict[str, list[dict[str, Any]]]:
    """The rows of every part table for one engagement (participants carry the engagement's tenant)."""
    return {
        "engagement_participants": [
            {
                "engagement_id": engagement_id,
                "position": i,
                "actor_id": p.actor_id,
                "person_id": p.person_id,
                "role": p.role or ("counterpart" if p.actor_id else "participant"),
                "tenant_id": tenant_id,
            }
            for i, p in enumerate(draft.participants)
        ],
        "engagement_departments": [
            {"engagement_id": engagement_id, "department_id": d}
            for d in dict.fromkeys(draft.joint_department_ids)
            if d != draft.department_id
        ],
        "engagement_goals": [
            {"engagement_id": engagement_id, "goal_id": g.goal_id, "weight": g.weight} for g in draft.goals
        ],
        "engagement_relations": [
            {"engagement_id": engagement_id, "related_id": r} for r in dict.fromkeys(draft.related_ids)
        ],
        "follow_ups": [
            {
                "id": f.id or uuid.uuid4(),
                "engagement_id": engagement_id,
                "position": i,
                "action": f.action.strip(),
                "owner": f.owner,
                "due_date": f.due_date,
                "status": f.status.value,
            }
            for i, f in enumerate(draft.follow_ups)
        ],
        "engagement_occurrences": [
            {
                "engagement_id": engagement_id,
                "position": i,
                "start_date": o.start_date,
                "end_date": o.end_date,
                "place": o.place,
                "note": o.note,
            }
            for i, o in enumerate(draft.occurrences)
        ],
    }


def engagement_from_row(
    m: Any, parts: dict[str, dict[uuid.UUID, list[Any]]], department_names: dict[uuid.UUID, str]
) -> Engagement:
    eid = m["id"]
    cost = Money.from_minor(m["cost_minor"], m["cost_currency"]) if m["cost_minor"] is not None else None
    return Engagement(
        id=eid,
        kind=EngagementKind(m["kind"]),
        title=m["title"],
        start_date=m["start_date"],
        end_date=m["end_date"],
        place=m["place"],
        department_id=m["department_id"],
        department_name=department_names.get(m["department_id"]),
        joint_department_ids=tuple(r.department_id for r in parts["engagement_departments"][eid]),
        participants=tuple(parts["engagement_participants"][eid]),
        policy_areas=tuple(m["policy_areas"] or ()),
        goals=tuple(parts["engagement_goals"][eid]),
        cost=cost,
        staff_days=m["staff_days"],
        outcomes=m["outcomes"],
        description=m["description"],
        follow_ups=tuple(
            FollowUp(id=r.id, action=r.action, owner=r.owner, due_date=r.due_date, status=FollowUpStatus(r.status))
            for r in parts["follow_ups"][eid]
        ),
        links=tuple(m["links"] or ()),
        occurrences=tuple(
            Occurrence(start_date=r.start_date, end_date=r.end_date, place=r.place, note=r.note)
            for r in parts["engagement_occurrences"][eid]
        ),
        related_ids=tuple(parts["engagement_relations"][eid]),
        origin=EngagementOrigin(m["origin"]),
        recorded_by=m["recorded_by"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )
