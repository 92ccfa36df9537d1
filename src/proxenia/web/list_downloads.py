"""CSV downloads of what a list page shows: the engagement log, the practice library and the requests for
help, read with the same filters as the page (its address with ``.csv`` added), every row — read a page at a
time and streamed, up to ``MAX_ROWS``; the engagement log also as iCalendar (``.ics``), the practice library
also as GeoJSON (``.geojson``: each practice at its originator, what the library's map draws)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from proxenia.domain.paging import MAX_LIMIT, PageRequest
from proxenia.interop.calendar_export import engagements_calendar
from proxenia.interop.practice_map import practices_geojson
from proxenia.interop.tables import csv_chunks
from proxenia.services.container import Services
from proxenia.web.list_filters import EngagementQuery, PracticeQuery, request_statuses
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False)
#: A download stops here: beyond it, the API's paging or an export (`proxenia export`) serves.
MAX_ROWS = 100_000

T = TypeVar("T", covariant=True)


class Paged(Protocol[T]):
    @property
    def items(self) -> Sequence[T]: ...

    @property
    def total(self) -> int: ...


def every(fetch: Callable[[PageRequest], Paged[T]], rows: int = MAX_ROWS) -> Iterator[Sequence[T]]:
    """The list's items, page by page, until the last page or ``rows`` (at most ``MAX_ROWS``)."""
    offset, rows = 0, min(rows, MAX_ROWS)
    while offset < rows:
        page = fetch(PageRequest(limit=min(MAX_LIMIT, rows - offset), offset=offset))
        if not page.items:
            return
        yield page.items
        offset += len(page.items)
        if offset >= page.total:
            return


def _services(request: Request) -> Services:
    return request.app.state.services


def csv_download(name: str, header: list[str], batches: Iterable[Iterable[list[Any]]]) -> Response:
    return StreamingResponse(csv_chunks(header, batches), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/engagements.csv")
def engagements_csv(request: Request, query: EngagementQuery) -> Response:
    viewer = viewer_of(request)
    where = query.filter(viewer)
    service = _services(request).engagements
    header = ["id", "kind", "title", "start_date", "end_date", "department", "counterparts", "open_follow_ups",
              "origin", "sharing"]
    batches = every(lambda page: service.search(viewer, where, page))
    return csv_download("engagements", header, ([[e.id, e.kind.value, e.title, e.start_date, e.end_date,
                                          e.department_name or "", "; ".join(p.name or "" for p in e.counterparts),
                                          e.open_follow_ups, e.origin.value, e.visibility.tlp] for e in items]
                                        for items in batches))


@router.get("/engagements.ics")
def engagements_ics(request: Request, query: EngagementQuery) -> Response:
    """The same list as an iCalendar file, to subscribe to or import into a calendar."""
    viewer = viewer_of(request)
    where = query.filter(viewer)
    service = _services(request).engagements
    items = [e for batch in every(lambda page: service.search(viewer, where, page)) for e in batch]
    body = engagements_calendar(items, base_url=str(request.base_url), name="Engagements (Proxenia)")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="engagements.ics"'})


@router.get("/practices.csv")
def practices_csv(request: Request, query: PracticeQuery) -> Response:
    f = query.filter()
    viewer, search = viewer_of(request), _services(request).practice_search
    header = ["id", "title", "originator", "originator_country", "since", "policy_areas", "evidence_level",
              "adoptions", "status", "sharing"]
    batches = every(lambda page: search.search(viewer, f, page))
    return csv_download("practices", header, ([[p.id, p.title, p.originator.name if p.originator else "",
                                        (p.originator.country_code or "") if p.originator else "", p.start_date or "",
                                        "; ".join(p.policy_areas), p.evidence_level.value if p.evidence_level else "",
                                        p.adoption_count, p.status.value, p.visibility.tlp]
                                       for p in (h.practice for h in items)] for items in batches))


@router.get("/practices.geojson")
def practices_map(
    request: Request,
    query: PracticeQuery,
    limit: Annotated[int | None, Query(ge=1, le=MAX_ROWS, description="the first practices only")] = None,
) -> Response:
    """The practices the library lists (same filters, same order), each at its originator's place."""
    f = query.filter()
    viewer, search = viewer_of(request), _services(request).practice_search
    batches = every(lambda page: search.search(viewer, f, page), limit or MAX_ROWS)
    practices = ([h.practice for h in items] for items in batches)
    headers = {} if limit else {"Content-Disposition": 'attachment; filename="practices.geojson"'}
    body = practices_geojson(practices, lambda i: f"/practices/{i}")
    return StreamingResponse(body, media_type="application/geo+json", headers=headers)


@router.get("/requests-for-help.csv")
def requests_csv(
    request: Request, status: Annotated[str, Query(max_length=16)] = "", mine: bool = False
) -> Response:
    viewer, service, statuses = viewer_of(request), _services(request).help_requests, request_statuses(status)
    header = ["id", "title", "asker", "asker_country", "policy_area", "needed_by", "status", "responses", "sharing"]
    batches = every(lambda page: service.search(viewer, statuses=statuses, mine=mine, page=page))
    return csv_download("requests-for-help", header, ([[r.id, r.title, r.asker.name, r.asker.country_code or "",
                                                r.policy_area or "", r.needed_by or "", r.status.value,
                                                r.response_count, r.visibility.tlp] for r in items]
                                              for items in batches))
