"""Writing the registry: CSV cells, Popolo-style JSON, GeoJSON and the Frictionless Data Package descriptor."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from proxenia.interop.registry_format import KINDS, ORDER

GEOJSON_CREDIT = (
    "Places: GeoNames (CC BY 4.0); sister cities: Wikipedia contributors (CC BY-SA 4.0); pledges: JRC (CC BY 4.0)"
)


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False) if value else ""
    return str(value)


def csv_row(kind: str, row: Mapping[str, Any], slugs: Mapping[uuid.UUID, str]) -> list[str]:
    """One record as the cells of its kind's CSV file, in the column order of ``KINDS``."""
    values = dict(row)
    if "tenant_id" in values:
        values["tenant"] = slugs.get(values["tenant_id"], "")
    if kind == "actors":
        values["other_names"] = "|".join(row.get("other_names", []))
        values["identifiers"] = "|".join(f"{s}:{v}" for s, v in row.get("identifiers", []))
    if kind == "ties":
        values["type"] = row["type_code"]
    return [_s(values.get(c.name)) for c in KINDS[kind]]


def json_record(kind: str, row: Mapping[str, Any], slugs: Mapping[uuid.UUID, str]) -> dict[str, Any]:
    """A record with Popolo's field names where they fit (organizations, persons, memberships)."""
    cells = dict(zip([c.name for c in KINDS[kind]], csv_row(kind, row, slugs), strict=True))
    out: dict[str, Any] = {k: v for k, v in cells.items() if v != ""}
    if kind == "actors":
        out["classification"] = out.pop("kind")
        out["other_names"] = [{"name": n} for n in row.get("other_names", [])]
        out["identifiers"] = [{"scheme": s, "identifier": v} for s, v in row.get("identifiers", [])]
        out["attributes"] = row.get("attributes") or {}
        for key in ("latitude", "longitude"):
            if row.get(key) is not None:
                out[key] = row[key]
        if row.get("population") is not None:
            out["population"] = row["population"]
        out["resolved"] = bool(row.get("resolved", True))
    elif kind in ("ties", "people"):
        out["attributes"] = row.get("attributes") or {}
    return out


def popolo_document(records: Mapping[str, Iterable[dict[str, Any]]]) -> dict[str, Any]:
    names = {
        "tenants": "tenants",
        "actors": "organizations",
        "people": "persons",
        "posts": "memberships",
        "ties": "ties",
    }
    return {names[k]: list(records.get(k, [])) for k in ORDER}


def geojson_features(
    actor_rows: Iterable[Mapping[str, Any]], tie_rows: Iterable[Mapping[str, Any]], *, url_for: Any = None
) -> dict[str, Any]:
    """Actors with a location as Points; ties between two located actors as LineStrings."""
    located: dict[uuid.UUID, Mapping[str, Any]] = {}
    features: list[dict[str, Any]] = []
    for a in actor_rows:
        if a.get("latitude") is None or a.get("longitude") is None:
            continue
        located[a["id"]] = a
        props = {
            "id": str(a["id"]),
            "name": a["name"],
            "kind": a["kind"],
            "country_code": a.get("country_code"),
            "population": a.get("population"),
            "visibility": a.get("visibility"),
        }
        if url_for:
            props["url"] = url_for(a["id"])
        if a.get("highlight"):
            props["highlight"] = True
        features.append(
            {
                "type": "Feature",
                "id": str(a["id"]),
                "geometry": {"type": "Point", "coordinates": [a["longitude"], a["latitude"]]},
                "properties": props,
            }
        )
    for t in tie_rows:
        s, e = located.get(t["source_id"]), located.get(t["target_id"])
        if s is None or e is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": str(t["id"]),
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[s["longitude"], s["latitude"]], [e["longitude"], e["latitude"]]],
                },
                "properties": {
                    "id": str(t["id"]),
                    "type": t["type_code"],
                    "type_label": t.get("type_label", t["type_code"]),
                    "status": t.get("status"),
                    "start_date": t.get("start_date"),
                    "source_name": s["name"],
                    "target_name": e["name"],
                    "visibility": t.get("visibility"),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "attribution": GEOJSON_CREDIT}


_FRICTIONLESS = {
    "string": "string",
    "number": "number",
    "integer": "integer",
    "boolean": "boolean",
    "object": "object",
    "date": "string",
}


def datapackage(counts: Mapping[str, int]) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the CSV export, with primary and foreign keys."""
    foreign = {
        "actors": [{"fields": "parent_id", "reference": {"resource": "actors", "fields": "id"}}],
        "posts": [
            {"fields": "person_id", "reference": {"resource": "people", "fields": "id"}},
            {"fields": "organization_id", "reference": {"resource": "actors", "fields": "id"}},
        ],
        "ties": [
            {"fields": "source_id", "reference": {"resource": "actors", "fields": "id"}},
            {"fields": "target_id", "reference": {"resource": "actors", "fields": "id"}},
        ],
    }
    resources = []
    for kind in ORDER:
        if kind not in counts:
            continue
        fields = [
            {
                "name": c.name,
                "type": _FRICTIONLESS[c.type],
                **({"description": c.description} if c.description else {}),
                **({"constraints": {"required": True}} if c.required else {}),
            }
            for c in KINDS[kind]
        ]
        if kind == "posts":
            for f in fields:
                if f["name"] in ("start_date", "end_date"):
                    f["description"] = "ISO 8601 date, possibly partial (YYYY or YYYY-MM)"
        schema: dict[str, Any] = {"fields": fields, "primaryKey": "slug" if kind == "tenants" else "id"}
        if kind in foreign:
            schema["foreignKeys"] = foreign[kind]
        resources.append(
            {
                "name": kind,
                "path": f"{kind}.csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8-sig",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": schema,
                "stats": {"rows": counts[kind]},
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "proxenia-registry",
        "title": "Proxenia registry export",
        "licenses": [{"name": "CC-BY-SA-4.0", "title": "Includes Wikipedia content (CC BY-SA 4.0)"}],
        "sources": [
            {"title": "GeoNames"},
            {"title": "Wikipedia lists of twin towns"},
            {"title": "JRC GCoM MyCovenant"},
            {"title": "World Bank"},
            {"title": "ISO 3166 via pycountry"},
        ],
        "resources": resources,
    }


def channels_features(result: Any, *, url_for: Any = None) -> dict[str, Any]:
    """GeoJSON of the subnational channels between two countries (``services.registry_views.Channels``)."""
    actors: dict[uuid.UUID, dict[str, Any]] = {}
    lines: list[dict[str, Any]] = []
    for label, items in result.by_type.items():
        for t in items:
            for end, highlight in ((t.origin, True), (t.view.other, False)):
                actors.setdefault(end.id, {"id": end.id, "name": end.name, "kind": end.kind.value,
                                           "country_code": end.country_code, "population": end.population,
                                           "latitude": end.latitude, "longitude": end.longitude,
                                           "visibility": end.visibility.value, "highlight": highlight})
            tie = t.view.tie
            lines.append({"id": tie.id, "type_code": tie.type_code, "type_label": label, "status": tie.status.value,
                          "start_date": tie.start_date, "source_id": tie.source_id, "target_id": tie.target_id,
                          "visibility": tie.visibility.value})
    return geojson_features(actors.values(), lines, url_for=url_for)
