"""Pydantic schemas of adoptions (with transfer plans and follow-ups), shares and requests for help."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.schemas import ActorSummaryPublic
from proxenia.domain.adoptions import ActorLineage, Adoption, AdoptionStatus, Share, StepStatus, TransferPhase
from proxenia.domain.help_requests import HelpRequest, HelpResponse, RequestStatus
from proxenia.domain.kinds import Visibility


class StakeholderSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    role: str | None = Field(default=None, max_length=300)


class StepPublic(BaseModel):
    id: uuid.UUID
    phase: TransferPhase
    title: str
    due_date: str | None
    status: StepStatus


class FollowUpPublic(BaseModel):
    id: uuid.UUID
    date: str | None
    result: str
    indicator: str | None
    value: str | None


class AdoptionPublic(BaseModel):
    id: uuid.UUID
    practice_id: uuid.UUID
    practice_title: str
    adopter: ActorSummaryPublic
    learned_from: ActorSummaryPublic | None
    date: str | None
    status: AdoptionStatus
    adaptations: str
    outcome: str
    stakeholders: list[StakeholderSchema]
    source_ref: str | None
    steps: list[StepPublic]
    followups: list[FollowUpPublic]
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, a: Adoption) -> AdoptionPublic:
        return cls(
            id=a.id,
            practice_id=a.practice_id,
            practice_title=a.practice_title,
            adopter=ActorSummaryPublic.of(a.adopter),
            learned_from=ActorSummaryPublic.of(a.learned_from) if a.learned_from else None,
            date=a.date,
            status=a.status,
            adaptations=a.adaptations,
            outcome=a.outcome,
            stakeholders=[StakeholderSchema(**s.__dict__) for s in a.stakeholders],
            source_ref=a.source_ref,
            steps=[
                StepPublic(id=s.id, phase=s.phase, title=s.title, due_date=s.due_date, status=s.status) for s in a.steps
            ],
            followups=[FollowUpPublic(**f.__dict__) for f in a.followups],
            visibility=a.visibility,
            tlp=a.visibility.tlp,
            version=a.version,
        )


class AdoptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    practice_id: uuid.UUID
    adopter_id: uuid.UUID
    learned_from_id: uuid.UUID | None = Field(default=None, description="not always the originator")
    date: str | None = Field(default=None, examples=["2020", "2020-03"])
    status: AdoptionStatus = AdoptionStatus.ADOPTED
    adaptations: str = Field(default="", max_length=10_000, description="what was adapted")
    outcome: str = Field(default="", max_length=10_000)
    stakeholders: list[StakeholderSchema] = []
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class AdoptionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    learned_from_id: uuid.UUID | None = None
    date: str | None = None
    status: AdoptionStatus | None = None
    adaptations: str | None = Field(default=None, max_length=10_000)
    outcome: str | None = Field(default=None, max_length=10_000)
    stakeholders: list[StakeholderSchema] | None = None
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility | None = None


class StepCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phase: TransferPhase
    title: str = Field(min_length=1, max_length=500)
    due_date: str | None = None
    status: StepStatus = StepStatus.TODO


class StepUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: StepStatus


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    result: str = Field(min_length=1, max_length=10_000)
    date: str | None = None
    indicator: str | None = Field(default=None, max_length=300)
    value: str | None = Field(default=None, max_length=200)


class ShareCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_actor_id: uuid.UUID
    to_actor_id: uuid.UUID | None = None
    recipients: str | None = Field(default=None, max_length=500, description="when the recipients are not named")
    date: str | None = None
    note: str = Field(default="", max_length=4000)
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class SharePublic(BaseModel):
    id: uuid.UUID
    practice_id: uuid.UUID
    from_actor: ActorSummaryPublic
    to_actor: ActorSummaryPublic | None
    recipients: str | None
    date: str | None
    note: str
    source_ref: str | None

    @classmethod
    def of(cls, s: Share) -> SharePublic:
        return cls(
            id=s.id,
            practice_id=s.practice_id,
            from_actor=ActorSummaryPublic.of(s.from_actor),
            to_actor=ActorSummaryPublic.of(s.to_actor) if s.to_actor else None,
            recipients=s.recipients,
            date=s.date,
            note=s.note,
            source_ref=s.source_ref,
        )


class ActorLineagePublic(BaseModel):
    actor: ActorSummaryPublic
    came_from: list[AdoptionPublic] = Field(description="its adoptions: where its practices came from")
    went_to: list[AdoptionPublic] = Field(description="adoptions of practices it originated or taught")
    shared: list[SharePublic]
    originated: list[dict[str, str]]

    @classmethod
    def of(cls, x: ActorLineage) -> ActorLineagePublic:
        return cls(
            actor=ActorSummaryPublic.of(x.actor),
            came_from=[AdoptionPublic.of(a) for a in x.came_from],
            went_to=[AdoptionPublic.of(a) for a in x.went_to],
            shared=[SharePublic.of(s) for s in x.shared],
            originated=[{"id": str(i), "title": t} for i, t in x.originated],
        )


class ResponsePublic(BaseModel):
    id: uuid.UUID
    text: str
    responder: ActorSummaryPublic | None
    practice_id: uuid.UUID | None
    practice_title: str | None
    contact: str | None
    author: str | None
    visibility: Visibility
    created_at: dt.datetime | None

    @classmethod
    def of(cls, r: HelpResponse) -> ResponsePublic:
        return cls(
            id=r.id,
            text=r.text,
            responder=ActorSummaryPublic.of(r.responder) if r.responder else None,
            practice_id=r.practice_id,
            practice_title=r.practice_title,
            contact=r.contact,
            author=r.author,
            visibility=r.visibility,
            created_at=r.created_at,
        )


class HelpRequestPublic(BaseModel):
    id: uuid.UUID
    asker: ActorSummaryPublic
    title: str
    text: str
    policy_area: str | None
    needed_by: str | None
    status: RequestStatus
    response_count: int
    responses: list[ResponsePublic]
    visibility: Visibility
    tlp: str
    version: int
    created_at: dt.datetime | None

    @classmethod
    def of(cls, r: HelpRequest) -> HelpRequestPublic:
        return cls(
            id=r.id,
            asker=ActorSummaryPublic.of(r.asker),
            title=r.title,
            text=r.text,
            policy_area=r.policy_area,
            needed_by=r.needed_by,
            status=r.status,
            response_count=r.response_count,
            responses=[ResponsePublic.of(x) for x in r.responses],
            visibility=r.visibility,
            tlp=r.visibility.tlp,
            version=r.version,
            created_at=r.created_at,
        )


class HelpRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    asker_id: uuid.UUID = Field(description="the government asking")
    title: str = Field(min_length=1, max_length=300, examples=["Mass COVID-19 testing"])
    text: str = Field(min_length=1, max_length=10_000)
    policy_area: str | None = Field(default=None, examples=["public_health"])
    needed_by: str | None = Field(default=None, examples=["2026-06"])
    visibility: Visibility = Visibility.PRIVATE


class HelpRequestUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    text: str | None = Field(default=None, min_length=1, max_length=10_000)
    policy_area: str | None = None
    needed_by: str | None = None
    status: RequestStatus | None = None
    visibility: Visibility | None = None


class ResponseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=10_000)
    responder_id: uuid.UUID | None = Field(default=None, description="the actor answering")
    practice_id: uuid.UUID | None = Field(default=None, description="a practice proposed")
    contact: str | None = Field(default=None, max_length=500)
    visibility: Visibility = Visibility.PRIVATE
