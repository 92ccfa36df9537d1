"""The office dashboard's pages in-process on SQLite and PostgreSQL: a signed-in officer of Los Angeles reads
its ties by status (each count linking to the list), dormant ties, open follow-ups overdue first, requests
awaiting an answer and recommended practices; CSV downloads of every list; a fixed query budget."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.engagements import FollowUp
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import Role, Visibility
from proxenia.domain.practices import EvidenceLevel, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.office_tables import SECTIONS
from tests.factories import GUANGZHOU, LOS_ANGELES, SEOUL, make_tenant, viewer_for
from tests.federation_world import FED, build_federation
from tests.government import Government, build_government

PASSWORD = "a long test password"


@pytest.fixture
def gov(services: Services) -> Government:
    gov = build_government(services)
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    services.practices.create(Viewer.system("tests"), PracticeDraft(
        title="Drive-through COVID-19 testing sites", summary="Seoul's drive-through testing model",
        policy_areas=("public_health",), originator_id=gov.reg.city(SEOUL), evidence_level=EvidenceLevel.ANECDOTAL,
        visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED))
    today = dt.date.today()
    gov.log("Guangzhou trade call", today - dt.timedelta(days=30), actors=(gov.reg.city(GUANGZHOU),),
            follow_ups=(FollowUp("Send the corridor study", "Economic Development", today - dt.timedelta(days=3)),
                        FollowUp("Plan the return visit", None, today + dt.timedelta(days=30))))
    services.help_requests.ask(gov.editor, HelpRequestDraft(
        asker_id=gov.reg.city(LOS_ANGELES), title="Mass COVID-19 testing", text="We need to test many people fast.",
        policy_area="public_health", visibility=Visibility.PUBLIC))
    seoul = viewer_for(services, make_tenant(services, "seoul"), Role.EDITOR, "seoul-editor")
    for title, vis in (("Heat waves in dense districts", Visibility.PUBLIC),
                       ("Seoul's internal budget question", Visibility.PRIVATE)):
        services.help_requests.ask(seoul, HelpRequestDraft(asker_id=gov.reg.city(SEOUL), title=title,
                                                           text="Who has done this?", visibility=vis))
    return gov


def _sign_in(client: TestClient, services: Services, tenant: str = "la-city") -> TestClient:
    services.accounts.create_user(Viewer.system("tests"), username="officer", password=PASSWORD, tenant=tenant,
                                  role=Role.VIEWER)
    client.get("/login")
    done = client.post("/login", data={"username": "officer", "password": PASSWORD,
                                       "csrf_token": client.cookies.get("proxenia_csrf")}, follow_redirects=False)
    assert done.status_code == 303
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_officer_reads_the_dashboard(client: TestClient, services: Services, gov: Government) -> None:
    assert client.get("/dashboard").status_code == 401
    _sign_in(client, services)
    home = client.get("/")
    assert 'href="/dashboard"' in home.text
    with services.db.count_queries() as counter:
        page = client.get("/dashboard")
    assert page.status_code == 200, page.text[:500]
    assert counter.count <= 70, counter.statements  # session ~8, diagnostics ~25, panels ~12, one recommendation ~20
    text = _text(page.text)
    assert "Dashboard: La-City" in text and 'aria-current="page">Dashboard' in page.text
    assert 'href="/dashboard/ties?status=active"' in page.text and 'href="/dashboard/ties?status=dormant"' in page.text
    # Busan and Athens: no engagement logged with them; Guangzhou met a month ago
    assert "Sister city of Busan never engaged" in text and "Sister city of Athens" in text
    assert "Sister city of Guangzhou" not in text
    assert text.index("Send the corridor study") < text.index("Plan the return visit")
    assert "overdue" in text and "1 overdue" in text
    assert "Mass COVID-19 testing" in text and "Heat waves in dense districts" in text
    assert "internal budget question" not in text  # Seoul's private request
    assert "Drive-through COVID-19 testing sites" in text
    for section in SECTIONS:
        assert f'href="/dashboard/{section}.csv"' in page.text, section
        download = client.get(f"/dashboard/{section}.csv")
        assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv"), section
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/follow-ups.csv").content.decode("utf-8-sig"))))
    assert rows[1][1:3] == ["yes", "Send the corridor study"] and len(rows) == 3
    assert client.get("/dashboard/nothing.csv").status_code == 404


def test_each_tie_count_links_to_its_list(client: TestClient, services: Services, gov: Government) -> None:
    _sign_in(client, services)
    active = client.get("/dashboard/ties?status=active")
    assert active.status_code == 200
    text = _text(active.text)
    assert "Active ties of Los Angeles" in text and "3 ties" in text and "Busan" in text
    assert "No dormant tie" in _text(client.get("/dashboard/ties?status=dormant").text)
    rows = list(csv.reader(io.StringIO(client.get("/dashboard/ties.csv?status=active").content.decode("utf-8-sig"))))
    assert {r[1] for r in rows[1:]} == {"Busan", "Athens", "Guangzhou"}
    assert client.get("/dashboard/ties?status=bogus").status_code == 422


def test_a_government_without_its_place_sees_clear_empty_states(client: TestClient, services: Services) -> None:
    build_government(services, slug="irvine")
    _sign_in(client, services, tenant="irvine")
    text = _text(client.get("/dashboard").text)
    assert "own place is not set" in text and "No open follow-up" in text
    assert "Dormant ties are looked for once your government's own place is set" in text
    assert "You are not waiting for an answer" in text and "No open challenge" in text
    assert client.get("/dashboard/ties").status_code == 200


def test_a_national_office_is_pointed_to_its_federation_dashboard(client: TestClient, services: Services) -> None:
    build_federation(services)
    _sign_in(client, services, tenant="us-office")
    page = client.get("/dashboard")
    assert page.status_code == 200, page.text[:300]
    assert f'href="/federations/{FED}/dashboard"' in page.text
