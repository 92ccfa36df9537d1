"""Pages of the engagement log: the list with its filters, one engagement, follow-ups ticked off, the
people type-ahead, and the spreadsheet import."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from proxenia.domain.engagements import EngagementKind, FollowUpStatus
from proxenia.domain.errors import InvalidInput, TooLarge, Unauthenticated
from proxenia.domain.paging import PageRequest
from proxenia.services.container import Services
from proxenia.services.uploads import read_upload
from proxenia.web.confirmation import confirm_first
from proxenia.web.forms import csrf_protect, redirect
from proxenia.web.list_filters import EngagementQuery
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
PAGE_SIZE = 25
IMPORT_FIELDS = ("kind", "title", "start_date", "end_date", "place", "department", "counterparts", "policy_areas",
                 "goals", "cost", "currency", "staff_days", "outcomes", "follow_up", "follow_up_owner",
                 "follow_up_due", "visibility")


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/engagements")
def engagements(
    request: Request, query: EngagementQuery, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    viewer = viewer_of(request)
    services = _services(request)
    where = query.filter(viewer)
    result = services.engagements.search(viewer, where, PageRequest(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    filters = query.params()
    return render(request, "engagements/list.html", nav="engagements", result=result, page=page, filters=filters,
                  kinds=list(EngagementKind), departments=services.engagements.departments(viewer),
                  breadcrumbs=[("Home", "/"), ("Engagements", None)])


@router.get("/engagements/people.json")
def people_typeahead(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    found = _services(request).edits.people(viewer_of(request), q, 12) if q.strip() else []
    return JSONResponse({"items": [{"id": str(p.id), "name": p.name, "country_code": "", "kind": "person"}
                                   for p in found]})


@router.get("/engagements/import")
def import_form(request: Request) -> Response:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to import engagements")
    return render(request, "engagements/import.html", nav="engagements", fields=IMPORT_FIELDS, mapping={},
                  report=None, error=None, problems=[],
                  breadcrumbs=[("Home", "/"), ("Engagements", "/engagements"), ("Import a spreadsheet", None)])


@router.post("/engagements/import")
async def import_file(request: Request, file: UploadFile, dry_run: Annotated[bool, Form()] = False) -> Response:
    viewer = viewer_of(request)
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to import engagements")
    form = await request.form()
    mapping = {f: str(form.get(f"map_{f}", "")).strip()[:200] for f in IMPORT_FIELDS if form.get(f"map_{f}")}
    crumbs = [("Home", "/"), ("Engagements", "/engagements"), ("Import a spreadsheet", None)]
    try:
        data = await read_upload(file, request.app.state.settings.max_upload_bytes)
        # off the event loop: a large file takes seconds, and every other request would wait for it
        report = await run_in_threadpool(_services(request).engagement_import.import_file, viewer,
                                         file.filename or "upload.csv", data, mapping, dry_run=dry_run)
    except (InvalidInput, TooLarge) as exc:
        return render(request, "engagements/import.html", status_code=exc.status, nav="engagements",
                      fields=IMPORT_FIELDS, mapping=mapping, report=None, error=exc.detail,
                      problems=getattr(exc, "problems", []), breadcrumbs=crumbs)
    if not dry_run:
        return redirect("/engagements", "imported")
    return render(request, "engagements/import.html", nav="engagements", fields=IMPORT_FIELDS, mapping=mapping,
                  report=report, error=None, problems=[], breadcrumbs=crumbs)


@router.get("/engagements/{engagement_id}")
def engagement(request: Request, engagement_id: uuid.UUID) -> Response:
    e = _services(request).engagements.get(viewer_of(request), engagement_id)
    return render(request, "engagements/detail.html", nav="engagements", e=e, today=dt.date.today(),
                  breadcrumbs=[("Home", "/"), ("Engagements", "/engagements"), (e.title, None)])


@router.post("/engagements/{engagement_id}/follow-ups/{follow_up_id}")
def follow_up(request: Request, engagement_id: uuid.UUID, follow_up_id: uuid.UUID,
              status: Annotated[FollowUpStatus, Form()]) -> Response:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to change follow-ups")
    _services(request).engagements.set_follow_up(viewer_of(request), engagement_id, follow_up_id, status)
    return redirect(f"/engagements/{engagement_id}#follow-ups", "saved")


@router.post("/engagements/{engagement_id}/delete",
             dependencies=[confirm_first("Delete this engagement? Its follow-ups go with it.")])
def delete(request: Request, engagement_id: uuid.UUID, version: Annotated[int, Form()]) -> Response:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to delete engagements")
    _services(request).engagements.delete(viewer_of(request), engagement_id, version)
    return redirect("/engagements", "deleted")

