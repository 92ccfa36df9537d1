"""Reporting campaigns end to end on SQLite and PostgreSQL: the office designs and sends a questionnaire,
members answer (prefilled from the registry), drafts stay with the member, submissions reach the office,
which tracks completion, reminds, validates and aggregates; a reported new tie becomes a tie."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind, RecipientStatus, ResponseStatus
from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from proxenia.domain.federation import MessageKind
from proxenia.domain.kinds import Visibility
from proxenia.services.container import Services
from proxenia.store.campaigns import CampaignRepository
from tests.factories import SEOUL
from tests.federation_world import FED, FederationWorld, build_federation

QUESTIONS = (
    Question("staff", QuestionKind.NUMBER, "Staff working on international affairs", required=True,
             min_value=0, max_value=500),
    Question("focus", QuestionKind.CHOICE, "Main focus", required=True,
             choices=("Climate", "Trade", "Culture")),
    Question("last_mission", QuestionKind.DATE, "Date of your last outbound mission", min_value=2000),
    Question("sister_cities", QuestionKind.RECORDS, "Your sister-city ties", source="ties:sister_city"),
    Question("sister_count", QuestionKind.NUMBER, "How many sister cities?", source="ties:sister_city"),
    Question("comments", QuestionKind.TEXT, "Anything else?"),
)


@pytest.fixture
def world(services: Services) -> FederationWorld:
    return build_federation(services)


def _campaign(services: Services, world: FederationWorld) -> uuid.UUID:
    draft = CampaignDraft(federation_id=uuid.uuid4(), title="International engagement survey 2026",
                          topic="sister cities", questions=QUESTIONS)
    campaign_id = services.campaigns.create(world.office, FED, draft)
    deadline = dt.date.today() + dt.timedelta(days=30)
    assert services.campaigns.send(world.office, campaign_id, ["la", "irvine"], deadline=deadline) == 2
    return campaign_id


def test_a_campaign_runs_end_to_end(services: Services, world: FederationWorld) -> None:
    campaign_id = _campaign(services, world)
    la, irvine = world.editors["la"], world.editors["irvine"]
    responses = services.campaign_responses
    # the inbox of a recipient lists it; a member it was not sent to does not get it
    assert [i.campaign.id for i in responses.inbox(la).campaigns] == [campaign_id]
    assert responses.inbox(world.editors["austin"]).campaigns == []
    with pytest.raises(PermissionDenied):
        responses.start(world.editors["austin"], campaign_id)
    # a draft prefilled from the registry: the real twin towns of Los Angeles in the small registry
    response_id = responses.start(la, campaign_id)
    assert responses.start(la, campaign_id) == response_id
    view = responses.view(la, response_id)
    names = {i.name for i in view.response.items("sister_cities")}
    assert names == {"Busan", "Athens", "Guangzhou"} and view.response.answers["sister_count"] == 3
    items = [i.as_json() for i in view.response.items("sister_cities")]
    items.append({"name": "Seoul", "country_code": "KR", "since": "2024"})
    version, problems = responses.save(la, response_id, None, {
        "staff": "12", "focus": "Climate", "last_mission": "2025-10-01", "sister_cities": items,
        "sister_count": 4, "comments": "zqdraftmarker",
    })
    assert {p.severity for p in problems} == {"warning"}  # a count differing from the registry is a warning
    saved = responses.view(la, response_id).response
    seoul = next(i for i in saved.items("sister_cities") if i.name == "Seoul")
    assert seoul.actor_id == world.reg.city(SEOUL) and seoul.is_new
    # the draft stays with the member: the office neither reads nor counts it
    with pytest.raises(NotFound):
        responses.view(world.office, response_id)
    tracking = services.campaigns.tracking(world.office, campaign_id)
    assert [r.status for r in tracking.recipients] == [RecipientStatus.NOT_SUBMITTED] * 2
    assert services.campaigns.aggregate(world.office, campaign_id).responses == 0
    # reminders go to those who have not submitted, into their inbox only
    assert services.campaigns.remind(world.office, campaign_id, note="Two weeks left") == 2
    irvine_inbox = responses.inbox(irvine).messages
    assert [m.kind for m in irvine_inbox] == [MessageKind.REMINDER] and "Two weeks left" in irvine_inbox[0].body
    assert all(m.addressee_tenant_id == world.tenants["la"] for m in responses.inbox(la).messages)
    assert responses.inbox(world.editors["austin"]).messages == []
    # submitting needs the answers right, and shares them with the federation (or the public)
    with pytest.raises(InvalidInput):
        responses.submit(la, response_id, version, Visibility.PRIVATE)
    responses.save(la, response_id, version, {"staff": "-1", "focus": "Climate"})
    with pytest.raises(InvalidInput) as refused:
        responses.submit(la, response_id, None)
    assert "at least 0" in str(refused.value.problems)
    version, _ = responses.save(la, response_id, None, {
        "staff": "12", "focus": "Climate", "last_mission": "2025-10-01", "sister_cities": items, "sister_count": 4,
    })
    responses.submit(la, response_id, version)
    with pytest.raises(Conflict):
        responses.save(la, response_id, None, {"staff": 13})
    tracking = services.campaigns.tracking(world.office, campaign_id)
    statuses = {r.name: r.status for r in tracking.recipients}
    assert statuses == {"La": RecipientStatus.SUBMITTED, "Irvine": RecipientStatus.NOT_SUBMITTED}
    assert tracking.completion == 0.5 and {r.name: r.reminders for r in tracking.recipients} == {"La": 1, "Irvine": 1}
    review = services.campaigns.review(world.office, campaign_id)
    assert [r.member_name for r in review] == ["La"]
    assert any("already in the registry" not in p.message and p.severity == "warning" for p in review[0].problems)
    result = services.campaigns.aggregate(world.office, campaign_id)
    by_key = {s.question.key: s for s in result.summaries}
    assert result.responses == 1 and by_key["staff"].figures[0] == ("Total", "12")
    assert by_key["focus"].bars[0].label == "Climate" and by_key["focus"].bars[0].value == 1
    assert ("Newly reported", "1") in by_key["sister_cities"].figures
    # the member turns what it reported into its own records
    made = responses.to_records(la, response_id)
    assert (made.created, made.unresolved) == (1, [])
    assert responses.to_records(la, response_id).created == 0
    tie_id = next(i.tie_id for i in responses.view(la, response_id).response.items("sister_cities")
                  if i.name == "Seoul")
    assert tie_id is not None and services.edits.get_tie(world.office, tie_id).visibility is Visibility.FEDERATION
    assert responses.view(world.office, response_id).response.status is ResponseStatus.SUBMITTED


def test_the_office_designs_and_sends_only_to_active_members(services: Services, world: FederationWorld) -> None:
    with pytest.raises(InvalidInput):
        services.campaigns.create(world.office, FED, CampaignDraft(
            federation_id=uuid.uuid4(), title="Bad", questions=(Question("x", QuestionKind.CHOICE, "Pick"),)))
    with pytest.raises(PermissionDenied):
        services.campaigns.create(world.editors["la"], FED, CampaignDraft(federation_id=uuid.uuid4(), title="No"))
    campaign_id = services.campaigns.create(world.office, FED, CampaignDraft(
        federation_id=uuid.uuid4(), title="Pledges", questions=QUESTIONS[:2]))
    with pytest.raises(InvalidInput):
        services.campaigns.send(world.office, campaign_id, ["la"])  # no deadline
    with pytest.raises(InvalidInput):
        services.campaigns.send(world.office, campaign_id, ["us-office"], deadline=dt.date(2030, 1, 1))
    services.campaigns.update(world.office, campaign_id, None, {}, questions=QUESTIONS[:3])
    deadline = dt.date.today() + dt.timedelta(days=7)
    services.campaigns.send(world.office, campaign_id, ["austin"], deadline=deadline)
    with pytest.raises(Conflict):
        services.campaigns.update(world.office, campaign_id, None, {}, questions=QUESTIONS)
    assert [r.status for r in services.campaigns.tracking(world.office, campaign_id).recipients] == [
        RecipientStatus.NOT_SUBMITTED]
    after = deadline + dt.timedelta(days=1)
    assert [r.status for r in services.campaigns.tracking(world.office, campaign_id, today=after).recipients] == [
        RecipientStatus.OVERDUE]
    with pytest.raises(PermissionDenied):
        services.campaigns.tracking(world.editors["austin"], campaign_id)
    services.campaigns.close(world.office, campaign_id)
    with pytest.raises(Conflict):
        services.campaign_responses.start(world.editors["austin"], campaign_id)


def test_a_deadline_in_the_past_is_refused(services: Services, world: FederationWorld) -> None:
    """Designing, changing or sending a campaign with a deadline before today is refused, naming the field;
    today is fine, and an old deadline may stay while other fields change (QA: a past deadline was taken)."""
    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        services.campaigns.create(world.office, FED, CampaignDraft(
            federation_id=uuid.uuid4(), title="Late", questions=QUESTIONS[:2], deadline=yesterday))
    assert [p.column for p in refused.value.problems] == ["deadline"] and "in the past" in str(refused.value)
    campaign_id = services.campaigns.create(world.office, FED, CampaignDraft(
        federation_id=uuid.uuid4(), title="Pledges", questions=QUESTIONS[:2]))
    with pytest.raises(InvalidInput) as refused:
        services.campaigns.update(world.office, campaign_id, None, {"deadline": yesterday})
    assert refused.value.problems[0].column == "deadline"
    with pytest.raises(InvalidInput) as refused:
        services.campaigns.send(world.office, campaign_id, ["la"], deadline=dt.date(2020, 1, 1))
    assert refused.value.problems[0].column == "deadline" and "2020-01-01" in str(refused.value)
    assert services.campaigns.tracking(world.office, campaign_id).recipients == []  # nothing was sent
    assert services.campaigns.send(world.office, campaign_id, ["la"], deadline=today) == 1
    services.campaigns.update(world.office, campaign_id, None, {"deadline": today.isoformat(), "title": "Pledged"})
    assert services.campaigns.get(world.office, campaign_id).deadline == today
    with services.db.begin() as conn:  # time passes: the deadline is behind
        CampaignRepository(conn).update(world.office, campaign_id, None, {"deadline": yesterday})
    services.campaigns.update(world.office, campaign_id, None, {"deadline": yesterday, "title": "Pledges, 2026"})
    with pytest.raises(InvalidInput):  # sending to one more member needs a new deadline
        services.campaigns.send(world.office, campaign_id, ["irvine"])
    assert services.campaigns.send(world.office, campaign_id, ["irvine"], deadline=today + dt.timedelta(days=3)) == 1
