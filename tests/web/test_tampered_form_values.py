"""Tampered values in forms and query strings (an id, an enum member, a version that cannot be read) are
refused with a 422 naming the field, never a server error, and nothing is written; a user who may not do
the thing still gets the 403 first. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient

from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind, ResponseStatus
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.processes import ProcessDraft, ProcessKind
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, make_tenant
from tests.federation_world import FED, FederationWorld, build_federation

PASSWORD = "a long test password"


def _sign_in(client: TestClient, services: Services, username: str, tenant: str, role: Role) -> TestClient:
    services.accounts.create_user(Viewer.system("tests"), username=username, password=PASSWORD, tenant=tenant,
                                  role=role)
    browser = TestClient(client.app)
    browser.get("/login")
    done = browser.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                        "csrf_token": browser.cookies.get("proxenia_csrf")}, follow_redirects=False)
    assert done.status_code == 303
    return browser


def _post(browser: TestClient, url: str, data: dict[str, str]) -> httpx.Response:
    """Post a form with the session's CSRF token, as a page of the signed-in user carries it."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/").text)
    assert token, "the page carries no CSRF token"
    return browser.post(url, data={**data, "csrf_token": token.group(1)}, follow_redirects=False)


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
    browser = _sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = _post(browser, f"/requests-for-help/{request_id}/responses",
                   {"text": "We did this", "visibility": "public", field: "xyz"})
    _refused(answer, field)
    assert services.help_requests.get(la, request_id).responses == ()


def test_a_mission_refuses_a_tampered_place(client: TestClient, services: Services, world: FederationWorld) -> None:
    office = _sign_in(client, services, "officer", "us-office", Role.ADMIN)
    answer = _post(office, "/missions", {"name": "Consulate", "subtype": "consulate", "sending_country": "US",
                                         "host_country": "CN", "serves_id": "xyz", "visibility": "federation"})
    _refused(answer, "serves_id")
    assert services.missions.missions(world.office) == []


def test_a_participation_refuses_a_tampered_actor(client: TestClient, services: Services,
                                                  world: FederationWorld) -> None:
    process_id = services.processes.create(world.office, ProcessDraft(kind=ProcessKind.SUMMIT, name="Summit"))
    la = _sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = _post(la, f"/processes/{process_id}/participations", {"role": "delegate", "actor_id": "xyz"})
    _refused(answer, "actor_id")
    assert services.processes.detail(world.office, process_id).participations == []


def test_an_invitation_refuses_a_tampered_actor_after_the_permission_check(
    client: TestClient, services: Services, world: FederationWorld
) -> None:
    make_tenant(services, "boston")
    data = {"tenant": "boston", "actor_id": "xyz"}
    for username, tenant, role in (("la-boss", "la", Role.ADMIN), ("office-clerk", "us-office", Role.EDITOR)):
        assert _post(_sign_in(client, services, username, tenant, role), f"/federations/{FED}/invitations",
                     data).status_code == 403
    office = _sign_in(client, services, "officer", "us-office", Role.ADMIN)
    _refused(_post(office, f"/federations/{FED}/invitations", data), "actor_id")
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
    browser = _sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    answer = _post(browser, f"/campaign-responses/{response_id}{url}",
                   {"version": str(before.version), "a_comments": "changed", **data})
    _refused(answer, field)
    after = services.campaign_responses.view(la, response_id).response
    assert (after.version, after.status, after.answers) == (before.version, ResponseStatus.DRAFT, before.answers)


@pytest.mark.parametrize("field", ["kind", "visibility"])
def test_the_engagement_form_names_a_tampered_kind_or_sharing(
    client: TestClient, services: Services, world: FederationWorld, field: str
) -> None:
    """QA saw ``kind=xyz`` reported as "column 'staff_days'"."""
    browser = _sign_in(client, services, "la-clerk", "la", Role.EDITOR)
    data = {"kind": "meeting", "title": "Harbour call", "start_date": "2026-03-02", "visibility": "private"}
    answer = _post(browser, "/engagements/new", {**data, field: "xyz"})
    _refused(answer, field)
    assert "Harbour call" not in browser.get("/engagements").text
