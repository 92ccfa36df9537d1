"""Whole-registry reads for exports and backups: every readable record of a kind, streamed in id order."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Table, select

from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.tables import actor_names, actors, identifiers, people, posts, tenants, ties

_TABLES = {"actors": actors, "people": people, "posts": posts, "ties": ties}


class ExportReader:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def tenant_slugs(self) -> dict[uuid.UUID, str]:
        return {r.id: r.slug for r in self.conn.execute(select(tenants.c.id, tenants.c.slug))}

    def tenants(self) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in self.conn.execute(select(tenants).order_by(tenants.c.slug))]

    def tenants_used(self, viewer: Viewer, *, tenant_id: uuid.UUID | None = None) -> set[uuid.UUID]:
        used: set[uuid.UUID] = set()
        for table in _TABLES.values():
            query = select(table.c.tenant_id).distinct().where(readable(table, viewer))
            if tenant_id is not None:
                query = query.where(table.c.tenant_id == tenant_id)
            used.update(self.conn.scalars(query))
        return used

    def rows(self, viewer: Viewer, kind: str, *, tenant_id: uuid.UUID | None = None) -> Iterator[dict[str, Any]]:
        table: Table = _TABLES[kind]
        query = select(table).where(readable(table, viewer)).order_by(table.c.id)
        if tenant_id is not None:
            query = query.where(table.c.tenant_id == tenant_id)
        if kind == "actors":
            yield from self._actors(query)
            return
        for row in self.conn.execute(query.execution_options(yield_per=5000)):
            yield dict(row._mapping)

    def _actors(self, query: Any) -> Iterator[dict[str, Any]]:
        rows = [dict(r._mapping) for r in self.conn.execute(query)]
        ids = {r["id"] for r in rows}
        names: dict[uuid.UUID, list[str]] = defaultdict(list)
        for actor_id, name in self.conn.execute(
            select(actor_names.c.actor_id, actor_names.c.name)
            .where(actor_names.c.role == "other")
            .order_by(actor_names.c.actor_id, actor_names.c.folded)
        ):
            if actor_id in ids:
                names[actor_id].append(name)
        idents: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
        for actor_id, scheme, value in self.conn.execute(
            select(identifiers.c.actor_id, identifiers.c.scheme, identifiers.c.value).order_by(
                identifiers.c.actor_id, identifiers.c.scheme, identifiers.c.value
            )
        ):
            if actor_id in ids:
                idents[actor_id].append((scheme, value))
        for row in rows:
            row["other_names"] = names.get(row["id"], [])
            row["identifiers"] = idents.get(row["id"], [])
            yield row
