"""Exports of what a viewer may read: CSV folder with a Data Package descriptor, JSON, GeoJSON."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from proxenia.domain.countries import country_code
from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.viewer import Viewer
from proxenia.interop.registry_export import csv_row, datapackage, geojson_features, json_record, popolo_document
from proxenia.interop.registry_format import KINDS, ORDER
from proxenia.interop.tables import write_csv
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.export_reads import ExportReader
from proxenia.store.tenants import TenantRepository
from proxenia.store.ties import TieRepository, TieTypeRepository

FORMATS = ("csv", "json", "geojson")


class RegistryExporter:
    def __init__(self, db: Database) -> None:
        self.db = db

    def export(self, viewer: Viewer, fmt: str, output: Path, *, tenant: str | None = None) -> dict[str, int]:
        if fmt not in FORMATS:
            raise InvalidInput(Problem(f"unknown format '{fmt}' (use {', '.join(FORMATS)})", column="format"))
        with self.db.read() as conn:
            reader = ExportReader(conn)
            slugs = reader.tenant_slugs()
            tenant_id = TenantRepository(conn).by_slug(tenant).id if tenant else None
            if fmt == "geojson":
                types = {t.code: t.label for t in TieTypeRepository(conn).all(viewer)}
                ties = [
                    dict(t, type_label=types.get(t["type_code"], t["type_code"]))
                    for t in reader.rows(viewer, "ties", tenant_id=tenant_id)
                ]
                actors = list(reader.rows(viewer, "actors", tenant_id=tenant_id))
                doc = geojson_features(actors, ties)
                _write_json(output, doc)
                return {"features": len(doc["features"])}
            used = reader.tenants_used(viewer, tenant_id=tenant_id)
            tenant_rows = [t for t in reader.tenants() if t["id"] in used]
            counts: dict[str, int] = {}
            if fmt == "csv":
                output.mkdir(parents=True, exist_ok=True)
                for kind in ORDER:
                    rows = tenant_rows if kind == "tenants" else reader.rows(viewer, kind, tenant_id=tenant_id)
                    header = [c.name for c in KINDS[kind]]
                    cells = (
                        ([t["slug"], t["name"], t["kind"]] for t in tenant_rows)
                        if kind == "tenants"
                        else (csv_row(kind, r, slugs) for r in rows)
                    )
                    counts[kind] = write_csv(output / f"{kind}.csv", header, cells)
                _write_json(output / "datapackage.json", datapackage(counts))
                return counts
            records: dict[str, list[dict[str, Any]]] = {
                "tenants": [{"slug": t["slug"], "name": t["name"], "kind": t["kind"]} for t in tenant_rows]
            }
            for kind in ORDER[1:]:
                records[kind] = [json_record(kind, r, slugs) for r in reader.rows(viewer, kind, tenant_id=tenant_id)]
            counts = {k: len(v) for k, v in records.items()}
            _write_json(output, popolo_document(records))
            return counts

    def geojson(
        self, viewer: Viewer, *, actor_id: uuid.UUID | None = None, country: str | None = None, url_for: Any = None
    ) -> dict[str, Any]:
        """Map data: an actor with its tied actors and ties, or a country's actors with ties abroad."""
        with self.db.read() as conn:
            actors_repo = ActorRepository(conn)
            ties_repo = TieRepository(conn)
            if actor_id is not None:
                centre = actors_repo.summaries(viewer, [actor_id])
                if actor_id not in centre:
                    raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
                views = ties_repo.for_actor(viewer, actor_id)
            elif country:
                code = country_code(country)
                items, _ = actors_repo.search(viewer, country_code=code, limit=500)
                centre = {a.id: a for a in items}
                views = []
            else:
                raise InvalidInput(Problem("give an actor or a country", column="actor"))
        actor_rows: dict[uuid.UUID, dict[str, Any]] = {}
        for a in centre.values():
            actor_rows[a.id] = {
                "id": a.id,
                "name": a.name,
                "kind": a.kind.value,
                "country_code": a.country_code,
                "population": a.population,
                "latitude": a.latitude,
                "longitude": a.longitude,
                "visibility": a.visibility.value,
                "highlight": True,
            }
        tie_rows = []
        for v in views:
            o = v.other
            actor_rows.setdefault(
                o.id,
                {
                    "id": o.id,
                    "name": o.name,
                    "kind": o.kind.value,
                    "country_code": o.country_code,
                    "population": o.population,
                    "latitude": o.latitude,
                    "longitude": o.longitude,
                    "visibility": o.visibility.value,
                },
            )
            tie_rows.append(
                {
                    "id": v.tie.id,
                    "type_code": v.tie.type_code,
                    "type_label": v.label,
                    "status": v.tie.status.value,
                    "start_date": v.tie.start_date,
                    "source_id": v.tie.source_id,
                    "target_id": v.tie.target_id,
                    "visibility": v.tie.visibility.value,
                }
            )
        return geojson_features(actor_rows.values(), tie_rows, url_for=url_for)


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
