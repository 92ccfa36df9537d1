"""Pages of reporting campaigns, the member's side: the inbox (campaigns sent to it, reminders, routings),
answering a campaign (a draft prefilled from the registry, saved as often as needed, then submitted),
and turning what was reported into the member's own records."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from proxenia.domain.campaigns import Campaign, QuestionKind, RecordItem
from proxenia.domain.errors import InvalidInput, Problem, Unauthenticated
from proxenia.domain.kinds import Visibility
from proxenia.services.container import Services
from proxenia.web.federation_pages import page
from proxenia.web.form_values import form_value
from proxenia.web.forms import Refused, csrf_protect, redirect, refusal, with_form
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def _services(request: Request) -> Services:
    return request.app.state.services


@router.get("/inbox")
def inbox(request: Request) -> Response:
    viewer = viewer_of(request)
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to see your organisation's inbox")
    services = _services(request)
    found = services.campaign_responses.inbox(viewer)
    missions = services.missions.mission_names(viewer, {m.mission_id for m in found.messages if m.mission_id})
    return page(request, "campaigns/inbox.html", inbox=found, missions=missions,
                breadcrumbs=[("Home", "/"), ("Inbox", None)])


@router.post("/campaigns/{campaign_id}/answer")
def start(request: Request, campaign_id: uuid.UUID) -> Response:
    response_id = _services(request).campaign_responses.start(viewer_of(request), campaign_id)
    return redirect(f"/campaign-responses/{response_id}")


def _form(request: Request, response_id: uuid.UUID, refused: Refused | None = None) -> Response:
    view = _services(request).campaign_responses.view(viewer_of(request), response_id)
    return page(request, "campaigns/response.html", v=view, r=view.response, c=view.campaign, refused=refused,
                shared=[Visibility.FEDERATION, Visibility.PUBLIC],
                breadcrumbs=[("Home", "/"), ("Inbox", "/inbox"), (view.campaign.title, None)])


@router.get("/campaign-responses/{response_id}")
def response_form(request: Request, response_id: uuid.UUID) -> Response:
    return _form(request, response_id)


def parse_line(line: str) -> dict[str, Any] | None:
    """A new record typed as 'Name, country code, since' (the last two optional): 'Seoul, KR, 2024'."""
    parts = [p.strip() for p in line.split(",") if p.strip()]
    if not parts:
        return None
    name, country, since = parts[0], None, None
    for part in parts[1:]:
        if _DATE.match(part):
            since = part
        elif len(part) == 2 and part.isalpha():
            country = part.upper()
        else:
            name = f"{name}, {part}"
    return RecordItem(name=name, country_code=country, since=since).as_json()  # the answers' check refuses a long name


def answers_from_form(campaign: Campaign, form: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in campaign.questions:
        field = f"a_{q.key}"
        if q.kind is not QuestionKind.RECORDS:
            answers[q.key] = str(form.get(field) or "")
            continue
        try:
            listed = json.loads(str(form.get(f"{field}_items") or "[]"))
        except json.JSONDecodeError:
            raise InvalidInput(Problem("the list of records was damaged; reload the page", column=q.key)) from None
        keep = {str(k) for k in form.getlist(f"{field}_keep")}
        items = [item for i, item in enumerate(listed if isinstance(listed, list) else []) if str(i) in keep]
        for line in str(form.get(f"{field}_new") or "").splitlines():
            parsed = parse_line(line)
            if parsed:
                items.append(parsed)
        answers[q.key] = items
    return answers


def _as_typed(campaign: Campaign, form: FormData) -> dict[str, str]:
    """The answers as typed, to show them again: each answer's field, the new records' lines, the records kept
    (their positions, comma-separated) and the sharing chosen."""
    typed = {"visibility": str(form.get("visibility") or "")}
    for q in campaign.questions:
        field = f"a_{q.key}"
        if q.kind is QuestionKind.RECORDS:
            typed[f"{field}_new"] = str(form.get(f"{field}_new") or "")
            typed[f"{field}_keep"] = ",".join(str(k) for k in form.getlist(f"{field}_keep"))
        elif field in form:
            typed[field] = str(form.get(field) or "")
    return typed


@router.post("/campaign-responses/{response_id}")
async def save(request: Request, response_id: uuid.UUID) -> Response:
    return await with_form(_save, request, response_id)


def _save(request: Request, form: FormData, response_id: uuid.UUID) -> Response:
    services, viewer = _services(request), viewer_of(request)
    view = services.campaign_responses.view(viewer, response_id)
    submitting = form.get("action") == "submit"
    try:
        version = form_value(str(form.get("version") or ""), "version", int) or None
        sharing = form_value(str(form.get("visibility") or ""), "visibility", Visibility) if submitting else None
        new_version, _ = services.campaign_responses.save(viewer, response_id, version,
                                                          answers_from_form(view.campaign, form))
        if submitting:
            services.campaign_responses.submit(viewer, response_id, new_version, sharing or Visibility.FEDERATION)
            return redirect(f"/campaign-responses/{response_id}", "saved")
    except InvalidInput as exc:
        return _form(request, response_id, refusal(exc, "answers", _as_typed(view.campaign, form)))
    return redirect(f"/campaign-responses/{response_id}", "saved")


@router.post("/campaign-responses/{response_id}/records")
async def to_records(request: Request, response_id: uuid.UUID) -> Response:
    return await with_form(_to_records, request, response_id)


def _to_records(request: Request, form: FormData, response_id: uuid.UUID) -> Response:
    sharing = form_value(str(form.get("visibility") or ""), "visibility", Visibility) or Visibility.FEDERATION
    made = _services(request).campaign_responses.to_records(viewer_of(request), response_id, visibility=sharing)
    return redirect(f"/campaign-responses/{response_id}?created={made.created}", "saved")
