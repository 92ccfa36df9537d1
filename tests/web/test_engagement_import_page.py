"""The spreadsheet import page in-process on SQLite and PostgreSQL: a check previews the first rows as they
will be read; a file with errors lists every one of them (row and column) and writes nothing."""

from __future__ import annotations

import html as html_lib
import re

from fastapi.testclient import TestClient

from proxenia.services.container import Services
from tests.government import sign_in_clerk

PASSWORD = "a long test password"
SHEET = ("Type,Title,Date,Department,Partner\n"
         "meeting,Port call,2026-03-02,intl,geonames:1838524\n"
         "call,Air quality call,2026-03-04,sust,geonames:1835848\n")
MAPPING = {"map_kind": "Type", "map_start_date": "Date", "map_counterparts": "Partner"}


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _sign_in_as_an_editor(client: TestClient, services: Services) -> None:
    sign_in_clerk(client, services, PASSWORD)


def test_a_check_previews_and_errors_are_all_listed(client: TestClient, services: Services) -> None:
    _sign_in_as_an_editor(client, services)
    form = client.get("/engagements/import")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    checked = client.post("/engagements/import", data={"csrf_token": token, "dry_run": "true", **MAPPING},
                          files={"file": ("log.csv", SHEET.encode(), "text/csv")})
    assert checked.status_code == 200, checked.text[:500]
    text = _text(checked.text)
    assert "2 rows would be imported; nothing was written yet." in text
    assert "The first 2 rows, as they will be read" in text
    assert "start_date (“Date”)" in text and "counterparts (“Partner”)" in text
    assert "Air quality call" in text and "geonames:1835848" in text
    broken = SHEET + "visit,,2026-02-30,tourism,geonames:1838524\n"
    refused = client.post("/engagements/import", data={"csrf_token": token, **MAPPING},
                          files={"file": ("log.csv", broken.encode(), "text/csv")})
    assert refused.status_code == 422
    listed = _text(refused.text)
    for problem in ("row 4", "Title", "Date", "'tourism' is not one of your departments"):
        assert problem in listed, (problem, listed[listed.find("Error"):][:1500])
    assert "Port call" not in _text(client.get("/engagements").text)  # nothing was written


def test_the_engagement_form_refuses_what_is_too_long_instead_of_cutting_it(
    client: TestClient, services: Services
) -> None:
    """The form keeps what was typed; the draft's check names the field that is too long and nothing is
    written (the form used to cut the place at 300 characters and the links, together, at 2,000)."""
    _sign_in_as_an_editor(client, services)
    form = client.get("/engagements/new")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    owner = re.search(r'name="department_id".*?<option value="([0-9a-f-]{36})"', form.text, re.S)
    department = owner.group(1)  # type: ignore[union-attr]
    links = " ".join(f"https://example.org/minutes/{i:03d}/" + "p" * 80 for i in range(30))  # 3,400 characters
    data = {"csrf_token": token, "department_id": department, "kind": "meeting",
            "title": "Harbour pilots' exchange", "start_date": "2026-03-02",
            "visibility": "private", "place": "Pier " + "9" * 300, "links": links}
    refused = client.post("/engagements/new", data=data)
    assert refused.status_code == 422, refused.text[:300]
    assert "is longer than 300 characters" in _text(refused.text)
    assert "Harbour pilots" not in _text(client.get("/engagements").text)  # nothing was written
    written = client.post("/engagements/new", data={**data, "place": "Pier 9"}, follow_redirects=True)
    assert written.status_code == 200, _text(written.text)[_text(written.text).find("Error"):][:400]
    assert "minutes/029/" in written.text  # every link kept
