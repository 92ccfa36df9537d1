"""Pydantic schemas of the registry API: <Thing>Create / <Thing>Update / <Thing>Public and the Page envelope."""

from __future__ import annotations

import uuid
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from proxenia.domain.actors import Actor, ActorSummary
from proxenia.domain.kinds import ActorKind, TieStatus, Visibility
from proxenia.domain.people import Post
from proxenia.domain.ties import Tie, TieType, TieView

T = TypeVar("T")


class PagePublic(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="number of items matching, across all pages")
    limit: int
    offset: int


class IdentifierPublic(BaseModel):
    scheme: str = Field(examples=["geonames"])
    value: str = Field(examples=["5368361"])


class ActorSummaryPublic(BaseModel):
    id: uuid.UUID
    kind: ActorKind
    name: str
    country_code: str | None
    subdivision_code: str | None = None
    population: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    visibility: Visibility
    tlp: str
    resolved: bool = True

    @classmethod
    def of(cls, a: ActorSummary) -> ActorSummaryPublic:
        return cls(
            id=a.id,
            kind=a.kind,
            name=a.name,
            country_code=a.country_code,
            subdivision_code=a.subdivision_code,
            population=a.population,
            latitude=a.latitude,
            longitude=a.longitude,
            visibility=a.visibility,
            tlp=a.visibility.tlp,
            resolved=a.resolved,
        )


class ActorPublic(ActorSummaryPublic):
    subtype: str | None = None
    parent_id: uuid.UUID | None = None
    other_names: list[str] = []
    identifiers: list[IdentifierPublic] = []
    attributes: dict[str, Any] = {}
    version: int
    tenant_id: uuid.UUID

    @classmethod
    def of_actor(cls, a: Actor) -> ActorPublic:
        return cls(
            id=a.id,
            kind=a.kind,
            name=a.name,
            country_code=a.country_code,
            subdivision_code=a.subdivision_code,
            population=a.population,
            latitude=a.latitude,
            longitude=a.longitude,
            visibility=a.visibility,
            tlp=a.visibility.tlp,
            resolved=a.resolved,
            subtype=a.subtype,
            parent_id=a.parent_id,
            other_names=list(a.other_names),
            identifiers=[IdentifierPublic(scheme=i.scheme, value=i.value) for i in a.identifiers],
            attributes=a.attributes,
            version=a.version,
            tenant_id=a.tenant_id,
        )


class ActorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ActorKind
    name: str = Field(min_length=1, max_length=500)
    subtype: str | None = Field(default=None, max_length=64)
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    subdivision_code: str | None = Field(default=None, max_length=8)
    latitude: float | None = Field(default=None, ge=-90, le=90, strict=True)  # true is not a number
    longitude: float | None = Field(default=None, ge=-180, le=180, strict=True)
    population: int | None = Field(default=None, ge=0, strict=True)
    parent_id: uuid.UUID | None = None
    other_names: list[str] = []
    identifiers: list[IdentifierPublic] = []
    attributes: dict[str, Any] = {}
    visibility: Visibility = Visibility.PRIVATE


class ActorUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=500)
    subtype: str | None = None
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    subdivision_code: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90, strict=True)  # true is not a number
    longitude: float | None = Field(default=None, ge=-180, le=180, strict=True)
    population: int | None = Field(default=None, ge=0, strict=True)
    parent_id: uuid.UUID | None = None
    attributes: dict[str, Any] | None = None
    visibility: Visibility | None = None


class TieTypePublic(BaseModel):
    code: str
    label: str
    inverse_label: str
    directed: bool
    description: str

    @classmethod
    def of(cls, t: TieType) -> TieTypePublic:
        return cls(
            code=t.code, label=t.label, inverse_label=t.inverse_label, directed=t.directed, description=t.description
        )


class TiePublic(BaseModel):
    id: uuid.UUID
    type: str
    source_id: uuid.UUID
    target_id: uuid.UUID
    status: TieStatus
    start_date: str | None
    end_date: str | None
    rationale: str | None
    source_ref: str | None
    notes: str | None
    attributes: dict[str, Any]
    visibility: Visibility
    tlp: str
    version: int

    @classmethod
    def of(cls, t: Tie) -> TiePublic:
        return cls(
            id=t.id,
            type=t.type_code,
            source_id=t.source_id,
            target_id=t.target_id,
            status=t.status,
            start_date=t.start_date,
            end_date=t.end_date,
            rationale=t.rationale,
            source_ref=t.source_ref,
            notes=t.notes,
            attributes=t.attributes,
            visibility=t.visibility,
            tlp=t.visibility.tlp,
            version=t.version,
        )


class TieViewPublic(BaseModel):
    tie: TiePublic
    label: str = Field(description="the tie's label read from this actor's side")
    direction: str = Field(description="outgoing or incoming")
    other: ActorSummaryPublic

    @classmethod
    def of(cls, v: TieView) -> TieViewPublic:
        return cls(
            tie=TiePublic.of(v.tie),
            label=v.label,
            direction="outgoing" if v.outgoing else "incoming",
            other=ActorSummaryPublic.of(v.other),
        )


class TieCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: str = Field(examples=["sister_city"])
    source_id: uuid.UUID
    target_id: uuid.UUID
    status: TieStatus = TieStatus.ACTIVE
    start_date: str | None = Field(default=None, examples=["1971", "2019-05", "2019-05-03"])
    end_date: str | None = None
    rationale: str | None = Field(default=None, max_length=10_000, description="why the tie was formed")
    source_ref: str | None = Field(default=None, max_length=2000)
    notes: str | None = Field(default=None, max_length=10_000)
    attributes: dict[str, Any] = {}
    visibility: Visibility = Visibility.PRIVATE


class TieUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: TieStatus | None = None
    start_date: str | None = None
    end_date: str | None = None
    rationale: str | None = Field(default=None, max_length=10_000)
    source_ref: str | None = None
    notes: str | None = None
    attributes: dict[str, Any] | None = None
    visibility: Visibility | None = None


class PostPublic(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str | None
    organization_id: uuid.UUID
    organization_name: str | None
    role: str
    label: str | None
    start_date: str | None
    end_date: str | None
    visibility: Visibility

    @classmethod
    def of(cls, p: Post) -> PostPublic:
        return cls(
            id=p.id,
            person_id=p.person_id,
            person_name=p.person_name,
            organization_id=p.organization_id,
            organization_name=p.organization_name,
            role=p.role,
            label=p.label,
            start_date=p.start_date,
            end_date=p.end_date,
            visibility=p.visibility,
        )


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    given_name: str | None = None
    family_name: str | None = None
    honorific_prefix: str | None = None
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    visibility: Visibility = Visibility.PRIVATE


class PersonPublic(BaseModel):
    id: uuid.UUID
    name: str
    given_name: str | None
    family_name: str | None
    honorific_prefix: str | None
    email: str | None
    visibility: Visibility


class PostCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: uuid.UUID
    organization_id: uuid.UUID
    role: str = Field(min_length=1, max_length=200, examples=["Mayor"])
    label: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    visibility: Visibility = Visibility.PRIVATE


class Created(BaseModel):
    id: uuid.UUID
    version: int = 1
