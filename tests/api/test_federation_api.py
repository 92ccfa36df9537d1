"""The federation API in-process on both engines: a campaign from design to aggregate, the dashboard's
tables, flags, missions and processes, with ETags on the changes."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import GUANGZHOU, LOS_ANGELES
from tests.federation_world import FED, build_federation, share_records


def _token(services: Services, username: str, tenant: str, role: Role) -> dict[str, str]:
    services.accounts.create_user(Viewer.system("tests"), username=username, password="a long test password",
                                  tenant=tenant, role=role)
    viewer = services.accounts.sign_in(username, "a long test password").viewer
    return {"Authorization": "Bearer " + services.accounts.create_token(viewer, "t", ["read", "write"]).secret}


def test_a_campaign_through_the_api(client: TestClient, services: Services) -> None:
    world = build_federation(services)
    share_records(world)
    office = _token(services, "office", "us-office", Role.ADMIN)
    la = _token(services, "la-user", "la", Role.EDITOR)
    assert [m["federation"]["slug"] for m in client.get("/api/v1/federations", headers=la).json()] == [FED]
    body = {
        "title": "Sister cities 2026", "topic": "sister cities",
        "questions": [
            {"key": "staff", "kind": "number", "label": "Staff", "required": True, "min_value": 0},
            {"key": "ties", "kind": "records", "label": "Your sister-city ties", "source": "ties:sister_city"},
        ],
    }
    too_long = {**body, "questions": [{"key": "mode", "kind": "choice", "label": "Mode", "choices": ["z" * 301]}]}
    refused = client.post(f"/api/v1/federations/{FED}/campaigns", json=too_long, headers=office)
    assert refused.status_code == 422 and "at most 300 characters" in refused.text  # refused, not cut short
    created = client.post(f"/api/v1/federations/{FED}/campaigns", json=body, headers=office)
    assert created.status_code == 201, created.text
    campaign = created.json()["id"]
    read = client.get(f"/api/v1/campaigns/{campaign}", headers=office)
    renamed = client.patch(f"/api/v1/campaigns/{campaign}", json={"title": "Sister cities, 2026"},
                           headers={**office, "If-Match": read.headers["ETag"]})
    assert renamed.status_code == 200, renamed.text
    late = client.post(f"/api/v1/campaigns/{campaign}/sending", json={"members": ["la"], "deadline": "2020-01-01"},
                       headers=office)
    assert late.status_code == 422 and "deadline" in late.text and "in the past" in late.text
    deadline = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    sent = client.post(f"/api/v1/campaigns/{campaign}/sending", json={"members": ["la", "irvine"],
                                                                      "deadline": deadline}, headers=office)
    assert sent.json() == {"count": 2}
    inbox = client.get("/api/v1/inbox", headers=la).json()
    assert [c["campaign"]["id"] for c in inbox["campaigns"]] == [campaign]
    started = client.post(f"/api/v1/campaigns/{campaign}/responses", headers=la)
    response_url = started.headers["Location"]
    draft = client.get(response_url, headers=la)
    assert {i["name"] for i in draft.json()["answers"]["ties"]} == {"Busan", "Athens", "Guangzhou"}
    assert client.get(response_url, headers=office).status_code == 404  # a draft stays with the member
    saved = client.patch(response_url, json={"answers": {"staff": 9, "ties": draft.json()["answers"]["ties"]}},
                         headers={**la, "If-Match": draft.headers["ETag"]})
    assert saved.status_code == 200 and saved.json()["problems"] == []
    submitted = client.post(f"{response_url}/submission", json={"visibility": "federation"},
                            headers={**la, "If-Match": saved.headers["ETag"]})
    assert submitted.status_code == 200, submitted.text
    tracking = client.get(f"/api/v1/campaigns/{campaign}/tracking", headers=office).json()
    assert tracking["submitted"] == 1 and tracking["completion"] == 0.5
    assert client.get(f"/api/v1/campaigns/{campaign}/tracking", headers=la).status_code == 403
    reminded = client.post(f"/api/v1/campaigns/{campaign}/reminders", json={"note": "soon"}, headers=office)
    assert reminded.json() == {"count": 1}
    aggregate = client.get(f"/api/v1/campaigns/{campaign}/aggregate", headers=office).json()
    assert aggregate["responses"] == 1 and aggregate["summaries"][0]["figures"][0] == ["Total", "9"]
    assert len(client.get(f"/api/v1/campaigns/{campaign}/responses", headers=office).json()) == 1
    # the dashboard as tables, the channels with one country, flags
    flag = client.post(f"/api/v1/federations/{FED}/flags", json={"country": "CN", "note": "demo"}, headers=office)
    assert flag.status_code == 201
    board = client.get(f"/api/v1/federations/{FED}/dashboard", headers=office).json()
    assert board["members"] == 3 and set(board["sections"]) >= {"countries", "channels", "hubs"}
    cn = next(r for r in board["sections"]["channels"]["rows"] if r[0] == "CN")
    assert cn[7] == "yes"
    assert client.get(f"/api/v1/federations/{FED}/dashboard", headers=la).status_code == 403
    assert client.get(f"/api/v1/federations/{FED}/channels/CN", headers=office).json()["rows"]
    assert client.delete(f"/api/v1/federations/{FED}/flags/{flag.json()['id']}", headers=office).status_code == 204


def test_missions_and_processes_through_the_api(client: TestClient, services: Services) -> None:
    world = build_federation(services)
    office = _token(services, "office", "us-office", Role.ADMIN)
    la = _token(services, "la-user", "la", Role.EDITOR)
    mission = client.post("/api/v1/missions", headers=office, json={
        "name": "Illustrative US consular post", "subtype": "consulate", "sending_country": "US",
        "host_country": "CN", "serves": [str(world.reg.city(GUANGZHOU))], "illustrative": True,
        "visibility": "federation"})
    assert mission.status_code == 201, mission.text
    seen = client.get(f"/api/v1/actors/{world.reg.city(LOS_ANGELES)}/missions", headers=la).json()
    guangzhou = next(p for p in seen["partners"] if p["partner"]["name"] == "Guangzhou")
    assert guangzhou["missions"][0]["illustrative"] is True
    process = client.post("/api/v1/processes", headers=office, json={"kind": "summit",
                                                                     "name": "Cities Summit of the Americas"})
    pid = process.json()["id"]
    assert client.post(f"/api/v1/processes/{pid}/participations", headers=la,
                       json={"role": "delegate"}).status_code == 201
    assert client.get(f"/api/v1/federations/{FED}/processes", headers=office).json()[0]["participations"]
