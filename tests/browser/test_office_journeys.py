"""A city office's daily journeys in a real browser, on the demo: a protocol officer imports a spreadsheet
with errors, sees every one listed with nothing written, fixes the file and imports it; the international
affairs lead reads the office dashboard (ties by status, dormant ties, follow-ups, requests awaiting an
answer, a practice recommended for its open challenge) and follows its links."""

from __future__ import annotations

import pytest

from proxenia.services.demo import DEMO_PASSWORD
from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADER = "kind,title,start_date,department,counterparts,follow_up,follow_up_due,visibility\n"
GOOD = "meeting,Spreadsheet call with the Port of Busan,2026-03-02,intl,geonames:1838524,,,private\n"
BAD_DATE = "call,Spreadsheet call with Seoul,2026-13-40,intl,geonames:1835848,Send the minutes,2026-04-01,private\n"
BAD_REFS = "meeting,Spreadsheet meeting in Athens,2026-03-05,tourism,Atlantis Nowhere,,,private\n"
FIXED_DATE = BAD_DATE.replace("2026-13-40", "2026-03-04")
FIXED_REFS = BAD_REFS.replace("tourism", "intl").replace("Atlantis Nowhere", "geonames:264371")


def _sign_in(journey: Journey, username: str) -> None:
    page = journey.page
    journey.goto("/login")
    page.get_by_label("Username").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".tenant-badge")  # type: ignore[attr-defined]


def _upload(journey: Journey, name: str, text: str, *, check_only: bool = False) -> None:
    page = journey.page
    page.get_by_label("File", exact=True).set_input_files(  # type: ignore[attr-defined]
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])
    if check_only:
        page.get_by_label("Only check the file, write nothing").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Import").click()  # type: ignore[attr-defined]


def test_import_a_spreadsheet_with_errors_and_fix_it(journey: Journey) -> None:
    page = journey.page
    _sign_in(journey, "la-editor")
    journey.goto("/engagements")
    page.get_by_role("link", name="Import a spreadsheet").first.click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Import an engagement spreadsheet')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    _upload(journey, "visits.csv", HEADER + GOOD + BAD_DATE + BAD_REFS)
    alert = page.get_by_role("alert")  # type: ignore[attr-defined]
    alert.wait_for()
    listed = alert.inner_text()
    # every error, each with its row and column: the date of row 3, the department and counterpart of row 4
    assert "row 3" in listed and "2026-13-40" in listed and "start_date" in listed, listed
    assert "row 4" in listed and "'tourism' is not one of your departments" in listed, listed
    assert "Atlantis Nowhere" in listed, listed
    journey.check_accessibility()
    # the refusal (422) is the expected answer here, not a failure of the page
    journey.failed = [f for f in journey.failed if not f.startswith("422 ")]
    journey.console_errors = [e for e in journey.console_errors if "status of 422" not in e]
    # nothing was written, not even the good row
    journey.goto("/engagements?q=Spreadsheet")
    assert page.get_by_role("link", name="Spreadsheet call with the Port of Busan").count() == 0  # type: ignore[attr-defined]
    # the fixed file: checked first, then imported
    journey.goto("/engagements/import")
    _upload(journey, "visits-fixed.csv", HEADER + GOOD + FIXED_DATE + FIXED_REFS, check_only=True)
    page.wait_for_selector("text=3 rows would be imported; nothing was written yet.")  # type: ignore[attr-defined]
    preview = page.get_by_role("region", name="The first 3 rows, as they will be read")  # type: ignore[attr-defined]
    assert preview.get_by_role("cell", name="2026-03-04").count() == 1
    journey.check_accessibility()
    _upload(journey, "visits-fixed.csv", HEADER + GOOD + FIXED_DATE + FIXED_REFS)
    page.wait_for_selector("h1:has-text('Engagements')")  # type: ignore[attr-defined]
    journey.goto("/engagements?q=Spreadsheet")
    for title in ("Spreadsheet call with the Port of Busan", "Spreadsheet call with Seoul",
                  "Spreadsheet meeting in Athens"):
        assert page.get_by_role("link", name=title).count() == 1, title  # type: ignore[attr-defined]
    page.get_by_role("link", name="Spreadsheet call with Seoul").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Spreadsheet call with Seoul')")  # type: ignore[attr-defined]
    assert page.get_by_text("Send the minutes").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors


def test_a_city_officer_reads_its_dashboard(journey: Journey) -> None:
    page = journey.page
    _sign_in(journey, "la-editor")
    # an open challenge of its own, so that the dashboard has practices to recommend
    journey.goto("/requests-for-help/new")
    page.get_by_label("Government asking").fill("Los Angeles, US")  # type: ignore[attr-defined]
    page.get_by_label("What do you need help with?").fill("Mass COVID-19 testing")  # type: ignore[attr-defined]
    page.get_by_label("Details").fill("We need to test many residents quickly and safely.")  # type: ignore[attr-defined]
    page.get_by_label("Policy area").select_option("public_health")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ask for help").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Mass COVID-19 testing')")  # type: ignore[attr-defined]
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Dashboard')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    for heading in ("Ties by status", "Dormant ties", "Open follow-ups", "Requests for help awaiting an answer",
                    "Recommended practices for your open challenges"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading  # type: ignore[attr-defined]
    by_status = page.get_by_role("region", name="Number of ties by status")  # type: ignore[attr-defined]
    assert by_status.get_by_role("row").count() == 4  # type: ignore[attr-defined]  # header + three statuses
    own = page.get_by_role("region", name="Your open requests for help")  # type: ignore[attr-defined]
    assert own.get_by_role("link", name="Mass COVID-19 testing").count() == 1
    recommended = page.get_by_role("region", name="Practices recommended for Mass COVID-19 testing")  # type: ignore[attr-defined]
    assert recommended.get_by_role("link", name="Drive-through COVID-19 testing sites").count() == 1
    # on paper: no navigation, the tables whole
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert not page.get_by_role("navigation", name="Main").is_visible()  # type: ignore[attr-defined]
    assert by_status.is_visible() and own.is_visible()
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    csv = page.request.get(journey.base + "/dashboard/recommended-practices.csv")  # type: ignore[attr-defined]
    assert csv.status == 200 and "Drive-through COVID-19 testing sites" in csv.text()
    by_status.get_by_role("link", name="See the active ties").click()
    page.wait_for_selector("h1:has-text('Active ties of Los Angeles')")  # type: ignore[attr-defined]
    assert page.get_by_role("cell", name="Busan").count() >= 1  # type: ignore[attr-defined]
    journey.check_accessibility()
    page.go_back()  # type: ignore[attr-defined]
    page.wait_for_selector("h1:has-text('Dashboard')")  # type: ignore[attr-defined]
    recommended = page.get_by_role("region", name="Practices recommended for Mass COVID-19 testing")  # type: ignore[attr-defined]
    recommended.get_by_role("link", name="Drive-through COVID-19 testing sites").click()
    page.wait_for_selector("h1:has-text('Drive-through COVID-19 testing sites')")  # type: ignore[attr-defined]
    journey.check_accessibility()
    journey.finish()
    assert not journey.console_errors, journey.console_errors
