"""The engagement log on SQLite and PostgreSQL: logging with every part, reading through the permission
filter, searching with a query budget, whole-record edits guarded by versions, follow-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from proxenia.domain.engagements import (
    EngagementDraft,
    EngagementFilter,
    EngagementKind,
    FollowUp,
    FollowUpStatus,
    GoalWeight,
    Money,
    Occurrence,
    Participant,
)
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from proxenia.domain.goals import sdg_id
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.people import PersonDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import BUSAN, LOS_ANGELES, SEOUL, make_tenant, viewer_for
from tests.government import Government, build_government

D = dt.date


@pytest.fixture
def gov(services: Services) -> Government:
    services.goals.load_sdgs()
    return build_government(services)


def test_an_engagement_is_logged_with_all_its_parts(services: Services, gov: Government) -> None:
    person = services.edits.create_person(gov.editor, PersonDraft(name="Park Hyun-jin"))
    draft = EngagementDraft(
        kind=EngagementKind.PROGRAMME, title="Sister-city youth exchange", start_date=D(2025, 7, 1),
        end_date=D(2025, 7, 14), place="Busan", department_id=gov.departments["intl"],
        joint_department_ids=(gov.departments["econ"],),
        participants=(Participant(actor_id=gov.reg.city(BUSAN)), Participant(person_id=person, role="host")),
        policy_areas=("Youth ", "education"), goals=(GoalWeight(sdg_id("4.7"), 0.8), GoalWeight(sdg_id("17.17"))),
        cost=Money(Decimal("12500.50"), "USD"), staff_days=14, outcomes="40 students hosted",
        follow_ups=(FollowUp("Send the report to Busan", "Ana", D(2025, 9, 1)),),
        links=("https://www.lamayor.org/",),
        occurrences=(Occurrence(D(2024, 7, 1), D(2024, 7, 12), "Los Angeles"), Occurrence(D(2025, 7, 1))),
    )
    new_id = services.engagements.log(gov.editor, draft)
    e = services.engagements.get(gov.viewer, new_id)
    assert e.title == "Sister-city youth exchange" and e.department_name == "Mayor's Office of International Affairs"
    assert e.policy_areas == ("youth", "education")
    assert [p.name for p in e.participants] == ["Busan", "Park Hyun-jin"]
    assert {g.label for g in e.goals} == {"4.7 " + services.goals.get(gov.viewer, sdg_id("4.7")).title,
                                          "17.17 " + services.goals.get(gov.viewer, sdg_id("17.17")).title}
    assert e.cost == Money(Decimal("12500.50"), "USD") and e.staff_days == 14
    assert e.joint_department_ids == (gov.departments["econ"],)
    assert [o.start_date for o in e.occurrences] == [D(2024, 7, 1), D(2025, 7, 1)]
    assert e.follow_ups[0].status is FollowUpStatus.OPEN and e.recorded_by == "la-city-editor"
    assert e.visibility is Visibility.PRIVATE


def test_every_problem_of_a_draft_is_named(services: Services, gov: Government) -> None:
    bad = EngagementDraft(
        kind=EngagementKind.MEETING, title=" ", start_date=D(2025, 5, 2), end_date=D(2025, 5, 1),
        goals=(GoalWeight(sdg_id("8.10"), 1.5),), links=("javascript:alert(1)",),
        occurrences=(Occurrence(D(2025, 1, 1)),),
    )
    with pytest.raises(InvalidInput) as caught:
        services.engagements.log(gov.editor, bad)
    columns = {p.column for p in caught.value.problems}
    assert {"title", "end_date", "goals", "links", "occurrences"} <= columns
    with pytest.raises(InvalidInput) as caught:
        services.engagements.log(gov.editor, EngagementDraft(kind=EngagementKind.CALL, title="A call",
                                                             start_date=D(2025, 1, 1)))
    assert caught.value.problems[0].column == "department_id"


def test_references_must_exist_and_be_shared(services: Services, gov: Government) -> None:
    outsider_tenant = make_tenant(services, "outsider")
    outsider = viewer_for(services, outsider_tenant, Role.ADMIN)
    foreign_dep = services.accounts.create_department(outsider, "x", "Their department")
    draft = EngagementDraft(kind=EngagementKind.CALL, title="Call", start_date=D(2025, 1, 1),
                            department_id=foreign_dep, goals=(GoalWeight(sdg_id("11.6")),))
    with pytest.raises(InvalidInput) as caught:
        services.engagements.log(gov.editor, draft)
    assert "not one of your organisation's" in str(caught.value.problems[0])


def test_viewers_read_but_only_editors_write(services: Services, gov: Government) -> None:
    with pytest.raises(PermissionDenied):
        gov_draft = EngagementDraft(kind=EngagementKind.CALL, title="x", start_date=D(2025, 1, 1),
                                    department_id=gov.departments["intl"])
        services.engagements.log(gov.viewer, gov_draft)
    private = gov.log("Private talk with Seoul", D(2025, 3, 3), actors=(gov.reg.city(SEOUL),))
    public = gov.log("Public event with Seoul", D(2025, 3, 4), actors=(gov.reg.city(SEOUL),),
                     visibility=Visibility.PUBLIC)
    anon = Viewer.anonymous()
    with pytest.raises(NotFound):
        services.engagements.get(anon, private)
    assert services.engagements.get(anon, public).title == "Public event with Seoul"
    titles = [s.title for s in services.engagements.search(anon, EngagementFilter(text="seoul")).items]
    assert titles == ["Public event with Seoul"]
    outsider = viewer_for(services, make_tenant(services, "outsider"), Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.engagements.delete(outsider, public, 1)


def test_search_filters_and_counts_in_a_fixed_number_of_queries(services: Services, gov: Government) -> None:
    for i in range(30):
        gov.log(f"Meeting {i}", D(2025, 1, 1) + dt.timedelta(days=i), "econ" if i % 2 else "intl",
                actors=(gov.reg.city(BUSAN), gov.reg.city(SEOUL)), follow_ups=(FollowUp(f"do {i}"),))
    with services.db.count_queries() as counter:
        page = services.engagements.search(gov.viewer, EngagementFilter(department_id=gov.departments["econ"]))
    assert page.total == 15 and len(page.items) == 15
    assert counter.count <= 6, counter.statements
    assert page.items[0].start_date == D(2025, 1, 30) and page.items[0].open_follow_ups == 1
    assert [c.name for c in page.items[0].counterparts] == ["Busan", "Seoul"]
    korea = services.engagements.search(gov.viewer, EngagementFilter(country_code="KR", date_to=D(2025, 1, 5)))
    assert korea.total == 5
    assert services.engagements.search(gov.viewer, EngagementFilter(actor_ids=(gov.reg.city(LOS_ANGELES),))).total == 0


def test_edits_replace_the_record_and_refuse_stale_versions(services: Services, gov: Government) -> None:
    eid = gov.log("Call with Busan", D(2025, 2, 1), actors=(gov.reg.city(BUSAN),))
    e = services.engagements.get(gov.editor, eid)
    changed = EngagementDraft(kind=EngagementKind.CALL, title="Call with Busan port authority", start_date=e.start_date,
                              department_id=gov.departments["econ"], participants=e.participants,
                              policy_areas=("ports",))
    assert services.engagements.update(gov.editor, eid, 1, changed) == 2
    again = services.engagements.get(gov.editor, eid)
    assert again.title.endswith("port authority") and again.department_name == "Economic Development"
    assert again.policy_areas == ("ports",)
    with pytest.raises(Conflict):
        services.engagements.update(gov.editor, eid, 1, changed)
    services.engagements.delete(gov.editor, eid, 2)
    with pytest.raises(NotFound):
        services.engagements.get(gov.editor, eid)


def test_follow_ups_are_ticked_off(services: Services, gov: Government) -> None:
    eid = gov.log("Visit", D(2025, 2, 1), follow_ups=(FollowUp("Thank-you letter", "Ana", D(2025, 2, 10)),))
    fid = services.engagements.get(gov.editor, eid).follow_ups[0].id
    assert fid is not None
    services.engagements.set_follow_up(gov.editor, eid, fid, FollowUpStatus.DONE)
    assert services.engagements.get(gov.editor, eid).follow_ups[0].status is FollowUpStatus.DONE
    assert services.engagements.search(gov.editor, EngagementFilter(open_follow_ups=True)).total == 0
