"""The engagement form: logging one takes under a minute (type-ahead for counterparts and people, the
user's department preselected, today's date, details folded away), and the same form edits it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from proxenia.domain.engagements import (
    EngagementDraft,
    EngagementKind,
    EngagementOrigin,
    FollowUp,
    GoalWeight,
    Participant,
    parse_money,
)
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, Problem, ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.web.form_values import form_value
from proxenia.web.forms import csrf_protect, redirect, with_form
from proxenia.web.rendering import render, viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
COUNTERPARTS = 3  # blank slots a new engagement offers; an edit shows every one it has, and one more
PEOPLE = 2
MAX_SLOTS = 500  # slots read from a posted form (an engagement with more is edited through the API)


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if viewer.is_anonymous:
        raise Unauthenticated("sign in to log engagements")
    return viewer


def _form(request: Request, values: dict[str, Any], *, engagement_id: uuid.UUID | None = None,
          error: str | None = None, problems: list[Problem] | None = None, status: int = 200) -> Response:
    services = _services(request)
    viewer = viewer_of(request)
    goals = services.goals.portfolio_goals(viewer) if viewer.tenant_id else []
    title = "Edit the engagement" if engagement_id else "Log an engagement"
    crumbs: list[tuple[str, str | None]] = [("Home", "/"), ("Engagements", "/engagements")]
    if engagement_id:
        crumbs.append((values.get("title") or "Engagement", f"/engagements/{engagement_id}"))
    crumbs.append((title, None))
    return render(request, "engagements/form.html", status_code=status, nav="engagements", values=values,
                  error=error, problems=problems or [], engagement_id=engagement_id, page_title=title,
                  kinds=list(EngagementKind), visibilities=list(Visibility),
                  departments=services.engagements.departments(viewer), goals=goals,
                  counterparts=_slots(values, "counterpart", COUNTERPARTS), people=_slots(values, "person", PEOPLE),
                  breadcrumbs=crumbs)


def _indices(keys: Any, prefix: str) -> list[int]:
    """The slot numbers of ``prefix`` fields (``counterpart_name_4``, ``counterpart_id_4``...) among ``keys``."""
    found = set()
    for key in keys:
        head, _, number = str(key).rpartition("_")
        if head in (f"{prefix}_name", f"{prefix}_id") and number.isdigit() and 0 < int(number) <= MAX_SLOTS:
            found.add(int(number))
    return sorted(found)


def _slots(values: dict[str, Any], prefix: str, minimum: int) -> range:
    filled = [i for i in _indices(values, prefix) if values.get(f"{prefix}_name_{i}") or values.get(f"{prefix}_id_{i}")]
    return range(1, max(minimum, (max(filled) + 1) if filled else 0) + 1)


def _defaults(request: Request) -> dict[str, Any]:
    viewer = viewer_of(request)
    departments = _services(request).engagements.departments(viewer)
    mine = next((d[0] for d in departments if d[0] in viewer.departments), departments[0][0] if departments else None)
    currency = _services(request).portfolio.settings(viewer).currency if viewer.tenant_id else "USD"
    return {"kind": EngagementKind.MEETING.value, "start_date": dt.date.today().isoformat(),
            "department_id": str(mine or ""), "currency": currency, "visibility": Visibility.PRIVATE.value,
            "goal_ids": []}


def _uuid(text: str, column: str) -> uuid.UUID | None:
    return form_value(text, column, uuid.UUID)


def _day(text: str, column: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a date (YYYY-MM-DD)", column=column)) from None


def _participants(request: Request, viewer: Viewer, form: FormData) -> list[Participant]:
    services = _services(request)
    out: list[Participant] = []
    for i in _indices(form.keys(), "counterpart"):
        name, chosen = str(form.get(f"counterpart_name_{i}", "")), str(form.get(f"counterpart_id_{i}", ""))
        if chosen.strip():
            out.append(Participant(actor_id=_uuid(chosen, f"counterpart_name_{i}")))
        elif name.strip():
            try:
                out.append(Participant(actor_id=services.registry.resolve(viewer, name).id))
            except NotFound:
                raise InvalidInput(Problem(f"no actor matches '{name}': pick one from the list",
                                           column=f"counterpart_name_{i}")) from None
    for i in _indices(form.keys(), "person"):
        name, chosen = str(form.get(f"person_name_{i}", "")), str(form.get(f"person_id_{i}", ""))
        if chosen.strip():
            out.append(Participant(person_id=_uuid(chosen, f"person_name_{i}"), role="participant"))
        elif name.strip():
            wanted = name.strip().lower()
            found = [p for p in services.edits.people(viewer, name.strip(), 5) if p.name.lower() == wanted]
            if len(found) != 1:
                raise InvalidInput(Problem(f"no single person is named '{name}': pick one from the list",
                                           column=f"person_name_{i}"))
            out.append(Participant(person_id=found[0].id, role="participant"))
    return out


def draft_from(request: Request, viewer: Viewer, form: FormData) -> EngagementDraft:
    """An engagement draft from the form; problems name the form's fields."""
    def text(name: str) -> str:  # as typed: the draft's check refuses what is too long, naming the field
        return str(form.get(name, ""))

    start = _day(text("start_date"), "start_date")
    if start is None:
        raise InvalidInput(Problem("is required", column="start_date"))
    kind = form_value(text("kind"), "kind", EngagementKind)
    if kind is None:
        raise InvalidInput(Problem("is required", column="kind"))
    visibility = form_value(text("visibility"), "visibility", Visibility) or Visibility.PRIVATE
    try:
        cost = parse_money(text("cost") or None, text("currency"))
        staff_days = float(text("staff_days")) if text("staff_days").strip() else None
    except ValueError as exc:
        raise InvalidInput(Problem(str(exc), column="cost" if "amount" in str(exc) or "currency" in str(exc)
                                   else "staff_days")) from None
    goals = tuple(GoalWeight(g, 1.0) for g in (_uuid(str(v), "goals") for v in form.getlist("goal_ids")) if g)
    follow_ups: tuple[FollowUp, ...] = ()
    if text("follow_up").strip():
        follow_ups = (FollowUp(text("follow_up"), text("follow_up_owner").strip() or None,
                               _day(text("follow_up_due"), "follow_up_due")),)
    return EngagementDraft(
        kind=kind, title=text("title"), start_date=start, end_date=_day(text("end_date"), "end_date"),
        place=text("place").strip() or None, department_id=_uuid(text("department_id"), "department_id"),
        participants=tuple(_participants(request, viewer, form)),
        policy_areas=tuple(a for a in text("policy_areas").split(",") if a.strip()), goals=goals, cost=cost,
        staff_days=staff_days, outcomes=text("outcomes").strip() or None,
        description=text("description").strip() or None, follow_ups=follow_ups,
        links=tuple(link.strip() for link in text("links").split() if link.strip()), origin=EngagementOrigin.FORM,
        visibility=visibility,
    )


