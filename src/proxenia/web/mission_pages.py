"""Pages of missions and multilateral processes: the missions and the places they serve, a government's
missions (the foreign ones serving it, its own country's serving its partners), the office routing its
members' engagements to missions; summits and processes with participations and submissions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
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
from proxenia.web.form_values import form_actor, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed
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


def _missions(request: Request, refused: Refused | None = None) -> Response:
    found = _services(request).missions.missions(viewer_of(request))
    return page(request, "federation/missions.html", missions=found, subtypes=MISSION_SUBTYPES,
                refused=refused, breadcrumbs=[("Home", "/"), ("Missions", None)])


@router.get("/missions")
def missions(request: Request) -> Response:
    return _missions(request)


MISSION_FIELDS = {"name": "", "subtype": "", "sending_country": "", "host_country": "", "serves_name": "",
                  "serves_id": "", "source_ref": "", "illustrative": "", "visibility": Visibility.PRIVATE.value}


@router.post("/missions")
def create_mission(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    values = typed(form, MISSION_FIELDS)
    try:
        locale = form_actor(services.registry, viewer, values, "serves")
        new_id = services.missions.create(viewer, MissionDraft(
            name=values["name"], subtype=values["subtype"], sending_country=values["sending_country"].strip().upper(),
            host_country=values["host_country"].strip().upper(), serves=(locale,) if locale else (),
            source_ref=_blank(values["source_ref"]), illustrative=values["illustrative"] == "on",
            visibility=required_value(values["visibility"], "visibility", Visibility)))
    except SENT_BACK as exc:
        return _missions(request, refusal(exc, "mission", values))
    return redirect(f"/actors/{new_id}", "saved")


@router.get("/actors/{actor_id}/missions")
def actor_missions(request: Request, actor_id: uuid.UUID) -> Response:
    found = _services(request).missions.for_actor(viewer_of(request), actor_id)
    return page(request, "federation/actor_missions.html", m=found,
                breadcrumbs=[("Home", "/"), (found.actor.name, f"/actors/{actor_id}"), ("Missions", None)])


def _routings(request: Request, slug: str, refused: Refused | None = None) -> Response:
    services, viewer = _services(request), viewer_of(request)
    done = services.missions.routings(viewer, slug)
    candidates = services.missions.routing_candidates(viewer, slug)
    names = services.missions.mission_names(viewer, {m.mission_id for m in done if m.mission_id})
    return page(request, "federation/routings.html", slug=slug, done=done, candidates=candidates,
                names=names, all_missions=services.missions.missions(viewer), refused=refused,
                breadcrumbs=[("Home", "/"), ("Federations", "/federations"), (slug, f"/federations/{slug}"),
                             ("Routings", None)])


@router.get("/federations/{slug}/routings")
def routings(request: Request, slug: SlugPath) -> Response:
    return _routings(request, slug)


ROUTING_FIELDS = {"subject_id": "", "mission_id": "", "note": "", "subject_kind": RoutingSubject.ENGAGEMENT.value}


@router.post("/federations/{slug}/routings")
def route(request: Request, slug: SlugPath, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, ROUTING_FIELDS)
    try:
        kind = required_value(values["subject_kind"], "subject_kind", RoutingSubject)
        subject = required_value(values["subject_id"], "subject_id", uuid.UUID, missing="choose what to route")
        mission = required_value(values["mission_id"], "mission_id", uuid.UUID, missing="choose the mission")
        _services(request).missions.route(viewer_of(request), slug, kind, subject, mission, values["note"])
    except SENT_BACK as exc:
        return _routings(request, slug, refusal(exc, f"routing-{values['subject_id'].strip()}", values))
    return redirect(f"/federations/{slug}/routings", "saved")


def _processes(request: Request, refused: Refused | None = None) -> Response:
    found = _services(request).processes.processes(viewer_of(request))
    return page(request, "federation/processes.html", processes=found, kinds=list(ProcessKind),
                refused=refused, breadcrumbs=[("Home", "/"), ("Multilateral processes", None)])


@router.get("/processes")
def processes(request: Request) -> Response:
    return _processes(request)


PROCESS_FIELDS = {"name": "", "kind": "", "start_date": "", "place": "", "source_ref": "", "description": "",
                  "visibility": Visibility.PUBLIC.value}


@router.post("/processes")
def create_process(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, PROCESS_FIELDS)
    try:
        new_id = _services(request).processes.create(viewer_of(request), ProcessDraft(
            kind=required_value(values["kind"], "kind", ProcessKind), name=values["name"],
            description=values["description"], start_date=_blank(values["start_date"]), place=_blank(values["place"]),
            source_ref=_blank(values["source_ref"]),
            visibility=required_value(values["visibility"], "visibility", Visibility)))
    except SENT_BACK as exc:
        return _processes(request, refusal(exc, "process", values))
    return redirect(f"/processes/{new_id}", "saved")


def _process(request: Request, process_id: uuid.UUID, refused: Refused | None = None) -> Response:
    detail = _services(request).processes.detail(viewer_of(request), process_id)
    return page(request, "federation/process.html", d=detail, roles=list(ParticipationRole),
                refused=refused, breadcrumbs=[("Home", "/"), ("Multilateral processes", "/processes"),
                                              (detail.process.name, None)])


@router.get("/processes/{process_id}")
def process(request: Request, process_id: uuid.UUID) -> Response:
    return _process(request, process_id)


PARTICIPATION_FIELDS = {"role": "", "note": "", "actor_name": "", "actor_id": "",
                        "visibility": Visibility.FEDERATION.value}


@router.post("/processes/{process_id}/participations")
def participate(request: Request, process_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    values = typed(form, PARTICIPATION_FIELDS)
    try:
        services.processes.participate(viewer, ParticipationDraft(
            process_id=process_id, role=required_value(values["role"], "role", ParticipationRole),
            actor_id=form_actor(services.registry, viewer, values, "actor"), note=values["note"],
            visibility=required_value(values["visibility"], "visibility", Visibility)))
    except SENT_BACK as exc:
        return _process(request, process_id, refusal(exc, "participation", values))
    return redirect(f"/processes/{process_id}", "saved")


SUBMISSION_FIELDS = {"title": "", "submitted_on": "", "summary": "", "url": "",
                     "visibility": Visibility.FEDERATION.value}


@router.post("/processes/{process_id}/submissions")
def submit(request: Request, process_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, SUBMISSION_FIELDS)
    try:
        _services(request).processes.submit(viewer_of(request), SubmissionDraft(
            process_id=process_id, title=values["title"], submitted_on=_blank(values["submitted_on"]),
            summary=values["summary"], url=_blank(values["url"]),
            visibility=required_value(values["visibility"], "visibility", Visibility)))
    except SENT_BACK as exc:
        return _process(request, process_id, refusal(exc, "submission", values))
    return redirect(f"/processes/{process_id}", "saved")


@router.get("/federations/{slug}/processes")
def federation_processes(request: Request, slug: SlugPath) -> Response:
    found = _services(request).processes.for_federation(viewer_of(request), slug)
    return page(request, "federation/federation_processes.html", slug=slug, found=found,
                breadcrumbs=[("Home", "/"), ("Federations", "/federations"), (slug, f"/federations/{slug}"),
                             ("Processes", None)])
