"""The chain of ties between two actors in a real browser, on the demo's real registry: the chain drawn as
a graph beside its step-by-step list, each step a link to the actor's page; a neighbourhood graph styled
by tie type and age."""

from __future__ import annotations

import pytest

from proxenia.services.reference.places import place_id
from tests.browser.conftest import Journey
from tests.factories import MILAN

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_how_are_two_cities_connected(journey: Journey) -> None:
    page = journey.page
    journey.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Chains of ties").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('How are two actors connected?')")  # type: ignore[attr-defined]
    page.get_by_label("From", exact=True).fill("Austin, US")  # type: ignore[attr-defined]
    page.get_by_label("To", exact=True).fill("Lahore, PK")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Find the chain").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h2:has-text('apart')")  # type: ignore[attr-defined]
    page.wait_for_selector(".graph canvas", timeout=10_000)  # type: ignore[attr-defined]
    steps = page.locator("ol.chain li")  # type: ignore[attr-defined]
    assert steps.count() >= 2
    assert steps.first.get_by_role("link", name="Austin").count() == 1
    assert steps.last.get_by_role("link", name="Lahore").count() == 1
    journey.check_accessibility()
    # a neighbourhood graph: ties coloured by type and wider the older they are, the legend saying so
    journey.goto(f"/actors/{place_id(MILAN)}/neighbourhood?depth=1")
    page.wait_for_selector(".graph canvas", timeout=10_000)  # type: ignore[attr-defined]
    legend = page.locator(".graph-legend").inner_text()  # type: ignore[attr-defined]
    assert "5 to 24 years" in legend and "Date not recorded" in legend, legend  # its Covenant pledge: 2008
    assert page.locator("details.table-view th", has_text="Since").count() == 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors
