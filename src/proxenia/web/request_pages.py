"""Pages for requests for help: the list, asking, a request with the practices and peers proposed for it
(each with its reasons), its responses, answering it, and moving it through open → answered → closed."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from proxenia.domain.errors import ProxeniaError, Unauthenticated
from proxenia.domain.help_requests import REQUEST_MOVES, HelpRequestDraft, HelpResponseDraft, RequestStatus
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import PageRequest
from proxenia.services.container import Services
from proxenia.web.confirmation import confirm_first
from proxenia.web.form_values import form_actor, form_value, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed
from proxenia.web.list_filters import request_statuses
from proxenia.web.practice_pages import page
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
PAGE_SIZE = 25
CRUMBS = [("Home", "/"), ("Practices", "/practices"), ("Requests for help", "/requests-for-help")]


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to ask for help or to answer")


@router.get("/requests-for-help")
def requests_list(
    request: Request,
    status: Annotated[str, Query(max_length=16)] = "",
    mine: bool = False,
    page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    statuses = request_statuses(status)
    result = _services(request).help_requests.search(
        viewer_of(request),
        statuses=statuses,
        mine=mine,
        page=PageRequest(limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE),
    )
    return page(
        request,
        "requests/list.html",
        result=result,
        status=status,
        mine=mine,
        request_statuses=list(RequestStatus),
        breadcrumbs=[*CRUMBS[:2], ("Requests for help", None)],
    )


def _ask_form(request: Request, values: dict[str, str], error: str | None = None, status: int = 200) -> Response:
    return page(
        request,
        "requests/ask.html",
        status,
        values=values,
        error=error,
        visibilities=list(Visibility),
        breadcrumbs=[*CRUMBS, ("Ask for help", None)],
    )


@router.get("/requests-for-help/new")
def ask_form(request: Request) -> Response:
    _signed_in(request)
    return _ask_form(request, {"visibility": Visibility.PARTNERS.value})


@router.post("/requests-for-help/new")
def ask(
    request: Request,
    visibility: Annotated[Visibility, Form()],
    title: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    asker_id: Annotated[str, Form()] = "",
    asker_name: Annotated[str, Form()] = "",
    policy_area: Annotated[str, Form()] = "",
    needed_by: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    values = {
        "title": title,
        "text": text,
        "asker_name": asker_name,
        "policy_area": policy_area,
        "needed_by": needed_by,
        "visibility": visibility.value,
    }
    try:
        if asker_id.strip():
            asker = uuid.UUID(asker_id.strip())
        elif asker_name.strip():
            asker = services.registry.resolve(viewer, asker_name).id
        else:
            raise ValueError("say which government is asking")
        new_id = services.help_requests.ask(
            viewer,
            HelpRequestDraft(
                asker_id=asker,
                title=title,
                text=text,
                policy_area=policy_area or None,
                needed_by=needed_by.strip() or None,
                visibility=visibility,
            ),
        )
    except (ProxeniaError, ValueError) as exc:
        return _ask_form(request, values, getattr(exc, "detail", str(exc)), 422)
    return redirect(f"/requests-for-help/{new_id}", "saved")


@router.get("/requests-for-help/{request_id}")
def request_page(request: Request, request_id: uuid.UUID) -> Response:
    return _request_page(request, request_id)


def _request_page(request: Request, request_id: uuid.UUID, refused: Refused | None = None) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    found = services.help_requests.get(viewer, request_id)
    proposals = services.help_requests.proposals(viewer, request_id, limit=8)
    return page(
        request,
        "requests/request.html",
        refused=refused,
        r=found,
        answer=proposals,
        moves=sorted(REQUEST_MOVES[found.status]),
        can_edit=viewer.can_write(found.tenant_id),
        visibilities=list(Visibility),
        breadcrumbs=[*CRUMBS, (found.title, None)],
    )


RESPONSE_FIELDS = {"text": "", "visibility": "", "responder_id": "", "responder_name": "", "practice_id": "",
                   "contact": ""}


@router.post("/requests-for-help/{request_id}/responses")
def respond(request: Request, request_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    values = typed(form, RESPONSE_FIELDS)
    try:
        services.help_requests.respond(
            viewer,
            HelpResponseDraft(
                request_id=request_id,
                text=values["text"],
                responder_id=form_actor(services.registry, viewer, values, "responder"),
                practice_id=form_value(values["practice_id"], "practice_id", uuid.UUID),
                contact=values["contact"].strip() or None,
                visibility=required_value(values["visibility"], "visibility", Visibility),
            ),
        )
    except SENT_BACK as exc:
        return _request_page(request, request_id, refusal(exc, "response", values))
    return redirect(f"/requests-for-help/{request_id}#responses", "saved")


@router.post("/requests-for-help/{request_id}/status", dependencies=[confirm_first(
    "Close this request? No one can answer it any more.", when=lambda form: form.get("status") == "closed")])
def move(request: Request, request_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, {"status": "", "version": ""})
    try:
        status = required_value(values["status"], "status", RequestStatus)
        version = required_value(values["version"], "version", int, "reload the page and try again")
        _services(request).help_requests.set_status(viewer_of(request), request_id, status, version)
    except SENT_BACK as exc:
        return _request_page(request, request_id, refusal(exc, "status", values))
    return redirect(f"/requests-for-help/{request_id}", "saved")
