"""The partner-risk list in pages, on SQLite and PostgreSQL: a national office publishes entries (a whole
country, or one actor named as a person types it) and withdraws them; a government reads what is shared
with it and cannot publish; errors name the field."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import build_small_registry, make_tenant

PASSWORD = "a long test password"


def _sign_in(app: object, services: Services, username: str, tenant: str, role: Role) -> TestClient:
    services.accounts.create_user(Viewer.system("tests"), username=username, password=PASSWORD, tenant=tenant,
                                  role=role)
    browser = TestClient(app)  # type: ignore[arg-type]
    browser.get("/login")
    browser.post("/login", data={"username": username, "password": PASSWORD,
                                 "csrf_token": browser.cookies.get("proxenia_csrf")})
    return browser


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_a_national_office_publishes_and_withdraws_risk_entries(client: TestClient, services: Services) -> None:
    build_small_registry(services)
    make_tenant(services, "office", kind="national_office")
    make_tenant(services, "city")
    office = _sign_in(client.app, services, "analyst", "office", Role.EDITOR)
    city = _sign_in(client.app, services, "clerk", "city", Role.EDITOR)
    page = office.get("/risks")
    assert page.status_code == 200 and "Publish an entry" in page.text
    token = _token(page.text)
    both = office.post("/risks", data={"csrf_token": token, "reason": "r", "country": "CN", "actor": "Guangzhou, CN"})
    assert both.status_code == 422 and "either a country or an actor" in both.text
    unknown = office.post("/risks", data={"csrf_token": token, "reason": "r", "country": "Atlantis"})
    assert unknown.status_code == 422 and "Atlantis" in unknown.text
    for data in ({"country": "China", "reason": "Export-control concerns"},
                 {"actor": "Guangzhou, CN", "reason": "A named municipal partner under review"}):
        done = office.post("/risks", data={"csrf_token": token, "visibility": "public", "source_ref": "memo 12",
                                           **data}, follow_redirects=False)
        assert done.status_code == 303, done.text[:500]
    listed = city.get("/risks").text
    assert "China (whole country)" in listed and "Guangzhou" in listed and "Export-control concerns" in listed
    assert "Publish an entry" not in listed and "Withdraw" not in listed
    refused = city.post("/risks", data={"csrf_token": _token(listed), "reason": "x", "country": "CN"})
    assert refused.status_code == 403
    [entry] = [r for r in services.intake.risk_entries(Viewer.anonymous()) if r.country_code == "CN"]
    withdrawn = office.post(f"/risks/{entry.id}/withdraw", data={"csrf_token": token, "version": entry.version,
                                                                  "confirmed": "yes"}, follow_redirects=False)
    assert withdrawn.status_code == 303
    assert "China (whole country)" not in client.get("/risks").text  # anonymous: the public entries that remain
    assert "Guangzhou" in client.get("/risks").text
    # the goals page offers national foreign-policy priorities to a national office only
    assert 'value="national_priority"' in office.get("/goals").text
    assert 'value="national_priority"' not in city.get("/goals").text
