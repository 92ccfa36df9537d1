"""/api/v1/practices: search (full text or semantic), read, record, change, curate; lineage, adoptions,
who may adopt next, similar practices, what a practice serves; recommendations for a challenge."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from proxenia.api.adoption_schemas import AdoptionPublic, ShareCreate
from proxenia.api.deps import API_DEPENDENCIES, PageDep, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.practice_schemas import (
    CurationRequest,
    LineagePublic,
    PolicyAreaPublic,
    PracticeCreate,
    PracticeHitPublic,
    PracticeLinkCreate,
    PracticePagePublic,
    PracticePublic,
    PracticeSummaryPublic,
    PracticeUpdate,
    RecommendationModelPublic,
    RecommendationsPublic,
    RecommendedAdopterPublic,
)
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.adoptions import ShareDraft
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.practices import (
    Contact,
    CurationStep,
    EvidenceLevel,
    Link,
    PracticeDraft,
    PracticeFilter,
    PracticeStatus,
)
from proxenia.domain.recommendations import Challenge
from proxenia.services.practices.lineage import lineage_elements

router = APIRouter(prefix="/api/v1", tags=["practices"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES)


@router.get("/policy-areas", response_model=list[PolicyAreaPublic], summary="The vocabulary of policy areas")
def policy_areas(services: ServicesDep) -> list[PolicyAreaPublic]:
    return [PolicyAreaPublic(code=c, label=label, scheme=s) for c, label, s in services.practices.policy_areas()]


@router.get("/practices", response_model=PracticePagePublic, summary="Search practices")
def search_practices(
    services: ServicesDep,
    viewer: ViewerDep,
    page: PageDep,
    q: Annotated[str, Query(max_length=500, description="words to look for (full text, or meaning)")] = "",
    area: Annotated[list[str] | None, Query(description="policy area codes (any of them)")] = None,
    status_: Annotated[
        list[PracticeStatus] | None, Query(alias="status", description="default: published only")
    ] = None,
    any_status: Annotated[bool, Query(description="every status you may read")] = False,
    originator: uuid.UUID | None = None,
    country: Annotated[str | None, Query(max_length=2, description="the originator's country")] = None,
    evidence: Annotated[list[EvidenceLevel] | None, Query()] = None,
    mine: Annotated[bool, Query(description="only your organisation's practices")] = False,
    source: Annotated[str | None, Query(max_length=32, description="a data set, e.g. spid")] = None,
    ranking: Literal["auto", "fulltext", "semantic"] = "auto",
) -> PracticePagePublic:
    statuses: tuple[PracticeStatus, ...] = () if any_status else tuple(status_ or (PracticeStatus.PUBLISHED,))
    f = PracticeFilter(
        query=q,
        policy_areas=tuple(area or ()),
        statuses=statuses,
        originator_id=originator,
        country_code=country,
        evidence_levels=tuple(evidence or ()),
        tenant_id=viewer.tenant_id if mine and viewer.tenant_id else None,
        source=source,
    )
    result = services.practice_search.search(viewer, f, page, ranking=ranking)
    return PracticePagePublic(
        items=[PracticeHitPublic.of_hit(h) for h in result.items],
        total=result.total,
        limit=result.limit,
        offset=result.offset,
        ranking=result.ranking,
        notes=list(result.notes),
    )


@router.post("/practices", status_code=status.HTTP_201_CREATED, response_model=Created, summary="Record a practice")
def create_practice(body: PracticeCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = PracticeDraft(
        **body.model_dump(exclude={"contacts", "links", "policy_areas"}),
        policy_areas=tuple(body.policy_areas),
        contacts=tuple(Contact(**c.model_dump()) for c in body.contacts),
        links=tuple(Link(**x.model_dump()) for x in body.links),
    )
    new_id = services.practices.create(viewer, draft)
    response.headers["Location"] = f"/api/v1/practices/{new_id}"
    response.headers["ETag"] = etag(1)
    return Created(id=new_id)


@router.get(
    "/practices/recommendations", response_model=RecommendationsPublic, summary="Practices and peers for a challenge"
)
def recommend(
    services: ServicesDep,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=2000, description="the challenge in words")] = "",
    area: Annotated[list[str] | None, Query()] = None,
    actor: Annotated[uuid.UUID | None, Query(description="the government asking")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> RecommendationsPublic:
    challenge = Challenge(text=q, policy_areas=tuple(area or ()), actor_id=actor)
    return RecommendationsPublic.of(services.recommendations.recommend(viewer, challenge, limit=limit))


@router.get(
    "/practices/recommendations/model",
    response_model=RecommendationModelPublic,
    summary="What ranks recommendations: the trained engine and its learned weights, or the text match",
)
def recommendation_model(services: ServicesDep) -> RecommendationModelPublic:
    return RecommendationModelPublic.of(services.engine.status())


@router.get("/practices/curation-queue", response_model=list[PracticeSummaryPublic], summary="What waits for review")
def curation_queue(services: ServicesDep, viewer: ViewerDep) -> list[PracticeSummaryPublic]:
    return [PracticeSummaryPublic.of(p) for p in services.practices.queue(viewer)]


@router.get("/practices/{practice_id:uuid}", response_model=PracticePublic, summary="Read a practice")
def get_practice(
    practice_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response
) -> PracticePublic:
    detail = services.practices.detail(viewer, practice_id)
    response.headers["ETag"] = etag(detail.practice.version)
    return PracticePublic.of(detail.practice, detail.links)


@router.patch("/practices/{practice_id:uuid}", response_model=Created, summary="Change a practice (send If-Match)")
def update_practice(
    practice_id: uuid.UUID,
    body: PracticeUpdate,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    fields: dict[str, Any] = body.model_dump(exclude_unset=True)
    new_version = services.practices.update(viewer, practice_id, version.version(), fields)
    response.headers["ETag"] = etag(new_version)
    return Created(id=practice_id, version=new_version)


@router.delete("/practices/{practice_id:uuid}", status_code=204, summary="Delete a practice (send If-Match)")
def delete_practice(practice_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.practices.delete(viewer, practice_id, version.version())
    return Response(status_code=204)


@router.post("/practices/{practice_id:uuid}/curation", response_model=Created, summary="Submit, validate, publish…")
def curate(
    practice_id: uuid.UUID,
    body: CurationRequest,
    version: VersionDep,
    services: ServicesDep,
    viewer: ViewerDep,
    response: Response,
) -> Created:
    try:
        step = CurationStep(body.step)
    except ValueError:
        known = ", ".join(s.value for s in CurationStep)
        raise InvalidInput(Problem(f"unknown step '{body.step}' (known: {known})", column="step")) from None
    new_version = services.practices.curate(viewer, practice_id, step, version.version(), body.note)
    response.headers["ETag"] = etag(new_version)
    return Created(id=practice_id, version=new_version)


@router.get("/practices/{practice_id:uuid}/lineage", response_model=LineagePublic, summary="Who learned it from whom")
def lineage(practice_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> LineagePublic:
    detail = services.practices.detail(viewer, practice_id)
    elements = lineage_elements(detail.lineage, f"/practices/{practice_id}")
    return LineagePublic(practice_id=practice_id, **elements)


@router.get("/practices/{practice_id:uuid}/adoptions", response_model=list[AdoptionPublic], summary="Its adoptions")
def practice_adoptions(practice_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> list[AdoptionPublic]:
    return [AdoptionPublic.of(a) for a in services.practices.detail(viewer, practice_id).adoptions]


@router.get(
    "/practices/{practice_id:uuid}/next-adopters",
    response_model=list[RecommendedAdopterPublic],
    summary="Who may adopt it next: whom to share it with",
)
def next_adopters(
    practice_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, limit: Annotated[int, Query(ge=1, le=50)] = 10
) -> list[RecommendedAdopterPublic]:
    return [
        RecommendedAdopterPublic.of(r) for r in services.recommendations.next_adopters(viewer, practice_id, limit=limit)
    ]


@router.get("/practices/{practice_id:uuid}/similar", response_model=list[PracticeHitPublic], summary="Similar ones")
def similar(
    practice_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, limit: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[PracticeHitPublic]:
    return [PracticeHitPublic.of_hit(h) for h in services.practice_search.similar(viewer, practice_id, limit)]


@router.post(
    "/practices/{practice_id:uuid}/links", status_code=201, response_model=Created, summary="Link to what it serves"
)
def link(practice_id: uuid.UUID, body: PracticeLinkCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    new_id = services.practices.link(viewer, practice_id, **body.model_dump())
    return Created(id=new_id)


@router.post("/practices/{practice_id:uuid}/shares", status_code=201, response_model=Created, summary="Record a share")
def share(practice_id: uuid.UUID, body: ShareCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    draft = ShareDraft(practice_id=practice_id, **body.model_dump())
    return Created(id=services.adoptions.share(viewer, draft))
