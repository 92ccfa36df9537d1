"""/api/v1: ties, tie types, people and posts, paths, country questions, stats, imports and exports."""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.graph_schemas import ChainPublic, StatsPublic, TouchpointsPublic
from proxenia.api.problems import PROBLEM_RESPONSES, UPLOAD_RESPONSES
from proxenia.api.schemas import (
    Created,
    PersonCreate,
    PersonPublic,
    PostCreate,
    TieCreate,
    TiePublic,
    TieTypePublic,
    TieUpdate,
)
from proxenia.domain.people import PersonDraft, PostDraft
from proxenia.domain.ties import TieDraft
from proxenia.services.uploads import read_upload

router = APIRouter(prefix="/api/v1", tags=["registry"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


@router.get("/tie-types", response_model=list[TieTypePublic], summary="The vocabulary of tie types")
def tie_types(services: ServicesDep, viewer: ViewerDep) -> list[TieTypePublic]:
    return [TieTypePublic.of(t) for t in services.registry.tie_types(viewer)]


@router.post("/ties", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Create a tie")
def create_tie(body: TieCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = TieDraft(
        type_code=body.type,
        source_id=body.source_id,
        target_id=body.target_id,
        status=body.status,
        start_date=body.start_date,
        end_date=body.end_date,
        rationale=body.rationale,
        source_ref=body.source_ref,
        notes=body.notes,
        attributes=body.attributes,
        visibility=body.visibility,
    )
    new_id = services.edits.create_tie(viewer, draft)
    response.headers["Location"] = f"/api/v1/ties/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get("/ties/{tie_id}", response_model=TiePublic, summary="Read a tie")
def get_tie(tie_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> TiePublic:
    tie = services.edits.get_tie(viewer, tie_id)
    response.headers["ETag"] = etag(tie.version)
    return TiePublic.of(tie)


@router.patch("/ties/{tie_id}", response_model=Created, summary="Change a tie (send If-Match)")
def update_tie(
    tie_id: uuid.UUID,
    body: TieUpdate,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    new_version = services.edits.update_tie(viewer, tie_id, version.version(), body.model_dump(exclude_unset=True))
    response.headers["ETag"] = etag(new_version)
    return Created(id=tie_id, version=new_version)


@router.delete("/ties/{tie_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a tie (send If-Match)")
def delete_tie(tie_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.edits.delete_tie(viewer, tie_id, version.version())
    return Response(status_code=204)


@router.get("/people", response_model=list[PersonPublic], summary="Search people by name")
def search_people(
    services: ServicesDep,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[PersonPublic]:
    return [
        PersonPublic(
            id=p.id,
            name=p.name,
            given_name=p.given_name,
            family_name=p.family_name,
            honorific_prefix=p.honorific_prefix,
            email=p.email,
            visibility=p.visibility,
        )
        for p in services.edits.people(viewer, q, limit)
    ]


@router.post("/people", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Add a person")
def create_person(body: PersonCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    return Created(id=services.edits.create_person(viewer, PersonDraft(**body.model_dump())))


@router.post("/posts", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Add a person's post")
def create_post(body: PostCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    return Created(id=services.edits.create_post(viewer, PostDraft(**body.model_dump())))


@router.get("/paths", response_model=ChainPublic, summary="The shortest chain of ties between two actors")
def shortest_path(
    services: ServicesDep,
    viewer: ViewerDep,
    source: Annotated[uuid.UUID, Query(alias="from")],
    target: Annotated[uuid.UUID, Query(alias="to")],
    max_hops: Annotated[int, Query(ge=1, le=8)] = 6,
) -> ChainPublic:
    return ChainPublic.of(services.registry.chain(viewer, source, target, max_hops=max_hops))


@router.get(
    "/countries/{country}/touchpoints",
    response_model=TouchpointsPublic,
    summary="Every tie between actors of a country and actors of another",
)
def country_touchpoints(
    country: str, services: ServicesDep, viewer: ViewerDep, other: Annotated[str, Query(alias="with", max_length=60)]
) -> TouchpointsPublic:
    return TouchpointsPublic.of(services.registry.touchpoints(viewer, other, country=country))


@router.get(
    "/countries/{country_a}/channels/{country_b}",
    response_model=TouchpointsPublic,
    summary="Subnational channels between two countries",
)
def channels(country_a: str, country_b: str, services: ServicesDep, viewer: ViewerDep) -> TouchpointsPublic:
    return TouchpointsPublic.of(services.registry.channels(viewer, country_a, country_b))


@router.get("/stats", response_model=StatsPublic, summary="Counts of actors by kind, ties by type, unresolved rows")
def stats(services: ServicesDep, viewer: ViewerDep) -> StatsPublic:
    return StatsPublic.of(services.registry.stats(viewer))


@router.post("/imports", summary="Import a CSV, XLSX or JSON file of actors, people, posts or ties",
             responses=UPLOAD_RESPONSES)
async def import_file(
    request: Request, file: UploadFile, services: ServicesDep, viewer: ViewerDep, dry_run: bool = False
) -> dict[str, Any]:
    data = await read_upload(file, request.app.state.settings.max_upload_bytes)
    report = await run_in_threadpool(  # off the event loop: a million rows take a minute
        services.exchange.import_upload, viewer, file.filename or "upload.csv", data, dry_run=dry_run
    )
    return report.as_dict()


@router.get("/exports/registry.{fmt}", summary="Everything you can read, as JSON (Popolo names) or GeoJSON")
def export_registry(fmt: str, services: ServicesDep, viewer: ViewerDep) -> Response:
    if fmt not in ("json", "geojson"):
        from proxenia.domain.errors import NotFound

        raise NotFound("exports are registry.json and registry.geojson")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"registry.{fmt}"
        services.exchange.export(viewer, fmt, out)
        body = json.loads(out.read_text(encoding="utf-8"))
    media = "application/geo+json" if fmt == "geojson" else "application/json"
    return Response(
        json.dumps(body, ensure_ascii=False),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="proxenia-registry.{fmt}"'},
    )
