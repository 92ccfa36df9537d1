"""/api/v1/engagements: log, search, read, replace and delete engagements; follow-ups; spreadsheet imports."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from proxenia.api.deps import API_DEPENDENCIES, PageDep, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.engagement_schemas import (
    EngagementCreate,
    EngagementImportPublic,
    EngagementPublic,
    EngagementSummaryPublic,
    FollowUpUpdate,
    IsoDate,
    iso_date,
)
from proxenia.api.problems import PROBLEM_RESPONSES, UPLOAD_RESPONSES
from proxenia.api.schemas import Created, PagePublic
from proxenia.domain.engagements import EngagementFilter, EngagementKind
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.services.uploads import read_upload

router = APIRouter(prefix="/api/v1", tags=["engagements"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@router.get("/engagements", response_model=PagePublic[EngagementSummaryPublic], summary="Search engagements")
def search_engagements(
    services: ServicesDep,
    viewer: ViewerDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="words in the title")] = None,
    kind: EngagementKind | None = None,
    department_id: uuid.UUID | None = None,
    actor_id: Annotated[list[uuid.UUID] | None, Query(description="with any of these actors")] = None,
    country: Annotated[str | None, Query(max_length=60, description="with actors of this country")] = None,
    date_from: IsoDate = None,
    date_to: IsoDate = None,
    mine: Annotated[bool, Query(description="only your organisation's")] = False,
    open_follow_ups: bool = False,
) -> Any:
    where = EngagementFilter(
        tenant_id=viewer.tenant_id if mine else None, department_id=department_id, kind=kind,
        actor_ids=tuple(actor_id or ()), country_code=country,
        date_from=iso_date(date_from, "date_from"), date_to=iso_date(date_to, "date_to"), text=q,
        open_follow_ups=open_follow_ups,
    )
    result = services.engagements.search(viewer, where, page)
    return PagePublic[EngagementSummaryPublic](
        items=[EngagementSummaryPublic.of(s) for s in result.items], total=result.total, limit=result.limit,
        offset=result.offset,
    )


@router.post("/engagements", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Log an engagement")
def log_engagement(body: EngagementCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.engagements.log(viewer, body.draft())
    response.headers["Location"] = f"/api/v1/engagements/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/engagements/{engagement_id}", response_model=EngagementPublic, summary="Read an engagement")
def get_engagement(
    engagement_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response
) -> EngagementPublic:
    found = services.engagements.get(viewer, engagement_id)
    response.headers["ETag"] = etag(found.version)
    return EngagementPublic.of(found, _today())


@router.put("/engagements/{engagement_id}", response_model=Created, summary="Replace an engagement (send If-Match)")
def replace_engagement(
    engagement_id: uuid.UUID, body: EngagementCreate, version: VersionDep, services: ServicesDep, viewer: ViewerDep,
    response: Response,
) -> Created:
    new_version = services.engagements.update(viewer, engagement_id, version.version(), body.draft())
    response.headers["ETag"] = etag(new_version)
    return Created(id=engagement_id, version=new_version)


@router.delete("/engagements/{engagement_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete an engagement (send If-Match)")
def delete_engagement(
    engagement_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep
) -> Response:
    services.engagements.delete(viewer, engagement_id, version.version())
    return Response(status_code=204)


@router.patch("/engagements/{engagement_id}/follow-ups/{follow_up_id}", status_code=status.HTTP_204_NO_CONTENT,
              summary="Mark a follow-up done, cancelled or open again")
def update_follow_up(
    engagement_id: uuid.UUID, follow_up_id: uuid.UUID, body: FollowUpUpdate, services: ServicesDep, viewer: ViewerDep
) -> Response:
    services.engagements.set_follow_up(viewer, engagement_id, follow_up_id, body.status)
    return Response(status_code=204)


@router.post("/engagement-imports", response_model=EngagementImportPublic, responses=UPLOAD_RESPONSES,
             summary="Import an engagement spreadsheet (CSV or XLSX): all rows or none")
async def import_engagements(
    request: Request,
    file: UploadFile,
    services: ServicesDep,
    viewer: ViewerDep,
    mapping: Annotated[str, Form(max_length=5000, description='JSON: {"title": "Subject", "start_date": "Date"}')] = "",
    dry_run: Annotated[bool, Form()] = False,
) -> EngagementImportPublic:
    try:
        columns = json.loads(mapping) if mapping.strip() else {}
    except json.JSONDecodeError as exc:
        raise InvalidInput(Problem(f"mapping is not JSON: {exc.msg}", column="mapping")) from None
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise InvalidInput(Problem('mapping maps fields to column names: {"title": "Subject"}', column="mapping"))
    data = await read_upload(file, request.app.state.settings.max_upload_bytes)
    report = await run_in_threadpool(  # off the event loop: other requests go on while a large file is read
        services.engagement_import.import_file, viewer, file.filename or "upload.csv", data, columns, dry_run=dry_run
    )
    return EngagementImportPublic(**report.as_dict())
