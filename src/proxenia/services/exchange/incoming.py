"""Rows of an import parsed into typed records, each remembering where it came from (file, row)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.actors import ACTOR_TEXT_LIMITS, MAX_POPULATION
from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.kinds import Visibility
from proxenia.domain.ties import TIE_TEXT_LIMITS
from proxenia.interop.registry_format import ACTOR_KINDS, KINDS, TIE_STATUSES, RowParser, parse_bool
from proxenia.interop.tables import Sheet


@dataclass
class Incoming:
    kind: str
    file: str
    row: int
    values: dict[str, Any]
    tenant: str | None
    visibility: Visibility | None
    id: uuid.UUID | None = None
    refs: dict[str, str] = field(default_factory=dict)  # column -> raw reference (UUID or scheme:value)

    def problem(self, message: str, column: str | None = None) -> Problem:
        return Problem(message, file=self.file, row=self.row, column=column)


def check_columns(kind: str, sheet: Sheet, problems: ProblemCollector) -> bool:
    known = {c.name for c in KINDS[kind]}
    ok = True
    for column in KINDS[kind]:
        if column.required and column.name not in sheet.header:
            problems.add(
                Problem(f"missing column '{column.name}' (required for {kind})", file=sheet.name, column=column.name)
            )
            ok = False
    unknown = [h for h in sheet.header if h and h not in known]
    if unknown:
        problems.add(
            Problem(
                f"unknown column(s) {', '.join(repr(u) for u in unknown)}; known: {', '.join(sorted(known))}",
                file=sheet.name,
                column=unknown[0],
            )
        )
        ok = False
    return ok


def parse_sheet(kind: str, sheet: Sheet, problems: ProblemCollector) -> list[Incoming]:
    if not check_columns(kind, sheet, problems):
        return []
    out = []
    for number, cells in sheet.rows:
        p = RowParser(sheet.name, number, cells, problems)
        record = _PARSERS[kind](p)
        visibility = None
        if "visibility" in cells and cells["visibility"].strip():
            visibility = p.visibility(Visibility.PRIVATE)
        out.append(
            Incoming(
                kind=kind,
                file=sheet.name,
                row=number,
                values=record,
                tenant=p.text("tenant") if cells.get("tenant") else None,
                visibility=visibility,
                id=_fast_uuid(cells.get("id"), p),
                refs=record.pop("_refs", {}),
            )
        )
    return out


def _fast_uuid(text: str | None, p: RowParser) -> uuid.UUID | None:
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return p.uuid("id")  # records the problem with its row and column


def _tenant(p: RowParser) -> dict[str, Any]:
    return {
        "slug": p.text("slug", required=True, max_len=64),
        "name": p.text("name", required=True, max_len=300),
        "kind": p.choice(
            "kind", ["government", "network", "national_office", "organisation", "reference"], required=True
        ),
    }


def _actor(p: RowParser) -> dict[str, Any]:
    latitude = p.convert("latitude", float, "a number")
    longitude = p.convert("longitude", float, "a number")
    if latitude is not None and not -90 <= latitude <= 90:
        p._problem("latitude", f"{latitude} is outside -90..90")
    if longitude is not None and not -180 <= longitude <= 180:
        p._problem("longitude", f"{longitude} is outside -180..180")
    population = p.convert("population", lambda t: int(float(t)), "a whole number")
    if population is not None and population < 0:
        p._problem("population", "must not be negative")
    elif population is not None and population > MAX_POPULATION:
        p._problem("population", f"{population:,} is more people than live on Earth")
    resolved = p.convert("resolved", parse_bool, "true or false")
    return {
        "kind": p.choice("kind", ACTOR_KINDS, required=True),
        "name": p.text("name", required=True, max_len=ACTOR_TEXT_LIMITS["name"]),
        "subtype": p.text("subtype", max_len=ACTOR_TEXT_LIMITS["subtype"]),
        "other_names": [n.strip() for n in (p.text("other_names", max_len=200_000) or "").split("|") if n.strip()],
        "country_code": p.country("country_code"),
        "subdivision_code": p.text("subdivision_code", max_len=ACTOR_TEXT_LIMITS["subdivision_code"]),
        "latitude": latitude,
        "longitude": longitude,
        "population": population,
        "parent_id": p.uuid("parent_id"),
        "resolved": True if resolved is None else resolved,
        "identifiers": p.identifiers("identifiers"),
        "attributes": p.json_object("attributes"),
    }


def _person(p: RowParser) -> dict[str, Any]:
    email = p.text("email", max_len=320)
    if email and "@" not in email:
        p._problem("email", f"'{email}' is not an e-mail address")
    return {
        "name": p.text("name", required=True, max_len=300),
        "given_name": p.text("given_name", max_len=200),
        "family_name": p.text("family_name", max_len=200),
        "honorific_prefix": p.text("honorific_prefix", max_len=50),
        "email": email,
        "attributes": p.json_object("attributes"),
    }


def _post(p: RowParser) -> dict[str, Any]:
    return {
        "person_id": p.uuid("person_id", required=True),
        "organization_id": p.uuid("organization_id", required=True),
        "role": p.text("role", required=True, max_len=200),
        "label": p.text("label", max_len=300),
        "start_date": p.date("start_date"),
        "end_date": p.date("end_date"),
    }


def _tie(p: RowParser) -> dict[str, Any]:
    # The hot path of large imports: optional cells are only parsed when present.
    c = p.cells
    source, target, type_code = (c.get("source_id") or "").strip(), (c.get("target_id") or "").strip(), c.get("type")
    refs = {
        "source_id": source or p.text("source_id", required=True) or "",
        "target_id": target or p.text("target_id", required=True) or "",
    }
    values = {
        "type_code": type_code.strip()
        if type_code and len(type_code) <= 64
        else p.text("type", required=True, max_len=64),
        "status": p.choice("status", TIE_STATUSES, default="active") if c.get("status") else "active",
        "start_date": p.date("start_date") if c.get("start_date") else None,
        "end_date": p.date("end_date") if c.get("end_date") else None,
        "rationale": p.text("rationale", max_len=TIE_TEXT_LIMITS["rationale"]) if c.get("rationale") else None,
        "source_ref": p.text("source_ref", max_len=TIE_TEXT_LIMITS["source_ref"]) if c.get("source_ref") else None,
        "notes": p.text("notes", max_len=TIE_TEXT_LIMITS["notes"]) if c.get("notes") else None,
        "attributes": p.json_object("attributes") if c.get("attributes") else {},
        "_refs": refs,
    }
    start, end = values["start_date"], values["end_date"]
    if isinstance(start, str) and isinstance(end, str) and end < start:
        p._problem("end_date", "is before start_date")
    return values


_PARSERS = {"tenants": _tenant, "actors": _actor, "people": _person, "posts": _post, "ties": _tie}
