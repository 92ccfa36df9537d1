"""An officer logs an engagement with type-ahead in well under a minute; the international affairs lead
reads the portfolio (heat map with its table, findings with the records behind them), compares the plan
with its budget cut, and downloads a briefing book as a PDF."""

from __future__ import annotations

import time

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(journey: Journey, username: str) -> None:
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]


def test_log_an_engagement_with_type_ahead_in_under_a_minute(journey: Journey) -> None:
    page = journey.page
    _sign_in(journey, "la-editor")
    started = time.monotonic()
    journey.goto("/engagements")
    page.get_by_role("link", name="Log an engagement").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Log an engagement')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_label("What happened").select_option("call")  # type: ignore[attr-defined]
    page.get_by_label("Title").fill("Call with Busan on the port study tour")  # type: ignore[attr-defined]
    counterpart = page.get_by_label("Counterpart", exact=True)  # type: ignore[attr-defined]
    counterpart.press_sequentially("Busa", delay=60)
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelectorAll('#counterpart-options-1 option').length > 0")
    counterpart.fill("Busan")
    page.get_by_role("button", name="Log it").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Call with Busan on the port study tour')")  # type: ignore[attr-defined]
    assert time.monotonic() - started < 60
    assert page.get_by_role("link", name="Busan").count() >= 1  # type: ignore[attr-defined]
    assert page.get_by_text("TLP:AMBER+STRICT").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_the_portfolio_shows_findings_compares_scenarios_and_prints_a_briefing(journey: Journey) -> None:
    page = journey.page
    _sign_in(journey, "la-admin")
    journey.goto("/portfolio")
    heat = page.get_by_role("region", name="Heat map of departments by goals")  # type: ignore[attr-defined]
    assert heat.locator("th[scope=row]").count() >= 4  # one row per department, numbers in every cell
    for heading in ("Silos", "Overlaps", "Conflicts", "Gaps", "Dormant ties"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading  # type: ignore[attr-defined]
    assert page.get_by_text("Busan: 3 departments, no coordination").count() == 1  # type: ignore[attr-defined]
    busan = page.locator("li", has_text="Busan: 3 departments, no coordination")  # type: ignore[attr-defined]
    busan.get_by_text("The 3 records behind it").click()
    assert busan.get_by_role("link", name="Port of Busan trade mission: logistics and cold chain").count() == 1
    page.get_by_role("button", name="Compare side by side").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Scenarios side by side')")  # type: ignore[attr-defined]
    assert page.get_by_role("link", name="Budget −20 % (demo)").count() == 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.goto("/briefings")
    page.get_by_label("Country (name or ISO code)").fill("South Korea")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Open the book").last.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('South Korea')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    pdf = page.request.get(journey.base + "/briefings/countries/KR.pdf")  # type: ignore[attr-defined]
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    journey.finish()
