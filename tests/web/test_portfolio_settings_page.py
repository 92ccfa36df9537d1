"""The portfolio settings page saves what it shows and keeps what it does not: an own priority's weight
survives saving the page unchanged (QA saw it dropped), and a damaged home id is named as such."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.government import build_government

PASSWORD = "a long test password"


def _page(client: TestClient) -> tuple[str, str]:
    page = client.get("/portfolio/settings")
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    weights = re.search(r'<textarea[^>]*name="weights"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert token and weights
    return token.group(1), html.unescape(weights.group(1)).strip()


def test_an_own_priority_keeps_its_weight_when_the_page_is_saved_unchanged(
    client: TestClient, services: Services
) -> None:
    gov = build_government(services)
    services.goals.load_sdgs()
    services.accounts.create_user(Viewer.system("tests"), username="boss", password=PASSWORD, tenant="la-city",
                                  role=Role.ADMIN)
    own = services.goals.create(gov.admin, GoalDraft(kind=GoalKind.PRIORITY, code="P1", title="Trade"))
    client.get("/login")
    client.post("/login", data={"username": "boss", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    token, _ = _page(client)
    saved = client.post("/portfolio/settings", data={"csrf_token": token, "weights": f"11.6: 1\n{own}: 3"},
                        follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    token, shown = _page(client)
    assert f"{own}: 3" in shown and "11.6: 1" in shown
    again = client.post("/portfolio/settings", data={"csrf_token": token, "weights": shown}, follow_redirects=False)
    assert again.status_code == 303
    assert services.portfolio.settings(gov.admin).goal_weights[own] == 3.0

    bad = client.post("/portfolio/settings", data={"csrf_token": token, "home_id": "xyz", "weights": shown})
    assert bad.status_code == 422 and "column &#39;home_id&#39;" in bad.text
