"""The partner-risk list: entries national offices published and shared with the reader (screening of
incoming requests checks them), and, for a national office's editors, the form to publish or withdraw one."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from proxenia.domain.countries import country_code
from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Visibility
from proxenia.services.container import Services
from proxenia.web.confirmation import confirm_first
from proxenia.web.form_values import required_value
from proxenia.web.forms import SENT_BACK, PostedForm, csrf_protect, redirect, refusal, typed
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
CRUMBS = [("Home", "/"), ("Incoming requests", "/proposals"), ("Partner-risk list", None)]


def _services(request: Request) -> Services:
    return request.app.state.services


def _page(request: Request, values: dict[str, str] | None = None, error: str | None = None,
          status_code: int = 200) -> Response:
    viewer = viewer_of(request)  # anonymous readers see the public entries
    services = _services(request)
    publisher = viewer.can_edit and services.tenancy.kind_of(viewer) == "national_office"
    return render(request, "intake/risks.html", status_code=status_code, nav="engagements",
                  entries=services.intake.risk_entries(viewer), publisher=publisher, values=values or {},
                  error=error, visibilities=[v for v in Visibility if v is not Visibility.PRIVATE],
                  breadcrumbs=CRUMBS)


@router.get("/risks")
def risks(request: Request) -> Response:
    return _page(request)


RISK_FIELDS = {"reason": "", "country": "", "actor": "", "source_ref": "", "listed_on": "",
               "visibility": Visibility.FEDERATION.value}


@router.post("/risks")
def publish(request: Request, form: PostedForm) -> Response:
    values = typed(form, RISK_FIELDS)
    country, actor, listed_on, visibility = (values[k] for k in ("country", "actor", "listed_on", "visibility"))
    viewer, services = viewer_of(request), _services(request)
    try:
        if country.strip() and actor.strip():
            raise InvalidInput(Problem("name either a country or an actor, not both", column="actor"))
        actor_id = services.registry.resolve(viewer, actor.strip()).id if actor.strip() else None
        code = country_code(country, field="country") if country.strip() else None
        try:
            day = dt.date.fromisoformat(listed_on) if listed_on.strip() else None
        except ValueError:
            raise InvalidInput(Problem(f"'{listed_on}' is not a date (YYYY-MM-DD)", column="listed_on")) from None
        try:
            vis = Visibility(visibility)
        except ValueError:
            raise InvalidInput(Problem(f"unknown sharing level '{visibility}'", column="visibility")) from None
        services.intake.publish_risk(viewer, reason=values["reason"], actor_id=actor_id, country_code=code,
                                     source_ref=values["source_ref"].strip() or None, listed_on=day, visibility=vis)
    except (PermissionDenied, Unauthenticated):
        raise
    except ProxeniaError as exc:
        return _page(request, values, getattr(exc, "detail", str(exc)), 422)
    return redirect("/risks", "saved")


@router.post("/risks/{risk_id}/withdraw", dependencies=[confirm_first("Withdraw this entry from the list?")])
def withdraw(request: Request, risk_id: uuid.UUID, form: PostedForm) -> Response:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to withdraw an entry")
    values = typed(form, {"version": ""})
    try:
        version = required_value(values["version"], "version", int, "reload the page and try again")
        _services(request).intake.withdraw_risk(viewer_of(request), risk_id, version)
    except SENT_BACK as exc:
        sent_back = refusal(exc, "withdrawal", values)
        return _page(request, error=sent_back.error, status_code=sent_back.status)
    return redirect("/risks", "deleted")
