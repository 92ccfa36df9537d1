"""Pydantic schemas of the engagement log: EngagementCreate (also the whole-record replacement),
EngagementPublic, EngagementSummaryPublic and their parts."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from proxenia.domain.engagements import (
    Engagement,
    EngagementDraft,
    EngagementKind,
    EngagementOrigin,
    EngagementSummary,
    FollowUp,
    FollowUpStatus,
    GoalWeight,
    Money,
    Occurrence,
    Participant,
)
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.kinds import Visibility

Text = Field(default=None, max_length=20_000)
#: A day in a query string: strictly YYYY-MM-DD (the date type would also take "0" as 1970-01-01).
IsoDate = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]


def iso_date(text: str | None, column: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidInput(Problem(f"'{text}' is not a day of the calendar", column=column)) from None


class MoneyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Decimal = Field(ge=0, le=Decimal("1e12"), max_digits=15, decimal_places=2, examples=["12500.00"])
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["USD"])


class MoneyPublic(BaseModel):
    amount: str
    currency: str

    @classmethod
    def of(cls, money: Money | None) -> MoneyPublic | None:
        return cls(amount=f"{money.amount:.2f}", currency=money.currency) if money else None


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actor_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    role: str = Field(default="", max_length=64, examples=["counterpart", "host", "speaker"])

    @model_validator(mode="after")
    def _one_party(self) -> ParticipantIn:
        if (self.actor_id is None) == (self.person_id is None):
            raise ValueError("give either actor_id or person_id")
        return self


class ParticipantPublic(BaseModel):
    actor_id: uuid.UUID | None
    person_id: uuid.UUID | None
    role: str
    name: str
    country_code: str | None = None

    @classmethod
    def of(cls, p: Participant) -> ParticipantPublic:
        return cls(actor_id=p.actor_id, person_id=p.person_id, role=p.role, name=p.name, country_code=p.country_code)


class GoalWeightIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goal_id: uuid.UUID
    weight: float = Field(default=1.0, gt=0, le=1, strict=True, description="how much the engagement serves the goal")


class GoalWeightPublic(BaseModel):
    goal_id: uuid.UUID
    weight: float
    label: str


class FollowUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str = Field(min_length=1, max_length=2000)
    owner: str | None = Field(default=None, max_length=200)
    due_date: dt.date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN


class FollowUpPublic(FollowUpIn):
    id: uuid.UUID | None
    overdue: bool


class FollowUpUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: FollowUpStatus


class OccurrenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_date: dt.date
    end_date: dt.date | None = None
    place: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=2000)


class EngagementCreate(BaseModel):
    """An engagement as logged; the same body replaces a whole engagement (PUT)."""

    model_config = ConfigDict(extra="forbid")
    kind: EngagementKind
    title: str = Field(min_length=1, max_length=500)
    start_date: dt.date
    end_date: dt.date | None = None
    place: str | None = Field(default=None, max_length=300)
    department_id: uuid.UUID | None = None
    joint_department_ids: list[uuid.UUID] = Field(default=[], max_length=50)
    participants: list[ParticipantIn] = Field(default=[], max_length=500)
    policy_areas: list[Annotated[str, Field(max_length=100)]] = Field(default=[], max_length=50)
    goals: list[GoalWeightIn] = Field(default=[], max_length=100)
    cost: MoneyIn | None = None
    staff_days: float | None = Field(default=None, ge=0, le=10_000, strict=True)
    outcomes: str | None = Text
    description: str | None = Text
    follow_ups: list[FollowUpIn] = Field(default=[], max_length=200)
    links: list[Annotated[str, Field(max_length=2000)]] = Field(default=[], max_length=50)
    occurrences: list[OccurrenceIn] = Field(default=[], max_length=500)
    related_ids: list[uuid.UUID] = Field(default=[], max_length=100)
    visibility: Visibility = Visibility.PRIVATE

    def draft(self) -> EngagementDraft:
        return EngagementDraft(
            kind=self.kind,
            title=self.title,
            start_date=self.start_date,
            end_date=self.end_date,
            place=self.place,
            department_id=self.department_id,
            joint_department_ids=tuple(self.joint_department_ids),
            participants=tuple(Participant(actor_id=p.actor_id, person_id=p.person_id, role=p.role)
                               for p in self.participants),
            policy_areas=tuple(self.policy_areas),
            goals=tuple(GoalWeight(g.goal_id, g.weight) for g in self.goals),
            cost=Money(self.cost.amount, self.cost.currency) if self.cost else None,
            staff_days=self.staff_days,
            outcomes=self.outcomes,
            description=self.description,
            follow_ups=tuple(FollowUp(f.action, f.owner, f.due_date, f.status) for f in self.follow_ups),
            links=tuple(self.links),
            occurrences=tuple(Occurrence(o.start_date, o.end_date, o.place, o.note) for o in self.occurrences),
            related_ids=tuple(self.related_ids),
            origin=EngagementOrigin.API,
            visibility=self.visibility,
        )


class EngagementSummaryPublic(BaseModel):
    id: uuid.UUID
    kind: EngagementKind
    title: str
    start_date: dt.date
    end_date: dt.date
    department_id: uuid.UUID | None
    department: str | None
    counterparts: list[ParticipantPublic]
    open_follow_ups: int
    visibility: Visibility
    tlp: str
    origin: EngagementOrigin

    @classmethod
    def of(cls, s: EngagementSummary) -> EngagementSummaryPublic:
        return cls(
            id=s.id, kind=s.kind, title=s.title, start_date=s.start_date, end_date=s.end_date,
            department_id=s.department_id, department=s.department_name,
            counterparts=[ParticipantPublic.of(p) for p in s.counterparts], open_follow_ups=s.open_follow_ups,
            visibility=s.visibility, tlp=s.visibility.tlp, origin=s.origin,
        )


class EngagementPublic(BaseModel):
    id: uuid.UUID
    kind: EngagementKind
    kind_label: str
    title: str
    start_date: dt.date
    end_date: dt.date
    place: str | None
    department_id: uuid.UUID | None
    department: str | None
    joint_department_ids: list[uuid.UUID]
    participants: list[ParticipantPublic]
    policy_areas: list[str]
    goals: list[GoalWeightPublic]
    cost: MoneyPublic | None
    staff_days: float | None
    outcomes: str | None
    description: str | None
    follow_ups: list[FollowUpPublic]
    links: list[str]
    occurrences: list[OccurrenceIn]
    related_ids: list[uuid.UUID]
    origin: EngagementOrigin
    recorded_by: str | None
    tenant_id: uuid.UUID
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, e: Engagement, today: dt.date) -> EngagementPublic:
        return cls(
            id=e.id, kind=e.kind, kind_label=e.kind.label, title=e.title, start_date=e.start_date,
            end_date=e.end_date, place=e.place, department_id=e.department_id, department=e.department_name,
            joint_department_ids=list(e.joint_department_ids),
            participants=[ParticipantPublic.of(p) for p in e.participants], policy_areas=list(e.policy_areas),
            goals=[GoalWeightPublic(goal_id=g.goal_id, weight=g.weight, label=g.label) for g in e.goals],
            cost=MoneyPublic.of(e.cost), staff_days=e.staff_days, outcomes=e.outcomes, description=e.description,
            follow_ups=[FollowUpPublic(id=f.id, action=f.action, owner=f.owner, due_date=f.due_date, status=f.status,
                                       overdue=f.is_overdue(today)) for f in e.follow_ups],
            links=list(e.links),
            occurrences=[OccurrenceIn(start_date=o.start_date, end_date=o.end_date, place=o.place, note=o.note)
                         for o in e.occurrences],
            related_ids=list(e.related_ids), origin=e.origin, recorded_by=e.recorded_by, tenant_id=e.tenant_id,
            visibility=e.visibility, tlp=e.visibility.tlp, version=e.version,
        )


class EngagementImportPublic(BaseModel):
    rows: int
    created: int
    dry_run: bool
    matched: dict[str, str] = Field(description="text in the file -> the id of the actor it resolved to")
