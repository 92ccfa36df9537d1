"""Pages of the practice exchange: the library with filters, a practice with its lineage (a tree and
its table), the curation queue, "who has solved this?", and a government's practice lineage."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from proxenia.domain.errors import ProxeniaError, Unauthenticated
from proxenia.domain.paging import PageRequest
from proxenia.domain.policy_areas import POLICY_AREAS, area_label
from proxenia.domain.practices import EvidenceLevel, PracticeStatus
from proxenia.domain.recommendations import Challenge
from proxenia.services.container import Services
from proxenia.services.practices.lineage import RELATIONS, lineage_elements
from proxenia.web.list_filters import PracticeQuery
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
MAP_LIMIT = 1000  # practices drawn on the library's map (the GeoJSON download holds them all)
HELPERS: dict[str, Any] = {
    "area_label": area_label,
    "policy_areas": POLICY_AREAS,
    "relations": RELATIONS,
    "evidence_levels": list(EvidenceLevel),
    "statuses": list(PracticeStatus),
}


def _services(request: Request) -> Services:
    return request.app.state.services


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return render(request, template, status_code, nav="practices", **HELPERS, **context)


@router.get("/practices")
def library(
    request: Request,
    query: PracticeQuery,
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    result = _services(request).practice_search.search(
        viewer_of(request), query.filter(), PageRequest(limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    )
    template = "practices/_results.html" if request.headers.get("HX-Request") else "practices/library.html"
    filters = query.params()
    return page(
        request,
        template,
        result=result,
        filters=filters,
        page_number=page_number,
        map_limit=MAP_LIMIT,
        breadcrumbs=[("Home", "/"), ("Practices", None)],
    )


@router.get("/practices/queue")
def queue(request: Request) -> Response:
    viewer = viewer_of(request)
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to see the practices waiting for review")
    items = _services(request).practices.queue(viewer)
    return page(
        request,
        "practices/queue.html",
        items=items,
        breadcrumbs=[("Home", "/"), ("Practices", "/practices"), ("Curation queue", None)],
    )


@router.get("/practices/who-has-solved")
def who_has_solved(
    request: Request,
    q: Annotated[str, Query(max_length=2000)] = "",
    area: Annotated[str, Query(max_length=64)] = "",
    actor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Ask the recommender directly: a challenge, optionally a government, gives practices and peers."""
    services = _services(request)
    viewer = viewer_of(request)
    answer = error = None
    if q.strip() or area:
        try:
            actor_id = services.registry.resolve(viewer, actor).id if actor.strip() else None
            answer = services.recommendations.recommend(
                viewer, Challenge(text=q, policy_areas=(area,) if area else (), actor_id=actor_id)
            )
        except ProxeniaError as exc:
            error = exc.detail
    return page(
        request,
        "practices/who_has_solved.html",
        q=q,
        area=area,
        actor=actor,
        answer=answer,
        error=error,
        breadcrumbs=[("Home", "/"), ("Practices", "/practices"), ("Who has solved this?", None)],
    )


@router.get("/practices/how-recommendations-work")
def how_recommendations_work(request: Request) -> Response:
    """What ranks recommendations now: the trained engine and the weights it learned, or the text match."""
    return page(
        request,
        "practices/how_recommendations_work.html",
        status=_services(request).engine.status(),
        breadcrumbs=[
            ("Home", "/"),
            ("Practices", "/practices"),
            ("Who has solved this?", "/practices/who-has-solved"),
            ("How recommendations are ranked", None),
        ],
    )


@router.get("/practices/{practice_id}")
def practice(request: Request, practice_id: uuid.UUID) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    detail = services.practices.detail(viewer, practice_id)
    next_adopters = services.recommendations.next_adopters(viewer, practice_id, limit=8)
    similar = services.practice_search.similar(viewer, practice_id, limit=5)
    children: dict[str | None, list[Any]] = {}
    for node in detail.lineage.nodes:
        children.setdefault(node.parent, []).append(node)
    return page(
        request,
        "practices/practice.html",
        d=detail,
        p=detail.practice,
        tree=children,
        labels={n.key: n.label for n in detail.lineage.nodes},
        next_adopters=next_adopters,
        similar=similar,
        curators=services.practices.curators(viewer) if detail.can_edit else [],
        breadcrumbs=[("Home", "/"), ("Practices", "/practices"), (detail.practice.title, None)],
    )


@router.get("/practices/{practice_id}/lineage.json")
def lineage_json(request: Request, practice_id: uuid.UUID) -> Response:
    detail = _services(request).practices.detail(viewer_of(request), practice_id)
    return JSONResponse(lineage_elements(detail.lineage, f"/practices/{practice_id}"))


@router.get("/actors/{actor_id}/practices")
def actor_practices(request: Request, actor_id: uuid.UUID) -> Response:
    """A government's practice lineage: where its practices came from and where they went."""
    services = _services(request)
    viewer = viewer_of(request)
    lineage = services.adoptions.actor_lineage(viewer, actor_id)
    pledges = services.practices.pledge_links(viewer, actor_id)
    return page(
        request,
        "practices/actor_practices.html",
        x=lineage,
        pledges=pledges,
        breadcrumbs=[
            ("Home", "/"),
            ("Actors", "/actors"),
            (lineage.actor.name, f"/actors/{actor_id}"),
            ("Practices", None),
        ],
    )
