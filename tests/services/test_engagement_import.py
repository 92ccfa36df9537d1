"""Importing an engagement spreadsheet: a column mapping, every row checked, problems naming the row and the
column, all rows written or none (CSV and XLSX), on both engines."""

from __future__ import annotations

import io

import openpyxl
import pytest

from proxenia.domain.errors import InvalidInput
from proxenia.services.container import Services
from tests.government import Government, build_government

HEADER = "Subject,Type,Date,Office,Partners,SDGs,Spent,Currency,Days of staff,Next step,Due\n"
GOOD = (
    'Port logistics mission,trade mission,2025-11-03,econ,"Busan, KR; geonames:1835848",9.4:0.5,48000,USD,12,'
    "Send the study,2025-12-01\n"
    "Anniversary reception,event hosted,2025-10-01,Mayor's Office of International Affairs,\"Athens, GR\",,,,2,,\n"
)
MAPPING = {"title": "Subject", "kind": "Type", "start_date": "Date", "department": "Office",
           "counterparts": "Partners", "goals": "SDGs", "cost": "Spent", "currency": "Currency",
           "staff_days": "Days of staff", "follow_up": "Next step", "follow_up_due": "Due"}


@pytest.fixture
def gov(services: Services) -> Government:
    services.goals.load_sdgs()
    return build_government(services)


def test_a_mapped_csv_is_imported_whole(services: Services, gov: Government) -> None:
    data = (HEADER + GOOD).encode()
    dry = services.engagement_import.import_file(gov.editor, "log.csv", data, MAPPING, dry_run=True)
    assert dry.rows == 2 and dry.created == 0 and services.engagements.search(gov.viewer).total == 0
    report = services.engagement_import.import_file(gov.editor, "log.csv", data, MAPPING)
    assert report.created == 2 and set(report.matched) == {"Busan, KR", "geonames:1835848", "Athens, GR"}
    page = services.engagements.search(gov.viewer)
    mission = services.engagements.get(gov.viewer, next(s.id for s in page.items if s.title.startswith("Port")))
    assert [p.name for p in mission.participants] == ["Busan", "Seoul"]
    assert mission.goals[0].weight == 0.5 and mission.goals[0].label.startswith("9.4 ")
    assert str(mission.cost) == "48,000.00 USD" and mission.staff_days == 12
    assert mission.follow_ups[0].action == "Send the study" and mission.origin.value == "import"
    assert mission.department_name == "Economic Development"


def test_every_problem_names_its_row_and_column_and_nothing_is_written(services: Services, gov: Government) -> None:
    bad = HEADER + GOOD + (
        "Lunch,picnic,2025-13-01,nowhere,\"Atlantis, XX\",8.99,-5,USD,lots,,\n"
        ",meeting,2025-01-01,econ,,,,,,,\n"
    )
    with pytest.raises(InvalidInput) as caught:
        services.engagement_import.import_file(gov.editor, "log.csv", bad.encode(), MAPPING)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(4, "Type"), (4, "Date"), (4, "Office"), (4, "Partners"), (4, "SDGs"), (4, "Spent"),
            (4, "Days of staff"), (5, "Subject")} <= found
    assert all(p.file == "log.csv" for p in caught.value.problems)
    assert services.engagements.search(gov.viewer).total == 0


def test_unknown_columns_in_the_mapping_and_xlsx_files(services: Services, gov: Government) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.engagement_import.import_file(gov.editor, "log.csv", HEADER.encode(), {**MAPPING, "title": "Topic"})
    assert "no column 'Topic'" in str(caught.value.problems[0])
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["title", "kind", "start_date", "department", "counterparts"])
    sheet.append(["Call with Seoul", "call", "2025-05-05", "intl", "Seoul, KR"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = services.engagement_import.import_file(gov.editor, "log.xlsx", buffer.getvalue())
    assert report.created == 1  # columns named like the fields need no mapping
