"""Missions and locales, routing by the office, and multilateral processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from proxenia.domain.engagements import EngagementDraft, EngagementKind, Participant
from proxenia.domain.errors import InvalidInput, NotFound, PermissionDenied
from proxenia.domain.federation import MessageKind, RoutingSubject
from proxenia.domain.kinds import Visibility
from proxenia.domain.missions import MissionDraft
from proxenia.domain.processes import ParticipationDraft, ParticipationRole, ProcessDraft, ProcessKind, SubmissionDraft
from proxenia.services.container import Services
from tests.factories import GUANGZHOU, LOS_ANGELES
from tests.federation_world import FED, FederationWorld, build_federation


@pytest.fixture
def world(services: Services) -> FederationWorld:
    return build_federation(services)


def _missions(services: Services, world: FederationWorld) -> tuple:
    us_post = services.missions.create(world.office, MissionDraft(
        name="Illustrative US consular post serving Guangzhou", subtype="consulate", sending_country="US",
        host_country="CN", serves=(world.reg.city(GUANGZHOU),), illustrative=True,
        visibility=Visibility.FEDERATION))
    kr_post = services.missions.create(world.office, MissionDraft(
        name="Illustrative Korean consular post serving Los Angeles", subtype="consulate", sending_country="KR",
        host_country="US", serves=(world.reg.city(LOS_ANGELES),), illustrative=True,
        visibility=Visibility.FEDERATION))
    hidden = services.missions.create(world.office, MissionDraft(
        name="zqprivatemission", subtype="trade_office", sending_country="US", host_country="CN",
        serves=(world.reg.city(GUANGZHOU),), visibility=Visibility.PRIVATE))
    return us_post, kr_post, hidden


def test_a_member_sees_the_missions_serving_it_and_its_partners(services: Services, world: FederationWorld) -> None:
    us_post, kr_post, _ = _missions(services, world)
    with pytest.raises(InvalidInput):
        services.missions.create(world.office, MissionDraft(name="", subtype="palace", sending_country="XX",
                                                            host_country="US"))
    seen = services.missions.for_actor(world.editors["la"], world.reg.city(LOS_ANGELES))
    assert [m.mission.id for m in seen.serving] == [kr_post] and seen.serving[0].illustrative
    partners = {p.partner.name: p for p in seen.partners}
    assert set(partners) == {"Busan", "Athens", "Guangzhou"}
    assert [m.mission.id for m in partners["Guangzhou"].missions] == [us_post]  # the private one stays hidden
    assert partners["Busan"].missions == ()
    office_view = services.missions.for_actor(world.office, world.reg.city(LOS_ANGELES))
    assert len(next(p for p in office_view.partners if p.partner.name == "Guangzhou").missions) == 2
    assert {m.sending_country for m in services.missions.missions(world.editors["la"])} == {"US", "KR"}


def test_the_office_routes_a_shared_engagement_to_a_mission(services: Services, world: FederationWorld) -> None:
    us_post, _, _ = _missions(services, world)
    shared = services.engagements.log(world.editors["la"], EngagementDraft(
        kind=EngagementKind.INBOUND_DELEGATION, title="Delegation from Guangzhou", start_date=dt.date.today(),
        participants=(Participant(actor_id=world.reg.city(GUANGZHOU)),), visibility=Visibility.FEDERATION))
    private = services.engagements.log(world.editors["la"], EngagementDraft(
        kind=EngagementKind.MEETING, title="zqprivate", start_date=dt.date.today(),
        participants=(Participant(actor_id=world.reg.city(GUANGZHOU)),), visibility=Visibility.PRIVATE))
    title, suggested = services.missions.suggestions(world.office, FED, RoutingSubject.ENGAGEMENT, shared)
    assert title == "Delegation from Guangzhou" and us_post in {m.mission.id for m in suggested}
    services.missions.route(world.office, FED, RoutingSubject.ENGAGEMENT, shared, us_post, "Please connect them")
    with pytest.raises(NotFound):
        services.missions.route(world.office, FED, RoutingSubject.ENGAGEMENT, private, us_post)
    with pytest.raises(PermissionDenied):
        services.missions.route(world.editors["la"], FED, RoutingSubject.ENGAGEMENT, shared, us_post)
    la_inbox = services.campaign_responses.inbox(world.editors["la"]).messages
    assert [(m.kind, m.mission_id) for m in la_inbox] == [(MessageKind.ROUTING, us_post)]
    assert services.campaign_responses.inbox(world.editors["irvine"]).messages == []
    assert len(services.missions.routings(world.office, FED)) == 1


def test_processes_with_the_members_taking_part(services: Services, world: FederationWorld) -> None:
    summit = services.processes.create(world.office, ProcessDraft(
        kind=ProcessKind.SUMMIT, name="Cities Summit of the Americas", start_date="2023",
        source_ref="seed 002", visibility=Visibility.PUBLIC))
    la_actor = world.reg.city(LOS_ANGELES)
    services.processes.participate(world.editors["la"], ParticipationDraft(
        process_id=summit, role=ParticipationRole.DELEGATE, actor_id=la_actor, visibility=Visibility.FEDERATION))
    services.processes.participate(world.editors["irvine"], ParticipationDraft(
        process_id=summit, role=ParticipationRole.OBSERVER, note="zqprivatepart", visibility=Visibility.PRIVATE))
    services.processes.submit(world.editors["la"], SubmissionDraft(
        process_id=summit, title="Statement on city climate action", submitted_on="2023-04",
        visibility=Visibility.FEDERATION))
    with pytest.raises(InvalidInput):
        services.processes.submit(world.editors["la"], SubmissionDraft(process_id=summit, title="x",
                                                                       submitted_on="April"))
    seen = services.processes.for_federation(world.office, FED)
    assert [(p.process.name, [x.tenant_name for x in p.participations]) for p in seen] == [
        ("Cities Summit of the Americas", ["La"])]
    assert seen[0].participations[0].actor_name == "Los Angeles" and len(seen[0].submissions) == 1
    detail = services.processes.detail(world.editors["irvine"], summit)
    assert {p.tenant_name for p in detail.participations} == {"La", "Irvine"}
    with pytest.raises(PermissionDenied):
        services.processes.for_federation(world.editors["la"], FED)
