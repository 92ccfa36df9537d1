"""/api/v1/briefings: the briefing book of an actor or a country, as JSON (the page prints it as a PDF)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, ViewerDep
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.domain.briefing import BriefingBook, classification

router = APIRouter(
    prefix="/api/v1/briefings", tags=["briefings"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES
)


def book_json(book: BriefingBook) -> dict[str, Any]:
    def actor(a: Any) -> dict[str, Any]:
        return {"id": str(a.id), "name": a.name, "kind": a.kind.value, "country_code": a.country_code}

    def tie(t: Any) -> dict[str, Any]:
        return {"tie_id": str(t.tie_id), "label": t.label, "with": actor(t.other), "status": t.status,
                "start_date": t.start_date, "age_years": t.age_years, "rationale": t.rationale,
                "tlp": t.visibility.tlp, "held_by": actor(t.origin) if t.origin else None}

    return {
        "subject": {"kind": book.subject_kind, "id": str(book.subject_id) if book.subject_id else None,
                    "country_code": book.country_code, "title": book.title, "subtitle": book.subtitle},
        "generated_on": book.generated_on.isoformat(),
        "generated_for": book.generated_for,
        "classification": classification(book).tlp,
        "facts": [{"label": k, "value": v} for k, v in book.facts],
        "notes": book.notes,
        "ties": [{"label": s.label, "ties": [tie(t) for t in s.ties]} for s in book.tie_sections],
        "timeline_total": book.timeline_total,
        "timeline": [{"id": str(e.id), "date": e.start_date.isoformat(), "title": e.title, "kind": e.kind.value,
                      "department": e.department_name, "with": [p.name for p in e.counterparts],
                      "tlp": e.visibility.tlp} for e in book.timeline],
        "people": [{"name": p.person_name, "post": p.role, "at": p.organization_name, "since": p.start_date,
                    "until": p.end_date} for p in book.people],
        "shared_networks": [{"network": actor(n.network), "members": n.members} for n in book.shared_networks],
        "pledges": [tie(t) for t in book.pledges],
        "practices_exchanged": None if book.practices is None else [p.__dict__ for p in book.practices],
        "open_follow_ups": [{"engagement_id": str(f.engagement_id), "engagement": f.engagement_title,
                             "action": f.action, "owner": f.owner,
                             "due_date": f.due_date.isoformat() if f.due_date else None, "overdue": f.overdue}
                            for f in book.follow_ups],
        "departments": [{"department": d.department, "engagements": d.engagements,
                         "last_date": d.last_date.isoformat(), "logged_by": list(d.people), "yours": d.is_mine}
                        for d in book.departments],
    }


@router.get("/actors/{actor_id}", summary="The briefing book of an actor")
def actor_briefing(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> dict[str, Any]:
    return book_json(services.briefings.for_actor(viewer, services.registry.actor_id_for(viewer, actor_id)))


@router.get("/countries/{country}", summary="The briefing book of a country (ISO code or name)")
def country_briefing(country: str, services: ServicesDep, viewer: ViewerDep) -> dict[str, Any]:
    return book_json(services.briefings.for_country(viewer, country[:60]))
