"""Pages of reporting campaigns, the office's side: the list, the questionnaire designer (from a template
or blank), the campaign with its completion (send, remind, close), the validated responses, the
aggregate (charts with their tables) and the exports (CSV, Data Package)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from proxenia.domain.campaigns import (
    MAX_QUESTIONS,
    RECORD_SOURCES,
    TEMPLATES,
    CampaignDraft,
    Question,
    QuestionKind,
)
from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem
from proxenia.domain.kinds import Visibility
from proxenia.interop.campaign_package import zipped
from proxenia.services.campaign_tables import campaign_export
from proxenia.services.container import Services
from proxenia.web.confirmation import confirm_first
from proxenia.web.federation_pages import csv_response, page
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed, with_form
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
SlugPath = Annotated[str, Path(max_length=64)]
ROWS = 10


def _services(request: Request) -> Services:
    return request.app.state.services


def _crumbs(slug: str, *more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Home", "/"), ("Federations", "/federations"), (slug, f"/federations/{slug}"),
            ("Campaigns", f"/federations/{slug}/campaigns"), *more]


@router.get("/federations/{slug}/campaigns")
def campaigns(request: Request, slug: SlugPath) -> Response:
    services, viewer = _services(request), viewer_of(request)
    detail = services.federations.detail(viewer, slug)
    found = services.campaigns.campaigns(viewer, slug)
    return page(request, "campaigns/list.html", slug=slug, d=detail, campaigns=found,
                breadcrumbs=[*_crumbs(slug)[:-1], ("Campaigns", None)])


def _designer(request: Request, slug: str, values: dict[str, Any], questions: list[Question],
              error: str | None = None, status: int = 200) -> Response:
    rows = questions + [Question("", QuestionKind.TEXT, "")] * max(2, ROWS - len(questions))
    return page(request, "campaigns/form.html", status, slug=slug, values=values, rows=rows, kinds=list(QuestionKind),
                sources=RECORD_SOURCES, templates=TEMPLATES, error=error,
                breadcrumbs=_crumbs(slug, ("New campaign", None)))


@router.get("/federations/{slug}/campaigns/new")
def new_campaign(request: Request, slug: SlugPath, template: Annotated[str, Query(max_length=32)] = "") -> Response:
    if not _services(request).federations.detail(viewer_of(request), slug).is_office:
        raise PermissionDenied("only the federation's office designs its campaigns")
    title, description, questions = TEMPLATES.get(template, ("", "", ()))
    return _designer(request, slug, {"title": title, "description": description, "template": template},
                     list(questions))


def _key(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or "question"
    if not base[0].isalpha():
        base = "q_" + base
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def _number(text: str, column: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a number", column=column)) from None


def questions_from_form(form: Any) -> list[Question]:
    """The designer's rows (empty rows skipped), keys kept when given, derived from the text otherwise."""
    out: list[Question] = []
    taken: set[str] = set()
    for i in itertools.count():
        if len(out) > MAX_QUESTIONS:  # one more than a campaign holds: the draft's check refuses it, saying why
            break
        label = str(form.get(f"q{i}_label") or "").strip()
        if f"q{i}_label" not in form:
            break
        if not label:
            continue
        kind = QuestionKind(str(form.get(f"q{i}_kind") or "text"))
        key = str(form.get(f"q{i}_key") or "").strip()
        if key:
            taken.add(key)
        choices = tuple(c.strip() for c in str(form.get(f"q{i}_choices") or "").split("|") if c.strip())
        out.append(Question(
            key=key or _key(label, taken), kind=kind, label=label, help=str(form.get(f"q{i}_help") or "").strip(),
            required=form.get(f"q{i}_required") == "on", min_value=_number(str(form.get(f"q{i}_min") or ""), label),
            max_value=_number(str(form.get(f"q{i}_max") or ""), label), choices=choices,
            source=str(form.get(f"q{i}_source") or "") or None,
        ))
    return out


@router.post("/federations/{slug}/campaigns/new")
async def create_campaign(request: Request, slug: SlugPath) -> Response:
    return await with_form(_create_campaign, request, slug)


def _create_campaign(request: Request, form: FormData, slug: str) -> Response:
    values = {k: str(form.get(k) or "") for k in ("title", "description", "topic", "deadline", "visibility")}
    try:
        questions = questions_from_form(form)
        deadline = dt.date.fromisoformat(values["deadline"]) if values["deadline"] else None
        draft = CampaignDraft(federation_id=uuid.UUID(int=0), title=values["title"],
                              description=values["description"], topic=values["topic"], deadline=deadline,
                              questions=tuple(questions),
                              visibility=Visibility(values["visibility"] or Visibility.FEDERATION.value))
        new_id = _services(request).campaigns.create(viewer_of(request), slug, draft)
    except (InvalidInput, ValueError) as exc:
        detail = "; ".join(str(p) for p in exc.problems) if isinstance(exc, InvalidInput) else str(exc)
        return _designer(request, slug, values, questions_from_form(form) if isinstance(exc, InvalidInput) else [],
                         error=detail, status=422)
    return redirect(f"/campaigns/{new_id}", "saved")


