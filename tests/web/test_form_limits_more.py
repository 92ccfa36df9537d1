"""More forms posted by a script (bypassing the browser's ``maxlength``, ``required``, number fields and
lists) with a field too long, a required one left empty, a word where a number goes or a value not in the
list: each comes back as the same form (or the page holding it), what was typed kept and the problem named
above it (422), not the generic error page; nothing is written. Missions and processes, federations and
their flags, the portfolio, the partner-risk list, decisions on incoming requests, campaign reminders and
answers, answers to requests for help, user administration and API tokens. In-process on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.balancing import Activity, BalancingInput, Capacity, GoalSpec
from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind
from proxenia.domain.goals import GoalKind
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.processes import ProcessDraft, ProcessKind
from proxenia.domain.proposals import ProposalDraft, ProposalKind
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import GUANGZHOU, LOS_ANGELES, make_tenant
from tests.federation_world import FED, FederationWorld, build_federation
from tests.web.form_checks import KEPT, PASSWORD, post_form, shown_again, sign_in, value_id

OFFICE = ("officer", "us-office", Role.ADMIN)  # the national office running the federation
LA_EDITOR = ("la-clerk", "la", Role.EDITOR)
LA_ADMIN = ("la-boss", "la", Role.ADMIN)
IRVINE = ("irvine-clerk", "irvine", Role.EDITOR)
NOWHERE = "Atlantis, US"
A_UUID = str(uuid.UUID(int=7))


@dataclass
class World:
    """The federation of ``build_federation`` and the records the forms act on, each made when first asked
    for (``action.format_map(world)``)."""

    services: Services
    fed: FederationWorld

    def __getitem__(self, name: str) -> str:
        return str(getattr(self, name))

    @property
    def la(self) -> Viewer:
        return self.fed.editors["la"]

    def me(self, username: str) -> Viewer:
        return self.services.accounts.sign_in(username, PASSWORD).viewer

    @cached_property
    def colleague(self) -> str:  # a user of Los Angeles, whose password its admin resets
        self.services.accounts.create_user(Viewer.system("tests"), username="la-colleague", password=PASSWORD,
                                           tenant="la", role=Role.EDITOR)
        return "la-colleague"

    @cached_property
    def engagement(self) -> uuid.UUID:  # a member's, shared with the office: one to route
        return self.fed.log("la", "Harbour call", dt.date(2026, 3, 2), GUANGZHOU, Visibility.FEDERATION)

    @cached_property
    def process(self) -> uuid.UUID:
        return self.services.processes.create(self.fed.office, ProcessDraft(kind=ProcessKind.SUMMIT, name="Summit"))

    @cached_property
    def request(self) -> uuid.UUID:
        return self.services.help_requests.ask(self.la, HelpRequestDraft(
            asker_id=self.fed.reg.city(LOS_ANGELES), title="Heat plans", text="How do you plan for heat waves?",
            visibility=Visibility.PUBLIC))

    @property
    def request_version(self) -> int:
        return self.services.help_requests.get(self.la, self.request).version

    @cached_property
    def campaign(self) -> uuid.UUID:
        campaign_id = self.services.campaigns.create(self.fed.office, FED, CampaignDraft(
            federation_id=uuid.uuid4(), title="Survey", questions=(
                Question("comments", QuestionKind.TEXT, "Comments"), Question("staff", QuestionKind.NUMBER, "Staff"))))
        self.services.campaigns.send(self.fed.office, campaign_id, ["la"], deadline=dt.date(2099, 1, 1))
        return campaign_id

    @cached_property
    def response(self) -> uuid.UUID:
        return self.services.campaign_responses.start(self.la, self.campaign)

    @property
    def response_version(self) -> int:
        return self.services.campaign_responses.view(self.la, self.response).response.version

    @cached_property
    def proposal(self) -> uuid.UUID:
        return self.services.intake.submit(self.la, ProposalDraft(
            kind=ProposalKind.DELEGATION_VISIT, requester_name="Port of Busan", purpose="A study visit",
            received_on=dt.date(2026, 3, 2)))

    @property
    def proposal_version(self) -> int:
        return self.services.intake.get(self.la, self.proposal).version

    @cached_property
    def risk(self) -> uuid.UUID:
        return self.services.intake.publish_risk(self.fed.office, reason="Sanctions", country_code="KP")

    @cached_property
    def scenario(self) -> uuid.UUID:
        return self.services.scenarios.create(self.la, name="Plan", plan=BalancingInput(
            activities=(Activity("a", "Exchange", "intl", ("2026-01",), 2, 1000, {"g": 1.0}),),
            capacities=(Capacity("intl", "2026-01", 5, 5000),), goals=(GoalSpec("g", "A goal"),)))


@dataclass(frozen=True)
class Form:
    persona: tuple[str, str, Role]
    action: str  # formatted with the world's records: {process}, {request}...
    base: dict[str, str]  # what the page's own form sends (formatted too)
    state: Callable[[World], Any]  # what must be the same after the refusal
    kept: str | None = None  # a field of ``base`` whose value must come back typed
    extra: dict[str, str] = field(default_factory=dict)  # sent too, not checked


FORMS = {
    "mission": Form(OFFICE, "/missions", {
        "name": "Consulate in Chengdu", "subtype": "consulate", "sending_country": "US", "host_country": "CN",
        "serves_name": "Chengdu, CN", "source_ref": KEPT, "visibility": "federation"},
        lambda w: w.services.missions.missions(w.fed.office), "source_ref"),
    "routing": Form(OFFICE, f"/federations/{FED}/routings", {
        "subject_kind": "engagement", "subject_id": "{engagement}", "mission_id": A_UUID, "note": KEPT},
        lambda w: w.services.missions.routings(w.fed.office, FED), "note"),
    "process": Form(LA_EDITOR, "/processes", {"name": "Cities Summit", "kind": "summit", "place": KEPT,
                                              "visibility": "public"},
                    lambda w: w.services.processes.processes(w.la), "place"),
    "participation": Form(LA_EDITOR, "/processes/{process}/participations", {
        "role": "delegate", "note": KEPT, "visibility": "federation"},
        lambda w: w.services.processes.detail(w.la, w.process).participations, "note"),
    "submission": Form(LA_EDITOR, "/processes/{process}/submissions", {
        "title": "Local statement", "summary": KEPT, "visibility": "federation"},
        lambda w: w.services.processes.detail(w.la, w.process).submissions, "summary"),
    "federation": Form(OFFICE, "/federations", {"name": KEPT, "slug": "west-coast"},
                       lambda w: w.services.federations.mine(w.fed.office), "name"),
    "invitation": Form(OFFICE, f"/federations/{FED}/invitations", {"tenant": "boston", "actor_name": "Austin, US"},
                       lambda w: w.services.federations.detail(w.fed.office, FED).members, "actor_name"),
    "membership": Form(LA_ADMIN, f"/federations/{FED}/membership", {"action": "accept"},
                       lambda w: w.services.federations.detail(w.fed.office, FED).members),
    "flag": Form(OFFICE, f"/federations/{FED}/flags", {"country": "CN", "note": KEPT, "visibility": "private"},
                 lambda w: w.services.federations.flags(w.fed.office, FED), "note"),
    "settings": Form(LA_ADMIN, "/portfolio/settings", {"currency": "EUR", "window_days": "400",
                                                       "dormant_years": "3", "weights": ""},
                     lambda w: w.services.portfolio.settings(w.la), "currency"),
    "goal": Form(LA_EDITOR, "/goals/new", {"kind": "priority", "code": "P9", "title": KEPT, "visibility": "private"},
                 lambda w: w.services.goals.goals(w.la, kinds=(GoalKind.PRIORITY,), mine=True), "title"),
    "variant": Form(LA_EDITOR, "/scenarios/{scenario}/variants", {"name": KEPT, "budget_percent": "80",
                                                                  "staff_percent": "100"},
                    lambda w: w.services.scenarios.scenarios(w.la), "name"),
    "risk": Form(OFFICE, "/risks", {"country": "KP", "reason": "Sanctions", "source_ref": KEPT,
                                    "visibility": "federation"},
                 lambda w: w.services.intake.risk_entries(w.fed.office), "source_ref"),
    "withdrawal": Form(OFFICE, "/risks/{risk}/withdraw", {"version": "1"},
                       lambda w: w.services.intake.risk_entries(w.fed.office), extra={"confirmed": "yes"}),
    "decision": Form(LA_EDITOR, "/proposals/{proposal}/decision", {
        "version": "{proposal_version}", "decision": "decline", "reason": KEPT},
        lambda w: w.services.intake.get(w.la, w.proposal), "reason"),
    "reminder": Form(OFFICE, "/campaigns/{campaign}/reminders", {"note": "Please answer"},
                     lambda w: w.services.campaigns.tracking(w.fed.office, w.campaign).recipients),
    "answer": Form(IRVINE, "/requests-for-help/{request}/responses", {
        "text": "We did this", "contact": KEPT, "visibility": "public"},
        lambda w: w.services.help_requests.get(w.la, w.request).responses, "contact"),
    "move": Form(LA_EDITOR, "/requests-for-help/{request}/status", {"status": "answered",
                                                                   "version": "{request_version}"},
                 lambda w: w.services.help_requests.get(w.la, w.request)),
    "answers": Form(LA_EDITOR, "/campaign-responses/{response}", {
        "version": "{response_version}", "a_comments": KEPT, "a_staff": "3"},
        lambda w: w.services.campaign_responses.view(w.la, w.response).response, "a_comments"),
    "user": Form(LA_ADMIN, "/admin/users", {"username": "new-clerk", "password": "another long password",
                                            "role": "editor", "display_name": KEPT},
                 lambda w: w.services.accounts.users(w.me("la-boss")), "display_name"),
    "reset": Form(LA_ADMIN, "/admin/users/{colleague}/reset", {"password": "another long password"},
                  lambda w: w.me(w.colleague).username, extra={"confirmed": "yes"}),  # the password is unchanged
    "token": Form(LA_EDITOR, "/account/tokens", {"name": KEPT, "scope": "read", "days": "30"},
                  lambda w: w.services.accounts.tokens(w.me("la-clerk")), "name"),
}

CASES = [
    ("mission", "name", "n" * 501, "column 'name': is longer than 500 characters"),
    ("mission", "name", "", "column 'name': is required"),
    ("mission", "source_ref", "s" * 2001, "column 'source_ref': is longer than 2,000 characters"),
    ("mission", "subtype", "palace", "column 'subtype': is one of embassy"),
    ("mission", "serves_name", NOWHERE, f"column 'serves_name': no actor matches '{NOWHERE}'"),
    ("routing", "note", "n" * 4001, "column 'note': is longer than 4,000 characters"),
    ("routing", "mission_id", "", "column 'mission_id': choose the mission"),
    ("routing", "subject_kind", "xyz", "column 'subject_kind': is not a valid value"),
    ("process", "name", "n" * 301, "column 'name': is longer than 300 characters"),
    ("process", "name", "", "column 'name': is required"),
    ("process", "description", "d" * 10_001, "column 'description': is longer than 10,000 characters"),
    ("process", "kind", "xyz", "column 'kind': is not a valid value"),
    ("participation", "note", "n" * 4001, "column 'note': is longer than 4,000 characters"),
    ("participation", "role", "", "column 'role': is required"),
    ("participation", "actor_name", NOWHERE, f"column 'actor_name': no actor matches '{NOWHERE}'"),
    ("submission", "title", "t" * 501, "column 'title': is longer than 500 characters"),
    ("submission", "title", "", "column 'title': is required"),
    ("submission", "url", "https://" + "u" * 500, "column 'url': is longer than 500 characters"),
    ("federation", "name", "n" * 301, "column 'name': is longer than 300 characters"),
    ("federation", "name", "", "column 'name': is required"),
    ("federation", "slug", "s" * 65, "column 'slug': use 3 to 64 lower-case letters"),
    ("invitation", "tenant", "", "column 'tenant': choose the government to invite"),
    ("invitation", "tenant", "atlantis", "column 'tenant': no organisation is called 'atlantis'"),
    ("invitation", "actor_name", NOWHERE, f"column 'actor_name': no actor matches '{NOWHERE}'"),
    ("membership", "action", "xyz", "column 'action': is not a valid value"),
    ("membership", "action", "", "column 'action': is required"),
    ("flag", "note", "n" * 2001, "column 'note': is longer than 2,000 characters"),
    ("flag", "country", "", "column 'country_code': unknown country"),
    ("flag", "visibility", "xyz", "column 'visibility': is not a valid value"),
    ("settings", "window_days", "a year", "column 'window_days': is not a whole number"),
    ("settings", "window_days", "10", "column 'window_days': must be between 30 and 3,650 days"),
    ("settings", "dormant_years", "", "column 'dormant_years': is required"),
    ("settings", "weights", "w" * 20_001, "column 'weights': is longer than 20,000 characters"),
    ("goal", "title", "t" * 2001, "column 'title': is longer than 2,000 characters"),
    ("goal", "title", "", "column 'title': is required"),
    ("goal", "code", "c" * 33, "column 'code': is longer than 32 characters"),
    ("goal", "kind", "xyz", "column 'kind': is not a valid value"),
    ("variant", "name", "n" * 301, "column 'name': is longer than 300 characters"),
    ("variant", "name", "", "column 'name': is required"),
    ("variant", "budget_percent", "lots", "column 'budget_percent': is not a number"),
    ("variant", "budget_percent", "5000", "column 'budget_percent': is between 0 and 1,000"),
    ("variant", "priority_label", "p" * 301, "new priority: label is longer than 300 characters"),
    ("risk", "reason", "r" * 10_001, "column 'reason': is longer than 10,000 characters"),
    ("risk", "reason", "", "column 'reason': is required"),
    ("risk", "source_ref", "s" * 2001, "column 'source_ref': is longer than 2,000 characters"),
    ("risk", "visibility", "xyz", "column 'visibility': unknown sharing level 'xyz'"),
    ("withdrawal", "version", "first", "column 'version': reload the page and try again"),
    ("decision", "version", "first", "column 'version': reload the page and try again"),
    ("decision", "decision", "maybe", "column 'decision': choose to accept or to decline"),
    ("decision", "reason", "r" * 10_001, "column 'reason': is longer than 10,000 characters"),
    ("decision", "reason", "", "column 'reason': say why"),
    ("reminder", "note", "n" * 4001, "column 'note': is longer than 4,000 characters"),
    ("answer", "text", "t" * 10_001, "column 'text': is longer than 10,000 characters"),
    ("answer", "text", "", "column 'text': write your answer"),
    ("answer", "contact", "c" * 501, "column 'contact': is longer than 500 characters"),
    ("answer", "visibility", "xyz", "column 'visibility': is not a valid value"),
    ("answer", "responder_name", NOWHERE, f"column 'responder_name': no actor matches '{NOWHERE}'"),
    ("move", "status", "xyz", "column 'status': is not a valid value"),
    ("move", "version", "first", "column 'version': reload the page and try again"),
    ("answers", "a_comments", "c" * 10_001, "column 'comments': is longer than 10,000 characters"),
    ("answers", "a_staff", "many", "column 'staff': 'many' is not a number"),
    ("user", "username", "u" * 151, "column 'username': a username is one word of up to 150 characters"),
    ("user", "password", "p" * 501, "column 'password': use at most 500 characters"),
    ("user", "password", "", "column 'password': use at least 10 characters"),
    ("user", "role", "king", "column 'role': is not a valid value"),
    ("user", "display_name", "d" * 301, "column 'display_name': is longer than 300 characters"),
    ("reset", "password", "p" * 501, "column 'password': use at most 500 characters"),
    ("reset", "password", "", "column 'password': use at least 10 characters"),
    ("token", "name", "n" * 201, "column 'name': is longer than 200 characters"),
    ("token", "name", "", "column 'name': say what the token is for"),
    ("token", "days", "soon", "column 'days': is not a whole number of days"),
    ("token", "days", "400", "column 'days': a token lasts 1 to 365 days"),
    ("token", "scope", "admin", "column 'scopes': scopes must be among read, write"),
]


@pytest.fixture
def world(services: Services) -> World:
    fed = build_federation(services)
    make_tenant(services, "boston")
    return World(services, fed)


@pytest.mark.parametrize(("form", "field", "value", "problem"), CASES, ids=value_id)
def test_the_form_comes_back(client: TestClient, services: Services, world: World, form: str, field: str,
                             value: str, problem: str) -> None:
    spec = FORMS[form]
    browser = sign_in(client, services, *spec.persona)
    action = spec.action.format_map(world)
    sent = {k: v.format_map(world) for k, v in spec.base.items()}
    before = spec.state(world)
    page = shown_again(post_form(browser, action, {**sent, **spec.extra, field: value}), action, problem)
    if spec.kept and spec.kept != field:
        assert html.escape(sent[spec.kept]) in page, "what was typed is not kept"
    if value and field in (spec.kept, "name", "title", "note", "reason", "text"):
        assert html.escape(value) in page, "the value refused is not kept"
    assert spec.state(world) == before, "something was written"
