"""The federation's pages in-process on both engines: the office designs a campaign from a template and
sends it, a member answers it in a form (draft, then submission), the office sees completion, the
aggregate, the exports and its dashboard with a flagged country; nothing a member kept private shows."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.federation_world import FED, build_federation, share_records

PASSWORD = "a good long password"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def _signed_in(app: object, services: Services, username: str, tenant: str, role: Role) -> TestClient:
    services.accounts.create_user(Viewer.system(), username=username, password=PASSWORD, tenant=tenant, role=role)
    browser = TestClient(app)  # type: ignore[arg-type]
    page = browser.get("/login")
    done = browser.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                        "csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert done.status_code == 303
    return browser


def test_a_campaign_and_the_dashboard_in_pages(client: TestClient, services: Services) -> None:
    world = build_federation(services)
    share_records(world)
    office = _signed_in(client.app, services, "officer", "us-office", Role.ADMIN)
    la = _signed_in(client.app, services, "la-officer", "la", Role.EDITOR)
    assert "US cities and the national office" in office.get("/federations").text
    assert "Irvine" in office.get(f"/federations/{FED}").text
    form = office.get(f"/federations/{FED}/campaigns/new?template=engagement")
    assert form.status_code == 200 and "Your sister-city ties" in form.text
    fields = dict(re.findall(r'name="(q\d+_(?:label|key|min|max|choices|help))"[^>]*? value="([^"]*)"', form.text))
    kinds = dict(re.findall(r'<select id="(q\d+_kind)" name="q\d+_kind">.*?<option value="(\w+)" selected', form.text))
    sources = dict(re.findall(r'<select id="(q\d+_source)" name="q\d+_source">.*?<option value="([\w:]+)" selected',
                              form.text))
    data = {**fields, **kinds, **sources, "q0_required": "on", "q1_required": "on", "title": "Survey 2026",
            "deadline": "2099-01-01", "visibility": "federation", "csrf_token": _csrf(form.text)}
    data["q1_choices"] = data["q1_choices"].replace("&amp;", "&")
    created = office.post(f"/federations/{FED}/campaigns/new", data=data, follow_redirects=False)
    assert created.status_code == 303, created.text[:2000]
    campaign_url = created.headers["location"].split("?")[0]
    page = office.get(campaign_url)
    sent = office.post(f"{campaign_url}/send", data={"members": ["la", "irvine"], "deadline": "2099-01-01",
                                                     "csrf_token": _csrf(page.text)}, follow_redirects=False)
    assert sent.status_code == 303, re.sub(r"\s+", " ", sent.text)[-3000:]
    inbox = la.get("/inbox")
    assert "Survey 2026" in inbox.text
    started = la.post(f"{campaign_url}/answer", data={"csrf_token": _csrf(inbox.text)}, follow_redirects=False)
    answer_url = started.headers["location"]
    answer = la.get(answer_url)
    assert "Busan" in answer.text and "Guangzhou" in answer.text
    items = re.search(r"name=\"a_sister_cities_items\" value='([^']*)'", answer.text)
    assert items is not None
    version = re.search(r'name="version" value="(\d+)"', answer.text).group(1)  # type: ignore[union-attr]
    saved = la.post(answer_url, data={
        "csrf_token": _csrf(answer.text), "version": version, "action": "submit", "visibility": "federation",
        "a_staff": "6", "a_focus": "Climate and sustainability", "a_last_delegation": "2025-09-12",
        "a_sister_cities_items": items.group(1).replace("&#34;", '"'), "a_sister_cities_keep": ["0", "1", "2"],
        "a_sister_cities_new": "Seoul, KR, 2024", "a_sister_city_count": "4", "a_comments": "Thanks",
    }, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    assert "Submitted" in la.get(answer_url).text
    tracking = office.get(campaign_url).text
    assert "1 of 2 submitted" in tracking
    aggregate = office.get(f"{campaign_url}/aggregate").text
    assert "Climate and sustainability" in aggregate and "<svg" in aggregate
    exported = office.get(f"{campaign_url}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[1][0] == "La" and "Seoul (KR) since 2024 [new]" in rows[1][rows[0].index("sister_cities")]
    package = zipfile.ZipFile(io.BytesIO(office.get(f"{campaign_url}/datapackage.zip").content))
    assert set(package.namelist()) == {"datapackage.json", "questions.csv", "responses.csv", "records.csv"}
    # the dashboard, with a flagged country first among the channels; no private marker anywhere
    board = office.get(f"/federations/{FED}/dashboard")
    flagged = office.post(f"/federations/{FED}/flags", data={"country": "China", "note": "demo setting",
                                                             "csrf_token": _csrf(board.text)}, follow_redirects=False)
    assert flagged.status_code == 303
    board = office.get(f"/federations/{FED}/dashboard").text
    assert "strained" in board and "Table view" in board
    channels = office.get(f"/federations/{FED}/channels/CN").text
    assert "Guangzhou" in channels and "Chengdu" in channels
    for private in [m for m, vis in world.markers.items() if vis.value in ("private", "partners")]:
        assert private not in board and private not in channels
    assert office.get(f"/federations/{FED}/dashboard/channels.csv").status_code == 200
    dashboard_zip = zipfile.ZipFile(io.BytesIO(office.get(f"/federations/{FED}/dashboard/datapackage.zip").content))
    assert "datapackage.json" in dashboard_zip.namelist() and "hubs.csv" in dashboard_zip.namelist()
    assert la.get(f"/federations/{FED}/dashboard").status_code == 403
    made = la.post(f"{answer_url}/records", data={"csrf_token": _csrf(la.get(answer_url).text)},
                   follow_redirects=False)
    assert made.status_code == 303 and "created=1" in made.headers["location"]


def test_missions_routings_and_processes_in_pages(client: TestClient, services: Services) -> None:
    world = build_federation(services)
    share_records(world)
    office = _signed_in(client.app, services, "officer", "us-office", Role.ADMIN)
    la = _signed_in(client.app, services, "la-officer", "la", Role.EDITOR)
    page = office.get("/missions")
    done = office.post("/missions", data={
        "csrf_token": _csrf(page.text), "name": "Illustrative US consular post serving Guangzhou",
        "subtype": "consulate", "sending_country": "US", "host_country": "CN", "serves_name": "Guangzhou, CN",
        "illustrative": "on", "visibility": "federation"}, follow_redirects=False)
    assert done.status_code == 303
    assert "illustrative" in office.get("/missions").text
    la_actor = world.reg.city(5368361)
    assert "Illustrative US consular post" in la.get(f"/actors/{la_actor}/missions").text
    routings = office.get(f"/federations/{FED}/routings")
    assert "zqlafederation call with Guangzhou" in routings.text
    assert "zqlaprivate" not in routings.text
    processes = office.get("/processes")
    made = office.post("/processes", data={"csrf_token": _csrf(processes.text), "name": "Cities Summit of the Americas",
                                           "kind": "summit", "start_date": "2023"}, follow_redirects=False)
    process_url = made.headers["location"].split("?")[0]
    form = la.get(process_url)
    la.post(f"{process_url}/participations", data={"csrf_token": _csrf(form.text), "role": "delegate",
                                                   "actor_name": "Los Angeles, US"})
    assert "Los Angeles" in office.get(f"/federations/{FED}/processes").text


def test_the_federation_network_as_a_graph(client: TestClient, services: Services) -> None:
    world = build_federation(services)
    share_records(world)
    office = _signed_in(client.app, services, "officer", "us-office", Role.ADMIN)
    la = _signed_in(client.app, services, "la-officer", "la", Role.EDITOR)
    assert 'data-elements="/federations/us-cities/dashboard/network.json"' in office.get(
        f"/federations/{FED}/dashboard").text.replace(FED, "us-cities")
    graph = office.get(f"/federations/{FED}/dashboard/network.json").json()
    names = {n["label"]: n for n in graph["nodes"]}
    ids = {n["id"] for n in graph["nodes"]}
    assert names["Los Angeles"]["root"] is True  # a member: drawn with the thick border
    assert graph["edges"] and all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    for private in [m for m, vis in world.markers.items() if vis.value in ("private", "partners")]:
        assert private not in str(graph)
    assert la.get(f"/federations/{FED}/dashboard/network.json").status_code == 403  # members do not see it
