"""Pages of missions and multilateral processes: the missions and the places they serve, a government's
missions (the foreign ones serving it, its own country's serving its partners), the office routing its
members' engagements to missions; summits and processes with participations and submissions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response

from proxenia.domain.errors import Unauthenticated
from proxenia.domain.federation import RoutingSubject
from proxenia.domain.kinds import Visibility
from proxenia.domain.missions import MISSION_SUBTYPES, MissionDraft
from proxenia.domain.processes import (
    ParticipationDraft,
    ParticipationRole,
    ProcessDraft,
    ProcessKind,
    SubmissionDraft,
)
from proxenia.services.container import Services
from proxenia.web.federation_pages import page
from proxenia.web.form_values import form_value
from proxenia.web.forms import csrf_protect, redirect
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
SlugPath = Annotated[str, Path(max_length=64)]


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to record missions and processes")


def _blank(text: str) -> str | None:
    return text.strip() or None


@router.get("/missions")
def missions(request: Request) -> Response:
    found = _services(request).missions.missions(viewer_of(request))
    return page(request, "federation/missions.html", missions=found, subtypes=MISSION_SUBTYPES,
                breadcrumbs=[("Home", "/"), ("Missions", None)])


@router.post("/missions")
def create_mission(
    request: Request,
    name: Annotated[str, Form(max_length=500)],
    subtype: Annotated[str, Form(max_length=32)],
    sending_country: Annotated[str, Form(max_length=2)],
    host_country: Annotated[str, Form(max_length=2)],
    serves_name: Annotated[str, Form(max_length=300)] = "",
    serves_id: Annotated[str, Form(max_length=64)] = "",
    source_ref: Annotated[str, Form(max_length=2000)] = "",
    illustrative: Annotated[str, Form(max_length=8)] = "",
    visibility: Annotated[Visibility, Form()] = Visibility.PRIVATE,
) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    locale = form_value(serves_id, "serves_id", uuid.UUID) if serves_id.strip() else (
        services.registry.resolve(viewer, serves_name).id if serves_name.strip() else None)
    new_id = services.missions.create(viewer, MissionDraft(
        name=name, subtype=subtype, sending_country=sending_country.upper(), host_country=host_country.upper(),
        serves=(locale,) if locale else (), source_ref=_blank(source_ref), illustrative=illustrative == "on",
        visibility=visibility))
    return redirect(f"/actors/{new_id}", "saved")


@router.get("/actors/{actor_id}/missions")
def actor_missions(request: Request, actor_id: uuid.UUID) -> Response:
    found = _services(request).missions.for_actor(viewer_of(request), actor_id)
    return page(request, "federation/actor_missions.html", m=found,
                breadcrumbs=[("Home", "/"), (found.actor.name, f"/actors/{actor_id}"), ("Missions", None)])


@router.get("/federations/{slug}/routings")
def routings(request: Request, slug: SlugPath) -> Response:
    services, viewer = _services(request), viewer_of(request)
    done = services.missions.routings(viewer, slug)
    candidates = services.missions.routing_candidates(viewer, slug)
    names = services.missions.mission_names(viewer, {m.mission_id for m in done if m.mission_id})
    return page(request, "federation/routings.html", slug=slug, done=done, candidates=candidates, names=names,
                all_missions=services.missions.missions(viewer),
                breadcrumbs=[("Home", "/"), ("Federations", "/federations"), (slug, f"/federations/{slug}"),
                             ("Routings", None)])


@router.post("/federations/{slug}/routings")
def route(
    request: Request, slug: SlugPath, subject_id: Annotated[uuid.UUID, Form()],
    mission_id: Annotated[uuid.UUID, Form()], note: Annotated[str, Form(max_length=4000)] = "",
    subject_kind: Annotated[RoutingSubject, Form()] = RoutingSubject.ENGAGEMENT,
) -> Response:
    _signed_in(request)
    _services(request).missions.route(viewer_of(request), slug, subject_kind, subject_id, mission_id, note)
    return redirect(f"/federations/{slug}/routings", "saved")


@router.get("/processes")
def processes(request: Request) -> Response:
    found = _services(request).processes.processes(viewer_of(request))
    return page(request, "federation/processes.html", processes=found, kinds=list(ProcessKind),
                breadcrumbs=[("Home", "/"), ("Multilateral processes", None)])


@router.post("/processes")
def create_process(
    request: Request, name: Annotated[str, Form(max_length=300)], kind: Annotated[ProcessKind, Form()],
    start_date: Annotated[str, Form(max_length=10)] = "", place: Annotated[str, Form(max_length=300)] = "",
    source_ref: Annotated[str, Form(max_length=2000)] = "", description: Annotated[str, Form(max_length=10000)] = "",
    visibility: Annotated[Visibility, Form()] = Visibility.PUBLIC,
) -> Response:
    _signed_in(request)
    new_id = _services(request).processes.create(viewer_of(request), ProcessDraft(
        kind=kind, name=name, description=description, start_date=_blank(start_date), place=_blank(place),
        source_ref=_blank(source_ref), visibility=visibility))
    return redirect(f"/processes/{new_id}", "saved")


@router.get("/processes/{process_id}")
def process(request: Request, process_id: uuid.UUID) -> Response:
    detail = _services(request).processes.detail(viewer_of(request), process_id)
    return page(request, "federation/process.html", d=detail, roles=list(ParticipationRole),
                breadcrumbs=[("Home", "/"), ("Multilateral processes", "/processes"), (detail.process.name, None)])


@router.post("/processes/{process_id}/participations")
def participate(
    request: Request, process_id: uuid.UUID, role: Annotated[ParticipationRole, Form()],
    note: Annotated[str, Form(max_length=4000)] = "", actor_name: Annotated[str, Form(max_length=300)] = "",
    actor_id: Annotated[str, Form(max_length=64)] = "",
    visibility: Annotated[Visibility, Form()] = Visibility.FEDERATION,
) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    actor = form_value(actor_id, "actor_id", uuid.UUID) if actor_id.strip() else (
        services.registry.resolve(viewer, actor_name).id if actor_name.strip() else None)
    services.processes.participate(viewer, ParticipationDraft(process_id=process_id, role=role, actor_id=actor,
                                                              note=note, visibility=visibility))
    return redirect(f"/processes/{process_id}", "saved")


@router.post("/processes/{process_id}/submissions")
def submit(
    request: Request, process_id: uuid.UUID, title: Annotated[str, Form(max_length=500)],
    submitted_on: Annotated[str, Form(max_length=10)] = "", summary: Annotated[str, Form(max_length=10000)] = "",
    url: Annotated[str, Form(max_length=500)] = "", visibility: Annotated[Visibility, Form()] = Visibility.FEDERATION,
) -> Response:
    _signed_in(request)
    _services(request).processes.submit(viewer_of(request), SubmissionDraft(
        process_id=process_id, title=title, submitted_on=_blank(submitted_on), summary=summary, url=_blank(url),
        visibility=visibility))
    return redirect(f"/processes/{process_id}", "saved")


@router.get("/federations/{slug}/processes")
def federation_processes(request: Request, slug: SlugPath) -> Response:
    found = _services(request).processes.for_federation(viewer_of(request), slug)
    return page(request, "federation/federation_processes.html", slug=slug, found=found,
                breadcrumbs=[("Home", "/"), ("Federations", "/federations"), (slug, f"/federations/{slug}"),
                             ("Processes", None)])
