"""/api/v1/adoptions: record and change adoptions, their transfer plans and follow-ups; a government's
practice lineage (where its practices came from and where they went)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from proxenia.api.adoption_schemas import (
    ActorLineagePublic,
    AdoptionCreate,
    AdoptionPublic,
    AdoptionUpdate,
    FollowUpCreate,
    StepCreate,
    StepUpdate,
)
from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.adoptions import AdoptionDraft, Stakeholder

router = APIRouter(prefix="/api/v1", tags=["adoptions"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


@router.post("/adoptions", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Record an adoption")
def create_adoption(body: AdoptionCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = AdoptionDraft(
        **body.model_dump(exclude={"stakeholders"}),
        stakeholders=tuple(Stakeholder(**s.model_dump()) for s in body.stakeholders),
    )
    new_id = services.adoptions.record(viewer, draft)
    response.headers["Location"] = f"/api/v1/adoptions/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/adoptions/{adoption_id}", response_model=AdoptionPublic, summary="Read an adoption")
def get_adoption(
    adoption_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response
) -> AdoptionPublic:
    adoption = services.adoptions.get(viewer, adoption_id)
    response.headers["ETag"] = etag(adoption.version)
    return AdoptionPublic.of(adoption)


@router.patch("/adoptions/{adoption_id}", response_model=Created, summary="Change an adoption (send If-Match)")
def update_adoption(
    adoption_id: uuid.UUID,
    body: AdoptionUpdate,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    fields: dict[str, Any] = body.model_dump(exclude_unset=True)
    new_version = services.adoptions.update(viewer, adoption_id, version.version(), fields)
    response.headers["ETag"] = etag(new_version)
    return Created(id=adoption_id, version=new_version)


@router.delete("/adoptions/{adoption_id}", status_code=204, summary="Delete an adoption (send If-Match)")
def delete_adoption(adoption_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.adoptions.delete(viewer, adoption_id, version.version())
    return Response(status_code=204)


@router.post("/adoptions/{adoption_id}/steps", status_code=201, response_model=Created, summary="Add a transfer step")
def add_step(adoption_id: uuid.UUID, body: StepCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    step_id = services.adoptions.add_step(
        viewer, adoption_id, phase=body.phase, title=body.title, due_date=body.due_date, status=body.status
    )
    return Created(id=step_id)


@router.patch("/adoptions/{adoption_id}/steps/{step_id}", response_model=Created, summary="Move a transfer step")
def update_step(
    adoption_id: uuid.UUID, step_id: uuid.UUID, body: StepUpdate, services: ServicesDep, viewer: ViewerDep
) -> Created:
    services.adoptions.set_step_status(viewer, adoption_id, step_id, body.status)
    return Created(id=step_id)


@router.post("/adoptions/{adoption_id}/follow-ups", status_code=201, response_model=Created, summary="Record results")
def add_followup(adoption_id: uuid.UUID, body: FollowUpCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    new_id = services.adoptions.add_followup(
        viewer, adoption_id, result=body.result, date=body.date, indicator=body.indicator, value=body.value
    )
    return Created(id=new_id)


@router.get(
    "/actors/{actor_id}/lineage",
    response_model=ActorLineagePublic,
    summary="Where a government's practices came from, and where they went",
)
def actor_lineage(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> ActorLineagePublic:
    return ActorLineagePublic.of(services.adoptions.actor_lineage(viewer, actor_id))
