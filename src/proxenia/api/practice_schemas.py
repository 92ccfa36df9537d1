"""Pydantic schemas of the practice exchange API: practices, lineage, recommendations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.schemas import ActorSummaryPublic, PagePublic
from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import EvidenceLevel, Practice, PracticeLink, PracticeStatus, PracticeSummary
from proxenia.domain.recommendations import Factor
from proxenia.services.practices.engine import EngineStatus
from proxenia.services.practices.views import (
    PracticeHit,
    RecommendationsView,
    RecommendedAdopter,
    RecommendedPeer,
    RecommendedPractice,
)


class PolicyAreaPublic(BaseModel):
    code: str = Field(examples=["public_health", "pap.health"])
    label: str
    scheme: str = Field(description="proxenia (practitioners' areas) or pap (Policy Agendas Project topics)")


class ContactSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    role: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")


class LinkSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=2000, pattern=r"^https?://")
    label: str | None = Field(default=None, max_length=300)


class PracticeSummaryPublic(BaseModel):
    id: uuid.UUID
    title: str
    summary: str
    status: PracticeStatus
    policy_areas: list[str]
    originator: ActorSummaryPublic | None
    start_date: str | None
    evidence_level: EvidenceLevel | None
    adoption_count: int
    visibility: Visibility
    tlp: str

    @classmethod
    def of(cls, p: PracticeSummary) -> PracticeSummaryPublic:
        return cls(
            id=p.id,
            title=p.title,
            summary=p.summary,
            status=p.status,
            policy_areas=list(p.policy_areas),
            originator=ActorSummaryPublic.of(p.originator) if p.originator else None,
            start_date=p.start_date,
            evidence_level=p.evidence_level,
            adoption_count=p.adoption_count,
            visibility=p.visibility,
            tlp=p.visibility.tlp,
        )


class PracticeHitPublic(PracticeSummaryPublic):
    rank: float = Field(description="full-text rank, or cosine similarity on the semantic path")
    matched: list[str] = Field(description="the query's words found in the practice")

    @classmethod
    def of_hit(cls, h: PracticeHit) -> PracticeHitPublic:
        return cls(**PracticeSummaryPublic.of(h.practice).model_dump(), rank=h.rank, matched=list(h.matched))


class PracticePagePublic(PagePublic[PracticeHitPublic]):
    ranking: str = Field(description="fulltext, semantic, or recent (no query)")
    notes: list[str] = []


class PracticeLinkPublic(BaseModel):
    id: uuid.UUID
    kind: str
    note: str
    source_ref: str | None
    pledger: ActorSummaryPublic | None
    agreement: ActorSummaryPublic | None
    tie_id: uuid.UUID | None
    goal_id: uuid.UUID | None
    visibility: Visibility

    @classmethod
    def of(cls, link: PracticeLink) -> PracticeLinkPublic:
        return cls(
            id=link.id,
            kind=link.kind,
            note=link.note,
            source_ref=link.source_ref,
            pledger=ActorSummaryPublic.of(link.pledger) if link.pledger else None,
            agreement=ActorSummaryPublic.of(link.agreement) if link.agreement else None,
            tie_id=link.tie_id,
            goal_id=link.goal_id,
            visibility=link.visibility,
        )


class PracticePublic(BaseModel):
    id: uuid.UUID
    title: str
    summary: str
    problem: str
    approach: str
    resources: str
    outcomes: str
    policy_areas: list[str]
    originator: ActorSummaryPublic | None
    start_date: str | None
    evidence_level: EvidenceLevel | None
    context: dict[str, Any] = Field(description="the originator's context when recorded (from the registry)")
    contacts: list[ContactSchema]
    links: list[LinkSchema]
    status: PracticeStatus
    curator_tenant_id: uuid.UUID | None
    submitted_at: dt.datetime | None
    validated_at: dt.datetime | None
    validated_by: str | None
    published_at: dt.datetime | None
    review_note: str | None
    source_ref: str | None
    serves: list[PracticeLinkPublic] = []
    visibility: Visibility
    tlp: str
    version: int
    tenant_id: uuid.UUID

    @classmethod
    def of(cls, p: Practice, links: list[PracticeLink]) -> PracticePublic:
        r = p.review
        return cls(
            id=p.id,
            title=p.title,
            summary=p.summary,
            problem=p.problem,
            approach=p.approach,
            resources=p.resources,
            outcomes=p.outcomes,
            policy_areas=list(p.policy_areas),
            originator=ActorSummaryPublic.of(p.originator) if p.originator else None,
            start_date=p.start_date,
            evidence_level=p.evidence_level,
            context=p.context.as_dict(),
            contacts=[ContactSchema(**c.__dict__) for c in p.contacts],
            links=[LinkSchema(**x.__dict__) for x in p.links],
            status=p.status,
            curator_tenant_id=r.curator_tenant_id,
            submitted_at=r.submitted_at,
            validated_at=r.validated_at,
            validated_by=r.validated_by,
            published_at=r.published_at,
            review_note=r.note,
            source_ref=p.source_ref,
            serves=[PracticeLinkPublic.of(x) for x in links],
            visibility=p.visibility,
            tlp=p.visibility.tlp,
            version=p.version,
            tenant_id=p.tenant_id,
        )


class PracticeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field(default="", max_length=4000)
    problem: str = Field(default="", max_length=10_000)
    approach: str = Field(default="", max_length=20_000)
    resources: str = Field(default="", max_length=10_000)
    outcomes: str = Field(default="", max_length=10_000)
    policy_areas: list[str] = Field(default=[], examples=[["public_health"]])
    originator_id: uuid.UUID | None = None
    start_date: str | None = Field(default=None, examples=["2020", "2020-03"])
    evidence_level: EvidenceLevel | None = None
    contacts: list[ContactSchema] = []
    links: list[LinkSchema] = []
    curator_tenant_id: uuid.UUID | None = Field(default=None, description="the network or office curating it")
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class PracticeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    summary: str | None = Field(default=None, max_length=4000)
    problem: str | None = Field(default=None, max_length=10_000)
    approach: str | None = Field(default=None, max_length=20_000)
    resources: str | None = Field(default=None, max_length=10_000)
    outcomes: str | None = Field(default=None, max_length=10_000)
    policy_areas: list[str] | None = None
    originator_id: uuid.UUID | None = None
    start_date: str | None = None
    evidence_level: EvidenceLevel | None = None
    contacts: list[ContactSchema] | None = None
    links: list[LinkSchema] | None = None
    curator_tenant_id: uuid.UUID | None = None
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility | None = None


class CurationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: str = Field(description="submit, withdraw, validate, return or publish", examples=["submit"])
    note: str = Field(default="", max_length=4000)


class PracticeLinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pledge_id: uuid.UUID | None = Field(default=None, description="a tie of type pledge")
    agreement_id: uuid.UUID | None = None
    goal_id: uuid.UUID | None = None
    note: str = Field(default="", max_length=4000)
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class FactorPublic(BaseModel):
    code: str
    label: str
    value: float
    detail: str

    @classmethod
    def of(cls, f: Factor) -> FactorPublic:
        return cls(code=f.code, label=f.label, value=round(f.value, 4), detail=f.detail)


class RecommendedPracticePublic(BaseModel):
    practice: PracticeSummaryPublic
    score: float
    factors: list[FactorPublic]
    explanation: str

    @classmethod
    def of(cls, r: RecommendedPractice) -> RecommendedPracticePublic:
        return cls(
            practice=PracticeSummaryPublic.of(r.practice),
            score=round(r.score, 4),
            factors=[FactorPublic.of(f) for f in r.factors],
            explanation="; ".join(str(f) for f in r.factors),
        )


class RecommendedPeerPublic(BaseModel):
    actor: ActorSummaryPublic
    score: float
    factors: list[FactorPublic]
    explanation: str
    practices: list[PracticeSummaryPublic]

    @classmethod
    def of(cls, r: RecommendedPeer) -> RecommendedPeerPublic:
        return cls(
            actor=ActorSummaryPublic.of(r.actor),
            score=round(r.score, 4),
            factors=[FactorPublic.of(f) for f in r.factors],
            explanation="; ".join(str(f) for f in r.factors),
            practices=[PracticeSummaryPublic.of(p) for p in r.practices],
        )


class RecommendedAdopterPublic(BaseModel):
    actor: ActorSummaryPublic
    score: float
    factors: list[FactorPublic]
    explanation: str

    @classmethod
    def of(cls, r: RecommendedAdopter) -> RecommendedAdopterPublic:
        return cls(
            actor=ActorSummaryPublic.of(r.actor),
            score=round(r.score, 4),
            factors=[FactorPublic.of(f) for f in r.factors],
            explanation="; ".join(str(f) for f in r.factors),
        )


class RecommendationsPublic(BaseModel):
    provider: str
    practices: list[RecommendedPracticePublic]
    peers: list[RecommendedPeerPublic]
    notes: list[str]

    @classmethod
    def of(cls, r: RecommendationsView) -> RecommendationsPublic:
        return cls(
            provider=r.provider,
            practices=[RecommendedPracticePublic.of(p) for p in r.practices],
            peers=[RecommendedPeerPublic.of(p) for p in r.peers],
            notes=r.notes,
        )


class LearnedWeightPublic(BaseModel):
    name: str = Field(description="the feature, e.g. pathway, neighbours, session_rhythm")
    label: str = Field(description="what the feature measures, in words")
    weight: float = Field(description="log-odds per standard deviation of the feature (its main effect)")
    importance: float = Field(description="spread of the feature's whole contribution (log-odds): comparable")


class RecommendationModelPublic(BaseModel):
    """What ranks recommendations now, and what the engine learned (the same for every viewer)."""

    provider: str = Field(description="transferability-engine once trained, else text-match")
    trained_at: dt.datetime | None
    weights: list[LearnedWeightPublic] = Field(description="most important first; empty without a model")
    note: str

    @classmethod
    def of(cls, status: EngineStatus) -> RecommendationModelPublic:
        return cls(
            provider=status.provider,
            trained_at=status.trained_at,
            weights=[
                LearnedWeightPublic(
                    name=w.name, label=w.label, weight=round(w.weight, 4), importance=round(w.importance, 4)
                )
                for w in status.weights
            ],
            note=status.note,
        )


class LineagePublic(BaseModel):
    """The lineage tree in the graph.js contract: nodes (the practice is the root) and edges."""

    practice_id: uuid.UUID
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
