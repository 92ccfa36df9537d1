"""The portfolio pages: departments × goals heat map (with its table), the diagnostics' findings, the
goals and settings, balancing scenarios and their side-by-side comparison."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from proxenia.domain.balancing import GoalSpec
from proxenia.domain.errors import InvalidInput, NotFound, Problem, Unauthenticated, refuse_too_long
from proxenia.domain.findings import FindingKind
from proxenia.domain.goals import GoalDraft, GoalKind, is_sdg_code, sdg_id
from proxenia.domain.kinds import Visibility
from proxenia.domain.portfolio import result_from_json
from proxenia.services.container import Services
from proxenia.web.form_values import form_actor, form_value, required_value
from proxenia.web.forms import SENT_BACK, PostedForm, Refused, csrf_protect, redirect, refusal, typed
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
#: The weights' box of the settings: one 'SDG code or goal id: weight' a line, read here.
WEIGHTS_TEXT_LIMITS = {"weights": 20_000}


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to see your organisation's portfolio")


@router.get("/portfolio")
def portfolio(
    request: Request,
    as_of: Annotated[dt.date | None, Query()] = None,
    window_days: Annotated[int | None, Query(ge=30, le=3650)] = None,
) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    report = services.portfolio.diagnose(viewer, as_of=as_of, window_days=window_days)
    heat = services.portfolio.heat_map(viewer, as_of=as_of, window_days=window_days)
    scenarios = services.scenarios.scenarios(viewer)
    return render(request, "portfolio/home.html", nav="portfolio", report=report, heat=heat, scenarios=scenarios,
                  kinds=list(FindingKind), settings=services.portfolio.settings(viewer),
                  breadcrumbs=[("Home", "/"), ("Portfolio", None)])


@router.get("/portfolio/settings")
def settings_page(request: Request) -> Response:
    _signed_in(request)
    return _settings(request)


def _settings(request: Request, refused: Refused | None = None) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    settings = services.portfolio.settings(viewer)
    home = services.registry.profile(viewer, settings.home_actor_id).actor if settings.home_actor_id else None
    chosen = services.goals.portfolio_goals(viewer)
    # every goal with a weight of its own is listed (the organisation's own priorities by id), so that
    # saving the form unchanged keeps them all: QA saw an own priority's weight dropped
    listed = [w for w in chosen if not w.goal.kind.is_local or w.goal.id in settings.goal_weights]
    weights = "\n".join(f"{w.goal.code if is_sdg_code(w.goal.code or '') else w.goal.id}: {w.weight:g}"
                        for w in listed)
    saved = {"home_name": home.name if home else "", "home_id": str(home.id) if home else "",
             "currency": settings.currency, "window_days": str(settings.window_days),
             "dormant_years": str(settings.dormant_years), "weights": weights}
    values = {**saved, **refused.values, "home_id": ""} if refused else saved  # a refused id is not sent again
    return render(request, "portfolio/settings.html",
                  nav="portfolio", values=values, refused=refused,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio"), ("Settings", None)])


def _goal_weights(text: str) -> dict[uuid.UUID, float]:
    refuse_too_long(WEIGHTS_TEXT_LIMITS, {"weights": text})
    goal_weights: dict[uuid.UUID, float] = {}
    shape = "each line is 'SDG code or goal id: weight'"
    for line in text.splitlines():
        if not line.strip():
            continue
        code, _, value = line.partition(":")
        code = code.strip()
        goal = sdg_id(code) if is_sdg_code(code) else required_value(code, "weights", uuid.UUID, shape, shape)
        weight = form_value(value, "weights", float, shape)
        goal_weights[goal] = 1.0 if weight is None else weight
    return goal_weights


SETTINGS_FIELDS = {"home_name": "", "home_id": "", "currency": "USD", "window_days": "365", "dormant_years": "3",
                   "weights": ""}


@router.post("/portfolio/settings")
def save_settings(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    values = typed(form, SETTINGS_FIELDS)
    whole = "is not a whole number"
    try:
        services.portfolio.save_settings(
            viewer, home_actor_id=form_actor(services.registry, viewer, values, "home"),
            currency=values["currency"].strip().upper(),
            window_days=required_value(values["window_days"], "window_days", int, whole),
            dormant_years=required_value(values["dormant_years"], "dormant_years", int, whole),
            goal_weights=_goal_weights(values["weights"]))
    except SENT_BACK as exc:
        return _settings(request, refusal(exc, "settings", values))
    except NotFound as exc:  # the home actor chosen is no longer there (or no longer shared)
        return _settings(request, Refused("settings", exc.detail, values))
    return redirect("/portfolio/settings", "saved")


def _goals(request: Request, refused: Refused | None = None) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    own = services.goals.goals(viewer, kinds=(GoalKind.PRIORITY, GoalKind.OBJECTIVE), mine=True)
    national = services.goals.goals(viewer, kinds=(GoalKind.NATIONAL_PRIORITY,))
    sdgs = services.goals.goals(viewer, kinds=(GoalKind.SDG_GOAL,))
    return render(request, "portfolio/goals.html", nav="portfolio",
                  own=own, national=national, sdgs=sdgs, visibilities=list(Visibility), refused=refused,
                  tenant_kind=services.tenancy.kind_of(viewer),
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio"), ("Goals", None)])


@router.get("/goals")
def goals_page(request: Request) -> Response:
    _signed_in(request)
    return _goals(request)


GOAL_FIELDS = {"title": "", "kind": "", "visibility": Visibility.PRIVATE.value, "code": "", "parent_id": ""}


@router.post("/goals/new")
def create_goal(request: Request, form: PostedForm) -> Response:
    _signed_in(request)
    values = typed(form, GOAL_FIELDS)
    try:
        _services(request).goals.create(viewer_of(request), GoalDraft(
            kind=required_value(values["kind"], "kind", GoalKind), code=values["code"], title=values["title"],
            parent_id=form_value(values["parent_id"], "parent_id", uuid.UUID, "choose a priority from the list"),
            visibility=required_value(values["visibility"], "visibility", Visibility)))
    except SENT_BACK as exc:
        return _goals(request, refusal(exc, "goal", values))
    return redirect("/goals", "saved")


@router.get("/scenarios/compare")
def compare(request: Request, ids: Annotated[list[uuid.UUID], Query(min_length=1, max_length=6)]) -> Response:
    _signed_in(request)
    comparison = _services(request).scenarios.compare(viewer_of(request), ids)
    return render(request, "portfolio/compare.html", nav="portfolio", c=comparison,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio#scenarios"), ("Scenarios compared", None)])


def _scenario(request: Request, scenario_id: uuid.UUID, refused: Refused | None = None) -> Response:
    s = _services(request).scenarios.get(viewer_of(request), scenario_id)
    result = result_from_json(s.result) if s.result else None
    return render(request, "portfolio/scenario.html",
                  nav="portfolio", s=s, result=result, refused=refused,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio#scenarios"), (s.name, None)])


@router.get("/scenarios/{scenario_id}")
def scenario(request: Request, scenario_id: uuid.UUID) -> Response:
    _signed_in(request)
    return _scenario(request, scenario_id)


VARIANT_FIELDS = {"name": "", "budget_percent": "100", "staff_percent": "100", "priority_label": "",
                  "priority_weight": "1", "priority_minimum": "0", "priority_goal": ""}


def _number(values: dict[str, str], column: str, default: float, high: float | None = None) -> float:
    """A number of the variant's form (its default when left blank), from 0 to ``high``."""
    number = form_value(values[column], column, float, "is not a number")
    if number is None:
        return default
    if high is not None and not 0 <= number <= high:
        raise InvalidInput(Problem(f"is between 0 and {high:,g}", column=column))
    return number


@router.post("/scenarios/{scenario_id}/variants")
def variant(request: Request, scenario_id: uuid.UUID, form: PostedForm) -> Response:
    _signed_in(request)
    services = _services(request)
    values = typed(form, VARIANT_FIELDS)
    label, goal = values["priority_label"].strip(), values["priority_goal"].strip()
    try:
        budget, staff = _number(values, "budget_percent", 100, 1000), _number(values, "staff_percent", 100, 1000)
        weight, minimum = _number(values, "priority_weight", 1), _number(values, "priority_minimum", 0, 1e6)
        new: GoalSpec | None = None
        weights: dict[str, Any] = {}
        if goal and not label:
            weights[goal] = weight  # reweigh a goal of the plan
        elif label:
            new = GoalSpec(goal or f"new:{label[:60]}", label, weight, 1.0, minimum)
        new_id = services.scenarios.variant(viewer_of(request), scenario_id, name=values["name"],
                                            budget_factor=budget / 100, staff_factor=staff / 100, new_priority=new,
                                            goal_weights=weights)
    except SENT_BACK as exc:
        return _scenario(request, scenario_id, refusal(exc, "variant", values))
    return redirect(f"/scenarios/compare?ids={scenario_id}&ids={new_id}", "saved")
