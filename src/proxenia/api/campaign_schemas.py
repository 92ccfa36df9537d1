"""Pydantic schemas of reporting campaigns: questionnaires, tracking, responses, the aggregate, the inbox."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.federation_schemas import MessagePublic
from proxenia.domain.campaign_aggregates import QuestionSummary
from proxenia.domain.campaign_rules import AnswerProblem
from proxenia.domain.campaigns import (
    Campaign,
    CampaignResponse,
    CampaignStatus,
    Question,
    QuestionKind,
    Recipient,
    RecipientStatus,
    ResponseStatus,
)
from proxenia.domain.kinds import Visibility


class QuestionSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    kind: QuestionKind
    label: str = Field(min_length=1, max_length=2000)
    help: str = Field(default="", max_length=4000)
    required: bool = False
    min_value: float | None = Field(default=None, allow_inf_nan=False, strict=True)
    max_value: float | None = Field(default=None, allow_inf_nan=False, strict=True)
    choices: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=100)
    source: str | None = Field(default=None, max_length=64, description="e.g. ties:sister_city")

    def domain(self) -> Question:
        return Question(key=self.key, kind=self.kind, label=self.label, help=self.help, required=self.required,
                        min_value=self.min_value, max_value=self.max_value,
                        choices=tuple(self.choices), source=self.source)

    @classmethod
    def of(cls, q: Question) -> QuestionSchema:
        return cls(key=q.key, kind=q.kind, label=q.label, help=q.help, required=q.required, min_value=q.min_value,
                   max_value=q.max_value, choices=list(q.choices), source=q.source)


class CampaignCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=10_000)
    topic: str = Field(default="", max_length=200)
    deadline: dt.date | None = None
    questions: list[QuestionSchema] = Field(default_factory=list, max_length=200)
    visibility: Visibility = Visibility.FEDERATION


class CampaignUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    topic: str | None = Field(default=None, max_length=200)
    deadline: dt.date | None = None
    visibility: Visibility | None = None
    questions: list[QuestionSchema] | None = Field(default=None, max_length=200)


class CampaignPublic(BaseModel):
    id: uuid.UUID
    federation_id: uuid.UUID
    title: str
    description: str
    topic: str
    deadline: dt.date | None
    status: CampaignStatus
    questions: list[QuestionSchema]
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, c: Campaign) -> CampaignPublic:
        return cls(id=c.id, federation_id=c.federation_id, title=c.title, description=c.description, topic=c.topic,
                   deadline=c.deadline, status=c.status, questions=[QuestionSchema.of(q) for q in c.questions],
                   visibility=c.visibility, tlp=c.visibility.tlp, version=c.version)


class SendingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[str] = Field(min_length=1, max_length=5000, description="tenant slugs of active members")
    deadline: dt.date | None = None


class ReminderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    members: list[uuid.UUID] | None = Field(default=None, max_length=5000, description="default: all not submitted")
    note: str = Field(default="", max_length=4000)


class CountPublic(BaseModel):
    count: int


class RecipientPublic(BaseModel):
    tenant_id: uuid.UUID
    name: str
    sent_at: dt.datetime
    status: RecipientStatus
    response_id: uuid.UUID | None
    submitted_at: dt.datetime | None
    reminders: int
    last_reminded_at: dt.datetime | None

    @classmethod
    def of(cls, r: Recipient) -> RecipientPublic:
        return cls(**r.__dict__)


class TrackingPublic(BaseModel):
    campaign: CampaignPublic
    recipients: list[RecipientPublic]
    submitted: int
    overdue: int
    completion: float


class ProblemPublic(BaseModel):
    question: str
    message: str
    severity: str

    @classmethod
    def of(cls, p: AnswerProblem) -> ProblemPublic:
        return cls(question=p.key, message=p.message, severity=p.severity)


class ResponsePublic(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    tenant_id: uuid.UUID
    status: ResponseStatus
    answers: dict[str, Any]
    submitted_at: dt.datetime | None
    submitted_by: str | None
    visibility: Visibility
    tlp: str
    version: int
    problems: list[ProblemPublic]

    @classmethod
    def of(cls, r: CampaignResponse, problems: list[AnswerProblem]) -> ResponsePublic:
        return cls(id=r.id, campaign_id=r.campaign_id, tenant_id=r.tenant_id, status=r.status, answers=r.answers,
                   submitted_at=r.submitted_at, submitted_by=r.submitted_by, visibility=r.visibility,
                   tlp=r.visibility.tlp, version=r.version, problems=[ProblemPublic.of(p) for p in problems])


class ReviewedPublic(BaseModel):
    member: str
    response: ResponsePublic


class ResponseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any] = Field(description="question key -> answer (number, text, date, or list of records)")
    visibility: Visibility | None = None


class SubmissionChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    visibility: Visibility = Field(default=Visibility.FEDERATION, description="federation or public")


class RecordsChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    visibility: Visibility = Visibility.FEDERATION


class RecordsMadePublic(BaseModel):
    created: int
    already_present: int
    unresolved: list[str]


class BarPublic(BaseModel):
    label: str
    value: float


class SummaryPublic(BaseModel):
    question: QuestionSchema
    answered: int
    unanswered: int
    figures: list[tuple[str, str]]
    chart_title: str
    bars: list[BarPublic]
    rows: list[tuple[str, str]]

    @classmethod
    def of(cls, s: QuestionSummary) -> SummaryPublic:
        return cls(question=QuestionSchema.of(s.question), answered=s.answered, unanswered=s.unanswered,
                   figures=s.figures, chart_title=s.chart_title,
                   bars=[BarPublic(label=b.label, value=b.value) for b in s.bars], rows=s.rows)


class AggregatePublic(BaseModel):
    campaign: CampaignPublic
    recipients: int
    responses: int
    summaries: list[SummaryPublic]


class InboxCampaignPublic(BaseModel):
    campaign: CampaignPublic
    federation: str
    response_id: uuid.UUID | None
    response_status: ResponseStatus | None


class InboxPublic(BaseModel):
    campaigns: list[InboxCampaignPublic]
    messages: list[MessagePublic]
