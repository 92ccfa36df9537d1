"""Pages of the registry: home, search, actor profile, neighbourhood, touchpoints, channels."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from proxenia.domain.engagements import EngagementFilter
from proxenia.domain.errors import InvalidInput
from proxenia.domain.kinds import ActorKind
from proxenia.domain.paging import PageRequest
from proxenia.domain.practices import PracticeFilter
from proxenia.interop.registry_export import channels_features
from proxenia.interop.tables import csv_text
from proxenia.services.container import Services
from proxenia.web.list_downloads import csv_download, max_rows
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
SEARCH_SECTION_SIZE = 10


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/")
def home(request: Request) -> Response:
    stats = _services(request).registry.stats(viewer_of(request))
    return render(request, "registry/home.html", nav="home", stats=stats)


def _search(
    request: Request,
    q: str | None,
    country: str | None,
    kind: str | None,
    page: int,
    size: int,
    resolved: bool | None = None,
) -> Any:
    kinds = [ActorKind(kind)] if kind else []
    return _services(request).registry.search_actors(
        viewer_of(request),
        q,
        country=country or None,
        kinds=kinds,
        resolved=resolved,
        page=PageRequest(limit=size, offset=(page - 1) * size),
    )


@router.get("/search")
def global_search(request: Request, q: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    """One box for everything: actors, practices, engagements and people, each what the viewer may read."""
    viewer = viewer_of(request)
    services = _services(request)
    q = (q or "").strip()
    first = PageRequest(limit=SEARCH_SECTION_SIZE)
    actors = services.registry.search_actors(viewer, q, page=first) if q else None
    practices = services.practice_search.search(viewer, PracticeFilter(query=q), first) if q else None
    where = EngagementFilter(tenant_id=viewer.tenant_id, text=q)
    engagements = services.engagements.search(viewer, where, first) if q else None
    people = services.edits.people(viewer, q, SEARCH_SECTION_SIZE) if q else []
    return render(
        request,
        "registry/global_search.html",
        q=q,
        global_q=q,
        actors=actors,
        practices=practices,
        engagements=engagements,
        people=people,
        breadcrumbs=[("Home", "/"), ("Search", None)],
    )


@router.get("/about/data")
def about_data(request: Request) -> Response:
    return render(request, "registry/about_data.html", breadcrumbs=[("Home", "/"), ("Data sources", None)])


@router.get("/actors")
def search(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    resolved: bool | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    if kind and kind not in {k.value for k in ActorKind}:
        raise InvalidInput(f"unknown kind '{kind}'")
    result = _search(request, q, country, kind, page, PAGE_SIZE, resolved)
    template = "registry/_results.html" if request.headers.get("HX-Request") else "registry/search.html"
    return render(
        request,
        template,
        nav="actors",
        q=q or "",
        country=country or "",
        kind=kind or "",
        result=result,
        page=page,
        kinds=list(ActorKind),
        breadcrumbs=[("Home", "/"), ("Actors", None)],
    )


@router.get("/actors.csv")
def search_csv(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    resolved: bool | None = None,
) -> Response:
    """Every actor the search finds (not one page), up to the download limit, read in one query, then streamed."""
    if kind and kind not in {k.value for k in ActorKind}:
        raise InvalidInput(f"unknown kind '{kind}'")
    download = _services(request).registry.download(
        viewer_of(request), q, country=country or None, kinds=[ActorKind(kind)] if kind else [], resolved=resolved,
        limit=max_rows(request))
    header = ["id", "name", "kind", "country_code", "subdivision_code", "population", "latitude", "longitude",
              "sharing"]
    return csv_download("actors", header, download, lambda a: [
        a.id, a.name, a.kind.value, a.country_code, a.subdivision_code, a.population, a.latitude, a.longitude,
        a.visibility.tlp])


@router.get("/actors/{actor_id}")
def profile(request: Request, actor_id: uuid.UUID) -> Response:
    services = _services(request)
    current = services.registry.actor_id_for(viewer_of(request), actor_id)
    if current != actor_id:
        return RedirectResponse(f"/actors/{current}", status_code=301)
    p = services.registry.profile(viewer_of(request), actor_id)
    crumbs: list[tuple[str, str | None]] = [("Home", "/"), ("Actors", "/actors")]
    crumbs += [(a.name, f"/actors/{a.id}") for a in reversed(p.parent_chain)]
    crumbs.append((p.actor.name, None))
    return render(request, "registry/profile.html", nav="actors", p=p, breadcrumbs=crumbs)


@router.get("/actors/{actor_id}/ties.csv")
def ties_csv(request: Request, actor_id: uuid.UUID) -> Response:
    p = _services(request).registry.profile(viewer_of(request), actor_id)
    rows = (
        [
            v.label,
            v.other.name,
            v.other.country_code,
            v.other.id,
            v.tie.status.value,
            v.tie.start_date,
            v.tie.end_date,
            v.tie.rationale,
            v.tie.source_ref,
            v.tie.visibility.tlp,
        ]
        for v in p.all_ties()
    )
    body = csv_text(
        [
            "tie",
            "other",
            "other_country",
            "other_id",
            "status",
            "start_date",
            "end_date",
            "rationale",
            "source",
            "sharing",
        ],
        rows,
    )
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ties-{actor_id}.csv"'},
    )


@router.get("/actors/{actor_id}/map.geojson")
def actor_geojson(request: Request, actor_id: uuid.UUID) -> Response:
    doc = _services(request).exchange.geojson(viewer_of(request), actor_id=actor_id, url_for=lambda i: f"/actors/{i}")
    return JSONResponse(_jsonable(doc), media_type="application/geo+json")


@router.get("/actors/{actor_id}/graph.json")
def actor_graph(request: Request, actor_id: uuid.UUID, depth: Annotated[int, Query(ge=1, le=3)] = 2) -> Response:
    hood = _services(request).registry.neighbourhood(viewer_of(request), actor_id, depth=depth, max_nodes=250)
    return JSONResponse(
        {
            "nodes": [
                {
                    "id": str(a.id),
                    "label": a.name,
                    "kind": a.kind.value,
                    "url": f"/actors/{a.id}",
                    "root": d == 0,
                    "depth": d,
                }
                for a, d in hood.nodes
            ],
            "edges": [
                {
                    "id": str(e.id),
                    "source": str(e.source),
                    "target": str(e.target),
                    "type": e.type_code,
                    "type_label": e.label,
                    "status": e.status,
                    "start_date": e.start_date,
                }
                for e in hood.edges
            ],
            "truncated": hood.truncated,
        }
    )


@router.get("/actors/{actor_id}/neighbourhood")
def neighbourhood_page(request: Request, actor_id: uuid.UUID, depth: Annotated[int, Query(ge=1, le=3)] = 2) -> Response:
    services = _services(request)
    hood = services.registry.neighbourhood(viewer_of(request), actor_id, depth=depth, max_nodes=250)
    names = {a.id: a.name for a, _ in hood.nodes}
    return render(
        request,
        "registry/neighbourhood.html",
        nav="actors",
        hood=hood,
        depth=depth,
        names=names,
        breadcrumbs=[
            ("Home", "/"),
            ("Actors", "/actors"),
            (hood.root.name, f"/actors/{actor_id}"),
            ("Neighbourhood", None),
        ],
    )


@router.get("/actors/{actor_id}/touchpoints")
def touchpoints_page(
    request: Request, actor_id: uuid.UUID, country: Annotated[str | None, Query(max_length=60)] = None
) -> Response:
    services = _services(request)
    p = services.registry.profile(viewer_of(request), actor_id)
    result = services.registry.touchpoints(viewer_of(request), country, actor_id=actor_id) if country else None
    return render(
        request,
        "registry/touchpoints.html",
        nav="actors",
        p=p,
        country=country or "",
        result=result,
        breadcrumbs=[
            ("Home", "/"),
            ("Actors", "/actors"),
            (p.actor.name, f"/actors/{actor_id}"),
            ("Ties with a country", None),
        ],
    )


@router.get("/channels")
def channels_form(
    request: Request,
    a: Annotated[str | None, Query(max_length=60)] = None,
    b: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    if a and b:
        from proxenia.domain.countries import country_code

        return RedirectResponse(f"/countries/{country_code(a, field='a')}/channels/{country_code(b, field='b')}", 303)
    return render(
        request,
        "registry/channels.html",
        nav="channels",
        result=None,
        a=a or "",
        b=b or "",
        breadcrumbs=[("Home", "/"), ("Channels between countries", None)],
    )


@router.get("/countries/{country_a}/channels/{country_b}.geojson")
def channels_geojson(request: Request, country_a: str, country_b: str) -> Response:
    result = _services(request).registry.channels(viewer_of(request), country_a, country_b)
    doc = channels_features(result, url_for=lambda i: f"/actors/{i}")
    return JSONResponse(_jsonable(doc), media_type="application/geo+json")


@router.get("/countries/{country_a}/channels/{country_b}.csv")
def channels_csv(request: Request, country_a: str, country_b: str) -> Response:
    result = _services(request).registry.channels(viewer_of(request), country_a, country_b)
    rows = (
        [
            label,
            t.origin.name,
            t.origin.country_code,
            t.view.other.name,
            t.view.other.country_code,
            t.view.tie.status.value,
            t.view.tie.start_date,
            t.view.tie.source_ref,
        ]
        for label, items in result.by_type.items()
        for t in items
    )
    body = csv_text(["tie", "actor", "country", "partner", "partner_country", "status", "start_date", "source"], rows)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="channels-{result.country_a}-{result.country_b}.csv"'},
    )


@router.get("/countries/{country_a}/channels/{country_b}")
def channels_page(request: Request, country_a: str, country_b: str) -> Response:
    result = _services(request).registry.channels(viewer_of(request), country_a, country_b)
    return render(
        request,
        "registry/channels.html",
        nav="channels",
        result=result,
        a=result.country_a,
        b=result.country_b,
        breadcrumbs=[("Home", "/"), ("Channels", "/channels"), (f"{result.country_a} – {result.country_b}", None)],
    )


def _jsonable(doc: Any) -> Any:
    import json

    return json.loads(json.dumps(doc, default=str))
