"""A form posted by a script with a field too long or a required one left empty (a browser stops both with
``maxlength`` and ``required``) comes back as the same form, what was typed kept and the problem named above
it (422), not the generic error page; nothing is written. The limits are the services', so the API keeps
them too. In-process on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Role
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, SmallRegistry, build_small_registry, make_tenant
from tests.web.form_checks import KEPT, PASSWORD
from tests.web.form_checks import post_form as _post
from tests.web.form_checks import shown_again as _shown_again
from tests.web.form_checks import value_id as _id


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


@pytest.fixture
def editor(client: TestClient, services: Services, reg: SmallRegistry) -> TestClient:
    make_tenant(services, "los-angeles")
    services.accounts.create_user(Viewer.system("tests"), username="la-editor", password=PASSWORD,
                                  tenant="los-angeles", role=Role.EDITOR)
    client.get("/login")
    done = client.post("/login", data={"username": "la-editor", "password": PASSWORD,
                                       "csrf_token": client.cookies.get("proxenia_csrf")}, follow_redirects=False)
    assert done.status_code == 303
    return client


def _viewer(services: Services) -> Viewer:
    return services.accounts.sign_in("la-editor", PASSWORD).viewer


# -- practices and adoptions ---------------------------------------------------------------------------------
PRACTICE = {"title": "Neighbourhood heat shelters", "visibility": "private", "summary": KEPT}


@pytest.mark.parametrize(("field", "value", "problem"), ids=_id, argvalues=[
    ("title", "t" * 301, "column 'title': is longer than 300 characters"),
    ("title", "", "column 'title': is required"),
    ("approach", "a" * 20_001, "column 'approach': is longer than 20,000 characters"),
    ("source_ref", "s" * 2001, "column 'source_ref': is longer than 2,000 characters"),
    ("contact_name", "c" * 301, "a contact's name is longer than 300 characters"),
])
def test_the_practice_form_comes_back(editor: TestClient, services: Services, field: str, value: str,
                                      problem: str) -> None:
    answer = _post(editor, "/practices/new", {**PRACTICE, field: value})
    page = _shown_again(answer, "/practices/new", problem)
    assert KEPT in page and (field == "title" or value in page)
    la = _viewer(services)
    assert services.practice_search.search(la, PracticeFilter(statuses=(), tenant_id=la.tenant_id)).total == 0


@pytest.mark.parametrize(("field", "value", "problem"), ids=_id, argvalues=[
    ("adaptations", "a" * 10_001, "column 'adaptations': is longer than 10,000 characters"),
    ("source_ref", "s" * 2001, "column 'source_ref': is longer than 2,000 characters"),
    ("stakeholders", "n" * 301, "column 'stakeholders': a name or a role is longer than 300 characters"),
    ("stakeholders", "\n".join(f"Office {i}" for i in range(201)), "lists more than 200 stakeholders"),
    ("adopter_name", "", "say which government adopted it"),
])
def test_the_adoption_form_comes_back(editor: TestClient, services: Services, field: str, value: str,
                                      problem: str) -> None:
    created = _post(editor, "/practices/new", PRACTICE)
    practice_id = created.headers["location"].split("?")[0].rsplit("/", 1)[1]
    base = {"practice_id": practice_id, "adopter_name": "Austin, US", "status": "adopted", "visibility": "private",
            "outcome": KEPT}
    answer = _post(editor, "/adoptions/new", {**base, field: value})
    page = _shown_again(answer, "/adoptions/new", problem)
    assert KEPT in page
    assert services.practices.detail(_viewer(services), uuid.UUID(practice_id)).adoptions == []


# -- requests for help ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("field", "value", "problem"), ids=_id, argvalues=[
    ("title", "t" * 301, "column 'title': is longer than 300 characters"),
    ("text", "x" * 10_001, "column 'text': is longer than 10,000 characters"),
    ("title", "", "column 'title': is required"),
    ("text", "", "column 'text': say what you need"),
])
def test_the_request_for_help_form_comes_back(editor: TestClient, services: Services, field: str, value: str,
                                             problem: str) -> None:
    base = {"title": KEPT, "text": KEPT, "asker_name": "Los Angeles, US", "visibility": "partners"}
    answer = _post(editor, "/requests-for-help/new", {**base, field: value})
    page = _shown_again(answer, "/requests-for-help/new", problem)
    assert KEPT in page
    assert services.help_requests.search(_viewer(services), mine=True).total == 0


# -- actors and ties -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("field", "value", "problem"), ids=_id, argvalues=[
    ("name", "n" * 501, "column 'name': is longer than 500 characters"),
    ("name", "", "column 'name': is required"),
    ("subtype", "s" * 65, "column 'subtype': is longer than 64 characters"),
    ("population", "9" * 20, "is more people than live on Earth"),
])
def test_the_actor_forms_come_back(editor: TestClient, services: Services, field: str, value: str,
                                   problem: str) -> None:
    base = {"kind": "organisation", "name": KEPT, "subtype": KEPT, "visibility": "private"}
    answer = _post(editor, "/actors/new", {**base, field: value})
    assert KEPT in _shown_again(answer, "/actors/new", problem)
    la = _viewer(services)
    assert services.registry.search_actors(la, "Kept").total == 0
    actor = services.edits.create_actor(la, ActorDraft(kind=ActorKind.ORGANISATION, name="Sister Cities LA"))
    answer = _post(editor, f"/actors/{actor}/edit", {**base, "version": "1", field: value})
    assert KEPT in _shown_again(answer, f"/actors/{actor}/edit", problem)
    assert services.registry.profile(la, actor).actor.version == 1  # unchanged


@pytest.mark.parametrize(("field", "value", "problem"), ids=_id, argvalues=[
    ("rationale", "r" * 10_001, "column 'rationale': is longer than 10,000 characters"),
    ("source_ref", "s" * 2001, "column 'source_ref': is longer than 2,000 characters"),
    ("target_name", "", "column 'target_name': choose the other actor from the list"),
    ("type_code", "", "unknown tie type ''"),
])
def test_the_tie_form_comes_back(editor: TestClient, reg: SmallRegistry, field: str, value: str,
                                 problem: str) -> None:
    la = reg.city(LOS_ANGELES)
    base = {"source_id": str(la), "type_code": "mou", "target_name": "Seoul, KR", "status": "active",
            "visibility": "private", "start_date": "2020-03", "rationale": KEPT}
    answer = _post(editor, "/ties/new", {**base, field: value})
    assert (field == "rationale" or KEPT in answer.text) and _shown_again(answer, "/ties/new", problem)
    assert "memorandum of understanding" not in editor.get(f"/actors/{la}").text


# -- passwords -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("current", "new", "problem"), ids=_id, argvalues=[
    ("", "a new long password", "column 'current_password': the current password is not right"),
    (PASSWORD, "", "column 'password': use at least 10 characters"),
    (PASSWORD, "p" * 501, "column 'password': use at most 500 characters"),
])
def test_the_password_form_comes_back(editor: TestClient, services: Services, current: str, new: str,
                                      problem: str) -> None:
    answer = _post(editor, "/account/password", {"current_password": current, "new_password": new})
    _shown_again(answer, "/account/password", problem)
    assert services.accounts.sign_in("la-editor", PASSWORD) is not None  # the password is unchanged


@pytest.mark.parametrize(("username", "password", "problem", "status"), ids=_id, argvalues=[
    ("", PASSWORD, "enter your username and your password", 422),
    ("la-editor", "", "enter your username and your password", 422),
    ("u" * 151, PASSWORD, "the username or the password is not right", 401),
    ("la-editor", "p" * 501, "the username or the password is not right", 401),
])
def test_the_sign_in_form_comes_back(client: TestClient, services: Services, username: str, password: str,
                                     problem: str, status: int) -> None:
    make_tenant(services, "los-angeles")
    services.accounts.create_user(Viewer.system("tests"), username="la-editor", password=PASSWORD,
                                  tenant="los-angeles", role=Role.EDITOR)
    client.get("/login")
    answer = client.post("/login", data={"username": username, "password": password, "next": f"/{uuid.uuid4()}",
                                         "csrf_token": client.cookies.get("proxenia_csrf")}, follow_redirects=False)
    page = _shown_again(answer, "/login", problem, status)
    assert f'value="{username}"' in page  # what was typed is kept
    assert "proxenia_session" not in answer.headers.get("set-cookie", "")
