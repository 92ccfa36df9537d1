"""Practices: what a government did about a problem, in its context, with what evidence; and how a
practice is curated (draft → submitted → validated → published, as in the Interreg Policy Learning
Platform)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership


class PracticeStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "submitted": "Submitted for review",
            "validated": "Validated",
            "published": "Published",
        }[self.value]


class EvidenceLevel(StrEnum):
    """How well the practice's results are known (None on a practice: not stated)."""

    ANECDOTAL = "anecdotal"
    MONITORED = "monitored"
    EVALUATED = "independently_evaluated"

    @property
    def label(self) -> str:
        return {
            "anecdotal": "Anecdotal",
            "monitored": "Monitored",
            "independently_evaluated": "Independently evaluated",
        }[self.value]

    @property
    def strength(self) -> float:
        return {"anecdotal": 1 / 3, "monitored": 2 / 3, "independently_evaluated": 1.0}[self.value]


class CurationStep(StrEnum):
    """The moves of the curation workflow; who may make each is decided in the store."""

    SUBMIT = "submit"  # the author's organisation, to a curator
    WITHDRAW = "withdraw"  # the author's organisation, back to draft
    VALIDATE = "validate"  # a reviewer of the curating organisation
    RETURN = "return"  # a reviewer sends it back to draft, with a note
    PUBLISH = "publish"  # a reviewer of the curating organisation


#: step -> (statuses it starts from, status it leads to, made by the curator?)
TRANSITIONS: dict[CurationStep, tuple[frozenset[PracticeStatus], PracticeStatus, bool]] = {
    CurationStep.SUBMIT: (frozenset({PracticeStatus.DRAFT}), PracticeStatus.SUBMITTED, False),
    CurationStep.WITHDRAW: (frozenset({PracticeStatus.SUBMITTED}), PracticeStatus.DRAFT, False),
    CurationStep.VALIDATE: (frozenset({PracticeStatus.SUBMITTED}), PracticeStatus.VALIDATED, True),
    CurationStep.RETURN: (
        frozenset({PracticeStatus.SUBMITTED, PracticeStatus.VALIDATED}),
        PracticeStatus.DRAFT,
        True,
    ),
    CurationStep.PUBLISH: (frozenset({PracticeStatus.VALIDATED}), PracticeStatus.PUBLISHED, True),
}


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Link:
    url: str
    label: str | None = None


@dataclass(frozen=True)
class ContextSnapshot:
    """The originator's context when the practice was recorded, copied from the registry."""

    population: int | None = None
    income_group: str | None = None
    region: str | None = None
    country_code: str | None = None
    kind: str | None = None
    taken_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> ContextSnapshot:
        data = data or {}
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True, kw_only=True)
class PracticeDraft:
    title: str
    summary: str = ""
    problem: str = ""
    approach: str = ""
    resources: str = ""
    outcomes: str = ""
    policy_areas: tuple[str, ...] = ()
    originator_id: uuid.UUID | None = None
    start_date: str | None = None
    evidence_level: EvidenceLevel | None = None
    contacts: tuple[Contact, ...] = ()
    links: tuple[Link, ...] = ()
    curator_tenant_id: uuid.UUID | None = None
    source_ref: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    visibility: Visibility = Visibility.PRIVATE
    status: PracticeStatus = PracticeStatus.DRAFT
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Review:
    """The curation trail of a practice."""

    curator_tenant_id: uuid.UUID | None = None
    curator_name: str | None = None
    submitted_at: dt.datetime | None = None
    validated_at: dt.datetime | None = None
    validated_by: str | None = None
    published_at: dt.datetime | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class PracticeSummary:
    """What a list, a search hit or a recommendation shows."""

    id: uuid.UUID
    title: str
    summary: str
    status: PracticeStatus
    policy_areas: tuple[str, ...]
    originator: ActorSummary | None
    start_date: str | None
    evidence_level: EvidenceLevel | None
    adoption_count: int
    visibility: Visibility
    tenant_id: uuid.UUID


@dataclass(frozen=True)
class PracticeTraits:
    """What ranking a practice needs, without its texts (read for many candidates; the summaries of the
    few kept are read after). ``originator_id`` is stored as is: whether the viewer may read that actor
    is for the reader of actors to say."""

    id: uuid.UUID
    title: str
    policy_areas: tuple[str, ...]
    originator_id: uuid.UUID | None
    evidence_level: EvidenceLevel | None
    adoption_count: int


@dataclass(frozen=True, kw_only=True)
class Practice(Ownership):
    id: uuid.UUID
    title: str
    summary: str
    problem: str
    approach: str
    resources: str
    outcomes: str
    policy_areas: tuple[str, ...]
    originator: ActorSummary | None
    start_date: str | None
    evidence_level: EvidenceLevel | None
    context: ContextSnapshot
    contacts: tuple[Contact, ...]
    links: tuple[Link, ...]
    status: PracticeStatus
    review: Review
    source_ref: str | None
    attributes: dict[str, Any] = field(default_factory=dict)


#: Fields of a practice its owner may change with an update.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "summary",
        "problem",
        "approach",
        "resources",
        "outcomes",
        "policy_areas",
        "originator_id",
        "start_date",
        "evidence_level",
        "contacts",
        "links",
        "curator_tenant_id",
        "source_ref",
        "visibility",
    }
)

TEXT_LIMITS = {
    "title": 300,
    "summary": 4000,
    "problem": 10_000,
    "approach": 20_000,
    "resources": 10_000,
    "outcomes": 10_000,
    "source_ref": 2000,
}
CONTACT_TEXT_LIMITS = {"name": 300, "role": 300, "email": 320}
LINK_TEXT_LIMITS = {"url": 2000, "label": 300}


def search_document(title: str, *parts: str) -> str:
    """The text full-text search indexes for a practice (title first, repeated to weigh more)."""
    body = "\n".join(p for p in parts if p)
    return f"{title}\n{title}\n{body}".strip()


@dataclass(frozen=True, kw_only=True)
class PracticeFilter:
    """One filter definition serving the list page, the API and the CLI."""

    query: str = ""
    policy_areas: tuple[str, ...] = ()
    statuses: tuple[PracticeStatus, ...] = (PracticeStatus.PUBLISHED,)  # empty: any status
    originator_id: uuid.UUID | None = None
    country_code: str | None = None  # of the originator
    evidence_levels: tuple[EvidenceLevel, ...] = ()
    tenant_id: uuid.UUID | None = None  # only practices this organisation owns
    source: str | None = None  # e.g. "spid": practices of one data set (attributes.dataset)


@dataclass(frozen=True)
class PracticeLink:
    """What a practice serves: a pledge (a tie of type pledge), a goal, or an agreement."""

    id: uuid.UUID
    practice_id: uuid.UUID
    practice_title: str
    kind: str  # pledge, goal, agreement
    note: str
    source_ref: str | None
    pledger: ActorSummary | None = None  # for a pledge: who pledged
    agreement: ActorSummary | None = None  # the agreement pledged to, or served
    tie_id: uuid.UUID | None = None
    goal_id: uuid.UUID | None = None
    visibility: Visibility = Visibility.PRIVATE
    tenant_id: uuid.UUID | None = None
