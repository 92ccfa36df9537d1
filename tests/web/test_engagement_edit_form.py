"""The engagement form edits what it shows and keeps what it does not: saving an engagement's form back
unchanged changes nothing (QA found it dropped counterparts past the third, people past the second, the
roles recorded for them and the goals the form does not list, and reset every goal's weight to 1)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from httpx import Response

from proxenia.domain.engagements import EngagementDraft, EngagementKind, GoalWeight, Participant
from proxenia.domain.goals import GoalDraft, GoalKind
from proxenia.domain.kinds import Role
from proxenia.domain.people import PersonDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import CITIES
from tests.government import build_government

PASSWORD = "a long test password"


class _FormFields(HTMLParser):
    """What a browser would send, untouched, for the page's form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside = action, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None


def _post(client: TestClient, url: str, fields: list[tuple[str, str]]) -> Response:
    """The fields as a browser encodes them: repeated names (the ticked goals) each sent."""
    return client.post(url, content=urlencode(fields), follow_redirects=False,
                       headers={"content-type": "application/x-www-form-urlencoded"})


def test_saving_the_form_unchanged_keeps_every_counterpart_person_role_and_goal(
    client: TestClient, services: Services
) -> None:
    gov = build_government(services)
    services.accounts.create_user(Viewer.system("tests"), username="clerk", password=PASSWORD, tenant="la-city",
                                  role=Role.EDITOR)
    own = services.goals.create(gov.editor, GoalDraft(kind=GoalKind.PRIORITY, code="P1", title="Trade"))
    services.goals.load_sdgs()
    target = services.goals.goals(Viewer.anonymous(), kinds=(GoalKind.SDG_TARGET,))[0].id  # not in the portfolio
    people = [services.edits.create_person(gov.admin, PersonDraft(name=name)) for name in
              ("Protocol officer", "Harbour pilot", "Trade attaché")]
    counterparts = [gov.reg.city(c) for c in CITIES[1:6]]
    engagement = services.engagements.log(gov.editor, EngagementDraft(
        kind=EngagementKind.MEETING, title="Port delegation", start_date=dt.date(2026, 3, 2),
        department_id=gov.departments["intl"],
        participants=(*(Participant(actor_id=a, role="host" if i == 0 else "counterpart")
                        for i, a in enumerate(counterparts)),
                      *(Participant(person_id=p, role="protocol") for p in people)),
        goals=(GoalWeight(own, 0.5), GoalWeight(target, 0.25))))
    before = services.engagements.get(gov.editor, engagement)

    client.get("/login")
    client.post("/login", data={"username": "clerk", "password": PASSWORD,
                                "csrf_token": client.cookies.get("proxenia_csrf")})
    page = client.get(f"/engagements/{engagement}/edit")
    assert page.status_code == 200
    parser = _FormFields(f"/engagements/{engagement}/edit")
    parser.feed(page.text)
    fields = parser.fields
    assert sum(1 for k, v in fields if k.startswith("counterpart_id_") and v) == 5
    saved = _post(client, f"/engagements/{engagement}/edit", fields)
    assert saved.status_code == 303, saved.text[saved.text.find("<main"):][:800]

    after = services.engagements.get(gov.editor, engagement)
    assert after.version == before.version + 1
    assert [(p.actor_id, p.person_id, p.role) for p in after.participants] == [
        (p.actor_id, p.person_id, p.role) for p in before.participants]
    assert sorted((g.goal_id, g.weight) for g in after.goals) == sorted((g.goal_id, g.weight) for g in before.goals)

    # a goal the form shows and the user unticks is taken off; the one it does not show stays
    unticked = [(k, v) for k, v in fields if not (k == "goal_ids" and v == str(own)) and k != "version"]
    again = _post(client, f"/engagements/{engagement}/edit", [*unticked, ("version", str(after.version))])
    assert again.status_code == 303, again.text[:500]
    assert [(g.goal_id, g.weight) for g in services.engagements.get(gov.editor, engagement).goals] == [(target, 0.25)]
