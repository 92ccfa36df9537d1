"""/api/v1/requests-for-help: ask, list, read, change (open → answered → closed), respond, and see the
practices and peers proposed, each with its explanation."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from proxenia.api.adoption_schemas import HelpRequestCreate, HelpRequestPublic, HelpRequestUpdate, ResponseCreate
from proxenia.api.deps import API_DEPENDENCIES, PageDep, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.practice_schemas import RecommendationsPublic
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created, PagePublic
from proxenia.domain.help_requests import HelpRequestDraft, HelpResponseDraft, RequestStatus

router = APIRouter(
    prefix="/api/v1/requests-for-help",
    tags=["requests for help"],
    responses=PROBLEM_RESPONSES,
    dependencies=API_DEPENDENCIES,
)


@router.get("", response_model=PagePublic[HelpRequestPublic], summary="Requests for help")
def list_requests(
    services: ServicesDep,
    viewer: ViewerDep,
    page: PageDep,
    status_: Annotated[list[RequestStatus] | None, Query(alias="status")] = None,
    area: Annotated[str | None, Query(max_length=64)] = None,
    asker: uuid.UUID | None = None,
    mine: bool = False,
) -> PagePublic[HelpRequestPublic]:
    result = services.help_requests.search(
        viewer, statuses=tuple(status_ or ()), asker_id=asker, policy_area=area, mine=mine, page=page
    )
    return PagePublic[HelpRequestPublic](
        items=[HelpRequestPublic.of(r) for r in result.items],
        total=result.total,
        limit=result.limit,
        offset=result.offset,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Ask for help")
def ask(body: HelpRequestCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.help_requests.ask(viewer, HelpRequestDraft(**body.model_dump()))
    response.headers["Location"] = f"/api/v1/requests-for-help/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/{request_id}", response_model=HelpRequestPublic, summary="A request with its responses")
def get_request(
    request_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response
) -> HelpRequestPublic:
    found = services.help_requests.get(viewer, request_id)
    response.headers["ETag"] = etag(found.version)
    return HelpRequestPublic.of(found)


@router.patch("/{request_id}", response_model=Created, summary="Change a request or its status (send If-Match)")
def update_request(
    request_id: uuid.UUID,
    body: HelpRequestUpdate,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    fields: dict[str, Any] = body.model_dump(exclude_unset=True)
    new_version = services.help_requests.update(viewer, request_id, version.version(), fields)
    response.headers["ETag"] = etag(new_version)
    return Created(id=request_id, version=new_version)


@router.post("/{request_id}/responses", status_code=201, response_model=Created, summary="Answer a request")
def respond(request_id: uuid.UUID, body: ResponseCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    new_id = services.help_requests.respond(viewer, HelpResponseDraft(request_id=request_id, **body.model_dump()))
    return Created(id=new_id)


@router.get("/{request_id}/proposals", response_model=RecommendationsPublic, summary="Practices and peers proposed")
def proposals(
    request_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, limit: Annotated[int, Query(ge=1, le=50)] = 10
) -> RecommendationsPublic:
    return RecommendationsPublic.of(services.help_requests.proposals(viewer, request_id, limit=limit))
