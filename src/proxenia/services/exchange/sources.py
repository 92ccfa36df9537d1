"""Turning the files of an import (a file, a folder, an upload) into tables of one record kind each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from proxenia.domain.errors import InvalidInput, Problem
from proxenia.interop.registry_format import KINDS, kind_of
from proxenia.interop.tables import Sheet, read_csv_bytes, read_xlsx_bytes

_POPOLO = {
    "tenants": "tenants",
    "organizations": "actors",
    "actors": "actors",
    "persons": "people",
    "people": "people",
    "memberships": "posts",
    "posts": "posts",
    "ties": "ties",
}


def sheets_from_path(path: Path) -> list[tuple[str, Sheet]]:
    """(kind, sheet) pairs from a file or a folder of files; problems name the file."""
    if not path.exists():
        raise InvalidInput(Problem(f"no such file or folder: {path}"))
    files = (
        sorted(
            p for p in path.iterdir() if p.suffix.lower() in {".csv", ".xlsx", ".json"} and p.name != "datapackage.json"
        )
        if path.is_dir()
        else [path]
    )
    if not files:
        raise InvalidInput(Problem("the folder holds no .csv, .xlsx or .json file", file=str(path)))
    out: list[tuple[str, Sheet]] = []
    for file in files:
        out.extend(sheets_from_bytes(file.name, file.read_bytes()))
    return out


def sheets_from_bytes(name: str, data: bytes) -> list[tuple[str, Sheet]]:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "json":
        return _json_sheets(name, data)
    sheet = read_xlsx_bytes(name, data) if suffix == "xlsx" else read_csv_bytes(name, data)
    kind = kind_of(name, sheet.header)
    if kind is None:
        raise InvalidInput(
            Problem(
                "cannot tell which records this file holds: name it actors.csv, people.csv, posts.csv or ties.csv, "
                "or use those files' columns",
                file=name,
            )
        )
    return [(kind, sheet)]


def _json_sheets(name: str, data: bytes) -> list[tuple[str, Sheet]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(Problem("the file is not UTF-8 text", file=name)) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(Problem(f"invalid JSON: {exc.msg}", file=name, row=exc.lineno)) from None
    if not isinstance(document, dict):
        raise InvalidInput(Problem("expected a JSON object with lists such as 'organizations' or 'ties'", file=name))
    out: list[tuple[str, Sheet]] = []
    for key, records in document.items():
        kind = _POPOLO.get(key)
        if kind is None:
            continue
        if not isinstance(records, list):
            raise InvalidInput(Problem(f"'{key}' must be a list", file=name))
        columns = [c.name for c in KINDS[kind]]
        rows = []
        for index, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise InvalidInput(Problem(f"{key}[{index}] must be an object", file=name, row=index))
            rows.append((index, _cells(kind, record)))
        out.append((kind, Sheet(name=f"{name}:{key}", header=columns, rows=rows)))
    if not out:
        raise InvalidInput(Problem("no 'organizations', 'persons', 'memberships' or 'ties' list found", file=name))
    return out


def _cells(kind: str, record: dict[str, Any]) -> dict[str, str]:
    record = dict(record)
    if kind == "actors":
        if "classification" in record and "kind" not in record:
            record["kind"] = record.pop("classification")
        names = record.get("other_names") or []
        record["other_names"] = "|".join(n["name"] if isinstance(n, dict) else str(n) for n in names)
        idents = record.get("identifiers") or []
        record["identifiers"] = "|".join(
            f"{i.get('scheme')}:{i.get('identifier')}" if isinstance(i, dict) else str(i) for i in idents
        )
    cells: dict[str, str] = {}
    for column in (c.name for c in KINDS[kind]):
        value = record.get(column)
        if value is None:
            cells[column] = ""
        elif isinstance(value, bool):
            cells[column] = "true" if value else "false"
        elif isinstance(value, dict | list):
            cells[column] = json.dumps(value, ensure_ascii=False) if value else ""
        else:
            cells[column] = str(value)
    return cells
