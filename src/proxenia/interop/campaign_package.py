"""A campaign's answers as files: one CSV per table (UTF-8 with BOM, formula injection neutralised) and a
Frictionless Data Package descriptor typing each column, zipped together for a download or written to a
folder for the command line."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from proxenia.interop.tables import csv_text

#: table name -> (header, rows)
Tables = Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]
DESCRIPTIONS = {
    "questions": "The questionnaire: one row per question, in order",
    "responses": "One row per submitted response, one column per question",
    "records": "One row per record listed in a list answer (registry ties and newly reported ones)",
}


def datapackage(name: str, title: str, tables: Tables, types: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The descriptor; ``types`` gives a Frictionless type per column where it is not a string."""
    resources = []
    for table, (header, rows) in tables.items():
        column_types = types.get(table, {})
        schema: dict[str, Any] = {
            "fields": [{"name": h, "type": column_types.get(h, "string")} for h in header],
        }
        if table == "questions":
            schema["primaryKey"] = "key"
        if table == "records":
            schema["foreignKeys"] = [{"fields": "question", "reference": {"resource": "questions", "fields": "key"}}]
        resources.append({
            "name": table,
            "path": f"{table}.csv",
            "description": DESCRIPTIONS.get(table, table),
            "profile": "tabular-data-resource",
            "encoding": "utf-8-sig",
            "format": "csv",
            "mediatype": "text/csv",
            "schema": schema,
            "stats": {"rows": len(rows)},
        })
    return {"profile": "tabular-data-package", "name": name, "title": title, "resources": resources}


def zipped(descriptor: Mapping[str, Any], tables: Tables) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        for table, (header, rows) in tables.items():
            archive.writestr(f"{table}.csv", csv_text(header, rows))
    return buffer.getvalue()


def write_folder(folder: Path, descriptor: Mapping[str, Any], tables: Tables) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    counts = {}
    for table, (header, rows) in tables.items():
        (folder / f"{table}.csv").write_text(csv_text(header, rows), encoding="utf-8", newline="")
        counts[table] = len(rows)
    return counts
