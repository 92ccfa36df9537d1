"""Pages of incoming requests: the list, the intake form, one request with its screening and decision,
and the organisation's screening rules."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from proxenia.domain.engagements import parse_money
from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import RULE_DEFAULTS, Attendee, IntakeRule, ProposalDraft, ProposalKind, RuleKind
from proxenia.services.container import Services
from proxenia.services.intake import default_rules
from proxenia.web.form_values import form_value, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, csrf_protect, redirect, refusal, typed, with_form
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to see your organisation's incoming requests")


def _day(text: str, column: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a date (YYYY-MM-DD)", column=column)) from None


@router.get("/proposals")
def proposals(request: Request) -> Response:
    _signed_in(request)
    items, total = _services(request).intake.proposals(viewer_of(request), limit=200)
    return render(request, "intake/list.html", nav="engagements", items=items, total=total,
                  breadcrumbs=[("Home", "/"), ("Engagements", "/engagements"), ("Incoming requests", None)])


def _intake_form(request: Request, values: dict[str, Any], error: str | None = None, status: int = 200) -> Response:
    return render(request, "intake/form.html", status_code=status, nav="engagements", values=values, error=error,
                  kinds=list(ProposalKind), visibilities=list(Visibility),
                  breadcrumbs=[("Home", "/"), ("Incoming requests", "/proposals"), ("Record a request", None)])


@router.get("/proposals/new")
def new_proposal(request: Request) -> Response:
    _signed_in(request)
    return _intake_form(request, {"received_on": dt.date.today().isoformat(), "kind": "delegation_visit",
                                  "currency": "USD", "visibility": "private"})


@router.post("/proposals/new")
async def create_proposal(request: Request) -> Response:
    return await with_form(_create_proposal, request)


def _create_proposal(request: Request, form: FormData) -> Response:
    _signed_in(request)
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}  # as typed: the service names what is too long
    services = _services(request)
    viewer = viewer_of(request)
    try:
        requester_id = form_value(values.get("requester_actor_id", ""), "requester_actor_id", uuid.UUID)
        if requester_id is None and values.get("requester_name", "").strip():
            try:
                requester_id = services.registry.resolve(viewer, values["requester_name"]).id
            except ProxeniaError:
                requester_id = None  # a requester outside the registry is kept by name
        attendees = []
        for line in values.get("attendees", "").splitlines():
            parts = [p.strip() for p in line.split(",")]
            if parts and parts[0]:
                attendees.append(Attendee(parts[0], parts[1] if len(parts) > 1 else None,
                                          ", ".join(parts[2:]) or None))
        draft = ProposalDraft(
            kind=required_value(values.get("kind", "other"), "kind", ProposalKind),
            requester_name=values.get("requester_name", ""),
            requester_actor_id=requester_id, purpose=values.get("purpose", ""),
            received_on=_day(values.get("received_on", ""), "received_on") or dt.date.today(),
            contact=values.get("contact") or None,
            topics=tuple(t for t in values.get("topics", "").split(",") if t.strip()),
            proposed_start=_day(values.get("proposed_start", ""), "proposed_start"),
            proposed_end=_day(values.get("proposed_end", ""), "proposed_end"), attendees=tuple(attendees),
            cost_to_us=parse_money(values.get("cost_to_us") or None, values.get("currency")),
            requester_industries=tuple(i for i in values.get("industries", "").split(",") if i.strip()),
            visibility=required_value(values.get("visibility", "private"), "visibility", Visibility),
        )
        new_id = services.intake.submit(viewer, draft)
        services.intake.screen(viewer, new_id)
    except (InvalidInput, ValueError) as exc:
        return _intake_form(request, values, getattr(exc, "detail", str(exc)), 422)
    return redirect(f"/proposals/{new_id}", "saved")


@router.get("/intake-rules")
def rules_page(request: Request) -> Response:
    _signed_in(request)
    current = {r.kind: r for r in _services(request).intake.rules(viewer_of(request))}
    return render(request, "intake/rules.html", nav="engagements", current=current, defaults=RULE_DEFAULTS,
                  kinds=list(RuleKind), error=None,
                  breadcrumbs=[("Home", "/"), ("Incoming requests", "/proposals"), ("Screening rules", None)])


@router.post("/intake-rules")
async def save_rules(request: Request) -> Response:
    return await with_form(_save_rules, request)


def _save_rules(request: Request, form: FormData) -> Response:
    _signed_in(request)
    rules: list[IntakeRule] = []
    try:
        if form.get("defaults"):
            rules = default_rules()
        else:
            for kind in RuleKind:
                if not form.get(f"use_{kind.value}"):
                    continue
                params: dict[str, Any] = {}
                for name, default in RULE_DEFAULTS[kind].items():
                    raw = str(form.get(f"{kind.value}_{name}", "")).strip()
                    if isinstance(default, bool):
                        params[name] = bool(form.get(f"{kind.value}_{name}"))
                    elif isinstance(default, list):
                        params[name] = [w.strip() for w in raw.split(",") if w.strip()]
                    elif raw:
                        params[name] = type(default)(raw)
                rules.append(IntakeRule(kind, params))
        _services(request).intake.set_rules(viewer_of(request), rules)
    except (InvalidInput, PermissionDenied, ValueError) as exc:
        current = {r.kind: r for r in rules}
        return render(request, "intake/rules.html", status_code=403 if isinstance(exc, PermissionDenied) else 422,
                      nav="engagements", current=current, defaults=RULE_DEFAULTS, kinds=list(RuleKind),
                      error=getattr(exc, "detail", "a number was expected"),
                      breadcrumbs=[("Home", "/"), ("Incoming requests", "/proposals"), ("Screening rules", None)])
    return redirect("/intake-rules", "saved")


@router.get("/proposals/{proposal_id}")
def proposal(request: Request, proposal_id: uuid.UUID) -> Response:
    _signed_in(request)
    p = _services(request).intake.get(viewer_of(request), proposal_id)
    return render(request, "intake/detail.html", nav="engagements", p=p,
                  breadcrumbs=[("Home", "/"), ("Incoming requests", "/proposals"), (p.requester_name, None)])


@router.post("/proposals/{proposal_id}/screening")
def screen(request: Request, proposal_id: uuid.UUID) -> Response:
    _signed_in(request)
    _services(request).intake.screen(viewer_of(request), proposal_id)
    return redirect(f"/proposals/{proposal_id}#screening", "saved")


@router.post("/proposals/{proposal_id}/decision")
def decide(request: Request, proposal_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    services = _services(request)
    values = typed(form, {"version": "", "decision": "", "reason": ""})
    try:
        version = required_value(values["version"], "version", int, "reload the page and try again")
        if values["decision"] not in ("accept", "decline"):
            raise InvalidInput(Problem("choose to accept or to decline", column="decision"))
        engagement_id = services.intake.decide(viewer_of(request), proposal_id, version,
                                               accept=values["decision"] == "accept", reason=values["reason"])
    except SENT_BACK as exc:
        refused = refusal(exc, "decision", values)
        p = services.intake.get(viewer_of(request), proposal_id)
        return render(request, "intake/detail.html", nav="engagements", p=p,
                      error=refused.error, refused=refused,
                      breadcrumbs=[("Home", "/"), ("Incoming requests", "/proposals"), (p.requester_name, None)])
    if engagement_id:
        return redirect(f"/engagements/{engagement_id}", "saved")
    return redirect(f"/proposals/{proposal_id}", "saved")
