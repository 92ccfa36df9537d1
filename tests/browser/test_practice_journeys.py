"""Journeys through the practice exchange in a real browser, on the reference data (with SPID) and the
demo's source-document cases: Los Angeles asks for help and opens the recommended practice; Seoul's
drive-through testing shows its lineage as a tree with a table beside it."""

from __future__ import annotations

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_los_angeles_asks_for_help_and_opens_the_recommended_practice(journey: Journey) -> None:
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill("la-editor")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]
    journey.goto("/practices")
    page.get_by_role("link", name="Requests for help").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Requests for help')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_role("link", name="Ask for help").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Ask for help')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.get_by_label("Government asking").fill("Los Angeles, US")  # type: ignore[attr-defined]
    page.get_by_label("What do you need help with?").fill("Mass COVID-19 testing")  # type: ignore[attr-defined]
    page.get_by_label("Details").fill("We need to test many residents quickly and safely.")  # type: ignore[attr-defined]
    page.get_by_label("Policy area").select_option("public_health")  # type: ignore[attr-defined]
    page.get_by_label("Needed by").fill("2026-12")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ask for help").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Mass COVID-19 testing')")  # type: ignore[attr-defined]
    first = page.locator("ol.recommendations").first.locator("li").first  # type: ignore[attr-defined]
    assert "Drive-through COVID-19 testing sites" in first.inner_text()
    assert "Topic match" in first.inner_text() and "learned from them before" in first.inner_text()
    peers = page.locator("ol.recommendations").nth(1).inner_text()  # type: ignore[attr-defined]
    assert peers.strip().startswith("Seoul")
    journey.check_accessibility()
    first.get_by_role("link", name="Drive-through COVID-19 testing sites").click()
    page.wait_for_selector("h1:has-text('Drive-through COVID-19 testing sites')")  # type: ignore[attr-defined]
    page.wait_for_selector("#lineage-graph canvas", timeout=10_000)  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_seouls_drive_through_testing_shows_its_lineage(journey: Journey) -> None:
    page = journey.page
    journey.goto("/practices?q=drive-through")
    page.get_by_role("link", name="Drive-through COVID-19 testing sites").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Drive-through COVID-19 testing sites')")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    graph = page.locator("#lineage-graph")  # type: ignore[attr-defined]
    page.wait_for_selector("#lineage-graph[data-graph-nodes]", timeout=10_000)  # type: ignore[attr-defined]
    assert graph.get_attribute("data-graph-nodes") == "4" and graph.get_attribute("data-graph-edges") == "3"
    rows = page.locator("#lineage-table tbody tr").all_inner_texts()  # type: ignore[attr-defined]
    assert rows[0].startswith("Seoul") and "originated by" in rows[0]
    assert rows[1].startswith("Los Angeles") and "Seoul" in rows[1] and "2020" in rows[1]
    assert rows[2].startswith("Other cities in the US (the source does not name them)") and "Los Angeles" in rows[2]
    assert "002_d1268cbaf42a83fe.txt" in page.locator("#lineage-table").inner_text()  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_the_library_maps_its_practices_at_their_originators(journey: Journey) -> None:
    page = journey.page
    journey.goto("/practices?q=testing")
    page.wait_for_selector("#practices-map[data-map-ready]", timeout=10_000)  # type: ignore[attr-defined]
    drawn = int(page.locator("#practices-map").get_attribute("data-map-features"))  # type: ignore[attr-defined]
    assert drawn >= 1  # Seoul's drive-through testing at least
    unplaced = page.locator("#practices-map-unplaced").inner_text()  # type: ignore[attr-defined]
    assert "no place on the map" in unplaced  # the SPID states' practices: the states have no coordinates
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_recommendations_say_how_they_are_ranked(journey: Journey) -> None:
    page = journey.page
    journey.goto("/practices/who-has-solved?q=mass+COVID-19+testing")
    page.wait_for_selector("ol.recommendations")  # type: ignore[attr-defined]
    page.get_by_role("link", name="how recommendations are ranked").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('How recommendations are ranked')")  # type: ignore[attr-defined]
    assert "Ranking now" in page.locator("dl.facts").inner_text()  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_a_practice_posted_past_the_forms_limits_comes_back_as_the_form(journey: Journey) -> None:
    """The form's ``maxlength`` and ``required`` stripped (as a script posting it would): the server refuses
    the title, and the form comes back with what was typed and the problem above it, not an error page."""
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill("la-editor")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]
    journey.goto("/practices/new")
    strip = "e => { e.removeAttribute('maxlength'); e.removeAttribute('required'); }"
    page.eval_on_selector("#title", strip)  # type: ignore[attr-defined]
    page.get_by_label("Title").fill("T" * 301)  # type: ignore[attr-defined]
    page.get_by_label("Summary").fill("Cool rooms in public libraries")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Save the draft").click()  # type: ignore[attr-defined]
    page.wait_for_selector("[role=alert]:has-text('is longer than 300 characters')")  # type: ignore[attr-defined]
    assert page.locator("h1").inner_text() == "Submit a practice"  # type: ignore[attr-defined]
    assert page.get_by_label("Summary").input_value() == "Cool rooms in public libraries"  # type: ignore[attr-defined]
    assert page.get_by_label("Title").input_value() == "T" * 301  # type: ignore[attr-defined]
    journey.check_accessibility()
    assert [f.split("/", 3)[-1] for f in journey.failed] == ["practices/new"]  # the refusal: 422, expected
    journey.failed.clear()
    journey.console_errors = [e for e in journey.console_errors if "status of 422" not in e]
    journey.finish()
    assert not journey.console_errors, journey.console_errors