def _values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    values["goal_ids"] = [str(v) for v in form.getlist("goal_ids")]
    return values


def _kept_roles(sent: tuple[Participant, ...], before: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """The form does not show roles: whoever took part before keeps the role recorded for them."""
    roles = {(p.actor_id, p.person_id): p.role for p in before}
    return tuple(dataclasses.replace(p, role=roles.get((p.actor_id, p.person_id), p.role)) for p in sent)


def _kept_goals(
    sent: tuple[GoalWeight, ...], before: tuple[GoalWeight, ...], shown: set[uuid.UUID]
) -> tuple[GoalWeight, ...]:
    """The form shows the portfolio's goals as boxes, without weights: a goal ticked keeps the weight it had,
    and goals the form does not show (another government's, or no longer weighed) stay as they were."""
    weights = {g.goal_id: g.weight for g in before}
    ticked = tuple(GoalWeight(g.goal_id, weights.get(g.goal_id, g.weight)) for g in sent)
    sent_ids = {g.goal_id for g in sent}
    return ticked + tuple(GoalWeight(g.goal_id, g.weight) for g in before
                          if g.goal_id not in shown and g.goal_id not in sent_ids)


@router.get("/engagements/new")
def new_engagement(request: Request) -> Response:
    _signed_in(request)
    values = _defaults(request)
    for key in ("title", "kind"):
        if request.query_params.get(key):
            values[key] = request.query_params[key][:500]
    if request.query_params.get("with"):
        try:
            actor = _services(request).registry.resolve(viewer_of(request), request.query_params["with"][:200])
            values["counterpart_name_1"], values["counterpart_id_1"] = actor.name, str(actor.id)
        except ProxeniaError:
            pass
    return _form(request, values)


@router.post("/engagements/new")
async def create_engagement(request: Request) -> Response:
    return await with_form(_create, request)  # numbered fields (counterpart_name_4...): the form is read whole


def _create(request: Request, form: FormData) -> Response:
    viewer = _signed_in(request)
    try:
        new_id = _services(request).engagements.log(viewer, draft_from(request, viewer, form))
    except InvalidInput as exc:
        return _form(request, _values(form), error=exc.detail, problems=exc.problems, status=422)
    return redirect(f"/engagements/{new_id}", "saved")


@router.get("/engagements/{engagement_id}/edit")
def edit_engagement(request: Request, engagement_id: uuid.UUID) -> Response:
    _signed_in(request)
    e = _services(request).engagements.get(viewer_of(request), engagement_id)
    values: dict[str, Any] = {
        "kind": e.kind.value, "title": e.title, "start_date": e.start_date.isoformat(),
        "end_date": e.end_date.isoformat() if e.end_date != e.start_date else "", "place": e.place or "",
        "department_id": str(e.department_id or ""), "policy_areas": ", ".join(e.policy_areas),
        "cost": f"{e.cost.amount:.2f}" if e.cost else "", "currency": e.cost.currency if e.cost else "USD",
        "staff_days": "" if e.staff_days is None else f"{e.staff_days:g}", "outcomes": e.outcomes or "",
        "description": e.description or "", "links": "\n".join(e.links), "visibility": e.visibility.value,
        "goal_ids": [str(g.goal_id) for g in e.goals], "version": e.version,
    }
    for i, p in enumerate(e.counterparts, start=1):
        values[f"counterpart_name_{i}"], values[f"counterpart_id_{i}"] = p.name, str(p.actor_id)
    for i, p in enumerate(e.people, start=1):
        values[f"person_name_{i}"], values[f"person_id_{i}"] = p.name, str(p.person_id)
    return _form(request, values, engagement_id=engagement_id)


@router.post("/engagements/{engagement_id}/edit")
async def update_engagement(request: Request, engagement_id: uuid.UUID) -> Response:
    return await with_form(_update, request, engagement_id)


def _update(request: Request, form: FormData, engagement_id: uuid.UUID) -> Response:
    viewer = _signed_in(request)
    services = _services(request)
    try:
        version = int(str(form.get("version", "0")))
        current = services.engagements.get(viewer, engagement_id)
        draft = draft_from(request, viewer, form)
        keep = tuple(f for f in current.follow_ups)  # the form adds follow-ups; existing ones are kept
        shown = {wg.goal.id for wg in services.goals.portfolio_goals(viewer)} if viewer.tenant_id else set()
        services.engagements.update(viewer, engagement_id, version, EngagementDraft(**{
            **draft.__dict__, "follow_ups": keep + draft.follow_ups, "occurrences": current.occurrences,
            "related_ids": current.related_ids, "joint_department_ids": current.joint_department_ids,
            "participants": _kept_roles(draft.participants, current.participants),
            "goals": _kept_goals(draft.goals, current.goals, shown),
        }))
    except (InvalidInput, Conflict, ValueError) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return _form(request, _values(form), engagement_id=engagement_id, status=status,
                     error=getattr(exc, "detail", "the form was not complete"),
                     problems=getattr(exc, "problems", []))
    return redirect(f"/engagements/{engagement_id}", "saved")
