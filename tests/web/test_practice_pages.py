"""The practice exchange's pages and forms in-process on SQLite and PostgreSQL: a signed-in editor submits a
practice, records a transfer with its stakeholders, plan and follow-up, asks for help and closes it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import SmallRegistry, build_small_registry, make_tenant

PASSWORD = "a long test password"


@pytest.fixture
def signed_in(client: TestClient, services: Services) -> TestClient:
    build_small_registry(services)
    make_tenant(services, "los-angeles")
    services.accounts.create_user(
        Viewer.system("tests"), username="la-editor", password=PASSWORD, tenant="los-angeles", role=Role.EDITOR
    )
    client.get("/login")
    client.post(
        "/login",
        data={"username": "la-editor", "password": PASSWORD, "csrf_token": client.cookies.get("proxenia_csrf")},
    )
    return client


def _csrf(client: TestClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def test_submit_a_practice_record_a_transfer_and_ask_for_help(signed_in: TestClient) -> None:
    client = signed_in
    csrf = _csrf(client, "/practices/new")
    r = client.post(
        "/practices/new",
        data={
            "csrf_token": csrf,
            "title": "Neighbourhood heat shelters",
            "summary": "Cool rooms in libraries",
            "area": ["climate_adaptation"],
            "originator_name": "Los Angeles, US",
            "evidence_level": "monitored",
            "visibility": "public",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    practice = r.headers["location"].split("?")[0]
    page = client.get(practice).text
    assert "Neighbourhood heat shelters" in page and "Draft" in page and "Monitored" in page
    assert 'data-layout="tree"' in page and "Table view of the lineage" in page

    r = client.post(
        "/adoptions/new",
        data={
            "csrf_token": csrf,
            "practice_id": practice.rsplit("/", 1)[1],
            "adopter_name": "Austin, US",
            "teacher_name": "Los Angeles, US",
            "status": "in_progress",
            "visibility": "private",
            "stakeholders": "Austin Public Library — host\nParks department",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    adoption = r.headers["location"].split("?")[0]
    assert (
        client.post(
            f"{adoption}/steps", data={"csrf_token": csrf, "phase": "understand", "title": "Visit the shelters"}
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{adoption}/follow-ups", data={"csrf_token": csrf, "result": "Three rooms open", "date": "2026-08"}
        ).status_code
        == 200
    )
    page = client.get(adoption).text
    assert "Austin Public Library (host)" in page and "Visit the shelters" in page and "Three rooms open" in page
    bad = client.post(
        "/adoptions/new",
        data={
            "csrf_token": csrf,
            "practice_id": practice.rsplit("/", 1)[1],
            "adopter_name": "Nowhere at all, ZZ",
            "status": "adopted",
            "visibility": "private",
        },
    )
    assert bad.status_code == 422 and "alert-error" in bad.text

    r = client.post(
        "/requests-for-help/new",
        data={
            "csrf_token": csrf,
            "asker_name": "Los Angeles, US",
            "title": "Heat shelters",
            "text": "Cool rooms",
            "policy_area": "climate_adaptation",
            "needed_by": "2027",
            "visibility": "partners",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    request = r.headers["location"].split("?")[0]
    page = client.get(request).text
    assert "Heat shelters" in page and "Peers to ask" in page
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version
    closing = {"csrf_token": csrf, "status": "closed", "version": version.group(1)}
    asked = client.post(f"{request}/status", data=closing)  # no JavaScript: the server asks first
    assert asked.status_code == 200 and "Please confirm" in asked.text and "No one can answer it" in asked.text
    assert 'tag-ended">closed' not in client.get(request).text  # nothing changed yet
    assert 'name="confirmed" value="yes"' in asked.text and f'value="{version.group(1)}"' in asked.text
    r = client.post(f"{request}/status", data={**closing, "confirmed": "yes"})  # the page's "Yes" button
    assert r.status_code == 200 and 'tag-ended">closed' in r.text
    assert client.post("/practices/new", data={"title": "x", "visibility": "private"}).status_code == 403  # no CSRF


def test_the_library_and_who_has_solved_this_for_anyone(client: TestClient, services: Services) -> None:
    reg: SmallRegistry = build_small_registry(services)
    assert reg is not None
    page = client.get("/practices")
    assert page.status_code == 200 and "No practice matches" in page.text
    assert client.get("/practices/who-has-solved?q=heat&actor=Los+Angeles%2C+US").status_code == 200
    assert client.get("/practices/queue").status_code == 401
    for path in ("/practices", "/practices.csv", "/practices.geojson"):  # the search checks, for every form of it
        refused = client.get(f"{path}?area=astrology")
        assert refused.status_code == 422 and "unknown policy area" in refused.text, path
        assert "astrology" in refused.text, path
        assert client.get(f"{path}?country=XX").status_code == 422, path


def test_a_draft_saved_without_a_curator_names_one_when_it_is_submitted(
    signed_in: TestClient, services: Services
) -> None:
    """QA saved a practice with "choose later" and could never submit it from the pages."""
    client = signed_in
    office = make_tenant(services, "us-office", kind="national_office")
    csrf = _csrf(client, "/practices/new")
    made = client.post("/practices/new", data={
        "csrf_token": csrf, "title": "Cool roofs", "summary": "White roofs", "area": ["climate_adaptation"],
        "originator_name": "Los Angeles, US", "evidence_level": "monitored", "visibility": "public"},
        follow_redirects=False)
    practice = made.headers["location"].split("?")[0]
    page = client.get(practice).text
    assert 'name="curator"' in page and 'for="curator"' in page
    without = client.post(f"{practice}/curation", data={"csrf_token": csrf, "version": "1", "step": "submit"})
    assert without.status_code == 422 and "curates the library" in without.text
    done = client.post(f"{practice}/curation", data={"csrf_token": csrf, "version": "1", "step": "submit",
                                                     "curator": str(office)}, follow_redirects=False)
    assert done.status_code == 303, done.text[:500]
    after = client.get(practice).text
    assert "Submitted" in after and 'name="curator"' not in after
