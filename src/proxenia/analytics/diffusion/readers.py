"""Reading SPID-shaped CSV files (``statenam,policy,adopt_year`` and ``policy,...,description,majortopic``)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from proxenia.domain.errors import InvalidInput, Problem

from .types import AdoptionRecord, PracticeInfo

ADOPTION_COLUMNS = ("statenam", "policy", "adopt_year")
PRACTICE_COLUMNS = ("policy", "description", "majortopic")
#: A byte that is not UTF-8, as ``errors="surrogateescape"`` keeps it (U+DC80..U+DCFF stand for 0x80..0xFF).
_UNDECODED = re.compile("[\udc80-\udcff]")


class DiffusionDataError(InvalidInput, ValueError):
    """Bad adoption or practice data; says which file, row (1 = header line) and column."""

    def __init__(self, message: str, path: str | None = None, row: int | None = None, column: str | None = None):
        self.path = path
        self.row = row
        self.column = column
        self.message = message
        super().__init__(Problem(message, file=path, row=row, column=column))


def _refuse_undecoded(value: str, name: str, row: int, column: str | None) -> None:
    """A value holding a byte that is not UTF-8 is an error naming its row and column.

    The file is decoded with ``surrogateescape``, so a bad byte reaches the row it is in: a strict decode
    fails a read buffer at a time, and ``reader.line_num`` then names a row thousands of lines early."""
    bad = _UNDECODED.search(value)
    if bad is not None:
        byte = ord(bad.group()) - 0xDC00
        raise DiffusionDataError(f"not UTF-8 text: byte 0x{byte:02X} (save the file as UTF-8)", path=name, row=row,
                                 column=column)


def _open_rows(path: str | Path, required: Sequence[str]) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    name = str(path)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
            reader = csv.DictReader(handle)
            try:
                fields = reader.fieldnames or []
                for field in fields:
                    _refuse_undecoded(field, name, 1, None)
                header = [h.strip() for h in fields]
                if not header:
                    raise DiffusionDataError("file is empty: no header line", path=name, row=1)
                for column in required:
                    if column not in header:
                        raise DiffusionDataError(
                            f"missing column '{column}' (found: {', '.join(header)})", path=name, row=1, column=column
                        )
                reader.fieldnames = header
                for record in reader:
                    # reader.line_num is the physical line just read; the header is line 1.
                    values = {k: (v or "").strip() for k, v in record.items() if k is not None}
                    for column, value in values.items():
                        _refuse_undecoded(value, name, reader.line_num, column)
                    rows.append((reader.line_num, values))
            except csv.Error as exc:
                raise DiffusionDataError(f"malformed CSV: {exc}", path=name, row=reader.line_num) from exc
    except OSError as exc:
        raise DiffusionDataError(f"cannot open file: {exc.strerror or exc}", path=name) from exc
    return name, rows


def _required_text(record: dict[str, str], column: str, name: str, row: int) -> str:
    value = record.get(column, "")
    if not value:
        raise DiffusionDataError(f"empty value in column '{column}'", path=name, row=row, column=column)
    return value


def read_adoptions(path: str | Path, *, latest_year: int | None = None) -> list[AdoptionRecord]:
    """Adoption records from a ``statenam,policy,adopt_year`` CSV (other columns are ignored).

    A year after ``latest_year`` (default: the current year) is an error: the data set records adoptions
    that happened, and a future one would sit in every replay as already adopted."""
    latest = latest_year if latest_year is not None else dt.date.today().year
    name, rows = _open_rows(path, ADOPTION_COLUMNS)
    records: list[AdoptionRecord] = []
    for row, record in rows:
        government = _required_text(record, "statenam", name, row)
        practice = _required_text(record, "policy", name, row)
        raw_year = _required_text(record, "adopt_year", name, row)
        try:
            year = int(raw_year)
        except ValueError:
            try:
                as_float = float(raw_year)
            except ValueError:
                as_float = float("nan")
            if not as_float.is_integer() or abs(as_float) > 1e6:
                raise DiffusionDataError(
                    f"adopt_year must be an integer year, got {raw_year!r}", path=name, row=row, column="adopt_year"
                ) from None
            year = int(as_float)
        if not 1 <= year <= 9999:  # beyond a calendar's years (and the arrays' int32)
            raise DiffusionDataError(
                f"adopt_year must be a year from 1 to 9999, got {raw_year!r}", path=name, row=row, column="adopt_year"
            )
        if year > latest:
            raise DiffusionDataError(
                f"adopt_year {year} is in the future (after {latest}): the data set records adoptions that happened",
                path=name, row=row, column="adopt_year",
            )
        records.append(AdoptionRecord(government, practice, year))
    return records


def read_practices(path: str | Path) -> dict[str, PracticeInfo]:
    """Practice descriptions from a ``policy,...,description,majortopic`` CSV (other columns ignored).

    An empty ``majortopic`` gives ``topic=None``; a policy listed twice is an error.
    """
    name, rows = _open_rows(path, PRACTICE_COLUMNS)
    practices: dict[str, PracticeInfo] = {}
    for row, record in rows:
        practice = _required_text(record, "policy", name, row)
        if practice in practices:
            raise DiffusionDataError(f"policy {practice!r} is listed twice", path=name, row=row, column="policy")
        topic = record.get("majortopic") or None
        practices[practice] = PracticeInfo(practice, record.get("description", ""), topic)
    return practices
