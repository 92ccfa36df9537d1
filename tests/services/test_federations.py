"""Federations on SQLite and PostgreSQL: invitation, acceptance, declining and leaving; the office sees
exactly what the members shared with the federation (TLP:GREEN) or the public, never a private or
partners-only record — in the dashboard's counts, channels and hubs alike; country flags."""

from __future__ import annotations

import datetime as dt

import pytest

from proxenia.domain.engagements import EngagementDraft, EngagementKind, GoalWeight, Participant
from proxenia.domain.errors import Conflict, NotFound, PermissionDenied
from proxenia.domain.federation import CountryFlagDraft, MembershipAction, MembershipStatus
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import Role, Visibility
from proxenia.services.container import Services
from proxenia.services.federation_tables import SECTIONS, dashboard_table
from tests.factories import GUANGZHOU, SEOUL, make_tenant, viewer_for
from tests.federation_world import FED, FederationWorld, build_federation, share_records


@pytest.fixture
def world(services: Services) -> FederationWorld:
    return build_federation(services)


def test_membership_by_invitation_acceptance_declining_and_leaving(services: Services) -> None:
    world = build_federation(services, join=False)
    fed = services.federations
    detail = fed.detail(world.admins["la"], FED)
    assert detail.my_status is MembershipStatus.INVITED
    assert {m.name for m in detail.members} == {"La", "Us-Office"}  # an invited city sees itself and the office
    assert fed.respond(world.admins["la"], FED, MembershipAction.ACCEPT) is MembershipStatus.ACTIVE
    assert fed.respond(world.admins["irvine"], FED, MembershipAction.DECLINE) is MembershipStatus.DECLINED
    with pytest.raises(Conflict):
        fed.respond(world.admins["irvine"], FED, MembershipAction.ACCEPT)  # declined: the office invites again
    assert fed.invite(world.office, FED, "irvine") is MembershipStatus.INVITED
    with pytest.raises(Conflict):
        fed.invite(world.office, FED, "la")  # already a member
    with pytest.raises(PermissionDenied):
        fed.respond(world.editors["austin"], FED, MembershipAction.ACCEPT)  # the admin decides
    with pytest.raises(PermissionDenied):
        fed.invite(world.admins["la"], FED, "austin")  # only the office invites
    with pytest.raises(Conflict):
        fed.respond(world.office, FED, MembershipAction.LEAVE)  # the office runs it
    members = {m.slug: m for m in fed.detail(world.office, FED).members}
    assert members["la"].status is MembershipStatus.ACTIVE and members["la"].actor_name == "Los Angeles"
    assert fed.respond(world.admins["la"], FED, MembershipAction.LEAVE) is MembershipStatus.LEFT
    outsider = viewer_for(services, make_tenant(services, "outsider"), Role.ADMIN)
    with pytest.raises(NotFound):
        fed.detail(outsider, FED)
    assert [f.slug for f, _, _ in fed.mine(world.admins["la"])] == [FED]


def test_only_a_national_office_or_a_network_runs_a_federation(services: Services, world: FederationWorld) -> None:
    with pytest.raises(PermissionDenied):
        services.federations.create(world.admins["la"], slug="la-club", name="LA's club")


def test_the_dashboard_counts_exactly_what_members_shared(services: Services, world: FederationWorld) -> None:
    share_records(world)
    board = services.federation_dashboard.dashboard(world.office, FED)
    countries = {c.country_code: c for c in board.countries}
    # one federation and one public engagement of LA with Guangzhou (CN), of Austin with Lahore (PK)
    assert countries["CN"].engagements == 2 and countries["CN"].members == 1
    assert countries["PK"].engagements == 2 and countries["PK"].by_kind == {"outbound_visit": 2}
    assert countries["KR"].engagements == 2  # LA–Seoul (federation), Irvine–Busan (public)
    assert board.engagements == 6 and board.members == 3
    channels = {c.country_code: c for c in board.channels}
    # Irvine–Chengdu: the public and federation ties only; LA–Guangzhou and Chengdu–Lahore are public reference
    assert channels["CN"].ties == 3 and channels["CN"].recent_engagements == 2
    assert channels["CN"].members == 2
    for section in SECTIONS:
        header, rows = dashboard_table(board, section)
        text = repr(rows)
        assert all(len(r) == len(header) for r in rows)
        assert "zq" not in text or all(world.markers[m] in (Visibility.FEDERATION, Visibility.PUBLIC)
                                       for m in world.markers if m in text)
    detail = services.federation_dashboard.channels(world.office, FED, "CN")
    assert {(c.member_name, c.partner.name) for c in detail.channels} == {("Irvine", "Chengdu"), ("La", "Guangzhou")}
    la = next(c for c in detail.channels if c.member_name == "La")
    assert la.recent_engagements == 2 and la.tie_types == ("sister_city",)
    irvine = next(c for c in detail.channels if c.member_name == "Irvine")
    assert irvine.tie_types == ("friendship_city", "mou")  # the partners and private ties stay with Irvine


