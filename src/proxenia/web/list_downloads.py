"""CSV downloads of what a list page shows: the engagement log, the practice library and the requests for
help, read with the same filters as the page (its address with ``.csv`` added), every row up to the
``download_max_rows`` setting — the list's order read in one query, its rows filled in and streamed a batch at a
time (:mod:`proxenia.services.downloads`); the engagement log also as iCalendar (``.ics``), the practice library
also as GeoJSON (``.geojson``: each practice at its originator, what the library's map draws). A download cut
at the limit says so in its ``Proxenia-Truncated`` header (the number of rows it holds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from proxenia.interop.calendar_export import engagements_calendar
from proxenia.interop.practice_map import practices_geojson
from proxenia.interop.tables import csv_chunks
from proxenia.services.container import Services
from proxenia.services.downloads import ListDownload
from proxenia.services.practices.views import PracticeHit
from proxenia.web.list_filters import EngagementQuery, PracticeQuery, request_statuses
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False)
#: The response header of a download cut at the limit; its value is the number of rows the download holds.
TRUNCATED_HEADER = "Proxenia-Truncated"

T = TypeVar("T")


def max_rows(request: Request) -> int:
    """The most rows a download holds (the ``download_max_rows`` setting)."""
    return int(request.app.state.settings.download_max_rows)


def download_headers(download: ListDownload[Any, Any], filename: str | None) -> dict[str, str]:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    if download.truncated:
        headers[TRUNCATED_HEADER] = str(download.limit)
    return headers


def _services(request: Request) -> Services:
    return request.app.state.services


def csv_download(
    name: str, header: list[str], download: ListDownload[Any, T], row: Callable[[T], list[Any]]
) -> Response:
    """The download's rows as CSV (``row`` gives the cells of one), streamed a batch at a time."""
    chunks = csv_chunks(header, ([row(item) for item in batch] for batch in download.batches()))
    return StreamingResponse(chunks, media_type="text/csv; charset=utf-8",
                             headers=download_headers(download, f"{name}.csv"))


@router.get("/engagements.csv")
def engagements_csv(request: Request, query: EngagementQuery) -> Response:
    viewer = viewer_of(request)
    download = _services(request).engagements.download(viewer, query.filter(viewer), limit=max_rows(request))
    header = ["id", "kind", "title", "start_date", "end_date", "department", "counterparts", "open_follow_ups",
              "origin", "sharing"]
    return csv_download("engagements", header, download, lambda e: [
        e.id, e.kind.value, e.title, e.start_date, e.end_date, e.department_name or "",
        "; ".join(p.name or "" for p in e.counterparts), e.open_follow_ups, e.origin.value, e.visibility.tlp])


@router.get("/engagements.ics")
def engagements_ics(request: Request, query: EngagementQuery) -> Response:
    """The same list as an iCalendar file, to subscribe to or import into a calendar."""
    viewer = viewer_of(request)
    download = _services(request).engagements.download(viewer, query.filter(viewer), limit=max_rows(request))
    body = engagements_calendar(download.rows(), base_url=str(request.base_url), name="Engagements (Proxenia)")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers=download_headers(download, "engagements.ics"))


@router.get("/practices.csv")
def practices_csv(request: Request, query: PracticeQuery) -> Response:
    search = _services(request).practice_search
    download = search.download(viewer_of(request), query.filter(), limit=max_rows(request))
    header = ["id", "title", "originator", "originator_country", "since", "policy_areas", "evidence_level",
              "adoptions", "status", "sharing"]
    return csv_download("practices", header, download, _practice_cells)


def _practice_cells(hit: PracticeHit) -> list[Any]:
    p = hit.practice
    return [p.id, p.title, p.originator.name if p.originator else "",
            (p.originator.country_code or "") if p.originator else "", p.start_date or "",
            "; ".join(p.policy_areas), p.evidence_level.value if p.evidence_level else "", p.adoption_count,
            p.status.value, p.visibility.tlp]


@router.get("/practices.geojson")
def practices_map(
    request: Request,
    query: PracticeQuery,
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="the first practices only")] = None,
) -> Response:
    """The practices the library lists (same filters, same order), each at its originator's place."""
    search = _services(request).practice_search
    download = search.download(viewer_of(request), query.filter(), limit=min(limit or max_rows(request),
                                                                              max_rows(request)))
    practices = ([hit.practice for hit in batch] for batch in download.batches())
    body = practices_geojson(practices, lambda i: f"/practices/{i}")
    headers = download_headers(download, None if limit else "practices.geojson")
    return StreamingResponse(body, media_type="application/geo+json", headers=headers)


@router.get("/requests-for-help.csv")
def requests_csv(
    request: Request, status: Annotated[str, Query(max_length=16)] = "", mine: bool = False
) -> Response:
    service = _services(request).help_requests
    download = service.download(viewer_of(request), statuses=request_statuses(status), mine=mine,
                                limit=max_rows(request))
    header = ["id", "title", "asker", "asker_country", "policy_area", "needed_by", "status", "responses", "sharing"]
    return csv_download("requests-for-help", header, download, lambda r: [
        r.id, r.title, r.asker.name, r.asker.country_code or "", r.policy_area or "", r.needed_by or "",
        r.status.value, r.response_count, r.visibility.tlp])
