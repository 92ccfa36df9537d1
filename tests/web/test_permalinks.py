"""A permalink for every view: a list's filters, a tab or a status live in the page's address, and opening
that address again shows the same view with its form filled in as it was (no state kept elsewhere)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, SEOUL
from tests.government import build_government

PASSWORD = "a long test password"


def _selected(html: str, select_id: str) -> str | None:
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert block, select_id
    chosen = re.search(r'<option value="([^"]*)"\s*selected', block.group(1))
    return chosen.group(1) if chosen else None


def test_views_are_addressed_by_their_url(client: TestClient, services: Services) -> None:
    gov = build_government(services)
    services.portfolio.save_settings(gov.admin, home_actor_id=gov.reg.city(LOS_ANGELES))
    services.accounts.create_user(Viewer.system("tests"), username="officer", password=PASSWORD, tenant="la-city",
                                  role=Role.VIEWER)
    client.get("/login")
    client.post("/login", data={"username": "officer", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    actors = client.get("/actors?q=seo&kind=city").text
    assert 'value="seo"' in actors and _selected(actors, "kind") == "city"
    practices = client.get("/practices?q=testing&area=public_health&status=any").text
    assert 'value="testing"' in practices and _selected(practices, "area") == "public_health"
    assert _selected(practices, "status") == "any"
    engagements = client.get("/engagements?q=port&kind=call&from=2026-01-01").text
    assert 'value="port"' in engagements and _selected(engagements, "kind") == "call"
    assert 'value="2026-01-01"' in engagements
    requests = client.get("/requests-for-help?status=open&mine=true").text
    assert _selected(requests, "rstatus") == "open" and re.search(r'name="mine" value="true"\s+checked', requests)
    ties = client.get("/dashboard/ties?status=active").text
    assert re.search(r'href="/dashboard/ties\?status=active"\s+aria-current="page"', ties)
    assert 'value="seoul"' in client.get("/search?q=seoul").text  # the search box keeps the question
    chain = client.get("/paths", params={"from": str(gov.reg.city(LOS_ANGELES)), "to": str(gov.reg.city(SEOUL))})
    assert f'value="{gov.reg.city(LOS_ANGELES)}"' in chain.text and "ties apart" in chain.text
    board = client.get("/dashboard?as_of=2026-06-30").text
    assert "on 2026-06-30" in board and 'href="/dashboard/dormant-ties.csv?as_of=2026-06-30"' in board
    assert "2026-06-30" in client.get("/portfolio?as_of=2026-06-30").text
