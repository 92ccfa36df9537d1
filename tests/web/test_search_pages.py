"""The global search in-process on SQLite and PostgreSQL: one box finds actors, practices, engagements and
people, each section with its count and a link to its full list, and only what the viewer may read."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.people import PersonDraft
from proxenia.domain.practices import EvidenceLevel, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import BUSAN
from tests.government import build_government

PASSWORD = "a long test password"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_one_box_finds_every_kind_of_record(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    busan = gov.reg.city(BUSAN)
    services.practices.create(Viewer.system("tests"), PracticeDraft(
        title="Busan green port electrification", summary="Shore power for ships at berth in Busan",
        policy_areas=("pap.environment",), originator_id=busan, evidence_level=EvidenceLevel.ANECDOTAL,
        visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED))
    gov.log("Busan port call", dt.date(2026, 3, 1), actors=(busan,), visibility=Visibility.PUBLIC)
    gov.log("Busan budget talks", dt.date(2026, 3, 2), actors=(busan,), visibility=Visibility.PRIVATE)
    services.edits.create_person(gov.admin, PersonDraft(name="Busan harbour master", visibility=Visibility.PUBLIC))

    anonymous = _text(client.get("/search?q=busan").text)
    assert "Actors (1)" in anonymous and "Practices (1)" in anonymous and "Engagements (1)" in anonymous
    assert "Busan green port electrification" in anonymous and "Busan port call" in anonymous
    assert "Busan budget talks" not in anonymous  # private to Los Angeles
    assert "Busan harbour master" in anonymous

    services.accounts.create_user(Viewer.system("tests"), username="officer", password=PASSWORD, tenant="la-city",
                                  role=Role.VIEWER)
    client.get("/login")
    client.post("/login", data={"username": "officer", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    page = client.get("/search?q=busan")
    text = _text(page.text)
    assert "Engagements (2)" in text and "Busan budget talks" in text
    for link in ("/actors?q=busan", "/practices?q=busan", "/engagements?q=busan"):
        assert f'href="{link}"' in page.text, link
        assert client.get(link).status_code == 200
    empty = _text(client.get("/search?q=zzzz").text)
    assert "No actor matches" in empty and "No published practice matches" in empty and "Engagements (0)" in empty
    assert "Type in the search box" in _text(client.get("/search").text)


def test_every_search_landmark_on_a_page_has_its_own_name(client: TestClient, services: Services) -> None:
    """Screen readers list landmarks by name: the header's search and a page's own search must differ."""
    gov = build_government(services)
    services.accounts.create_user(gov.admin, username="reader", password=PASSWORD, tenant="la-city", role=Role.VIEWER)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    client.post("/login", data={"username": "reader", "password": PASSWORD, "csrf_token": token.group(1)})
    for path in ("/", "/actors", "/practices", "/people", "/engagements", "/search?q=busan"):
        html = client.get(path).text
        forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
        names = [re.search(r'aria-label="([^"]+)"', f) for f in forms]
        assert forms and all(names), f"{path}: a search landmark without a name: {forms}"
        labels = [n.group(1) for n in names if n]
        assert len(set(labels)) == len(labels), f"{path}: two search landmarks named alike: {labels}"
