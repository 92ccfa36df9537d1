"""Forms of the practice exchange: submitting a practice (Interreg's template: what it is, resources,
evidence, why and how it could transfer), curating it, recording an adoption, its transfer plan
(understand, adapt, re-use) and its follow-up."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from proxenia.domain.adoptions import AdoptionDraft, AdoptionStatus, Stakeholder, StepStatus, TransferPhase
from proxenia.domain.errors import ProxeniaError, Unauthenticated
from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import Contact, CurationStep, EvidenceLevel, PracticeDraft
from proxenia.services.container import Services
from proxenia.web.form_values import form_value
from proxenia.web.forms import csrf_protect, redirect
from proxenia.web.practice_pages import page
from proxenia.web.rendering import viewer_of

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def _services(request: Request) -> Services:
    return request.app.state.services


def _signed_in(request: Request) -> None:
    if viewer_of(request).is_anonymous:
        raise Unauthenticated("sign in to change the practice exchange")


def _blank(text: str) -> str | None:
    return text.strip() or None


def _actor(request: Request, actor_id: str, name: str) -> uuid.UUID | None:
    """An actor from a typeahead's hidden id, or resolved from what was typed ('Name, country')."""
    if actor_id.strip():
        return uuid.UUID(actor_id.strip())
    if name.strip():
        return _services(request).registry.resolve(viewer_of(request), name).id
    return None


# -- practices ------------------------------------------------------------------------------------------------
def _practice_form(request: Request, values: dict[str, Any], error: str | None = None, status: int = 200) -> Response:
    curators = _services(request).practices.curators(viewer_of(request))
    return page(
        request,
        "practices/practice_form.html",
        status,
        values=values,
        error=error,
        curators=curators,
        visibilities=list(Visibility),
        breadcrumbs=[("Home", "/"), ("Practices", "/practices"), ("Submit a practice", None)],
    )


@router.get("/practices/new")
def new_practice(request: Request) -> Response:
    _signed_in(request)
    return _practice_form(request, {"visibility": Visibility.PRIVATE.value})


