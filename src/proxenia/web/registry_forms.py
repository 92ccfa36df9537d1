"""Forms that change the registry: actors and ties (with the rationale), each edit guarded by the
version it was made from, so a stale form is refused instead of overwriting someone's change."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, Response

from proxenia.domain.actors import ActorDraft
from proxenia.domain.errors import Conflict, InvalidInput, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import ActorKind, TieStatus, Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.ties import TieDraft
from proxenia.services.container import Services
from proxenia.web.confirmation import confirm_first
from proxenia.web.forms import csrf_protect, redirect
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to change the registry")


def _blank(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


@router.get("/actors/typeahead.json")
def typeahead(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    page = _services(request).registry.search_actors(viewer_of(request), q or None, page=PageRequest(limit=12))
    return JSONResponse(
        {
            "items": [
                {"id": str(a.id), "name": a.name, "country_code": a.country_code, "kind": a.kind.value}
                for a in page.items
            ]
        }
    )


@router.get("/actors/new")
def new_actor(request: Request) -> Response:
    _signed_in(request)
    return render(
        request,
        "registry/actor_form.html",
        nav="actors",
        actor=None,
        values={},
        error=None,
        kinds=list(ActorKind),
        visibilities=list(Visibility),
        breadcrumbs=[("Home", "/"), ("Actors", "/actors"), ("New actor", None)],
    )


@router.post("/actors/new")
def create_actor(
    request: Request,
    kind: Annotated[ActorKind, Form()],
    visibility: Annotated[Visibility, Form()],
    name: Annotated[str, Form()] = "",
    country_code: Annotated[str, Form()] = "",
    subtype: Annotated[str, Form()] = "",
    population: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    values = {
        "kind": kind.value,
        "name": name,
        "country_code": country_code,
        "subtype": subtype,
        "population": population,
        "visibility": visibility.value,
    }
    try:
        pop = int(population) if population.strip() else None
        new_id = _services(request).edits.create_actor(
            viewer_of(request),
            ActorDraft(
                kind=kind,
                name=name.strip(),
                subtype=_blank(subtype),
                country_code=_blank(country_code.upper()),
                population=pop,
                visibility=visibility,
            ),
        )
    except (ProxeniaError, ValueError) as exc:
        return render(
            request,
            "registry/actor_form.html",
            status_code=422,
            nav="actors",
            actor=None,
            values=values,
            error=getattr(exc, "detail", "population must be a whole number"),
            kinds=list(ActorKind),
            visibilities=list(Visibility),
            breadcrumbs=[("Home", "/"), ("New actor", None)],
        )
    return redirect(f"/actors/{new_id}", "saved")


@router.get("/actors/{actor_id}/edit")
def edit_actor(request: Request, actor_id: uuid.UUID) -> Response:
    _signed_in(request)
    actor = _services(request).registry.profile(viewer_of(request), actor_id).actor
    values = {
        "name": actor.name,
        "subtype": actor.subtype or "",
        "population": actor.population or "",
        "visibility": actor.visibility.value,
        "version": actor.version,
    }
    return render(
        request,
        "registry/actor_form.html",
        nav="actors",
        actor=actor,
        values=values,
        error=None,
        kinds=list(ActorKind),
        visibilities=list(Visibility),
        breadcrumbs=[("Home", "/"), ("Actors", "/actors"), (actor.name, f"/actors/{actor.id}"), ("Edit", None)],
    )


@router.post("/actors/{actor_id}/edit")
def update_actor(
    request: Request,
    actor_id: uuid.UUID,
    version: Annotated[int, Form()],
    visibility: Annotated[Visibility, Form()],
    name: Annotated[str, Form()] = "",
    subtype: Annotated[str, Form()] = "",
    population: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    services = _services(request)
    fields: dict[str, Any] = {"name": name.strip(), "subtype": _blank(subtype), "visibility": visibility.value}
    try:
        fields["population"] = int(population) if population.strip() else None
        services.edits.update_actor(viewer_of(request), actor_id, version, fields)
    except (InvalidInput, Conflict, ValueError) as exc:
        actor = services.registry.profile(viewer_of(request), actor_id).actor
        values = {**fields, "population": population, "version": version}
        return render(
            request,
            "registry/actor_form.html",
            status_code=409 if isinstance(exc, Conflict) else 422,
            nav="actors",
            actor=actor,
            values=values,
            kinds=list(ActorKind),
            visibilities=list(Visibility),
            error=getattr(exc, "detail", "population must be a whole number"),
            stale=isinstance(exc, Conflict),
            breadcrumbs=[("Home", "/"), (actor.name, f"/actors/{actor.id}"), ("Edit", None)],
        )
    return redirect(f"/actors/{actor_id}", "saved")


@router.get("/ties/new")
def new_tie(request: Request, source: uuid.UUID) -> Response:
    _signed_in(request)
    services = _services(request)
    origin = services.registry.profile(viewer_of(request), source).actor
    return render(
        request,
        "registry/tie_form.html",
        nav="actors",
        origin=origin,
        tie=None,
        values={},
        error=None,
        types=services.registry.tie_types(viewer_of(request)),
        statuses=list(TieStatus),
        visibilities=list(Visibility),
        breadcrumbs=[("Home", "/"), (origin.name, f"/actors/{origin.id}"), ("New tie", None)],
    )


@router.post("/ties/new")
def create_tie(
    request: Request,
    source_id: Annotated[uuid.UUID, Form()],
    visibility: Annotated[Visibility, Form()],
    status: Annotated[TieStatus, Form()],
    type_code: Annotated[str, Form()] = "",
    target_id: Annotated[str, Form()] = "",
    target_name: Annotated[str, Form()] = "",
    start_date: Annotated[str, Form()] = "",
    end_date: Annotated[str, Form()] = "",
    rationale: Annotated[str, Form()] = "",
    source_ref: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    values = {
        "type_code": type_code,
        "target_name": target_name,
        "start_date": start_date,
        "end_date": end_date,
        "rationale": rationale,
        "source_ref": source_ref,
        "visibility": visibility.value,
        "status": status.value,
    }
    try:
        if not (target_id.strip() or target_name.strip()):
            raise InvalidInput(Problem("choose the other actor from the list", column="target_name"))
        target = uuid.UUID(target_id) if target_id.strip() else services.registry.resolve(viewer, target_name).id
        services.edits.create_tie(
            viewer,
            TieDraft(
                type_code=type_code,
                source_id=source_id,
                target_id=target,
                status=status,
                start_date=_blank(start_date),
                end_date=_blank(end_date),
                rationale=_blank(rationale),
                source_ref=_blank(source_ref),
                visibility=visibility,
            ),
        )
    except (ProxeniaError, ValueError) as exc:
        origin = services.registry.profile(viewer, source_id).actor
        return render(
            request,
            "registry/tie_form.html",
            status_code=422,
            nav="actors",
            origin=origin,
            tie=None,
            values=values,
            error=getattr(exc, "detail", "choose the other actor from the list"),
            types=services.registry.tie_types(viewer),
            statuses=list(TieStatus),
            visibilities=list(Visibility),
            breadcrumbs=[("Home", "/"), ("New tie", None)],
        )
    return redirect(f"/actors/{source_id}#ties", "saved")


@router.post("/ties/{tie_id}/delete", dependencies=[confirm_first("Delete this tie?")])
def delete_tie(
    request: Request, tie_id: uuid.UUID, version: Annotated[int, Form()], back: Annotated[str, Form()] = "/"
) -> Response:
    _signed_in(request)
    _services(request).edits.delete_tie(viewer_of(request), tie_id, version)
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    return redirect(target, "deleted")
