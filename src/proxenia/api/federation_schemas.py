"""Pydantic schemas of federations, the office's dashboard, country flags, missions and processes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from proxenia.api.schemas import ActorSummaryPublic
from proxenia.domain.federation import (
    CountryFlag,
    FederationDetail,
    FederationMessage,
    FederationView,
    MembershipAction,
    MembershipStatus,
    MessageKind,
    RoutingSubject,
)
from proxenia.domain.federation_dashboard import FederationDashboard
from proxenia.domain.kinds import Visibility
from proxenia.domain.missions import LocaleMissions, MissionView
from proxenia.domain.processes import ParticipationRole, ProcessDetail, ProcessKind

SLUG = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")


class FederationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = SLUG
    name: str = Field(min_length=1, max_length=300)
    office: str | None = Field(default=None, max_length=64, description="the office's tenant (installation admins)")


class FederationPublic(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    office_tenant_id: uuid.UUID
    office: str

    @classmethod
    def of(cls, f: FederationView) -> FederationPublic:
        return cls(id=f.id, slug=f.slug, name=f.name, office_tenant_id=f.office_tenant_id, office=f.office_name)


class MembershipPublic(BaseModel):
    federation: FederationPublic
    status: MembershipStatus
    is_office: bool


class MemberPublic(BaseModel):
    tenant_id: uuid.UUID
    tenant: str
    name: str
    status: MembershipStatus
    actor_id: uuid.UUID | None
    actor_name: str | None
    country_code: str | None
    is_office: bool


class FederationDetailPublic(BaseModel):
    federation: FederationPublic
    my_status: MembershipStatus | None
    is_office: bool
    members: list[MemberPublic]

    @classmethod
    def of(cls, d: FederationDetail) -> FederationDetailPublic:
        return cls(
            federation=FederationPublic.of(d.federation), my_status=d.my_status, is_office=d.is_office,
            members=[MemberPublic(tenant_id=m.tenant_id, tenant=m.slug, name=m.name, status=m.status,
                                  actor_id=m.actor_id, actor_name=m.actor_name, country_code=m.country_code,
                                  is_office=m.is_office) for m in d.members],
        )


class InvitationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tenant: str = Field(min_length=1, max_length=64, description="slug of the government invited")
    actor_id: uuid.UUID | None = Field(default=None, description="the registry actor standing for it")


class MembershipChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: MembershipAction


class FlagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(min_length=2, max_length=60, description="ISO code or name")
    note: str = Field(default="", max_length=2000)
    visibility: Visibility = Visibility.PRIVATE


class FlagPublic(BaseModel):
    id: uuid.UUID
    country_code: str
    note: str
    visibility: Visibility
    tlp: str

    @classmethod
    def of(cls, f: CountryFlag) -> FlagPublic:
        return cls(id=f.id, country_code=f.country_code, note=f.note, visibility=f.visibility,
                   tlp=f.visibility.tlp)


class TablePublic(BaseModel):
    """A chart's table view: what the page shows and the CSV download holds."""

    title: str
    header: list[str]
    rows: list[list[Any]]


class DashboardPublic(BaseModel):
    federation: str
    date_from: dt.date
    date_to: dt.date
    members: int
    engagements: int
    aligned_engagements: int
    hubs_note: str
    sections: dict[str, TablePublic]

    @classmethod
    def of(cls, board: FederationDashboard, sections: dict[str, TablePublic]) -> DashboardPublic:
        return cls(federation=board.federation_name, date_from=board.window.date_from,
                   date_to=board.window.date_to, members=board.members, engagements=board.engagements,
                   aligned_engagements=board.aligned_engagements, hubs_note=board.hubs_note, sections=sections)


class MissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500)
    subtype: str = Field(description="embassy, consulate or trade_office", max_length=32)
    sending_country: str = Field(min_length=2, max_length=2)
    host_country: str = Field(min_length=2, max_length=2)
    serves: list[uuid.UUID] = Field(min_length=1, max_length=200)
    latitude: float | None = Field(default=None, ge=-90, le=90, strict=True)
    longitude: float | None = Field(default=None, ge=-180, le=180, strict=True)
    source_ref: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=2000)
    illustrative: bool = Field(default=False, description="an example entered to show the feature, not a fact")
    visibility: Visibility = Visibility.PRIVATE


class MissionPublic(BaseModel):
    mission: ActorSummaryPublic
    subtype: str | None
    sending_country: str | None
    locales: list[ActorSummaryPublic]
    illustrative: bool
    source_ref: str | None

    @classmethod
    def of(cls, m: MissionView) -> MissionPublic:
        return cls(mission=ActorSummaryPublic.of(m.mission), subtype=m.subtype, sending_country=m.sending_country,
                   locales=[ActorSummaryPublic.of(a) for a in m.locales], illustrative=m.illustrative,
                   source_ref=m.source_ref)