@router.post("/practices/new")
def create_practice(
    request: Request,
    visibility: Annotated[Visibility, Form()],
    title: Annotated[str, Form()] = "",
    summary: Annotated[str, Form()] = "",
    problem: Annotated[str, Form()] = "",
    approach: Annotated[str, Form()] = "",
    resources: Annotated[str, Form()] = "",
    outcomes: Annotated[str, Form()] = "",
    area: Annotated[list[str] | None, Form()] = None,
    originator_id: Annotated[str, Form()] = "",
    originator_name: Annotated[str, Form()] = "",
    start_date: Annotated[str, Form()] = "",
    evidence_level: Annotated[str, Form()] = "",
    contact_name: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
    curator: Annotated[str, Form()] = "",
    source_ref: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    values = {
        "title": title,
        "summary": summary,
        "problem": problem,
        "approach": approach,
        "resources": resources,
        "outcomes": outcomes,
        "areas": area or [],
        "originator_name": originator_name,
        "start_date": start_date,
        "evidence_level": evidence_level,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "curator": curator,
        "source_ref": source_ref,
        "visibility": visibility.value,
    }
    try:
        contacts = (Contact(name=contact_name.strip(), email=_blank(contact_email)),) if contact_name.strip() else ()
        new_id = _services(request).practices.create(
            viewer_of(request),
            PracticeDraft(
                title=title,
                summary=summary.strip(),
                problem=problem.strip(),
                approach=approach.strip(),
                resources=resources.strip(),
                outcomes=outcomes.strip(),
                policy_areas=tuple(area or ()),
                originator_id=_actor(request, originator_id, originator_name),
                start_date=_blank(start_date),
                evidence_level=EvidenceLevel(evidence_level) if evidence_level else None,
                contacts=contacts,
                curator_tenant_id=uuid.UUID(curator) if curator else None,
                source_ref=_blank(source_ref),
                visibility=visibility,
            ),
        )
    except (ProxeniaError, ValueError) as exc:
        return _practice_form(request, values, getattr(exc, "detail", str(exc)), 422)
    return redirect(f"/practices/{new_id}", "saved")


@router.post("/practices/{practice_id}/curation")
def curate(
    request: Request,
    practice_id: uuid.UUID,
    step: Annotated[CurationStep, Form()],
    version: Annotated[int, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
    curator: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    _signed_in(request)
    services, viewer = _services(request), viewer_of(request)
    chosen = form_value(curator, "curator", uuid.UUID)
    if chosen is not None:  # a draft saved with "choose later" names its curator when it is submitted
        version = services.practices.update(viewer, practice_id, version, {"curator_tenant_id": chosen})
    services.practices.curate(viewer, practice_id, step, version, note)
    return redirect(f"/practices/{practice_id}", "saved")


def _stakeholders(text: str) -> tuple[Stakeholder, ...]:
    """One per line: 'Name' or 'Name — role' (a dash or a comma before the role)."""
    out = []
    for line in text.splitlines():
        name, _, role = line.replace(" — ", ",").replace(" - ", ",").partition(",")
        if name.strip():
            out.append(Stakeholder(name=name.strip(), role=role.strip() or None))
    return tuple(out)


# -- adoptions ------------------------------------------------------------------------------------------------
def _adoption_form(
    request: Request, practice_id: uuid.UUID, values: dict[str, Any], error: str | None = None, status: int = 200
) -> Response:
    detail = _services(request).practices.detail(viewer_of(request), practice_id)
    return page(
        request,
        "practices/adoption_form.html",
        status,
        p=detail.practice,
        values=values,
        error=error,
        adoption_statuses=list(AdoptionStatus),
        visibilities=list(Visibility),
        breadcrumbs=[
            ("Home", "/"),
            ("Practices", "/practices"),
            (detail.practice.title, f"/practices/{practice_id}"),
            ("Record an adoption", None),
        ],
    )


@router.get("/adoptions/new")
def new_adoption(request: Request, practice: Annotated[uuid.UUID, Query()]) -> Response:
    _signed_in(request)
    return _adoption_form(request, practice, {"visibility": Visibility.PRIVATE.value, "status": "adopted"})


@router.post("/adoptions/new")
def create_adoption(
    request: Request,
    practice_id: Annotated[uuid.UUID, Form()],
    status: Annotated[AdoptionStatus, Form()],
    visibility: Annotated[Visibility, Form()],
    adopter_id: Annotated[str, Form()] = "",
    adopter_name: Annotated[str, Form()] = "",
    teacher_id: Annotated[str, Form()] = "",
    teacher_name: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
    adaptations: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = "",
    source_ref: Annotated[str, Form()] = "",
    stakeholders: Annotated[str, Form()] = "",
) -> Response:
    _signed_in(request)
    values = {
        "stakeholders": stakeholders,
        "adopter_name": adopter_name,
        "teacher_name": teacher_name,
        "date": date,
        "adaptations": adaptations,
        "outcome": outcome,
        "source_ref": source_ref,
        "status": status.value,
        "visibility": visibility.value,
    }
    try:
        adopter = _actor(request, adopter_id, adopter_name)
        if adopter is None:
            raise ValueError("say which government adopted it")
        new_id = _services(request).adoptions.record(
            viewer_of(request),
            AdoptionDraft(
                practice_id=practice_id,
                adopter_id=adopter,
                learned_from_id=_actor(request, teacher_id, teacher_name),
                date=_blank(date),
                status=status,
                adaptations=adaptations.strip(),
                outcome=outcome.strip(),
                source_ref=_blank(source_ref),
                stakeholders=_stakeholders(stakeholders),
                visibility=visibility,
            ),
        )
    except (ProxeniaError, ValueError) as exc:
        return _adoption_form(request, practice_id, values, getattr(exc, "detail", str(exc)), 422)
    return redirect(f"/adoptions/{new_id}", "saved")


@router.get("/adoptions/{adoption_id}")
def adoption(request: Request, adoption_id: uuid.UUID) -> Response:
    a = _services(request).adoptions.get(viewer_of(request), adoption_id)
    return page(
        request,
        "practices/adoption.html",
        a=a,
        phases=list(TransferPhase),
        step_statuses=list(StepStatus),
        can_edit=viewer_of(request).can_write(a.tenant_id),
        breadcrumbs=[
            ("Home", "/"),
            ("Practices", "/practices"),
            (a.practice_title, f"/practices/{a.practice_id}"),
            (f"Adoption by {a.adopter.name}", None),
        ],
    )


@router.post("/adoptions/{adoption_id}/steps")
def add_step(
    request: Request,
    adoption_id: uuid.UUID,
    phase: Annotated[TransferPhase, Form()],
    title: Annotated[str, Form(max_length=500)],
    due_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    _signed_in(request)
    _services(request).adoptions.add_step(
        viewer_of(request), adoption_id, phase=phase, title=title, due_date=_blank(due_date)
    )
    return redirect(f"/adoptions/{adoption_id}#plan", "saved")


@router.post("/adoptions/{adoption_id}/steps/{step_id}")
def move_step(
    request: Request, adoption_id: uuid.UUID, step_id: uuid.UUID, status: Annotated[StepStatus, Form()]
) -> Response:
    _signed_in(request)
    _services(request).adoptions.set_step_status(viewer_of(request), adoption_id, step_id, status)
    return redirect(f"/adoptions/{adoption_id}#plan", "saved")


@router.post("/adoptions/{adoption_id}/follow-ups")
def add_followup(
    request: Request,
    adoption_id: uuid.UUID,
    result: Annotated[str, Form(max_length=10_000)],
    date: Annotated[str, Form(max_length=10)] = "",
    indicator: Annotated[str, Form(max_length=300)] = "",
    value: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    _signed_in(request)
    _services(request).adoptions.add_followup(
        viewer_of(request),
        adoption_id,
        result=result,
        date=_blank(date),
        indicator=_blank(indicator),
        value=_blank(value),
    )
    return redirect(f"/adoptions/{adoption_id}#follow-up", "saved")
