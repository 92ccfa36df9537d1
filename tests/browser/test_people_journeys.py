"""The people directory on a phone, and a destructive action without JavaScript, in a real browser on the
demo: the confirmation is asked on a page, and nothing is deleted until the answer is yes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _sign_in(page: object, base: str) -> None:
    page.goto(base + "/login")  # type: ignore[attr-defined]
    page.get_by_label("Username").fill("la-editor")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]


def test_the_people_directory_on_a_phone(journey: Journey) -> None:
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    _sign_in(page, journey.base)
    journey.goto("/people?q=protocol")
    page.get_by_role("link", name="Protocol officer (demo)").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Protocol officer')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth") <= 380  # type: ignore[attr-defined]
    assert "Engagements (" in page.inner_text("main")  # type: ignore[attr-defined]
    journey.finish()


@pytest.fixture
def no_script_page(browser: object, live_server: LiveServer) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def test_deleting_without_javascript_asks_on_a_page_first(no_script_page: object, live_server: LiveServer) -> None:
    page = no_script_page
    _sign_in(page, live_server.url)
    page.goto(live_server.url + "/engagements")  # type: ignore[attr-defined]
    first = page.locator("main table tbody a").first  # type: ignore[attr-defined]
    title = first.inner_text()
    first.click()
    page.get_by_role("button", name="Delete this engagement").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Please confirm')")  # type: ignore[attr-defined]
    page.get_by_role("link", name="No, go back").click()  # type: ignore[attr-defined]
    page.goto(live_server.url + "/engagements")  # type: ignore[attr-defined]
    assert title in page.inner_text("main")  # type: ignore[attr-defined]  # nothing was deleted
    page.get_by_role("link", name=title).first.click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Delete this engagement").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Yes, go ahead").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/engagements?notice=deleted*")  # type: ignore[attr-defined]


def test_the_main_menu_folds_on_a_phone_and_not_without_javascript(
    journey: Journey, no_script_page: object, live_server: LiveServer
) -> None:
    """On a phone the twelve links of the main menu fold behind a Menu button (aria-expanded says which); on a
    wider window, or without JavaScript, they are always shown."""
    page = journey.page
    page.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    journey.goto("/practices")
    menu = page.get_by_role("button", name="Menu")  # type: ignore[attr-defined]
    actors = page.locator(".site-nav").get_by_role("link", name="Actors")  # type: ignore[attr-defined]
    assert menu.get_attribute("aria-expanded") == "false" and not actors.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and actors.is_visible()
    journey.check_accessibility()
    actors.click()
    page.wait_for_selector("h1:has-text('Actors')")  # type: ignore[attr-defined]
    assert not page.locator(".site-nav").get_by_role("link", name="Practices").is_visible()  # folded again
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.nav-toggle').hidden")  # type: ignore[attr-defined]
    assert page.locator(".site-nav").get_by_role("link", name="Practices").is_visible()  # type: ignore[attr-defined]
    journey.finish()
    plain = no_script_page
    plain.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    plain.goto(live_server.url + "/practices")  # type: ignore[attr-defined]
    assert plain.locator(".site-nav").get_by_role("link", name="Actors").is_visible()  # type: ignore[attr-defined]
    assert not plain.get_by_role("button", name="Menu").is_visible()  # type: ignore[attr-defined]
