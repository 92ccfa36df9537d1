"""A list's download stops at the ``download_max_rows`` setting and says so, in its ``Proxenia-Truncated``
header and on the list's page; a download that holds every match says nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient

from proxenia.config import Settings
from proxenia.domain.actors import ActorDraft
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.people import PersonDraft
from proxenia.domain.practices import PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.actors import ActorRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID
from tests.factories import BUSAN, LOS_ANGELES, SEOUL
from tests.government import build_government

LIMIT = 3


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment="test", secret_key="test-secret-" + "x" * 32,
                    download_max_rows=LIMIT)


def _download(client: TestClient, url: str) -> tuple[list[list[str]], str | None]:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))), response.headers.get(
        "proxenia-truncated")


def test_downloads_stop_at_the_limit_and_say_so(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    system = Viewer.system("tests")
    busan, seoul = gov.reg.city(BUSAN), gov.reg.city(SEOUL)
    for i in range(LIMIT + 1):
        gov.log(f"zqcut call {i}", dt.date(2026, 3, 1 + i), actors=(busan,), visibility=Visibility.PUBLIC)
        services.practices.create(system, PracticeDraft(
            title=f"Zqcut testing model {i}", summary="testing", policy_areas=("public_health",), originator_id=seoul,
            visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED))
        services.help_requests.ask(gov.editor, HelpRequestDraft(asker_id=gov.reg.city(LOS_ANGELES),
                                                                title=f"Zqcut request {i}", text="Who has done this?",
                                                                visibility=Visibility.PUBLIC))
        services.edits.create_person(gov.editor, PersonDraft(name=f"Zqcut Person {i}", visibility=Visibility.PUBLIC))
    with services.db.begin() as conn:
        ActorRepository(conn).create_many(system, [
            ActorDraft(kind=ActorKind.CITY, name=f"Zqcut town {i}", country_code="CH", visibility=Visibility.PUBLIC)
            for i in range(LIMIT + 1)
        ], tenant_id=REFERENCE_TENANT_ID, summary="tests")

    newest_first = [f"zqcut call {i}" for i in (3, 2, 1)]
    for url, column, first in (("/engagements.csv?q=zqcut", 2, newest_first),
                               ("/practices.csv?q=zqcut", 1, None),
                               ("/requests-for-help.csv", 1, [f"Zqcut request {i}" for i in (3, 2, 1)]),
                               ("/people.csv?q=zqcut", 1, [f"Zqcut Person {i}" for i in (0, 1, 2)]),
                               ("/actors.csv?q=zqcut%20town", 1, None)):
        rows, truncated = _download(client, url)
        assert truncated == str(LIMIT) and len(rows) == 1 + LIMIT, url
        assert first is None or [r[column] for r in rows[1:]] == first, url  # the list's first rows, in its order
    calendar = client.get("/engagements.ics?q=zqcut")
    assert calendar.text.count("BEGIN:VEVENT") == LIMIT and calendar.headers["proxenia-truncated"] == str(LIMIT)
    geojson = client.get("/practices.geojson?q=zqcut")
    assert geojson.headers["proxenia-truncated"] == str(LIMIT) and geojson.json()["unplaced"] + len(
        geojson.json()["features"]) == LIMIT
    assert client.get("/practices.geojson?q=zqcut&limit=1").headers["proxenia-truncated"] == "1"  # the map's cut

    # all the matches fit: no header
    rows, truncated = _download(client, "/engagements.csv?q=zqcut%20call%202")
    assert truncated is None and [r[2] for r in rows[1:]] == ["zqcut call 2"]
    rows, truncated = _download(client, "/requests-for-help.csv?status=closed")
    assert truncated is None and len(rows) == 1

    # the pages say how much their download holds
    for page in ("/engagements?q=zqcut", "/practices?q=zqcut", "/requests-for-help", "/people?q=zqcut",
                 "/actors?q=zqcut%20town"):
        assert f"(the first {LIMIT})" in client.get(page).text, page
    assert "(the first" not in client.get("/engagements?q=zqcut%20call%202").text
