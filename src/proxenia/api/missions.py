"""/api/v1/missions and /api/v1/processes: missions tied to the locales they serve (and, per government,
the foreign missions serving it and its own country's missions serving its partners); multilateral
processes with the governments taking part, their roles and their submissions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, ViewerDep
from proxenia.api.federation_schemas import (
    LocaleMissionsPublic,
    MissionCreate,
    MissionPublic,
    ParticipationCreate,
    ProcessCreate,
    ProcessDetailPublic,
    ProcessPublic,
    SubmissionCreate,
    process_public,
)
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.missions import MissionDraft
from proxenia.domain.processes import ParticipationDraft, ProcessDraft, SubmissionDraft

router = APIRouter(
    prefix="/api/v1", tags=["missions and processes"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES
)


@router.get("/missions", response_model=list[MissionPublic], summary="Missions and the places they serve")
def list_missions(
    services: ServicesDep,
    viewer: ViewerDep,
    sending_country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
) -> list[MissionPublic]:
    code = sending_country.upper() if sending_country else None
    return [MissionPublic.of(m) for m in services.missions.missions(viewer, sending_country=code)]


@router.post("/missions", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Record a mission and the places it serves")
def create_mission(body: MissionCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = MissionDraft(
        name=body.name, subtype=body.subtype, sending_country=body.sending_country.upper(),
        host_country=body.host_country.upper(), serves=tuple(body.serves), latitude=body.latitude,
        longitude=body.longitude, source_ref=body.source_ref, note=body.note, illustrative=body.illustrative,
        visibility=body.visibility,
    )
    new_id = services.missions.create(viewer, draft)
    response.headers["Location"] = f"/api/v1/actors/{new_id}"
    return Created(id=new_id)


@router.get("/actors/{actor_id}/missions", response_model=LocaleMissionsPublic,
            summary="Foreign missions serving an actor, and its own country's missions serving its partners")
def actor_missions(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> LocaleMissionsPublic:
    return LocaleMissionsPublic.of(services.missions.for_actor(viewer, actor_id))


@router.get("/processes", response_model=list[ProcessPublic], summary="Summits and multilateral processes")
def list_processes(
    services: ServicesDep, viewer: ViewerDep, q: Annotated[str | None, Query(max_length=200)] = None
) -> list[ProcessPublic]:
    return [process_public(p) for p in services.processes.processes(viewer, q)]


@router.post("/processes", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Record a summit or a multilateral process")
def create_process(body: ProcessCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    return Created(id=services.processes.create(viewer, ProcessDraft(**body.model_dump())))


@router.get("/processes/{process_id}", response_model=ProcessDetailPublic,
            summary="A process with the participations and submissions you may read")
def get_process(process_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> ProcessDetailPublic:
    return ProcessDetailPublic.of(services.processes.detail(viewer, process_id))


@router.post("/processes/{process_id}/participations", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Your organisation takes part, in a role")
def participate(
    process_id: uuid.UUID, body: ParticipationCreate, services: ServicesDep, viewer: ViewerDep
) -> Created:
    return Created(id=services.processes.participate(viewer, ParticipationDraft(process_id=process_id,
                                                                                **body.model_dump())))


@router.post("/processes/{process_id}/submissions", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Your organisation's submission to a process")
def submit(process_id: uuid.UUID, body: SubmissionCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    return Created(id=services.processes.submit(viewer, SubmissionDraft(process_id=process_id, **body.model_dump())))
