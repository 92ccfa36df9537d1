"""The engagement, intake, goals, briefing and portfolio API in-process, on both engines: ETag/If-Match,
problem+json naming the field, multipart imports, findings with their records, scenarios side by side."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.goals import sdg_id
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import BUSAN, GUANGZHOU, LOS_ANGELES
from tests.government import Government, build_government

PASSWORD = "a long test password"


def token(services: Services, username: str, role: Role) -> dict[str, str]:
    services.accounts.create_user(Viewer.system(), username=username, password=PASSWORD, tenant="la-city", role=role)
    viewer = services.accounts.sign_in(username, PASSWORD).viewer
    secret = services.accounts.create_token(viewer, "tests", ["read", "write"] if role.can_edit else ["read"]).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def gov(services: Services) -> Government:
    services.goals.load_sdgs()
    return build_government(services)


@pytest.fixture
def editor(services: Services, gov: Government) -> dict[str, str]:
    return token(services, "api-editor", Role.EDITOR)


def body(gov: Government, **kw: object) -> dict[str, object]:
    return {"kind": "trade_mission", "title": "Port of Busan mission", "start_date": "2026-03-02",
            "department_id": str(gov.departments["econ"]),
            "participants": [{"actor_id": str(gov.reg.city(BUSAN))}],
            "goals": [{"goal_id": str(sdg_id("9.1")), "weight": 0.5}], "cost": {"amount": "1200.50", "currency": "USD"},
            "follow_ups": [{"action": "Send the study", "due_date": "2026-04-01"}], **kw}


def test_engagements_are_logged_read_replaced_and_deleted(client: TestClient, gov: Government,
                                                          editor: dict[str, str]) -> None:
    created = client.post("/api/v1/engagements", json=body(gov), headers=editor)
    assert created.status_code == 201 and created.headers["etag"] == 'W/"1"'
    location = created.headers["location"]
    read = client.get(location, headers=editor).json()
    assert read["participants"][0]["name"] == "Busan" and read["cost"] == {"amount": "1200.50", "currency": "USD"}
    assert read["goals"][0]["label"].startswith("9.1 ") and read["tlp"] == "TLP:AMBER+STRICT"
    assert client.get(location).status_code == 404  # private: not for anonymous readers
    assert client.put(location, json=body(gov, title="Changed"), headers=editor).status_code == 428
    replaced = client.put(location, json=body(gov, title="Changed"), headers={**editor, "If-Match": 'W/"1"'})
    assert replaced.status_code == 200 and replaced.headers["etag"] == 'W/"2"'
    stale = client.put(location, json=body(gov), headers={**editor, "If-Match": 'W/"1"'})
    assert stale.status_code == 409 and stale.headers["content-type"] == "application/problem+json"
    follow_up = client.get(location, headers=editor).json()["follow_ups"][0]["id"]
    done = client.patch(f"{location}/follow-ups/{follow_up}", json={"status": "done"}, headers=editor)
    assert done.status_code == 204
    listed = client.get("/api/v1/engagements", params={"q": "changed", "mine": True}, headers=editor).json()
    assert listed["total"] == 1 and listed["items"][0]["open_follow_ups"] == 0
    assert client.delete(location, headers={**editor, "If-Match": 'W/"2"'}).status_code == 204  # follow-ups keep it


def test_problems_name_their_fields(client: TestClient, gov: Government, editor: dict[str, str]) -> None:
    r = client.post("/api/v1/engagements", json=body(gov, end_date="2026-01-01", links=["ftp://x"]), headers=editor)
    assert r.status_code == 422 and {e["column"] for e in r.json()["errors"]} == {"end_date", "links"}
    r = client.post("/api/v1/engagements", json=body(gov, participants=[{}]), headers=editor)
    assert r.status_code == 422
    # a list item too long is refused, naming the list and the item, not cut short
    long = body(gov, policy_areas=["trade", "x" * 101], links=["https://example.org/" + "a" * 2000])
    r = client.post("/api/v1/engagements", json=long, headers=editor)
    assert r.status_code == 422 and "String should have at most 100 characters" in r.text
    assert {e["column"] for e in r.json()["errors"]} == {"policy_areas.1", "links.0"}
    r = client.post("/api/v1/proposals", headers=editor, json={
        "kind": "inbound_delegation", "requester_name": "Busan", "purpose": "Port visit", "topics": ["y" * 101]})
    assert r.status_code == 422 and "topics" in r.text
    viewer = token(gov.services, "api-viewer", Role.VIEWER)
    assert client.post("/api/v1/engagements", json=body(gov), headers=viewer).status_code == 403


def test_spreadsheet_imports_through_the_api(client: TestClient, gov: Government, editor: dict[str, str]) -> None:
    csv = "Subject,Type,Date,Office,With\nCall with Busan,call,2026-01-05,intl,\"Busan, KR\"\n"
    mapping = '{"title": "Subject", "kind": "Type", "start_date": "Date", "department": "Office", ' \
              '"counterparts": "With"}'
    r = client.post("/api/v1/engagement-imports", files={"file": ("log.csv", csv.encode(), "text/csv")},
                    data={"mapping": mapping}, headers=editor)
    assert r.status_code == 200 and r.json()["created"] == 1
    bad = client.post("/api/v1/engagement-imports", files={"file": ("log.csv", b"Subject\nx\n", "text/csv")},
                      data={"mapping": '{"title": "Subject"}'}, headers=editor)
    assert bad.status_code == 422 and {e["column"] for e in bad.json()["errors"]} == {"kind", "start_date"}


def test_findings_heat_map_scenarios_and_briefings(client: TestClient, services: Services, gov: Government,
                                                   editor: dict[str, str]) -> None:
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    for title, department in (("Guangzhou trade call", "econ"), ("Guangzhou climate call", "sust")):
        gov.log(title, dt.date.today() - dt.timedelta(days=20), department, actors=(gov.reg.city(GUANGZHOU),))
    findings = client.get("/api/v1/portfolio/findings", params={"kind": "silo"}, headers=editor).json()
    [silo] = findings["findings"]
    assert silo["subject"]["label"] == "Guangzhou" and len(silo["records"]) == 2
    assert findings["counts"]["dormant_tie"] == 2  # Busan and Athens: no engagement logged
    every = client.get("/api/v1/portfolio/findings", headers=editor).json()
    assert every["total"] == sum(every["counts"].values()) == len(every["findings"]) >= 3
    page = client.get("/api/v1/portfolio/findings", params={"limit": 1, "offset": 1}, headers=editor).json()
    assert (page["total"], page["limit"], page["offset"]) == (every["total"], 1, 1)
    assert page["findings"] == every["findings"][1:2]
    assert client.get("/api/v1/portfolio/findings", params={"limit": 0}, headers=editor).status_code == 422
    assert client.get("/api/v1/portfolio/heat-map", headers=editor).status_code == 200
    assert client.get("/api/v1/portfolio/findings").status_code == 401
    plan = {"currency": "USD", "goals": [{"key": "g", "label": "Trade", "weight": 1, "target": 1}],
            "activities": [{"key": "a", "name": "Mission", "department": "econ", "periods": ["2026-05"],
                            "staff_days": 5, "budget": 9000, "contributions": {"g": 1.0}}],
            "capacities": [{"department": "econ", "period": "2026-05", "staff_days": 10, "budget": 10000}]}
    base = client.post("/api/v1/scenarios", json={"name": "Plan", "plan": plan}, headers=editor)
    assert base.status_code == 201
    base_id = base.json()["id"]
    cut = client.post(f"/api/v1/scenarios/{base_id}/variants",
                      json={"name": "Cut", "adjustments": {"budget_factor": 0.8}}, headers=editor).json()["id"]
    compared = client.get("/api/v1/scenario-comparisons", params={"ids": [base_id, cut]}, headers=editor).json()
    assert [s["result"]["status"] for s in compared["scenarios"]] == ["optimal", "optimal"]
    assert compared["differing_activities"] == [{"key": "a", "name": "Mission"}]
    broken = client.post("/api/v1/scenarios", json={"name": "x", "plan": {"activities": [{"key": "a"}]}},
                         headers=editor)
    assert broken.status_code == 422
    book = client.get(f"/api/v1/briefings/actors/{gov.reg.city(GUANGZHOU)}", headers=editor).json()
    assert {e["title"] for e in book["timeline"]} == {"Guangzhou climate call", "Guangzhou trade call"}
    assert book["practices_exchanged"] == [] and book["classification"] == "TLP:AMBER+STRICT"
    country = client.get("/api/v1/briefings/countries/CN", headers=editor).json()
    assert country["subject"]["country_code"] == "CN" and country["ties"][0]["ties"][0]["with"]["name"] == "Guangzhou"


def test_requests_are_screened_and_decided(client: TestClient, services: Services, gov: Government,
                                           editor: dict[str, str]) -> None:
    admin = token(services, "api-admin", Role.ADMIN)
    rules = client.put("/api/v1/intake-rules", json=[{"kind": "lead_time", "params": {"min_days": 28}}], headers=admin)
    assert rules.status_code == 200 and rules.json()[0]["params"] == {"min_days": 28}
    assert client.put("/api/v1/intake-rules", json=[], headers=editor).status_code == 403
    many = [{"kind": "lead_time", "params": {"min_days": d}} for d in range(21)]
    assert client.put("/api/v1/intake-rules", json=many, headers=admin).status_code == 422  # refused, not cut to 20
    created = client.post("/api/v1/proposals", headers=editor, json={
        "kind": "delegation_visit", "requester_name": "Busan", "requester_actor_id": str(gov.reg.city(BUSAN)),
        "purpose": "Port tour", "received_on": "2026-03-01", "proposed_start": "2026-03-10"})
    pid = created.json()["id"]
    screening = client.post(f"/api/v1/proposals/{pid}/screening", headers=editor).json()
    assert screening["overall"] == "fail" and "9 days" in screening["verdicts"][0]["explanation"]
    decided = client.post(f"/api/v1/proposals/{pid}/decision", json={"accept": False, "reason": "Too short notice"},
                          headers={**editor, "If-Match": 'W/"2"'})
    assert decided.status_code == 200 and decided.json()["status"] == "declined"
    assert client.get(f"/api/v1/proposals/{pid}", headers=editor).json()["decision_reason"] == "Too short notice"
