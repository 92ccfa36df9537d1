"""Goals (the official SDGs, loaded idempotently, codes kept as text; a government's own priorities;
national priorities from a national office; alignments of ties) and briefing books, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from proxenia.domain.adoptions import AdoptionDraft
from proxenia.domain.engagements import FollowUp
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from proxenia.domain.goals import GoalDraft, GoalKind, sdg_id
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.practices import PracticeDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import BUSAN, LOS_ANGELES, SEOUL, make_tenant, viewer_for
from tests.government import Government, build_government


@pytest.fixture
def gov(services: Services) -> Government:
    return build_government(services)


def test_the_sdgs_load_once_with_codes_kept_as_text(services: Services, gov: Government) -> None:
    assert services.goals.load_sdgs() == {"created": 186, "existing": 0}
    assert services.goals.load_sdgs() == {"created": 0, "existing": 186}
    eight = {g.code: g for g in services.goals.goals(Viewer.anonymous(), kinds=(GoalKind.SDG_TARGET,))
             if g.code.startswith("8.")}
    assert "8.1" in eight and "8.10" in eight and eight["8.1"].id != eight["8.10"].id
    assert list(eight)[:10] == ["8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "8.10"]
    assert eight["8.10"].parent_id == sdg_id("8")
    assert services.goals.get(gov.viewer, sdg_id("11")).short_title == "Sustainable cities and communities"
    with pytest.raises(InvalidInput):
        services.goals.create(gov.admin, GoalDraft(kind=GoalKind.SDG_GOAL, code="18", title="An eighteenth goal"))


def test_priorities_objectives_and_national_priorities(services: Services, gov: Government) -> None:
    p1 = services.goals.create(gov.editor, GoalDraft(kind=GoalKind.PRIORITY, code="P1", title="Trade"))
    services.goals.create(gov.editor, GoalDraft(kind=GoalKind.OBJECTIVE, code="P1.1", title="Ports", parent_id=p1))
    with pytest.raises(InvalidInput):
        services.goals.create(gov.editor, GoalDraft(kind=GoalKind.OBJECTIVE, title="Orphan", code=""))
    with pytest.raises(PermissionDenied):
        services.goals.create(gov.editor, GoalDraft(kind=GoalKind.NATIONAL_PRIORITY, code="N1", title="x"))
    office = viewer_for(services, make_tenant(services, "office", kind="national_office"), Role.EDITOR)
    services.goals.create(office, GoalDraft(kind=GoalKind.NATIONAL_PRIORITY, code="N1", title="Climate channels",
                                            visibility=Visibility.PUBLIC))
    mine = services.goals.portfolio_goals(gov.viewer)
    assert sorted(w.goal.code for w in mine) == ["P1", "P1.1"]
    assert [g.title for g in services.goals.goals(gov.viewer, kinds=(GoalKind.NATIONAL_PRIORITY,))] == [
        "Climate channels"]


def test_ties_are_aligned_to_goals_once(services: Services, gov: Government) -> None:
    services.goals.load_sdgs()
    tie = next(v.tie.id for v in services.registry.profile(gov.viewer, gov.reg.city(LOS_ANGELES)).all_ties()
               if v.other.name == "Busan")
    services.goals.align(gov.editor, tie, sdg_id("14.1"), 0.5, "a clean ports partnership")
    with pytest.raises(Conflict):
        services.goals.align(gov.editor, tie, sdg_id("14.1"))
    with pytest.raises(InvalidInput):
        services.goals.align(gov.editor, tie, sdg_id("14.2"), weight=2)
    [a] = services.goals.alignments(gov.viewer)
    assert a.weight == 0.5 and a.goal_id == sdg_id("14.1")


def test_the_briefing_book_of_an_actor(services: Services, gov: Government) -> None:
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    gov.log("Port logistics call", dt.date(2026, 1, 5), "econ", actors=(gov.reg.city(BUSAN),),
            follow_ups=(FollowUp("Send the study", "Ana", dt.date(2026, 1, 20)),))
    gov.log("Anniversary reception", dt.date(2025, 10, 1), "intl", actors=(gov.reg.city(BUSAN),))
    mine = Viewer(**{**gov.editor.__dict__, "departments": frozenset({gov.departments["intl"]})})
    book = services.briefings.for_actor(mine, gov.reg.city(BUSAN), today=dt.date(2026, 2, 1))
    assert book.title == "Busan" and book.generated_for == "La-City" and book.home_name == "Los Angeles"
    [section] = book.tie_sections
    assert section.label == "sister city of" and section.ties[0].other.name == "Los Angeles"
    assert [e.title for e in book.timeline] == ["Port logistics call", "Anniversary reception"]
    [follow_up] = book.follow_ups
    assert follow_up.overdue and follow_up.action == "Send the study"
    assert [(d.department, d.is_mine) for d in book.departments] == [
        ("Economic Development", False), ("Mayor's Office of International Affairs", True)]
    assert book.practices == []  # none exchanged with Busan
    pdf = services.briefings.pdf(book)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    anonymous = services.briefings.for_actor(Viewer.anonymous(), gov.reg.city(BUSAN))
    assert anonymous.timeline == [] and anonymous.departments == []  # private engagements stay private


def test_a_country_briefing_lists_practices_exchanged_both_ways(services: Services, gov: Government) -> None:
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    gov.log("Seoul smart city exchange", dt.date(2026, 1, 5), actors=(gov.reg.city(SEOUL),))
    seoul = viewer_for(services, make_tenant(services, "seoul"), Role.EDITOR, "seoul-editor")
    testing = services.practices.create(seoul, PracticeDraft(
        title="Drive-through testing", originator_id=gov.reg.city(SEOUL), visibility=Visibility.PUBLIC))
    # Los Angeles took it from Seoul (the originator: no teacher named) — a private record of its own.
    services.adoptions.record(gov.editor, AdoptionDraft(
        practice_id=testing, adopter_id=gov.reg.city(LOS_ANGELES), date="2020"))
    desk = services.practices.create(gov.editor, PracticeDraft(
        title="Port logistics desk", originator_id=gov.reg.city(LOS_ANGELES), visibility=Visibility.PUBLIC))
    services.adoptions.record(gov.editor, AdoptionDraft(
        practice_id=desk, adopter_id=gov.reg.city(BUSAN), learned_from_id=gov.reg.city(LOS_ANGELES), date="2024",
        visibility=Visibility.PUBLIC))
    book = services.briefings.for_country(gov.viewer, "South Korea")
    assert book.country_code == "KR" and book.title == "South Korea"
    assert [t.other.name for s in book.tie_sections for t in s.ties] == ["Busan"]
    assert [e.title for e in book.timeline] == ["Seoul smart city exchange"]
    assert [(p.title, p.direction, p.partner, p.year) for p in book.practices or []] == [
        ("Drive-through testing", "from them to us", "Seoul", "2020"),
        ("Port logistics desk", "from us to them", "Busan", "2024")]
    outsider = services.briefings.for_actor(Viewer.anonymous(), gov.reg.city(BUSAN))
    assert [(p.title, p.direction, p.partner) for p in outsider.practices or []] == [
        ("Port logistics desk", "taken up by them", "Los Angeles")]  # LA's private adoption stays private
    with pytest.raises(InvalidInput):
        services.briefings.for_country(gov.viewer, "Atlantis")
    with pytest.raises(NotFound):
        services.briefings.for_actor(gov.viewer, sdg_id("1"))
