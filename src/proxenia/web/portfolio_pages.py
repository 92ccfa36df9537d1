"""The portfolio pages: departments × goals heat map (with its table), the diagnostics' findings, the
goals and settings, balancing scenarios and their side-by-side comparison."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from proxenia.domain.balancing import GoalSpec
from proxenia.domain.errors import InvalidInput, NotFound, PermissionDenied, Problem, Unauthenticated
from proxenia.domain.findings import FindingKind
from proxenia.domain.goals import GoalDraft, GoalKind, is_sdg_code, sdg_id
from proxenia.domain.kinds import Visibility
from proxenia.domain.portfolio import result_from_json
from proxenia.services.container import Services
from proxenia.web.form_values import form_value
from proxenia.web.forms import csrf_protect, redirect
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


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


def _settings(request: Request, error: str | None = None, status: int = 200) -> Response:
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
    return render(request, "portfolio/settings.html", status_code=status, nav="portfolio", settings=settings,
                  home=home, weights=weights, error=error,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio"), ("Settings", None)])


@router.post("/portfolio/settings")
def save_settings(
    request: Request,
    home_name: Annotated[str, Form(max_length=200)] = "",
    home_id: Annotated[str, Form(max_length=40)] = "",
    currency: Annotated[str, Form(max_length=3)] = "USD",
    window_days: Annotated[int, Form(ge=30, le=3650)] = 365,
    dormant_years: Annotated[int, Form(ge=1, le=50)] = 3,
    weights: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    try:
        home = form_value(home_id, "home_id", uuid.UUID) or (
            services.registry.resolve(viewer, home_name).id if home_name.strip() else None)
        goal_weights: dict[uuid.UUID, float] = {}
        for line in weights.splitlines():
            if not line.strip():
                continue
            code, _, value = line.partition(":")
            code = code.strip()
            goal = sdg_id(code) if is_sdg_code(code) else uuid.UUID(code)
            goal_weights[goal] = float(value) if value.strip() else 1.0
        services.portfolio.save_settings(viewer, home_actor_id=home, currency=currency.upper(),
                                         window_days=window_days, dormant_years=dormant_years,
                                         goal_weights=goal_weights)
    except (InvalidInput, NotFound, PermissionDenied, ValueError) as exc:
        return _settings(request, getattr(exc, "detail", "each line is 'SDG code or goal id: weight'"), 422)
    return redirect("/portfolio/settings", "saved")


@router.get("/goals")
def goals_page(request: Request) -> Response:
    _signed_in(request)
    services = _services(request)
    viewer = viewer_of(request)
    own = services.goals.goals(viewer, kinds=(GoalKind.PRIORITY, GoalKind.OBJECTIVE), mine=True)
    national = services.goals.goals(viewer, kinds=(GoalKind.NATIONAL_PRIORITY,))
    sdgs = services.goals.goals(viewer, kinds=(GoalKind.SDG_GOAL,))
    return render(request, "portfolio/goals.html", nav="portfolio", own=own, national=national, sdgs=sdgs,
                  visibilities=list(Visibility), error=None, tenant_kind=services.tenancy.kind_of(viewer),
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio"), ("Goals", None)])


@router.post("/goals/new")
def create_goal(
    request: Request,
    title: Annotated[str, Form(max_length=2000)],
    kind: Annotated[GoalKind, Form()],
    visibility: Annotated[Visibility, Form()] = Visibility.PRIVATE,
    code: Annotated[str, Form(max_length=32)] = "",
    parent_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    _signed_in(request)
    try:
        parent = uuid.UUID(parent_id) if parent_id.strip() else None
        _services(request).goals.create(viewer_of(request), GoalDraft(kind=kind, code=code, title=title,
                                                                      parent_id=parent, visibility=visibility))
    except ValueError:
        raise InvalidInput(Problem("choose a priority from the list", column="parent_id")) from None
    return redirect("/goals", "saved")


@router.get("/scenarios/compare")
def compare(request: Request, ids: Annotated[list[uuid.UUID], Query(min_length=1, max_length=6)]) -> Response:
    _signed_in(request)
    comparison = _services(request).scenarios.compare(viewer_of(request), ids)
    return render(request, "portfolio/compare.html", nav="portfolio", c=comparison,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio#scenarios"), ("Scenarios compared", None)])


@router.get("/scenarios/{scenario_id}")
def scenario(request: Request, scenario_id: uuid.UUID) -> Response:
    _signed_in(request)
    s = _services(request).scenarios.get(viewer_of(request), scenario_id)
    result = result_from_json(s.result) if s.result else None
    return render(request, "portfolio/scenario.html", nav="portfolio", s=s, result=result, error=None,
                  breadcrumbs=[("Home", "/"), ("Portfolio", "/portfolio#scenarios"), (s.name, None)])


@router.post("/scenarios/{scenario_id}/variants")
def variant(
    request: Request,
    scenario_id: uuid.UUID,
    name: Annotated[str, Form(max_length=300)],
    budget_percent: Annotated[float, Form(ge=0, le=1000)] = 100.0,
    staff_percent: Annotated[float, Form(ge=0, le=1000)] = 100.0,
    priority_label: Annotated[str, Form(max_length=300)] = "",
    priority_weight: Annotated[float, Form(ge=0, le=10)] = 1.0,
    priority_minimum: Annotated[float, Form(ge=0, le=1e6)] = 0.0,
    priority_goal: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    _signed_in(request)
    services = _services(request)
    new: GoalSpec | None = None
    weights: dict[str, Any] = {}
    if priority_goal.strip() and not priority_label.strip():
        weights[priority_goal.strip()] = priority_weight  # reweigh a goal of the plan
    elif priority_label.strip():
        new = GoalSpec(priority_goal.strip() or f"new:{priority_label.strip()[:60]}", priority_label.strip(),
                       priority_weight, 1.0, priority_minimum)
    new_id = services.scenarios.variant(viewer_of(request), scenario_id, name=name, budget_factor=budget_percent / 100,
                                        staff_factor=staff_percent / 100, new_priority=new, goal_weights=weights)
    return redirect(f"/scenarios/compare?ids={scenario_id}&ids={new_id}", "saved")
