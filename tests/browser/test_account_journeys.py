"""A city officer signs in, records a tie with its rationale using type-ahead, and signs out: the tie
is on the profile for her, and invisible to anonymous readers."""

from __future__ import annotations

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sign_in_and_record_a_tie_with_its_rationale(journey: Journey) -> None:
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill("la-editor")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]
    assert "la-editor" in page.locator(".tenant-badge").inner_text()  # type: ignore[attr-defined]
    journey.goto("/actors?q=Los+Angeles&country=US")
    page.get_by_role("link", name="Los Angeles").first.click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Add a tie").click()  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_label("Kind of tie").select_option("mou")  # type: ignore[attr-defined]
    page.get_by_label("With").press_sequentially("Seou", delay=60)  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelectorAll('#target-options option').length > 0")  # type: ignore[attr-defined]
    page.get_by_label("With").fill("Seoul")  # type: ignore[attr-defined]
    page.get_by_label("Why was it formed?").fill("Drive-through testing exchange, 2020")  # type: ignore[attr-defined]
    page.get_by_label("Since").fill("2020-03")  # type: ignore[attr-defined]
    page.get_by_label("Sharing").select_option("private")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save the tie").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Drive-through testing exchange, 2020")  # type: ignore[attr-defined]
    assert page.get_by_text("TLP:AMBER+STRICT").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    profile_url = page.url  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign out").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=You are signed out")  # type: ignore[attr-defined]
    page.goto(profile_url)  # type: ignore[attr-defined]
    assert page.get_by_text("Drive-through testing exchange").count() == 0  # type: ignore[attr-defined]
    journey.finish()
