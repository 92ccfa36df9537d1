"""Journeys through the registry in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_search_and_follow_a_result_to_its_profile_map_and_graph(journey: Journey) -> None:
    page = journey.page
    journey.goto("/")
    page.get_by_label("Find a city, region, country or organisation").fill("Los Angeles")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Search").last.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/actors?q=Los+Angeles*")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_role("link", name="Los Angeles").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Los Angeles')")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.get_by_role("cell", name="Busan").count() >= 1  # type: ignore[attr-defined]
    page.wait_for_selector("#actor-map .leaflet-container, #actor-map.leaflet-container", timeout=10_000)  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_role("link", name="Network graph").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".graph canvas", timeout=10_000)  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_live_search_updates_without_reload_and_works_on_a_phone(journey: Journey) -> None:
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    journey.goto("/actors")
    page.get_by_label("Name").fill("sao pau")  # type: ignore[attr-defined]
    page.wait_for_selector("#results a:has-text('São Paulo')")  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 380, f"the page scrolls sideways on a phone ({width}px)"
    journey.check_accessibility()
    journey.finish()


def test_channels_between_two_countries(journey: Journey) -> None:
    page = journey.page
    journey.goto("/channels")
    page.get_by_label("First country").fill("United States")  # type: ignore[attr-defined]
    page.get_by_label("Second country").fill("China")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Show channels").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/countries/US/channels/CN")  # type: ignore[attr-defined]
    assert "channels" in page.locator("h2").first.inner_text()  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
