"""An existing engagement spreadsheet (CSV or XLSX) read through a column mapping: which of its columns
holds each field of an engagement. Cells are parsed here; references (departments, counterparts,
goals) are resolved by the import service."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from proxenia.domain.engagements import EngagementKind
from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.names import fold
from proxenia.interop.tables import Sheet

#: The fields an engagement row may fill, with a plain description; ``title``, ``kind`` and ``start_date``
#: are required.
FIELDS: dict[str, str] = {
    "kind": "meeting, call, inbound delegation, outbound visit, event hosted, event attended, trade mission, "
    "agreement signing or programme",
    "title": "what it was",
    "start_date": "first day, YYYY-MM-DD",
    "end_date": "last day, YYYY-MM-DD (empty: one day)",
    "place": "where",
    "department": "the owning department (its short name or its name)",
    "counterparts": "actors, separated by ';' — an id, scheme:value (geonames:1835848) or 'Name, country'",
    "policy_areas": "policy areas, separated by ';'",
    "goals": "goals served, separated by ';' — an SDG code (11.6) or one of your goals' codes, ':weight' optional",
    "cost": "money spent",
    "currency": "ISO 4217 code of the cost (USD, EUR, KRW...)",
    "staff_days": "staff-days spent",
    "outcomes": "what came of it",
    "description": "notes",
    "links": "web addresses, separated by ';'",
    "follow_up": "one follow-up action",
    "follow_up_owner": "who owns the follow-up",
    "follow_up_due": "when it is due, YYYY-MM-DD",
    "visibility": "private, partners, federation or public (default private)",
}
REQUIRED = ("kind", "title", "start_date")
_SPLIT = re.compile(r"\s*[;|\n]\s*")
_SYNONYMS = {
    "inbound visit": EngagementKind.INBOUND_DELEGATION,
    "delegation": EngagementKind.INBOUND_DELEGATION,
    "incoming delegation": EngagementKind.INBOUND_DELEGATION,
    "visit abroad": EngagementKind.OUTBOUND_VISIT,
    "outbound delegation": EngagementKind.OUTBOUND_VISIT,
    "mou signing": EngagementKind.AGREEMENT_SIGNING,
    "signing": EngagementKind.AGREEMENT_SIGNING,
    "video call": EngagementKind.CALL,
    "phone call": EngagementKind.CALL,
    "conference": EngagementKind.EVENT_ATTENDED,
    "programme": EngagementKind.PROGRAMME,
    "program": EngagementKind.PROGRAMME,
}


@dataclass(frozen=True)
class MappedRow:
    row: int
    cells: dict[str, str]  # field -> cell text (stripped)
    columns: dict[str, str]  # field -> the spreadsheet's own column name, for error messages

    def problem(self, file: str, field: str, message: str) -> Problem:
        return Problem(message, file=file, row=self.row, column=self.columns.get(field, field))


def suggest_mapping(header: list[str]) -> dict[str, str]:
    """Columns named like a field (any case, spaces or underscores) map to it."""
    by_key = {fold(h).replace(" ", "_"): h for h in header if h}
    return {f: by_key[f] for f in FIELDS if f in by_key}


def mapped_rows(sheet: Sheet, mapping: dict[str, str], problems: ProblemCollector) -> list[MappedRow]:
    """The sheet's rows seen through ``mapping`` (field -> column); mapping errors name the column."""
    full = {**suggest_mapping(sheet.header), **{k: v for k, v in mapping.items() if v}}
    for field in full:
        if field not in FIELDS:
            problems.add(Problem(f"unknown field '{field}' (known: {', '.join(FIELDS)})", file=sheet.name,
                                 column=field))
    for field, column in full.items():
        if column not in sheet.header:
            problems.add(Problem(f"the file has no column '{column}' (for {field}); its columns: "
                                 f"{', '.join(h for h in sheet.header if h)}", file=sheet.name, column=column))
    for field in REQUIRED:
        if field not in full:
            problems.add(Problem(f"map a column to '{field}' ({FIELDS[field]})", file=sheet.name, column=field))
    if problems:
        return []
    return [
        MappedRow(number, {f: (cells.get(c) or "").strip() for f, c in full.items() if f in FIELDS}, full)
        for number, cells in sheet.rows
    ]


def parse_kind(text: str) -> EngagementKind:
    key = fold(text).replace("_", " ").replace("-", " ")
    for kind in EngagementKind:
        if key in (kind.value.replace("_", " "), fold(kind.label)):
            return kind
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    raise ValueError(f"'{text}' is not a kind of engagement (use: {FIELDS['kind']})")


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def split_list(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text) if part]


def parse_number(text: str) -> float:
    try:
        value = float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if value < 0 or value != value:
        raise ValueError(f"'{text}' must be zero or more")
    return value
