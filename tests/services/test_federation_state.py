"""The office dashboard kept member by member (SQLite and PostgreSQL): after every kind of change, the
figures kept up to date equal the figures computed afresh, only the members touched are re-read, and a
record made private leaves the office's view on the very next view — whoever owns what it points at."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from proxenia.domain.actors import ActorDraft
from proxenia.domain.engagements import EngagementDraft, EngagementKind, GoalWeight, Participant
from proxenia.domain.federation import MembershipAction
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.ties import TieDraft
from proxenia.services.container import Services
from proxenia.store.access import resolve_viewer
from tests.factories import AUSTIN, CHENGDU, LOS_ANGELES, make_tenant, viewer_for
from tests.federation_world import FED, FederationWorld, build_federation, share_records


@pytest.fixture
def world(services: Services) -> FederationWorld:
    built = build_federation(services)
    share_records(built)
    return built


def _figures(board: Any) -> tuple[object, ...]:
    return (board.members, board.engagements, board.countries, board.channels, board.alignment,
            board.aligned_engagements, [(h.actor.id, h.actor.name, h.degree, h.betweenness, h.member_ties)
                                        for h in board.hubs])


def kept_then_fresh(services: Services, world: FederationWorld) -> Any:
    """The dashboard brought up to date, checked against the same dashboard computed from scratch."""
    kept = services.federation_dashboard.dashboard(world.office, FED)
    assert _figures(kept) == _figures(services.federation_dashboard.dashboard(world.office, FED, fresh=True))
    return kept


def _call(world: FederationWorld, member: str, actor: Any, vis: Visibility = Visibility.FEDERATION,
          **extra: Any) -> Any:
    return world.services.engagements.log(world.editors[member], EngagementDraft(
        kind=EngagementKind.CALL, title=f"zq {member} call", start_date=dt.date.today(),
        participants=(Participant(actor_id=actor),), visibility=vis, **extra))


def test_a_member_s_change_rereads_that_member_only(services: Services, world: FederationWorld) -> None:
    dashboards = services.federation_dashboard
    dashboards.dashboard(world.office, FED)
    kyoto = services.edits.create_actor(world.editors["la"], ActorDraft(
        kind=ActorKind.CITY, name="Kyoto", country_code="JP", visibility=Visibility.PUBLIC))
    _call(world, "la", kyoto)
    board = dashboards.dashboard(world.office, FED)
    assert board.timings_ms["members_reread"] == 1
    assert next(c for c in board.countries if c.country_code == "JP").engagements == 1
    assert dashboards.dashboard(world.office, FED).timings_ms == board.timings_ms  # nothing changed: nothing read
    kept_then_fresh(services, world)


def test_an_outsider_making_a_counterpart_private_removes_it_at_once(
    services: Services, world: FederationWorld
) -> None:
    outsider = viewer_for(services, make_tenant(services, "kyoto-office"), Role.EDITOR)
    kyoto = services.edits.create_actor(outsider, ActorDraft(kind=ActorKind.CITY, name="Kyoto", country_code="JP",
                                                             visibility=Visibility.PUBLIC))
    _call(world, "austin", kyoto)
    assert "JP" in {c.country_code for c in kept_then_fresh(services, world).countries}
    services.edits.update_actor(outsider, kyoto, None, {"visibility": "private"})
    board = services.federation_dashboard.dashboard(world.office, FED)
    assert "JP" not in {c.country_code for c in board.countries}
    assert board.timings_ms["members_reread"] == 1  # Austin's share only: the others never pointed at Kyoto
    kept_then_fresh(services, world)


def test_ties_made_by_others_and_hubs_follow(services: Services, world: FederationWorld) -> None:
    before = kept_then_fresh(services, world)
    outsider = viewer_for(services, make_tenant(services, "outsider"), Role.EDITOR)
    la, chengdu = world.reg.city(LOS_ANGELES), world.reg.city(CHENGDU)
    tie = services.edits.create_tie(outsider, TieDraft(type_code="friendship_city", source_id=chengdu, target_id=la,
                                                       start_date="2020", visibility=Visibility.PUBLIC))
    after = kept_then_fresh(services, world)
    assert {h.actor.name: h.member_ties for h in after.hubs}["Chengdu"] == \
        {h.actor.name: h.member_ties for h in before.hubs}["Chengdu"] + 1
    services.edits.update_tie(outsider, tie, None, {"visibility": "private"})
    assert _figures(kept_then_fresh(services, world)) == _figures(before)


def test_leaving_rejoining_and_priorities(services: Services, world: FederationWorld) -> None:
    office, fed = world.office, services.federations
    kept_then_fresh(services, world)
    fed.respond(world.admins["austin"], FED, MembershipAction.LEAVE)
    board = kept_then_fresh(services, world)
    assert board.members == 2 and "PK" not in {c.country_code for c in board.countries}
    fed.invite(office, FED, "austin", actor_id=world.reg.city(AUSTIN))
    fed.respond(world.admins["austin"], FED, MembershipAction.ACCEPT)
    assert "PK" in {c.country_code for c in kept_then_fresh(services, world).countries}
    priority = services.goals.create(office, GoalDraft(kind=GoalKind.NATIONAL_PRIORITY, code="NP1",
                                                       title="Climate cooperation", visibility=Visibility.PUBLIC))
    assert [(a.engagements, a.members) for a in kept_then_fresh(services, world).alignment] == [(0, 0)]
    _call(world, "la", world.reg.city(CHENGDU), goals=(GoalWeight(priority),))
    _call(world, "irvine", world.reg.city(CHENGDU), Visibility.PRIVATE, goals=(GoalWeight(priority),))
    board = kept_then_fresh(services, world)
    assert [(a.engagements, a.members) for a in board.alignment] == [(1, 1)] and board.aligned_engagements == 1


def test_a_new_day_moves_the_figures_instead_of_recounting_them(services: Services, world: FederationWorld) -> None:
    dashboards, today = services.federation_dashboard, dt.date.today()
    for days in (0, 1, 730, 731, 732):  # the recent cut-off (two years back) passes over these
        services.engagements.log(world.editors["la"], EngagementDraft(
            kind=EngagementKind.MEETING, title=f"zq dated {days}", start_date=today - dt.timedelta(days=days) +
            dt.timedelta(days=3), participants=(Participant(actor_id=world.reg.city(CHENGDU)),),
            visibility=Visibility.FEDERATION))
    dashboards.dashboard(world.office, FED, today=today)
    for step in (1, 2, 3, 5, 40):
        day = today + dt.timedelta(days=step)
        kept = dashboards.dashboard(world.office, FED, today=day)
        assert "shifted" in kept.timings_ms, step  # moved from the day before, not recounted
        assert _figures(kept) == _figures(dashboards.dashboard(world.office, FED, today=day, fresh=True))
    far = today + dt.timedelta(days=4 * 365)
    assert "shifted" not in dashboards.dashboard(world.office, FED, today=far).timings_ms  # too far: read afresh


def test_new_year_is_still_a_move_and_the_slices_are_disjoint() -> None:
    from proxenia.services.federation_dashboard import default_window
    from proxenia.services.federation_window import slices, worth_shifting

    def bounds(day: dt.date) -> tuple[Any, dt.date]:
        return default_window(day), day - dt.timedelta(days=730)

    eve, new_year = dt.date(2026, 12, 31), dt.date(2027, 1, 1)
    assert slices(bounds(eve), bounds(new_year)) == [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31)),  # the window's first year leaves it
        (dt.date(2024, 12, 31), dt.date(2024, 12, 31)),  # a day stops being recent
        (new_year, new_year),  # a day enters the window
    ]
    assert worth_shifting(bounds(eve), bounds(new_year))
    assert not worth_shifting(bounds(eve), bounds(eve + dt.timedelta(days=1000)))


def test_warming_up_counts_each_federation_as_its_office_will_see_it(
    services: Services, world: FederationWorld
) -> None:
    dashboards = services.federation_dashboard
    assert dashboards.warm_up() == 1
    (warmed,) = dashboards.states._items.values()
    with services.db.read() as conn:  # the office's next request (its viewer is read afresh per request)
        office = resolve_viewer(conn, user_id=world.office.user_id, username=world.office.username,
                                tenant_id=world.office.tenant_id, role=world.office.role)
    board = dashboards.dashboard(office, FED)
    assert list(dashboards.states._items.values()) == [warmed]  # the office's first view found the kept figures
    assert "members_reread" not in board.timings_ms
