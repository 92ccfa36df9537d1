"""Reading and writing tabular files: CSV (UTF-8, BOM for Excel, formula injection neutralised) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proxenia.domain.errors import InvalidInput, Problem

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE_OR_SPACE = frozenset("' \t\r\n\u00a0")


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: its header and rows (numbered as a spreadsheet shows them)."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def neutralise(value: Any) -> str:
    """A cell that a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def unneutralise(text: str) -> str:
    """Undo ``neutralise`` on import, so an export reads back to the same values."""
    if text.startswith("'") and len(text) > 1 and text[1] in _FORMULA_START:
        return text[1:]
    return text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
            count += 1
    return count


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV as text with a BOM, for downloads."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return buffer.getvalue()


def csv_chunks(header: Sequence[str], batches: Iterable[Iterable[Sequence[Any]]]) -> Iterator[str]:
    """CSV as text with a BOM, one chunk per batch of rows, for downloads streamed as they are read."""
    yield csv_text(header, [])
    for rows in batches:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
        yield buffer.getvalue()


def read_csv_bytes(name: str, data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            Problem(
                f"the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8' and try again",
                file=name,
                row=line,
            )
        ) from None
    if "\x00" in text:
        raise InvalidInput(Problem("the file contains NUL bytes; it is not a CSV file", file=name))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput(Problem("the file is empty; it needs a header row", file=name)) from None
    _check_header(name, header)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        width = len(header)
        for number, values in enumerate(reader, start=2):
            joined = "".join(values)
            if not joined or joined.isspace():
                continue
            if len(values) != width:
                if len(values) > width:
                    raise InvalidInput(
                        Problem(f"{len(values)} cells but the header has {width} columns", file=name, row=number)
                    )
                values += [""] * (width - len(values))
            cells = dict(zip(header, values, strict=True))
            if "'" in joined:  # only then can a cell carry the mark of a neutralised formula
                for key, value in cells.items():
                    if value[:1] == "'" or value[-1:] in _QUOTE_OR_SPACE:
                        cells[key] = unneutralise(value.strip())
            rows.append((number, cells))
    except csv.Error as exc:
        raise InvalidInput(Problem(f"malformed CSV: {exc}", file=name, row=reader.line_num)) from None
    return Sheet(name=name, header=header, rows=rows)


def read_csv(path: Path) -> Sheet:
    return read_csv_bytes(path.name, path.read_bytes())


def read_xlsx_bytes(name: str, data: bytes) -> Sheet:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(Problem(f"not a readable XLSX workbook ({exc.__class__.__name__})", file=name)) from None
    sheet = book.worksheets[0]
    it: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(it)]
    except StopIteration:
        raise InvalidInput(Problem("the workbook's first sheet is empty", file=name)) from None
    _check_header(name, header)
    rows = []
    for number, values in enumerate(it, start=2):
        cells = ["" if v is None else _cell(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append((number, {h: c.strip() for h, c in zip(header, cells[: len(header)], strict=True) if h}))
    return Sheet(name=name, header=header, rows=rows)


def _check_header(name: str, header: list[str]) -> None:
    """A column named twice: one of the two would be read and the other dropped without a word."""
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise InvalidInput(Problem(f"the header names '{twice[0]}' twice", file=name, row=1, column=twice[0]))


def _cell(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path) -> Sheet:
    if path.suffix.lower() == ".xlsx":
        return read_xlsx_bytes(path.name, path.read_bytes())
    return read_csv(path)
