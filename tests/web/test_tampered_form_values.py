"""Tampered values in forms and query strings (an id, an enum member, a version that cannot be read) are
refused with a 422 naming the field, never a server error, and nothing is written; a user who may not do
the thing still gets the 403 first. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient

from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind, ResponseStatus
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.processes import ProcessDraft, ProcessKind
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, make_tenant
from tests.federation_world import FED, FederationWorld, build_federation
from tests.web.form_checks import post_form, sign_in


def _refused(answer: httpx.Response, field: str) -> None:
    assert answer.status_code == 422, answer.text[:1000]
    assert f"column &#39;{field}&#39;: " in answer.text  # the message names the field


@pytest.fixture
def world(services: Services) -> FederationWorld:
    return build_federation(services)


@pytest.mark.parametrize("status", ["xyz", "any"])
def test_the_requests_list_refuses_an_unknown_status(client: TestClient, services: Services, status: str) -> None:
    answer = client.get(f"/requests-for-help?status={status}")
    _refused(answer, "status")
    assert answer.status_code == client.get(f"/requests-for-help.csv?status={status}").status_code


@pytest.mark.parametrize("field", ["responder_id", "practice_id"])
def test_answering_a_request_refuses_a_tampered_id(client: TestClient, services: Services, world: FederationWorld,
                                                   field: str) -> None:
    la = world.editors["la"]
    request_id = services.help_requests.ask(la, HelpRequestDraft(
        asker_id=world.reg.city(LOS_ANGELES), title="Heat plans", text="How do you plan for heat waves?",
        visibility=Visibility.PUBLIC))
    browser = sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = post_form(browser, f"/requests-for-help/{request_id}/responses",
                   {"text": "We did this", "visibility": "public", field: "xyz"})
    _refused(answer, field)
    assert services.help_requests.get(la, request_id).responses == ()


def test_a_mission_refuses_a_tampered_place(client: TestClient, services: Services, world: FederationWorld) -> None:
    office = sign_in(client, services, "officer", "us-office", Role.ADMIN)
    answer = post_form(office, "/missions", {"name": "Consulate", "subtype": "consulate", "sending_country": "US",
                                         "host_country": "CN", "serves_id": "xyz", "visibility": "federation"})
    _refused(answer, "serves_id")
    assert services.missions.missions(world.office) == []


def test_a_participation_refuses_a_tampered_actor(client: TestClient, services: Services,
                                                  world: FederationWorld) -> None:
    process_id = services.processes.create(world.office, ProcessDraft(kind=ProcessKind.SUMMIT, name="Summit"))
    la = sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = post_form(la, f"/processes/{process_id}/participations", {"role": "delegate", "actor_id": "xyz"})
    _refused(answer, "actor_id")
    assert services.processes.detail(world.office, process_id).participations == []


def test_an_invitation_refuses_a_tampered_actor_after_the_permission_check(
    client: TestClient, services: Services, world: FederationWorld
) -> None:
    make_tenant(services, "boston")
    data = {"tenant": "boston", "actor_id": "xyz"}
    for username, tenant, role in (("la-boss", "la", Role.ADMIN), ("office-clerk", "us-office", Role.EDITOR)):
        assert post_form(sign_in(client, services, username, tenant, role), f"/federations/{FED}/invitations",
                     data).status_code == 403
    office = sign_in(client, services, "officer", "us-office", Role.ADMIN)
    _refused(post_form(office, f"/federations/{FED}/invitations", data), "actor_id")
    assert "boston" not in {m.slug for m in services.federations.detail(world.office, FED).members}


@pytest.mark.parametrize(("url", "data", "field"), [
    ("", {"version": "abc"}, "version"),
    ("", {"action": "submit", "visibility": "xyz"}, "visibility"),
    ("/records", {"visibility": "xyz"}, "visibility"),
])
def test_a_campaign_response_refuses_tampered_values(client: TestClient, services: Services, world: FederationWorld,
                                                     url: str, data: dict[str, str], field: str) -> None:
    campaign_id = services.campaigns.create(world.office, FED, CampaignDraft(
        federation_id=uuid.uuid4(), title="Survey", questions=(Question("comments", QuestionKind.TEXT, "Comments"),)))
    services.campaigns.send(world.office, campaign_id, ["la"], deadline=dt.date(2099, 1, 1))
    la = world.editors["la"]
    response_id = services.campaign_responses.start(la, campaign_id)
    before = services.campaign_responses.view(la, response_id).response
    browser = sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = post_form(browser, f"/campaign-responses/{response_id}{url}",
                   {"version": str(before.version), "a_comments": "changed", **data})
    _refused(answer, field)
    after = services.campaign_responses.view(la, response_id).response
    assert (after.version, after.status, after.answers) == (before.version, ResponseStatus.DRAFT, before.answers)


@pytest.mark.parametrize("field", ["kind", "visibility"])
def test_the_engagement_form_names_a_tampered_kind_or_sharing(
    client: TestClient, services: Services, world: FederationWorld, field: str
) -> None:
    """QA saw ``kind=xyz`` reported as "column 'staff_days'"."""
    browser = sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    data = {"kind": "meeting", "title": "Harbour call", "start_date": "2026-03-02", "visibility": "private"}
    answer = post_form(browser, "/engagements/new", {**data, field: "xyz"})
    _refused(answer, field)
    assert "Harbour call" not in browser.get("/engagements").text
