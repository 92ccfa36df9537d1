"""Values out of range typed into the pages, in-process on SQLite and PostgreSQL: an amount of money that is
not a number ('nan', 'inf') or too large to store, a questionnaire range without end, a day so early that
the portfolio's window would start before the calendar does — each is refused with a message naming the
field (422), never a server error; a date at the calendar's end, once saved, still exports."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from icalendar import Calendar

from proxenia.domain.engagements import EngagementDraft, EngagementKind
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.engagements import EngagementRepository
from proxenia.store.tables.federation import campaign_questions
from tests.federation_world import FED, build_federation
from tests.government import build_government

PASSWORD = "a long test password"
NOT_MONEY = ["nan", "snan", "inf"]
TOO_LARGE = ["1e300", "1e20", "99999999999999999999"]


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def _sign_in(client: TestClient, services: Services, username: str, tenant: str, role: Role) -> TestClient:
    services.accounts.create_user(Viewer.system("tests"), username=username, password=PASSWORD, tenant=tenant,
                                  role=role)
    client.get("/login")
    done = client.post("/login", data={"username": username, "password": PASSWORD,
                                       "csrf_token": client.cookies.get("proxenia_csrf")}, follow_redirects=False)
    assert done.status_code == 303
    return client


def _expected(cost: str) -> str:
    if cost in NOT_MONEY:
        return f"'{cost}' is not an amount of money"
    return f"'{cost}' is too large: an amount of money must be below 1,000,000,000,000,000"


# -- money -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cost", NOT_MONEY + TOO_LARGE)
def test_the_engagement_form_refuses_an_amount_that_cannot_be_money(
    client: TestClient, services: Services, cost: str
) -> None:
    build_government(services)
    _sign_in(client, services, "clerk", "la-city", Role.EDITOR)
    form = client.get("/engagements/new")
    department = re.search(r'name="department_id".*?<option value="([0-9a-f-]{36})"', form.text, re.S)
    data = {"csrf_token": _csrf(form.text), "department_id": department.group(1),  # type: ignore[union-attr]
            "kind": "meeting", "title": "Harbour pilots' exchange", "start_date": "2026-03-02",
            "visibility": "private", "cost": cost, "currency": "USD"}
    refused = client.post("/engagements/new", data=data)
    assert refused.status_code == 422, refused.text[:300]
    text = _text(refused.text)
    assert _expected(cost) in text and "cost" in text
    assert "Harbour pilots" not in _text(client.get("/engagements").text)  # nothing was written


@pytest.mark.parametrize("cost", ["nan", "inf", "1e20"])
def test_the_import_refuses_an_amount_that_cannot_be_money(client: TestClient, services: Services,
                                                           cost: str) -> None:
    build_government(services)
    _sign_in(client, services, "clerk", "la-city", Role.EDITOR)
    sheet = (f"kind,title,start_date,department,cost,currency\n"
             f"meeting,Port call,2026-03-02,intl,{cost},USD\n").encode()
    token = _csrf(client.get("/engagements/import").text)
    for dry_run in ({"dry_run": "true"}, {}):  # the check, then the import itself
        refused = client.post("/engagements/import", data={"csrf_token": token, **dry_run},
                              files={"file": ("log.csv", sheet, "text/csv")})
        assert refused.status_code == 422, refused.text[:500]
        listed = _text(refused.text)
        assert _expected(cost) in listed and "row 2" in listed and "column 'cost'" in listed, listed[:3000]
    assert "Port call" not in _text(client.get("/engagements").text)


@pytest.mark.parametrize("cost", ["nan", "1e300", "99999999999999999999"])
def test_the_intake_form_refuses_an_amount_that_cannot_be_money(client: TestClient, services: Services,
                                                                cost: str) -> None:
    build_government(services)
    _sign_in(client, services, "clerk", "la-city", Role.EDITOR)
    form = client.get("/proposals/new")
    refused = client.post("/proposals/new", data={
        "csrf_token": _csrf(form.text), "kind": "delegation_visit", "requester_name": "Port of Busan",
        "purpose": "A study visit", "received_on": "2026-03-02", "cost_to_us": cost, "currency": "USD",
        "visibility": "private"})
    assert refused.status_code == 422, refused.text[:300]
    assert _expected(cost) in _text(refused.text)


# -- questionnaire ranges ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("low", "high"), [("-inf", "inf"), ("nan", "nan"), ("0", "inf")])
def test_the_campaign_designer_refuses_a_range_without_end(
    client: TestClient, services: Services, low: str, high: str
) -> None:
    build_federation(services)
    office = _sign_in(client, services, "analyst", "us-office", Role.ADMIN)
    form = office.get(f"/federations/{FED}/campaigns/new")
    refused = office.post(f"/federations/{FED}/campaigns/new", data={
        "csrf_token": _csrf(form.text), "title": "Staff survey", "visibility": "federation",
        "q0_label": "Staff", "q0_key": "staff", "q0_kind": "number", "q0_min": low, "q0_max": high},
        follow_redirects=False)
    assert refused.status_code == 422, refused.text[:300]
    text = _text(refused.text)
    assert "questions[1]" in text and "question 'staff'" in text and "must be a finite number" in text
    assert "Staff survey" not in _text(office.get(f"/federations/{FED}").text)


def test_a_campaign_stored_with_an_infinite_range_still_shows(client: TestClient, services: Services) -> None:
    build_federation(services)
    office = _sign_in(client, services, "analyst", "us-office", Role.ADMIN)
    form = office.get(f"/federations/{FED}/campaigns/new")
    created = office.post(f"/federations/{FED}/campaigns/new", data={
        "csrf_token": _csrf(form.text), "title": "Staff survey", "visibility": "federation",
        "q0_label": "Staff", "q0_key": "staff", "q0_kind": "number", "q0_min": "0", "q0_max": "10"},
        follow_redirects=False)
    assert created.status_code == 303, created.text[:500]
    with services.db.begin() as conn:  # as a database written before the designer refused it may hold
        conn.execute(sa.update(campaign_questions).values(min_value=float("-inf"), max_value=float("inf")))
    page = office.get(created.headers["location"].split("?")[0])
    assert page.status_code == 200
    assert "from -inf to inf" in _text(page.text)


# -- dates at the ends of the calendar --------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/dashboard", "/dashboard/follow-ups.csv", "/portfolio"])
def test_a_day_too_early_for_the_window_is_refused(client: TestClient, services: Services, url: str) -> None:
    build_government(services)
    _sign_in(client, services, "officer", "la-city", Role.VIEWER)
    refused = client.get(f"{url}?as_of=0001-01-01")
    assert refused.status_code == 422, refused.text[:300]
    text = _text(refused.text)
    assert "as_of" in text and "0001-01-01 is too early" in text, text[:2000]
    assert client.get(f"{url}?as_of=9999-12-31").status_code == 200


def test_the_portfolio_api_refuses_a_day_too_early_for_the_window(client: TestClient, services: Services) -> None:
    build_government(services)
    _sign_in(client, services, "officer", "la-city", Role.VIEWER)
    for path in ("/api/v1/portfolio/findings", "/api/v1/portfolio/heat-map"):
        refused = client.get(f"{path}?as_of=0001-01-01")
        assert refused.status_code == 422, (path, refused.text[:300])
        assert "as_of" in refused.text and "too early" in refused.text


def test_an_engagement_on_the_last_day_of_the_calendar_still_exports(client: TestClient,
                                                                     services: Services) -> None:
    """The log refuses such a day now (years 1900-2200); one logged before that still exports."""
    gov = build_government(services)
    gov.log("Port call", dt.date(2026, 3, 2))
    far = EngagementDraft(kind=EngagementKind.MEETING, title="Far future summit", start_date=dt.date.max,
                          department_id=gov.departments["intl"])
    with services.db.begin() as conn:  # as stored before the rule: past the service's check
        EngagementRepository(conn).create(gov.editor, far, tenant_id=gov.tenant, recorded_by="la-city-editor")
    _sign_in(client, services, "officer", "la-city", Role.VIEWER)
    feed = client.get("/engagements.ics")
    assert feed.status_code == 200, feed.text[:300]
    events = {str(e["summary"]): e for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert events["Far future summit"].decoded("dtstart") == dt.date.max
    assert events["Far future summit"].decoded("duration") == dt.timedelta(days=1)
    assert events["Port call"].decoded("dtend") == dt.date(2026, 3, 3)


def test_the_campaign_designer_refuses_more_questions_than_a_campaign_holds(
    client: TestClient, services: Services
) -> None:
    """It used to keep the first 200 rows and say nothing of the rest."""
    build_federation(services)
    office = _sign_in(client, services, "analyst", "us-office", Role.ADMIN)
    form = office.get(f"/federations/{FED}/campaigns/new")
    rows = {f"q{i}_{k}": v for i in range(300) for k, v in (("label", f"Question {i}"), ("kind", "text"))}
    refused = office.post(f"/federations/{FED}/campaigns/new", data={
        "csrf_token": _csrf(form.text), "title": "Long survey", "visibility": "federation", **rows},
        follow_redirects=False)
    assert refused.status_code == 422, refused.text[:300]
    assert "at most 200 questions" in _text(refused.text)
    assert "Long survey" not in _text(office.get(f"/federations/{FED}").text)
