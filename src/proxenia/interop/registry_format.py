"""The registry's file format: columns of each record kind, and parsing rows into typed records.

The same columns serve CSV (one file per kind), JSON (Popolo field names where they fit) and the
Data Package descriptor. Format-level problems (types, codes, dates) are found here; references
between records are checked by the service against the database.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.countries import is_country_code
from proxenia.domain.dates import normalise_date
from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.json_values import json_flaw
from proxenia.domain.kinds import ActorKind, TieStatus, Visibility
from proxenia.domain.names import validate_identifier


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # Frictionless field types: string, integer, number, boolean, date-ish string
    required: bool = False
    description: str = ""


KINDS: dict[str, list[Column]] = {
    "tenants": [
        Column("slug", required=True, description="short unique name of the organisation using Proxenia"),
        Column("name", required=True),
        Column("kind", required=True, description="government, network, national_office, organisation, reference"),
    ],
    "actors": [
        Column("id", description="UUID; empty to resolve against the registry or create"),
        Column(
            "kind",
            required=True,
            description="city, region, country, mission, network, organisation, multilateral, agreement",
        ),
        Column("name", required=True),
        Column("subtype"),
        Column("other_names", description="alternative names separated by |"),
        Column("country_code", description="ISO 3166-1 alpha-2"),
        Column("subdivision_code", description="ISO 3166-2"),
        Column("latitude", "number"),
        Column("longitude", "number"),
        Column("population", "integer"),
        Column("parent_id", description="UUID of the parent actor (city -> region -> country)"),
        Column("resolved", "boolean"),
        Column("identifiers", description="scheme:value pairs separated by |, e.g. geonames:5368361|wikidata:Q65"),
        Column("attributes", "object", description="JSON object of free attributes"),
        Column("tenant", description="owner tenant slug"),
        Column("visibility", description="private, partners, federation, public"),
    ],
    "people": [
        Column("id"),
        Column("name", required=True),
        Column("given_name"),
        Column("family_name"),
        Column("honorific_prefix"),
        Column("email"),
        Column("attributes", "object"),
        Column("tenant"),
        Column("visibility"),
    ],
    "posts": [
        Column("id"),
        Column("person_id", required=True),
        Column("organization_id", required=True),
        Column("role", required=True, description="e.g. Mayor, Director of International Affairs"),
        Column("label"),
        Column("start_date", "date", description="YYYY, YYYY-MM or YYYY-MM-DD"),
        Column("end_date", "date"),
        Column("tenant"),
        Column("visibility"),
    ],
    "ties": [
        Column("id"),
        Column("type", required=True, description="tie type code, e.g. sister_city"),
        Column("source_id", required=True),
        Column("target_id", required=True),
        Column("status", description="active, dormant, ended"),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("rationale", description="why the tie was formed"),
        Column("source_ref", description="where the information comes from: data set or URL"),
        Column("notes"),
        Column("attributes", "object"),
        Column("tenant"),
        Column("visibility"),
    ],
}
ORDER = ("tenants", "actors", "people", "posts", "ties")
_ALIASES = {"organizations": "actors", "persons": "people", "memberships": "posts", "relationships": "ties"}


def kind_of(name: str, header: list[str]) -> str | None:
    """The record kind of a table, from its file name or else from its header."""
    stem = name.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    stem = _ALIASES.get(stem, stem)
    if stem in KINDS:
        return stem
    columns = set(header)
    if {"type", "source_id", "target_id"} <= columns:
        return "ties"
    if {"person_id", "organization_id"} <= columns:
        return "posts"
    if {"kind", "name"} <= columns and "slug" not in columns:
        return "actors"
    if {"slug", "name", "kind"} <= columns:
        return "tenants"
    if "name" in columns and "email" in columns:
        return "people"
    return None


@dataclass
class RowParser:
    """Parses one row's cells, adding located problems instead of raising."""

    file: str
    row: int
    cells: dict[str, str]
    problems: ProblemCollector
    values: dict[str, Any] = field(default_factory=dict)

    def _problem(self, column: str, message: str) -> None:
        self.problems.add(Problem(message, file=self.file, row=self.row, column=column))

    def text(self, column: str, *, required: bool = False, max_len: int = 2000) -> str | None:
        value = self.cells.get(column)
        if value:
            value = value.strip()
        if not value:
            if required:
                self._problem(column, "is required but empty")
            return None
        if len(value) > max_len:
            self._problem(column, f"is longer than {max_len} characters")
        return value

    def choice(
        self, column: str, allowed: list[str] | frozenset[str], *, default: str | None = None, required: bool = False
    ) -> str | None:
        value = self.text(column, required=required and default is None)
        if value is None:
            return default
        value = value.lower()
        if value not in allowed:
            self._problem(column, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
        return value

    def convert(self, column: str, convert: Callable[[str], Any], what: str) -> Any:
        value = self.text(column)
        if value is None:
            return None
        try:
            return convert(value)
        except (ValueError, TypeError, OverflowError):  # OverflowError: int(float("1e400"))
            self._problem(column, f"'{value}' is not {what}")
            return None

    def uuid(self, column: str, *, required: bool = False) -> uuid.UUID | None:
        if required and not self.text(column):
            self._problem(column, "is required but empty")
            return None
        return self.convert(column, uuid.UUID, "a UUID")

    def date(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            return None
        if len(value) == 4 and value.isdigit():
            return value
        try:
            return normalise_date(value)
        except ValueError as exc:
            self._problem(column, str(exc))
            return None

    def country(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            return None
        if not is_country_code(value.upper()):
            self._problem(column, f"'{value}' is not an ISO 3166-1 alpha-2 country code")
            return None
        return value.upper()

    def json_object(self, column: str) -> dict[str, Any]:
        value = self.text(column, max_len=100_000)
        if value is None:
            return {}
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            self._problem(column, f"is not valid JSON ({exc.msg})")
            return {}
        if not isinstance(parsed, dict):
            self._problem(column, "must be a JSON object")
            return {}
        flaw = json_flaw(parsed)
        if flaw:
            self._problem(column, f"holds what JSON cannot: {flaw}")
            return {}
        return parsed

    def identifiers(self, column: str) -> list[tuple[str, str]]:
        value = self.text(column, max_len=5000)
        out: list[tuple[str, str]] = []
        for part in (value or "").split("|"):
            part = part.strip()
            if not part:
                continue
            scheme, sep, ident = part.partition(":")
            if not sep or not ident.strip():
                self._problem(column, f"'{part}' is not scheme:value")
                continue
            message = validate_identifier(scheme.strip().lower(), ident.strip())
            if message:
                self._problem(column, message)
                continue
            pair = (scheme.strip().lower(), ident.strip())
            if pair in out:
                self._problem(column, f"{pair[0]} id {pair[1]} is listed twice")
                continue
            out.append(pair)
        return out

    def visibility(self, default: Visibility) -> Visibility:
        raw = (self.cells.get("visibility") or "").strip().lower()
        if not raw:
            return default
        if raw in _VISIBILITIES:
            return _VISIBILITIES[raw]
        self._problem("visibility", f"'{raw}' is not one of: {', '.join(_VISIBILITIES)}")
        return default


ACTOR_KINDS = [k.value for k in ActorKind]
_VISIBILITIES = {v.value: v for v in Visibility}
TIE_STATUSES = frozenset(s.value for s in TieStatus)


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"true", "1", "yes", "y"}:
        return True
    if lowered in {"false", "0", "no", "n"}:
        return False
    raise ValueError(text)
