"""/api/v1/federations: an office and its members — membership by invitation and acceptance, the office's
dashboard (every chart as a table), channels with one country, country flags, routings to missions,
and the members' participation in multilateral processes."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from proxenia.api.campaign_schemas import CampaignCreate, CampaignPublic
from proxenia.api.deps import API_DEPENDENCIES, ServicesDep, ViewerDep
from proxenia.api.federation_schemas import (
    DashboardPublic,
    FederationCreate,
    FederationDetailPublic,
    FederationPublic,
    FlagCreate,
    FlagPublic,
    InvitationCreate,
    MembershipChange,
    MembershipPublic,
    MessagePublic,
    ParticipationPublic,
    ProcessDetailPublic,
    RoutingCreate,
    SubmissionPublic,
    TablePublic,
    process_public,
)
from proxenia.api.problems import PROBLEM_RESPONSES
from proxenia.api.schemas import Created
from proxenia.domain.campaigns import CampaignDraft
from proxenia.domain.federation import CountryFlagDraft, MembershipStatus
from proxenia.services.federation_tables import SECTIONS, channels_table, dashboard_table

router = APIRouter(
    prefix="/api/v1/federations", tags=["federations"], responses=PROBLEM_RESPONSES, dependencies=API_DEPENDENCIES
)
SlugPath = Annotated[str, Path(max_length=64)]


@router.get("", response_model=list[MembershipPublic], summary="Your organisation's federations and invitations")
def list_federations(services: ServicesDep, viewer: ViewerDep) -> list[MembershipPublic]:
    return [MembershipPublic(federation=FederationPublic.of(f), status=s, is_office=o)
            for f, s, o in services.federations.mine(viewer)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=FederationPublic,
             summary="Create a federation run by your office")
def create_federation(body: FederationCreate, services: ServicesDep, viewer: ViewerDep) -> FederationPublic:
    return FederationPublic.of(services.federations.create(viewer, slug=body.slug, name=body.name,
                                                           office=body.office))


@router.get("/{slug}", response_model=FederationDetailPublic, summary="A federation and its members")
def get_federation(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> FederationDetailPublic:
    return FederationDetailPublic.of(services.federations.detail(viewer, slug))


@router.post("/{slug}/invitations", status_code=status.HTTP_201_CREATED, response_model=MembershipPublic,
             summary="Invite a government (the office's admins)")
def invite(slug: SlugPath, body: InvitationCreate, services: ServicesDep, viewer: ViewerDep) -> MembershipPublic:
    found = services.federations.invite(viewer, slug, body.tenant, actor_id=body.actor_id)
    detail = services.federations.detail(viewer, slug)
    return MembershipPublic(federation=FederationPublic.of(detail.federation), status=found, is_office=False)


@router.post("/{slug}/membership", response_model=MembershipPublic,
             summary="Accept or decline an invitation, or leave (your organisation's admins)")
def change_membership(
    slug: SlugPath, body: MembershipChange, services: ServicesDep, viewer: ViewerDep
) -> MembershipPublic:
    new_status: MembershipStatus = services.federations.respond(viewer, slug, body.action)
    detail = services.federations.detail(viewer, slug)
    return MembershipPublic(federation=FederationPublic.of(detail.federation), status=new_status, is_office=False)


@router.get("/{slug}/dashboard", response_model=DashboardPublic,
            summary="The office's dashboard: what the members shared with the federation, aggregated")
def dashboard(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> DashboardPublic:
    board = services.federation_dashboard.dashboard(viewer, slug)
    sections = {}
    for name, title in SECTIONS.items():
        header, rows = dashboard_table(board, name)
        sections[name] = TablePublic(title=title, header=header, rows=rows)
    return DashboardPublic.of(board, sections)


@router.get("/{slug}/channels/{country}", response_model=TablePublic,
            summary="The members' channels with one country, with their recent engagements")
def channels(
    slug: SlugPath, country: Annotated[str, Path(max_length=60)], services: ServicesDep, viewer: ViewerDep
) -> TablePublic:
    detail = services.federation_dashboard.channels(viewer, slug, country)
    header, rows = channels_table(detail)
    flag = " (flagged as strained by the office)" if detail.summary.flagged else ""
    return TablePublic(title=f"Channels with {detail.summary.country_code}{flag}", header=header, rows=rows)


@router.get("/{slug}/flags", response_model=list[FlagPublic], summary="Countries the office flags as strained")
def list_flags(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> list[FlagPublic]:
    return [FlagPublic.of(f) for f in services.federations.flags(viewer, slug)]


@router.post("/{slug}/flags", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Flag a country as strained (the office's own judgement)")
def create_flag(slug: SlugPath, body: FlagCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    draft = CountryFlagDraft(country_code=body.country, note=body.note, visibility=body.visibility)
    return Created(id=services.federations.flag_country(viewer, slug, draft))


@router.delete("/{slug}/flags/{flag_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a country flag")
def delete_flag(slug: SlugPath, flag_id: uuid.UUID, services: ServicesDep, viewer: ViewerDep) -> Response:
    services.federations.unflag(viewer, slug, flag_id)
    return Response(status_code=204)


@router.get("/{slug}/campaigns", response_model=list[CampaignPublic], summary="The federation's campaigns")
def list_campaigns(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> list[CampaignPublic]:
    return [CampaignPublic.of(c) for c in services.campaigns.campaigns(viewer, slug)]


@router.post("/{slug}/campaigns", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Design a reporting campaign (a draft until it is sent)")
def create_campaign(
    slug: SlugPath, body: CampaignCreate, services: ServicesDep, viewer: ViewerDep, response: Response
) -> Created:
    draft = CampaignDraft(federation_id=uuid.UUID(int=0), title=body.title, description=body.description,
                          topic=body.topic, deadline=body.deadline,
                          questions=tuple(q.domain() for q in body.questions), visibility=body.visibility)
    new_id = services.campaigns.create(viewer, slug, draft)
    response.headers["Location"] = f"/api/v1/campaigns/{new_id}"
    return Created(id=new_id)


@router.get("/{slug}/routings", response_model=list[MessagePublic], summary="Routings of members' records")
def list_routings(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> list[MessagePublic]:
    return [MessagePublic.of(m) for m in services.missions.routings(viewer, slug)]


@router.post("/{slug}/routings", status_code=status.HTTP_201_CREATED, response_model=Created,
             summary="Route a member's engagement or request to a mission")
def route(slug: SlugPath, body: RoutingCreate, services: ServicesDep, viewer: ViewerDep) -> Created:
    return Created(id=services.missions.route(viewer, slug, body.subject_kind, body.subject_id, body.mission_id,
                                              body.note))


@router.get("/{slug}/processes", response_model=list[ProcessDetailPublic],
            summary="Multilateral processes the members take part in (as shared with the office)")
def federation_processes(slug: SlugPath, services: ServicesDep, viewer: ViewerDep) -> list[ProcessDetailPublic]:
    return [
        ProcessDetailPublic(
            process=process_public(f.process),
            participations=[ParticipationPublic(id=p.id, organisation=p.tenant_name, actor_id=p.actor_id,
                                                actor_name=p.actor_name, role=p.role, note=p.note,
                                                visibility=p.visibility) for p in f.participations],
            submissions=[SubmissionPublic(id=s.id, organisation=s.tenant_name, title=s.title,
                                          submitted_on=s.submitted_on, summary=s.summary, url=s.url,
                                          visibility=s.visibility) for s in f.submissions],
        )
        for f in services.processes.for_federation(viewer, slug)
    ]