class PartnerMissionsPublic(BaseModel):
    partner: ActorSummaryPublic
    tie: str
    missions: list[MissionPublic]


class LocaleMissionsPublic(BaseModel):
    actor: ActorSummaryPublic
    serving: list[MissionPublic]
    partners: list[PartnerMissionsPublic]

    @classmethod
    def of(cls, m: LocaleMissions) -> LocaleMissionsPublic:
        return cls(actor=ActorSummaryPublic.of(m.actor), serving=[MissionPublic.of(x) for x in m.serving],
                   partners=[PartnerMissionsPublic(partner=ActorSummaryPublic.of(p.partner), tie=p.tie_label,
                                                   missions=[MissionPublic.of(x) for x in p.missions])
                             for p in m.partners])


class RoutingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_kind: RoutingSubject
    subject_id: uuid.UUID
    mission_id: uuid.UUID
    note: str = Field(default="", max_length=4000)


class MessagePublic(BaseModel):
    id: uuid.UUID
    kind: MessageKind
    subject: str
    body: str
    addressee_tenant_id: uuid.UUID
    campaign_id: uuid.UUID | None
    mission_id: uuid.UUID | None
    subject_kind: RoutingSubject | None
    subject_id: uuid.UUID | None
    sent_by: str | None
    sent_at: dt.datetime | None

    @classmethod
    def of(cls, m: FederationMessage) -> MessagePublic:
        return cls(id=m.id, kind=m.kind, subject=m.subject, body=m.body, addressee_tenant_id=m.addressee_tenant_id,
                   campaign_id=m.campaign_id, mission_id=m.mission_id, subject_kind=m.subject_kind,
                   subject_id=m.subject_id, sent_by=m.sent_by, sent_at=m.created_at)


class ProcessCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ProcessKind
    name: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=10_000)
    start_date: str | None = Field(default=None, max_length=10, examples=["2023-04"])
    end_date: str | None = Field(default=None, max_length=10)
    place: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=500)
    source_ref: str | None = Field(default=None, max_length=2000)
    visibility: Visibility = Visibility.PUBLIC


class ParticipationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: ParticipationRole
    actor_id: uuid.UUID | None = None
    note: str = Field(default="", max_length=4000)
    visibility: Visibility = Visibility.FEDERATION


class SubmissionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=500)
    submitted_on: str | None = Field(default=None, max_length=10)
    summary: str = Field(default="", max_length=10_000)
    url: str | None = Field(default=None, max_length=500)
    visibility: Visibility = Visibility.FEDERATION


class ProcessPublic(BaseModel):
    id: uuid.UUID
    kind: ProcessKind
    name: str
    description: str
    start_date: str | None
    end_date: str | None
    place: str | None
    url: str | None
    source_ref: str | None
    visibility: Visibility
    tlp: str


class ParticipationPublic(BaseModel):
    id: uuid.UUID
    organisation: str | None
    actor_id: uuid.UUID | None
    actor_name: str | None
    role: ParticipationRole
    note: str
    visibility: Visibility


class SubmissionPublic(BaseModel):
    id: uuid.UUID
    organisation: str | None
    title: str
    submitted_on: str | None
    summary: str
    url: str | None
    visibility: Visibility


class ProcessDetailPublic(BaseModel):
    process: ProcessPublic
    participations: list[ParticipationPublic]
    submissions: list[SubmissionPublic]

    @classmethod
    def of(cls, d: ProcessDetail) -> ProcessDetailPublic:
        return cls(
            process=process_public(d.process),
            participations=[ParticipationPublic(id=p.id, organisation=p.tenant_name, actor_id=p.actor_id,
                                                actor_name=p.actor_name, role=p.role, note=p.note,
                                                visibility=p.visibility) for p in d.participations],
            submissions=[SubmissionPublic(id=s.id, organisation=s.tenant_name, title=s.title,
                                          submitted_on=s.submitted_on, summary=s.summary, url=s.url,
                                          visibility=s.visibility) for s in d.submissions],
        )


def process_public(p: Any) -> ProcessPublic:
    return ProcessPublic(id=p.id, kind=p.kind, name=p.name, description=p.description, start_date=p.start_date,
                         end_date=p.end_date, place=p.place, url=p.url, source_ref=p.source_ref,
                         visibility=p.visibility, tlp=p.visibility.tlp)
