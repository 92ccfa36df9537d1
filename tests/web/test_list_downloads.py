"""CSV downloads of the list pages on SQLite and PostgreSQL: the engagement log, the practice library and
the requests for help download what the page lists, with the page's filters, and only what the reader
may read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from fastapi.testclient import TestClient

from proxenia.domain.actors import ActorDraft
from proxenia.domain.help_requests import HelpRequestDraft
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.paging import MAX_LIMIT
from proxenia.domain.practices import EvidenceLevel, PracticeDraft, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.actors import ActorRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID
from tests.factories import BUSAN, LOS_ANGELES, SEOUL
from tests.government import build_government

PASSWORD = "a long test password"


def _rows(client: TestClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_lists_download_what_they_show(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    busan = gov.reg.city(BUSAN)
    gov.log("Busan port call", dt.date(2026, 3, 1), actors=(busan,), visibility=Visibility.PUBLIC)
    gov.log("Busan budget talks", dt.date(2026, 3, 2), actors=(busan,), visibility=Visibility.PRIVATE)
    gov.log("Seoul air quality call", dt.date(2026, 3, 3), actors=(gov.reg.city(SEOUL),),
            visibility=Visibility.PUBLIC)
    services.practices.create(Viewer.system("tests"), PracticeDraft(
        title="Drive-through COVID-19 testing sites", summary="Seoul's drive-through testing model",
        policy_areas=("public_health",), originator_id=gov.reg.city(SEOUL), evidence_level=EvidenceLevel.ANECDOTAL,
        visibility=Visibility.PUBLIC, status=PracticeStatus.PUBLISHED))
    for title, vis in (("Mass testing", Visibility.PUBLIC), ("Internal budget", Visibility.PRIVATE)):
        services.help_requests.ask(gov.editor, HelpRequestDraft(asker_id=gov.reg.city(LOS_ANGELES), title=title,
                                                                text="Who has done this?", visibility=vis))

    # signed out: the public records only
    rows = _rows(client, "/engagements.csv?q=busan")
    assert [r[2] for r in rows[1:]] == ["Busan port call"] and rows[1][6] == "Busan"
    assert [r[1] for r in _rows(client, "/requests-for-help.csv")[1:]] == ["Mass testing"]
    practices = _rows(client, "/practices.csv?q=testing")
    assert practices[1][1:3] == ["Drive-through COVID-19 testing sites", "Seoul"]
    assert len(_rows(client, "/practices.csv?q=testing&status=draft")) == 1  # the header: none is a draft
    assert client.get("/engagements.csv?kind=party").status_code == 422
    assert client.get("/practices.csv?status=lost").status_code == 422

    # signed in: the organisation's own engagements, the list page linking to its download with its filters
    services.accounts.create_user(Viewer.system("tests"), username="officer", password=PASSWORD, tenant="la-city",
                                  role=Role.VIEWER)
    client.get("/login")
    client.post("/login", data={"username": "officer", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    page = client.get("/engagements?q=busan")
    link = "/engagements.csv?q=busan&amp;kind=&amp;department=&amp;from=&amp;to=&amp;follow_ups=False"
    assert f'href="{link}"' in page.text
    rows = _rows(client, "/engagements.csv?q=busan&kind=&department=&from=&to=&follow_ups=False")
    assert sorted(r[2] for r in rows[1:]) == ["Busan budget talks", "Busan port call"]
    assert 'href="/practices.csv?' in client.get("/practices?q=testing").text
    mine = client.get("/requests-for-help?mine=true")
    assert 'href="/requests-for-help.csv?status=&amp;mine=true"' in mine.text
    assert sorted(r[1] for r in _rows(client, "/requests-for-help.csv?mine=true")[1:]) == ["Internal budget",
                                                                                             "Mass testing"]


def test_the_engagement_log_as_a_calendar(client: TestClient, services: Services) -> None:
    from icalendar import Calendar

    gov = build_government(services)
    busan = gov.reg.city(BUSAN)
    gov.log("Busan port call", dt.date(2026, 3, 1), actors=(busan,), visibility=Visibility.PUBLIC)
    gov.log("Busan budget talks", dt.date(2026, 3, 2), actors=(busan,), visibility=Visibility.PRIVATE)
    response = client.get("/engagements.ics?q=busan")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")  # signed out: the public one only
    assert str(event["summary"]) == "Busan port call" and "With: Busan" in str(event["description"])
    assert event.decoded("dtstart") == dt.date(2026, 3, 1) and event.decoded("dtend") == dt.date(2026, 3, 2)
    assert str(event["url"]).startswith("http://testserver/engagements/")
    services.accounts.create_user(Viewer.system("tests"), username="officer", password=PASSWORD, tenant="la-city",
                                  role=Role.VIEWER)
    client.get("/login")
    client.post("/login", data={"username": "officer", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    titles = sorted(str(e["summary"]) for e in Calendar.from_ical(client.get("/engagements.ics?q=busan").content)
                    .walk("VEVENT"))
    assert titles == ["Busan budget talks", "Busan port call"]
    assert 'href="/engagements.ics?q=busan' in client.get("/engagements?q=busan").text


def test_downloads_hold_every_row_not_one_page(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    busan = gov.reg.city(BUSAN)
    for i in range(MAX_LIMIT + 7):  # more than one page of the API
        gov.log(f"zqpage call {i:03d}", dt.date(2025, 1, 1) + dt.timedelta(days=i % 300), actors=(busan,),
                visibility=Visibility.PUBLIC)
    with services.db.count_queries() as counter:
        rows = _rows(client, "/engagements.csv?q=zqpage")
    assert len(rows) == 1 + MAX_LIMIT + 7 and len({r[0] for r in rows[1:]}) == MAX_LIMIT + 7
    assert [r[3] for r in rows[1:]] == sorted((r[3] for r in rows[1:]), reverse=True)  # the log's order
    assert {r[6] for r in rows[1:]} == {"Busan"}  # each batch names the counterpart (ids made once, see hex_ids)
    # the list's order is read once, its rows a batch at a time by id: no page skips rows by offset or counts
    # the list again (paging by offset re-read the list on every page: 30 s for 100,000 engagements)
    reads = [s for s in counter.statements if "FROM engagements" in s]
    assert len(reads) == 3 and "SELECT engagements.id \nFROM" in reads[0], reads
    assert all("engagements.id IN" in s for s in reads[1:]), reads
    assert len(counter.statements) <= 20, counter.statements  # 1 + 2 batches x 4, and the session's own
    calendar = client.get("/engagements.ics?q=zqpage").text
    assert calendar.count("BEGIN:VEVENT") == MAX_LIMIT + 7


def test_the_practice_library_as_geojson_for_its_map(client: TestClient, services: Services) -> None:
    """Each practice at its originator's place, with the library's filters and permissions; practices
    without a place are counted, not drawn; ``limit`` keeps the first ones, as the map asks."""
    gov = build_government(services)
    system = Viewer.system("tests")

    def practice(title: str, originator: object, visibility: Visibility = Visibility.PUBLIC) -> None:
        services.practices.create(system, PracticeDraft(
            title=title, summary=title, policy_areas=("public_health",), originator_id=originator,  # type: ignore[arg-type]
            visibility=visibility, status=PracticeStatus.PUBLISHED))

    practice("Drive-through testing sites", gov.reg.city(SEOUL))
    practice("Walk-through testing booths", gov.reg.city(BUSAN))
    practice("Testing hotline", None)
    practice("Internal testing budget", gov.reg.city(LOS_ANGELES), Visibility.PRIVATE)
    response = client.get("/practices.geojson?q=testing")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/geo+json")
    assert "attachment" in response.headers["content-disposition"]
    doc = json.loads(response.content)
    assert doc["type"] == "FeatureCollection" and doc["unplaced"] == 1 and "GeoNames" in doc["attribution"]
    by_name = {f["properties"]["name"]: f for f in doc["features"]}
    assert set(by_name) == {"Drive-through testing sites", "Walk-through testing booths"}  # signed out: public
    seoul = by_name["Drive-through testing sites"]
    lon, lat = seoul["geometry"]["coordinates"]
    assert 126 < lon < 128 and 37 < lat < 38  # Seoul, from GeoNames
    assert seoul["properties"]["originator"] == "Seoul" and seoul["properties"]["url"] == f"/practices/{seoul['id']}"
    assert seoul["properties"]["kind"] == "practice" and seoul["properties"]["policy_areas"] == ["public_health"]
    first = json.loads(client.get("/practices.geojson?q=testing&limit=1").content)
    assert len(first["features"]) + first["unplaced"] == 1
    assert json.loads(client.get("/practices.geojson?q=volcano").content) == {
        "type": "FeatureCollection", "features": [], "unplaced": 0, "attribution": doc["attribution"]}
    assert client.get("/practices.geojson?limit=0").status_code == 422
    page = client.get("/practices?q=testing")
    assert 'data-geojson="/practices.geojson?q=testing' in page.text and "limit=1000" in page.text


def test_the_actor_search_downloads_every_actor_it_finds(client: TestClient, services: Services) -> None:
    """Not one page: every match, streamed; private actors only to their owners; a bad filter is an error
    page naming it, not a cut download."""
    gov = build_government(services)
    system = Viewer.system("tests")
    with services.db.begin() as conn:
        ActorRepository(conn).create_many(system, [
            ActorDraft(kind=ActorKind.CITY, name=f"Zqtown {i:03d}", country_code="CH", visibility=Visibility.PUBLIC)
            for i in range(MAX_LIMIT + 7)
        ], tenant_id=REFERENCE_TENANT_ID, summary="tests")
        ActorRepository(conn).create_many(system, [
            ActorDraft(kind=ActorKind.CITY, name="Zqtown secret", country_code="CH", visibility=Visibility.PRIVATE)
        ], tenant_id=gov.tenant, summary="tests")
    rows = _rows(client, "/actors.csv?q=zqtown&country=CH&kind=city")
    assert rows[0][:3] == ["id", "name", "kind"] and len(rows) == 1 + MAX_LIMIT + 7
    assert len({r[0] for r in rows[1:]}) == MAX_LIMIT + 7 and "Zqtown secret" not in {r[1] for r in rows}
    assert len(_rows(client, "/actors.csv?q=zqtown&country=FR")) == 1  # the header alone
    for bad, named in (("/actors.csv?kind=planet", "planet"), ("/actors.csv?country=Atlantis", "Atlantis")):
        response = client.get(bad)
        assert response.status_code == 422 and named in response.text
