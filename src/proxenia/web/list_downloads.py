"""CSV downloads of what a list page shows: the engagement log, the practice library and the requests for
help, read with the same filters as the page (its address with ``.csv`` added), up to 500 rows; the engagement
log also as iCalendar (``.ics``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from proxenia.domain.paging import MAX_LIMIT, PageRequest
from proxenia.interop.calendar_export import engagements_calendar
from proxenia.interop.tables import csv_text
from proxenia.services.container import Services
from proxenia.web.list_filters import EngagementQuery, practice_filter, request_statuses
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False)
ALL = PageRequest(limit=MAX_LIMIT)


def _services(request: Request) -> Services:
    return request.app.state.services


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> Response:
    return Response(csv_text(header, rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/engagements.csv")
def engagements_csv(request: Request, query: EngagementQuery) -> Response:
    viewer = viewer_of(request)
    where = query.filter(viewer)
    result = _services(request).engagements.search(viewer, where, ALL)
    header = ["id", "kind", "title", "start_date", "end_date", "department", "counterparts", "open_follow_ups",
              "origin", "sharing"]
    rows = [[e.id, e.kind.value, e.title, e.start_date, e.end_date, e.department_name or "",
             "; ".join(p.name or "" for p in e.counterparts), e.open_follow_ups, e.origin.value, e.visibility.tlp]
            for e in result.items]
    return _csv("engagements", header, rows)


@router.get("/engagements.ics")
def engagements_ics(request: Request, query: EngagementQuery) -> Response:
    """The same list as an iCalendar file, to subscribe to or import into a calendar."""
    viewer = viewer_of(request)
    where = query.filter(viewer)
    result = _services(request).engagements.search(viewer, where, ALL)
    body = engagements_calendar(result.items, base_url=str(request.base_url), name="Engagements (Proxenia)")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="engagements.ics"'})


@router.get("/practices.csv")
def practices_csv(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    area: Annotated[str, Query(max_length=64)] = "",
    evidence: Annotated[str, Query(max_length=32)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    source: Annotated[str, Query(max_length=32)] = "",
    country: Annotated[str, Query(max_length=2)] = "",
) -> Response:
    f = practice_filter(q, area, evidence, status, source, country)
    result = _services(request).practice_search.search(viewer_of(request), f, ALL)
    header = ["id", "title", "originator", "originator_country", "since", "policy_areas", "evidence_level",
              "adoptions", "status", "sharing"]
    rows = [[p.id, p.title, p.originator.name if p.originator else "",
             (p.originator.country_code or "") if p.originator else "", p.start_date or "",
             "; ".join(p.policy_areas), p.evidence_level.value if p.evidence_level else "", p.adoption_count,
             p.status.value, p.visibility.tlp]
            for p in (h.practice for h in result.items)]
    return _csv("practices", header, rows)


@router.get("/requests-for-help.csv")
def requests_csv(
    request: Request, status: Annotated[str, Query(max_length=16)] = "", mine: bool = False
) -> Response:
    result = _services(request).help_requests.search(viewer_of(request), statuses=request_statuses(status),
                                                     mine=mine, page=ALL)
    header = ["id", "title", "asker", "asker_country", "policy_area", "needed_by", "status", "responses", "sharing"]
    rows = [[r.id, r.title, r.asker.name, r.asker.country_code or "", r.policy_area or "", r.needed_by or "",
             r.status.value, r.response_count, r.visibility.tlp] for r in result.items]
    return _csv("requests-for-help", header, rows)
