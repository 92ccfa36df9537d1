"""The chain of ties between two actors: the page (the chain as a list, and as a graph where JavaScript
runs) and the graph's elements."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from proxenia.domain.errors import NotFound
from proxenia.services.container import Services
from proxenia.services.registry_views import Chain
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)
EndQuery = Annotated[str | None, Query(max_length=200)]


def _services(request: Request) -> Services:
    return request.app.state.services


def _chain(request: Request, source: str, target: str) -> Chain:
    services = _services(request)
    viewer = viewer_of(request)
    a = services.registry.resolve(viewer, source)
    b = services.registry.resolve(viewer, target)
    return services.registry.chain(viewer, a.id, b.id)


@router.get("/paths")
def paths_page(
    request: Request,
    source: Annotated[str | None, Query(alias="from", max_length=200)] = None,
    target: Annotated[str | None, Query(alias="to", max_length=200)] = None,
) -> Response:
    chain = error = None
    if source and target:
        try:
            chain = _chain(request, source, target)
        except NotFound as exc:
            error = exc.detail
    return render(
        request,
        "registry/paths.html",
        nav="paths",
        source=source or "",
        target=target or "",
        chain=chain,
        error=error,
        breadcrumbs=[("Home", "/"), ("Chains of ties", None)],
    )


@router.get("/paths/graph.json")
def path_graph(
    request: Request,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200)],
) -> Response:
    """The chain as graph elements (static/js/graph.js): its actors in order, the ties between them."""
    chain = _chain(request, source, target)
    last = len(chain.steps) - 1
    nodes = [
        {"id": str(s.actor.id), "label": s.actor.name, "kind": s.actor.kind.value, "url": f"/actors/{s.actor.id}",
         "root": i == 0, "depth": i, "end": i == last}
        for i, s in enumerate(chain.steps)
    ]
    edges = [
        {"id": str(step.via_tie or f"{before.actor.id}-{step.actor.id}"), "source": str(before.actor.id),
         "target": str(step.actor.id), "type": step.via_type or "", "type_label": step.via_label or "",
         "status": "active"}
        for before, step in zip(chain.steps, chain.steps[1:], strict=False)
    ]
    return JSONResponse({"nodes": nodes, "edges": edges, "found": chain.found, "truncated": False})