@router.get("/campaigns/{campaign_id}")
def campaign(request: Request, campaign_id: uuid.UUID) -> Response:
    return _campaign(request, campaign_id)


def _campaign(request: Request, campaign_id: uuid.UUID, refused: Refused | None = None) -> Response:
    services, viewer = _services(request), viewer_of(request)
    found = services.campaigns.get(viewer, campaign_id)
    office = viewer.owns(found.tenant_id)
    tracking = services.campaigns.tracking(viewer, campaign_id) if office else None
    slug = next((f.slug for f, _, _ in services.federations.mine(viewer) if f.id == found.federation_id), "") \
        if not viewer.is_anonymous else ""
    members = []
    if office and slug:
        sent = {r.tenant_id for r in tracking.recipients} if tracking else set()
        members = [m for m in services.federations.detail(viewer, slug).active if m.tenant_id not in sent]
    mine = None
    if not office and not viewer.is_anonymous and viewer.tenant_id:
        mine = next((i for i in services.campaign_responses.inbox(viewer).campaigns if i.campaign.id == campaign_id),
                    None)
    return page(request, "campaigns/campaign.html", c=found, office=office, tracking=tracking, members=members,
                slug=slug, mine=mine, refused=refused, breadcrumbs=_crumbs(slug or "federation", (found.title, None)))


@router.post("/campaigns/{campaign_id}/send")
async def send(request: Request, campaign_id: uuid.UUID) -> Response:
    return await with_form(_send, request, campaign_id)


def _send(request: Request, form: FormData, campaign_id: uuid.UUID) -> Response:
    members = [str(m) for m in form.getlist("members")]
    deadline_text = str(form.get("deadline") or "")
    try:
        deadline = dt.date.fromisoformat(deadline_text) if deadline_text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{deadline_text}' is not a date (YYYY-MM-DD)", column="deadline")) from None
    _services(request).campaigns.send(viewer_of(request), campaign_id, members, deadline=deadline)
    return redirect(f"/campaigns/{campaign_id}", "saved")


@router.post("/campaigns/{campaign_id}/reminders")
def remind(request: Request, campaign_id: uuid.UUID, form: PostedForm) -> Response:
    values = typed(form, {"note": ""})
    try:
        count = _services(request).campaigns.remind(viewer_of(request), campaign_id, note=values["note"])
    except SENT_BACK as exc:
        return _campaign(request, campaign_id, refusal(exc, "reminder", values))
    return redirect(f"/campaigns/{campaign_id}?reminded={count}#completion", "saved")


@router.post("/campaigns/{campaign_id}/close",
             dependencies=[confirm_first("Close this campaign? Members can no longer submit.")])
def close(request: Request, campaign_id: uuid.UUID) -> Response:
    _services(request).campaigns.close(viewer_of(request), campaign_id)
    return redirect(f"/campaigns/{campaign_id}", "saved")


@router.get("/campaigns/{campaign_id}/responses")
def review(request: Request, campaign_id: uuid.UUID) -> Response:
    services, viewer = _services(request), viewer_of(request)
    found = services.campaigns.get(viewer, campaign_id)
    reviewed = services.campaigns.review(viewer, campaign_id)
    return page(request, "campaigns/review.html", c=found, reviewed=reviewed,
                breadcrumbs=[("Home", "/"), (found.title, f"/campaigns/{campaign_id}"), ("Responses", None)])


@router.get("/campaigns/{campaign_id}/aggregate")
def aggregate(request: Request, campaign_id: uuid.UUID) -> Response:
    result = _services(request).campaigns.aggregate(viewer_of(request), campaign_id)
    return page(request, "campaigns/aggregate.html", a=result, c=result.campaign,
                breadcrumbs=[("Home", "/"), (result.campaign.title, f"/campaigns/{campaign_id}"), ("Aggregate", None)])


@router.get("/campaigns/{campaign_id}/export.csv")
def export_csv(request: Request, campaign_id: uuid.UUID) -> Response:
    found = campaign_export(_services(request).campaigns, viewer_of(request), campaign_id)
    header, rows = found.tables["responses"]
    return csv_response(found.name, header, rows)


@router.get("/campaigns/{campaign_id}/datapackage.zip")
def export_package(request: Request, campaign_id: uuid.UUID) -> Response:
    found = campaign_export(_services(request).campaigns, viewer_of(request), campaign_id)
    return Response(zipped(found.descriptor, found.tables), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{found.name}.zip"'})
