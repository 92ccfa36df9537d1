"""/api/v1/actors: search, read, create, change, merge; profile, ties, neighbourhood, touchpoints, map."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from proxenia.api.deps import API_DEPENDENCIES, PageDep, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.graph_schemas import NeighbourhoodPublic, ProfilePublic, TouchpointsPublic
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import (
    ActorCreate,
    ActorPublic,
    ActorSummaryPublic,
    ActorUpdate,
    Created,
    PagePublic,
    TieViewPublic,
)
from proxenia.domain.actors import ActorDraft, Identifier
from proxenia.domain.kinds import ActorKind

router = APIRouter(prefix="/api/v1/actors", tags=["actors"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


@router.get("", response_model=PagePublic[ActorSummaryPublic], summary="Search actors")
def search_actors(
    services: ServicesDep,
    viewer: ViewerDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="name prefix; accents and case ignored")] = None,
    country: Annotated[str | None, Query(max_length=60, description="ISO 3166-1 code or name")] = None,
    kind: Annotated[list[ActorKind] | None, Query()] = None,
    resolved: bool | None = None,
) -> Any:
    result = services.registry.search_actors(viewer, q, country=country, kinds=kind or (), resolved=resolved, page=page)
    return PagePublic[ActorSummaryPublic](
        items=[ActorSummaryPublic.of(a) for a in result.items],
        total=result.total,
        limit=result.limit,
        offset=result.offset,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Create an actor")
def create_actor(body: ActorCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = ActorDraft(
        kind=body.kind,
        name=body.name,
        subtype=body.subtype,
        country_code=body.country_code,
        subdivision_code=body.subdivision_code,
        latitude=body.latitude,
        longitude=body.longitude,
        population=body.population,
        parent_id=body.parent_id,
        attributes=body.attributes,
        other_names=tuple(body.other_names),
        identifiers=tuple(Identifier(i.scheme, i.value) for i in body.identifiers),
        visibility=body.visibility,
    )
    new_id = services.edits.create_actor(viewer, draft)
    response.headers["Location"] = f"/api/v1/actors/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/{actor_id}", response_model=ActorPublic, summary="Read an actor")
def get_actor(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> ActorPublic:
    actor = services.registry.actor(viewer, actor_id)
    response.headers["ETag"] = etag(actor.version)
    return ActorPublic.of_actor(actor)


@router.patch("/{actor_id}", response_model=Created, summary="Change an actor (send If-Match)")
def update_actor(
    actor_id: uuid.UUID,
    body: ActorUpdate,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    fields = body.model_dump(exclude_unset=True)
    new_version = services.edits.update_actor(viewer, actor_id, version.version(), fields)
    response.headers["ETag"] = etag(new_version)
    return Created(id=actor_id, version=new_version)


@router.delete("/{actor_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete an actor (send If-Match)")
def delete_actor(actor_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.edits.delete_actor(viewer, actor_id, version.version())
    return Response(status_code=204)


class MergeRequest(BaseModel):
    duplicate_id: uuid.UUID


@router.post("/{actor_id}/merge", summary="Merge a duplicate into this actor")
def merge_actor(actor_id: uuid.UUID, body: MergeRequest, services: ServicesDep, viewer: ViewerDep) -> dict[str, int]:
    return services.edits.merge_actors(viewer, actor_id, body.duplicate_id)


@router.get("/{actor_id}/profile", response_model=ProfilePublic, summary="An actor's profile")
def actor_profile(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> ProfilePublic:
    return ProfilePublic.of(services.registry.profile(viewer, services.registry.actor_id_for(viewer, actor_id)))


@router.get("/{actor_id}/ties", response_model=list[TieViewPublic], summary="An actor's ties")
def actor_ties(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> list[TieViewPublic]:
    return [TieViewPublic.of(v) for v in services.registry.ties(viewer, actor_id)]


@router.get("/{actor_id}/neighbourhood", response_model=NeighbourhoodPublic, summary="Actors within N ties")
def actor_neighbourhood(
    actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, depth: Annotated[int, Query(ge=1, le=3)] = 2
) -> NeighbourhoodPublic:
    return NeighbourhoodPublic.of(services.registry.neighbourhood(viewer, actor_id, depth=depth))


@router.get("/{actor_id}/touchpoints", response_model=TouchpointsPublic, summary="An actor's ties with a country")
def actor_touchpoints(
    actor_id: uuid.UUID,
    services: ServicesDep,
    viewer: ViewerDep,
    country: Annotated[str, Query(max_length=60, description="the other country")],
) -> TouchpointsPublic:
    return TouchpointsPublic.of(services.registry.touchpoints(viewer, country, actor_id=actor_id))


@router.get("/{actor_id}/map", summary="An actor and its ties as GeoJSON")
def actor_map(actor_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> Response:
    import json

    doc = services.exchange.geojson(viewer, actor_id=actor_id, url_for=lambda i: f"/actors/{i}")
    return Response(json.dumps(doc, default=str), media_type="application/geo+json")
