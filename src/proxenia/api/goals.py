"""/api/v1/goals and /api/v1/alignments: priorities and objectives, the SDGs and their targets, national
foreign-policy priorities; ties aligned to goals with a weight."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.goals import Goal, GoalDraft, GoalKind
from proxenia.domain.kinds import Visibility

router = APIRouter(prefix="/api/v1", tags=["goals"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


class GoalPublic(BaseModel):
    id: uuid.UUID
    kind: GoalKind
    code: str = Field(description="SDG codes are strings: 8.10 is not 8.1")
    title: str
    short_title: str | None
    description: str | None
    parent_id: uuid.UUID | None
    source_ref: str | None
    tenant_id: uuid.UUID
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, g: Goal) -> GoalPublic:
        return cls(id=g.id, kind=g.kind, code=g.code, title=g.title, short_title=g.short_title,
                   description=g.description, parent_id=g.parent_id, source_ref=g.source_ref, tenant_id=g.tenant_id,
                   visibility=g.visibility, tlp=g.visibility.tlp, version=g.version)


class GoalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: GoalKind = Field(description="priority, objective (under a priority) or national_priority")
    code: str = Field(default="", max_length=32, examples=["P1", "P1.2"])
    title: str = Field(min_length=1, max_length=2000)
    short_title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    parent_id: uuid.UUID | None = None
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class GoalUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str | None = Field(default=None, max_length=32)
    title: str | None = Field(default=None, min_length=1, max_length=2000)
    short_title: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    parent_id: uuid.UUID | None = None
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility | None = None


class AlignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tie_id: uuid.UUID
    goal_id: uuid.UUID
    weight: float = Field(default=1.0, gt=0, le=1, strict=True)
    note: str | None = Field(default=None, max_length=5000)
    visibility: Visibility = Visibility.PRIVATE


class AlignmentPublic(AlignmentCreate):
    id: uuid.UUID
    tenant_id: uuid.UUID
    tlp: str
    version: int


@router.get("/goals", response_model=list[GoalPublic], summary="Goals you can read")
def list_goals(
    services: ServicesDep,
    viewer: ViewerDep,
    kind: Annotated[list[GoalKind] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="words of the title, or an exact code")] = None,
    mine: bool = False,
) -> list[GoalPublic]:
    return [GoalPublic.of(g) for g in services.goals.goals(viewer, kinds=tuple(kind or ()), mine=mine, text=q)]


@router.post("/goals", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Add a goal")
def create_goal(body: GoalCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.goals.create(viewer, GoalDraft(**body.model_dump()))
    response.headers["Location"] = f"/api/v1/goals/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/goals/{goal_id}", response_model=GoalPublic, summary="Read a goal")
def get_goal(goal_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> GoalPublic:
    goal = services.goals.get(viewer, goal_id)
    response.headers["ETag"] = etag(goal.version)
    return GoalPublic.of(goal)


@router.patch("/goals/{goal_id}", response_model=Created, summary="Change a goal (send If-Match)")
def update_goal(
    goal_id: uuid.UUID, body: GoalUpdate, version: VersionDep, services: ServicesDep, viewer: ViewerDep,
    response: Response,
) -> Created:
    new_version = services.goals.update(viewer, goal_id, version.version(), body.model_dump(exclude_unset=True))
    response.headers["ETag"] = etag(new_version)
    return Created(id=goal_id, version=new_version)


@router.delete("/goals/{goal_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a goal (send If-Match)")
def delete_goal(goal_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.goals.delete(viewer, goal_id, version.version())
    return Response(status_code=204)


@router.get("/alignments", response_model=list[AlignmentPublic], summary="Your ties aligned to goals")
def list_alignments(services: ServicesDep, viewer: ViewerDep) -> list[AlignmentPublic]:
    return [
        AlignmentPublic(id=a.id, tie_id=a.tie_id, goal_id=a.goal_id, weight=a.weight, note=a.note,
                        visibility=a.visibility, tenant_id=a.tenant_id, tlp=a.visibility.tlp, version=a.version)
        for a in services.goals.alignments(viewer)
    ]


@router.post("/alignments", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Say that a tie serves one of your goals")
def create_alignment(body: AlignmentCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.goals.align(viewer, body.tie_id, body.goal_id, body.weight, body.note, body.visibility)
    response.headers["Location"] = f"/api/v1/alignments/{new_id}"
    return Created(id=new_id)


@router.get("/alignments/{alignment_id}", response_model=AlignmentPublic, summary="Read an alignment")
def get_alignment(alignment_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> AlignmentPublic:
    a = services.goals.alignment(viewer, alignment_id)
    return AlignmentPublic(id=a.id, tie_id=a.tie_id, goal_id=a.goal_id, weight=a.weight, note=a.note,
                           visibility=a.visibility, tenant_id=a.tenant_id, tlp=a.visibility.tlp, version=a.version)


@router.delete("/alignments/{alignment_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Remove an alignment (send If-Match)")
def delete_alignment(
    alignment_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep
) -> Response:
    services.goals.unalign(viewer, alignment_id, version.version())
    return Response(status_code=204)