def test_the_office_sees_nothing_a_member_kept_private_and_nothing_after_it_leaves(
    services: Services, world: FederationWorld
) -> None:
    share_records(world)
    before = services.federation_dashboard.dashboard(world.office, FED)
    assert {c.country_code for c in before.countries} >= {"PK"}
    services.federations.respond(world.admins["austin"], FED, MembershipAction.LEAVE)
    after = services.federation_dashboard.dashboard(world.office, FED)
    # Austin's public visit still exists, but Austin is no longer a member: the federation's view drops it
    assert "PK" not in {c.country_code for c in after.countries}
    assert after.members == 2


def test_flags_hubs_pledges_and_alignment(services: Services, world: FederationWorld) -> None:
    share_records(world)
    office = world.office
    services.federations.flag_country(office, FED, CountryFlagDraft(country_code="China", note="demo judgement"))
    with pytest.raises(Conflict):
        services.federations.flag_country(office, FED, CountryFlagDraft(country_code="CN"))
    assert services.federations.flags(world.editors["la"], FED) == []  # private to the office
    services.goals.load_sdgs()
    priority = services.goals.create(office, GoalDraft(kind=GoalKind.NATIONAL_PRIORITY, code="NP1",
                                                       title="Climate cooperation", visibility=Visibility.PUBLIC))
    services.engagements.log(world.editors["la"], EngagementDraft(
        kind=EngagementKind.CALL, title="zqla climate call", start_date=dt.date.today(),
        participants=(Participant(actor_id=world.reg.city(SEOUL)),), goals=(GoalWeight(priority),),
        visibility=Visibility.FEDERATION))
    services.engagements.log(world.editors["la"], EngagementDraft(
        kind=EngagementKind.CALL, title="zqla private climate call", start_date=dt.date.today(),
        participants=(Participant(actor_id=world.reg.city(SEOUL)),), goals=(GoalWeight(priority),),
        visibility=Visibility.PRIVATE))
    board = services.federation_dashboard.dashboard(office, FED)
    cn = next(c for c in board.channels if c.country_code == "CN")
    assert cn.flagged and cn.flag_note == "demo judgement" and board.channels[0].country_code == "CN"
    assert [(a.label, a.engagements, a.members) for a in board.alignment] == [("NP1 Climate cooperation", 1, 1)]
    assert board.aligned_engagements == 1
    hubs = {h.actor.name: h for h in board.hubs}
    assert hubs["Los Angeles"].is_member and hubs["Los Angeles"].degree >= 3
    assert "Chengdu" in hubs and hubs["Chengdu"].member_ties == 1
    assert board.pledges == []  # no member pledged in the small registry
    with pytest.raises(PermissionDenied):
        services.federation_dashboard.dashboard(world.admins["la"], FED)  # members do not see the office's view


def test_the_snapshot_never_outlives_a_member_s_change(services: Services, world: FederationWorld) -> None:
    share_records(world)
    dashboards = services.federation_dashboard
    first = dashboards.dashboard(world.office, FED)
    assert dashboards.dashboard(world.office, FED).timings_ms == first.timings_ms  # served from the snapshot
    cn = next(c for c in first.countries if c.country_code == "CN").engagements
    # an outsider's change keeps the snapshot (its public records only add context, up to max_age)
    outsider = viewer_for(services, make_tenant(services, "outsider"), Role.EDITOR)
    services.engagements.log(outsider, EngagementDraft(kind=EngagementKind.CALL, title="x", start_date=dt.date.today(),
                                                       participants=(Participant(actor_id=world.reg.city(GUANGZHOU)),),
                                                       visibility=Visibility.PUBLIC))
    assert next(c for c in dashboards.dashboard(world.office, FED).countries if c.country_code == "CN").engagements \
        == cn
    # a member making a shared engagement private: the office stops counting it at once
    shared = next(i for i in services.engagements.search(world.editors["la"]).items
                  if i.title == "zqlafederation call with Guangzhou")
    draft = services.engagements.get(world.editors["la"], shared.id)
    services.engagements.update(world.editors["la"], shared.id, draft.version, EngagementDraft(
        kind=draft.kind, title=draft.title, start_date=draft.start_date, participants=draft.participants,
        visibility=Visibility.PRIVATE))
    after = dashboards.dashboard(world.office, FED)
    assert next(c for c in after.countries if c.country_code == "CN").engagements == cn - 1
    assert dashboards.dashboard(world.office, FED, fresh=True).countries == after.countries
