"""A reporting campaign end to end in a real browser, on the demo: the national office designs a campaign
from a template and sends it to two real US cities of the registry (Austin, Irvine); both answer and
submit; the office sees completion and the aggregate, and its dashboard shows the channels with the
country it flags — without a record Los Angeles kept private."""

from __future__ import annotations

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "Browser survey of international work"


def _sign_in(journey: Journey, username: str) -> None:
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]


def _sign_out(journey: Journey) -> None:
    journey.page.get_by_role("button", name="Sign out").click()  # type: ignore[attr-defined]
    journey.page.wait_for_selector("text=You are signed out")  # type: ignore[attr-defined]


def _answer(journey: Journey, username: str, staff: str, focus: str) -> None:
    page = journey.page
    _sign_in(journey, username)
    journey.goto("/inbox")
    page.get_by_role("button", name=f"Answer {TITLE}").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Your answer')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_label("Staff working on international affairs (full-time equivalents) (required)").fill(staff)  # type: ignore[attr-defined]
    page.get_by_label(focus).check()  # type: ignore[attr-defined]
    page.get_by_label("Date of your last outbound delegation").fill("2025-10-01")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save the draft").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Saved.")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Submit to the office").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tag-active:has-text('Submitted')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    _sign_out(journey)


def test_a_campaign_from_design_to_aggregate_and_the_dashboard(journey: Journey) -> None:
    page = journey.page
    _sign_in(journey, "office-analyst")
    journey.goto("/federations")
    page.get_by_role("link", name="US cities and the national office (demo)").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('US cities and the national office')")  # type: ignore[attr-defined]
    assert page.get_by_role("cell", name="Irvine").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_role("link", name="Reporting campaigns").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Start from the engagement template").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Design a reporting campaign')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_label("Title").fill(TITLE)  # type: ignore[attr-defined]
    page.get_by_label("Deadline").fill("2099-06-30")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save the campaign").click()  # type: ignore[attr-defined]
    page.wait_for_selector(f"h1:has-text('{TITLE}')")  # type: ignore[attr-defined]
    page.get_by_label("City of Austin (demo tenant) (Austin)").check()  # type: ignore[attr-defined]
    page.get_by_label("City of Irvine (demo tenant) (Irvine)").check()  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_role("button", name="Send the campaign").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Completion: 0 of 2 submitted")  # type: ignore[attr-defined]
    campaign_url = page.url.split("?")[0]  # type: ignore[attr-defined]
    _sign_out(journey)

    _answer(journey, "austin-editor", "4", "Trade and investment")
    _answer(journey, "irvine-editor", "2", "Climate and sustainability")

    _sign_in(journey, "office-analyst")
    journey.goto(campaign_url.removeprefix(journey.base))
    page.wait_for_selector("text=Completion: 2 of 2 submitted")  # type: ignore[attr-defined]
    page.get_by_role("link", name="The aggregate").click()  # type: ignore[attr-defined]
    page.wait_for_selector("figure svg")  # type: ignore[attr-defined]
    staff = page.locator("section").filter(  # type: ignore[attr-defined]
        has=page.get_by_role("heading", name="Staff working on international affairs"))  # type: ignore[attr-defined]
    assert "Total: 6" in staff.inner_text()
    journey.check_accessibility()
    journey.goto("/federations/us-cities/dashboard")
    channels = page.get_by_role("region", name="Channels by country")  # type: ignore[attr-defined]
    strained = channels.locator("tr").filter(has_text="China").first
    assert "strained" in strained.inner_text()
    assert "Internal preparation of the Guangzhou visit" not in page.content()  # type: ignore[attr-defined]
    page.wait_for_selector(".graph canvas", timeout=10_000)  # type: ignore[attr-defined]  # the network graph
    journey.check_accessibility()
    channels.get_by_role("link", name="China").click()
    page.wait_for_selector("text=flags national relations with China as strained")  # type: ignore[attr-defined]
    assert page.get_by_role("cell", name="Guangzhou").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors
