"""/api/v1/proposals (incoming requests: intake, screening, decision), /api/v1/intake-rules (the
organisation's own screening rules) and /api/v1/risks (partner-risk lists published by national offices)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Response, status
from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, VersionDep, ViewerDep, etag
from proxenia.api.engagement_schemas import MoneyIn, MoneyPublic
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.engagements import Money
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import (
    Attendee,
    IntakeRule,
    Proposal,
    ProposalDraft,
    ProposalKind,
    ProposalStatus,
    RiskEntry,
    RuleKind,
    Screening,
    Verdict,
)

router = APIRouter(
    prefix="/api/v1", tags=["incoming requests"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES
)


class AttendeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    title: str | None = Field(default=None, max_length=300)
    contact: str | None = Field(default=None, max_length=300)


class ProposalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProposalKind
    requester_name: str = Field(min_length=1, max_length=500, examples=["City of Busan"])
    requester_actor_id: uuid.UUID | None = None
    purpose: str = Field(min_length=1, max_length=20_000)
    received_on: dt.date | None = Field(default=None, description="today when omitted")
    contact: str | None = Field(default=None, max_length=1000)
    topics: list[Annotated[str, Field(max_length=100)]] = Field(default=[], max_length=30)
    proposed_start: dt.date | None = None
    proposed_end: dt.date | None = None
    attendees: list[AttendeeIn] = Field(default=[], max_length=200)
    cost_to_us: MoneyIn | None = None
    requester_industries: list[Annotated[str, Field(max_length=100)]] = Field(default=[], max_length=30)
    visibility: Visibility = Visibility.PRIVATE


class VerdictPublic(BaseModel):
    rule: RuleKind
    rule_label: str
    verdict: Verdict
    explanation: str
    records: list[str]


class ScreeningPublic(BaseModel):
    overall: Verdict
    screened_on: dt.date
    verdicts: list[VerdictPublic]

    @classmethod
    def of(cls, s: Screening) -> ScreeningPublic:
        return cls(overall=s.overall, screened_on=s.screened_on, verdicts=[
            VerdictPublic(rule=v.rule, rule_label=v.rule.label, verdict=v.verdict, explanation=v.explanation,
                          records=list(v.records)) for v in s.verdicts])


class ProposalPublic(BaseModel):
    id: uuid.UUID
    kind: ProposalKind
    requester_name: str
    requester_actor_id: uuid.UUID | None
    purpose: str
    received_on: dt.date
    contact: str | None
    topics: list[str]
    proposed_start: dt.date | None
    proposed_end: dt.date | None
    attendees: list[AttendeeIn]
    cost_to_us: MoneyPublic | None
    requester_industries: list[str]
    status: ProposalStatus
    screening: ScreeningPublic | None
    decision_reason: str | None
    decided_on: dt.date | None
    decided_by: str | None
    engagement_id: uuid.UUID | None
    tenant_id: uuid.UUID
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, p: Proposal) -> ProposalPublic:
        return cls(
            id=p.id, kind=p.kind, requester_name=p.requester_name, requester_actor_id=p.requester_actor_id,
            purpose=p.purpose, received_on=p.received_on, contact=p.contact, topics=list(p.topics),
            proposed_start=p.proposed_start, proposed_end=p.proposed_end,
            attendees=[AttendeeIn(name=a.name, title=a.title, contact=a.contact) for a in p.attendees],
            cost_to_us=MoneyPublic.of(p.cost_to_us), requester_industries=list(p.requester_industries),
            status=p.status, screening=ScreeningPublic.of(p.screening) if p.screening else None,
            decision_reason=p.decision_reason, decided_on=p.decided_on, decided_by=p.decided_by,
            engagement_id=p.engagement_id, tenant_id=p.tenant_id, visibility=p.visibility, tlp=p.visibility.tlp,
            version=p.version,
        )


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    accept: bool
    reason: str = Field(min_length=1, max_length=10_000)
    log_engagement: bool = Field(default=True, description="an accepted visit becomes an inbound delegation")


class DecisionPublic(BaseModel):
    status: ProposalStatus
    engagement_id: uuid.UUID | None
    version: int


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: RuleKind
    params: dict[str, Any] = Field(default={}, description="e.g. {\"min_days\": 28} or {\"years\": 2}")
    enabled: bool = True
    note: str | None = Field(default=None, max_length=2000)


class RiskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=10_000)
    actor_id: uuid.UUID | None = None
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    source_ref: str | None = Field(default=None, max_length=2000)
    listed_on: dt.date | None = None
    visibility: Visibility = Visibility.FEDERATION


class RiskPublic(RiskCreate):
    id: uuid.UUID
    actor_name: str | None
    tenant_id: uuid.UUID
    tlp: str
    version: int

    @classmethod
    def of(cls, r: RiskEntry) -> RiskPublic:
        return cls(id=r.id, reason=r.reason, actor_id=r.actor_id, country_code=r.country_code,
                   source_ref=r.source_ref, listed_on=r.listed_on, visibility=r.visibility, actor_name=r.actor_name,
                   tenant_id=r.tenant_id, tlp=r.visibility.tlp, version=r.version)


@router.get("/proposals", response_model=list[ProposalPublic], summary="Your organisation's incoming requests")
def list_proposals(services: ServicesDep, viewer: ViewerDep, status: ProposalStatus | None = None) -> Any:
    items, _ = services.intake.proposals(viewer, status=status, limit=500)
    return [ProposalPublic.of(p) for p in items]


@router.post("/proposals", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Record an incoming request (the intake form)")
def submit_proposal(body: ProposalCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    draft = ProposalDraft(
        kind=body.kind, requester_name=body.requester_name, requester_actor_id=body.requester_actor_id,
        purpose=body.purpose, received_on=body.received_on or dt.datetime.now(dt.UTC).date(), contact=body.contact,
        topics=tuple(body.topics), proposed_start=body.proposed_start,
        proposed_end=body.proposed_end, attendees=tuple(Attendee(a.name, a.title, a.contact) for a in body.attendees),
        cost_to_us=Money(Decimal(body.cost_to_us.amount), body.cost_to_us.currency) if body.cost_to_us else None,
        requester_industries=tuple(body.requester_industries), visibility=body.visibility,
    )
    new_id = services.intake.submit(viewer, draft)
    response.headers["Location"] = f"/api/v1/proposals/{new_id}"
    return Created(id=new_id)


@router.get("/proposals/{proposal_id}", response_model=ProposalPublic, summary="Read an incoming request")
def get_proposal(proposal_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep, response: Response) -> Any:
    proposal = services.intake.get(viewer, proposal_id)
    response.headers["ETag"] = etag(proposal.version)
    return ProposalPublic.of(proposal)


@router.post("/proposals/{proposal_id}/screening", response_model=ScreeningPublic,
             summary="Screen a request against your rules; each verdict is explained")
def screen_proposal(proposal_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> ScreeningPublic:
    return ScreeningPublic.of(services.intake.screen(viewer, proposal_id))


@router.post("/proposals/{proposal_id}/decision", response_model=DecisionPublic,
             summary="Accept or decline a request, with the reason (send If-Match)")
def decide_proposal(
    proposal_id: uuid.UUID, body: DecisionCreate, version: VersionDep, services: ServicesDep, viewer: ViewerDep
) -> DecisionPublic:
    engagement_id = services.intake.decide(viewer, proposal_id, version.version(), accept=body.accept,
                                           reason=body.reason, log_engagement=body.log_engagement)
    after = services.intake.get(viewer, proposal_id)
    return DecisionPublic(status=after.status, engagement_id=engagement_id, version=after.version)


@router.get("/intake-rules", response_model=list[RuleIn], summary="Your organisation's screening rules")
def get_rules(services: ServicesDep, viewer: ViewerDep) -> list[RuleIn]:
    return [RuleIn(kind=r.kind, params=r.params, enabled=r.enabled, note=r.note) for r in services.intake.rules(viewer)]


@router.put("/intake-rules", response_model=list[RuleIn], summary="Replace your screening rules (admins)")
def put_rules(
    body: Annotated[list[RuleIn], Body(max_length=20, description="at most 20 rules")], services: ServicesDep,
    viewer: ViewerDep,
) -> list[RuleIn]:
    services.intake.set_rules(viewer, [IntakeRule(r.kind, dict(r.params), r.enabled, r.note) for r in body])
    return get_rules(services, viewer)


@router.get("/risks", response_model=list[RiskPublic], summary="Partner-risk list entries shared with you")
def list_risks(services: ServicesDep, viewer: ViewerDep) -> list[RiskPublic]:
    return [RiskPublic.of(r) for r in services.intake.risk_entries(viewer)]


@router.post("/risks", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Publish a partner-risk list entry (national offices)")
def publish_risk(body: RiskCreate, services: ServicesDep, viewer: ViewerDep, response: Response) -> Created:
    new_id = services.intake.publish_risk(viewer, **body.model_dump())
    response.headers["Location"] = f"/api/v1/risks/{new_id}"
    return Created(id=new_id)


@router.get("/risks/{risk_id}", response_model=RiskPublic, summary="Read a partner-risk list entry")
def get_risk(risk_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> RiskPublic:
    return RiskPublic.of(services.intake.risk_entry(viewer, risk_id))


@router.delete("/risks/{risk_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Withdraw a partner-risk list entry (send If-Match)")
def withdraw_risk(risk_id: uuid.UUID, version: VersionDep, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.intake.withdraw_risk(viewer, risk_id, version.version())
    return Response(status_code=204)
