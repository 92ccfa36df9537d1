"""Generic record persistence: permission checks, optimistic versions and change logging, once.

Like NetBox's ``ChangeLoggingMixin``: every repository that derives from ``RecordRepository`` gets
create, update and delete with before/after records in the audit trail for free.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Row, Table, Uuid, bindparam, insert, select, update
from sqlalchemy import delete as sql_delete

from proxenia.domain.errors import Conflict, InvalidInput, Problem
from proxenia.domain.json_values import json_flaw
from proxenia.domain.viewer import Viewer
from proxenia.store.access import (
    check_can_write,
    raise_not_readable,
    readable,
    readable_template,
    viewer_mode,
    viewer_params,
)
from proxenia.store.audit import NAMED_IN_IMPORT
from proxenia.store.bulk import insert_rows, present_ids
from proxenia.store.columns import utcnow
from proxenia.store.tables import changes

_NOT_LOGGED = {"created_at", "updated_at", "name_folded"}


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a row value for the audit trail and exports."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: jsonable(v) for k, v in row.items() if k not in _NOT_LOGGED}


class ChangeLog:
    """Writes the audit trail. Nothing in the product updates or deletes these rows."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def record(
        self,
        viewer: Viewer,
        *,
        kind: str,
        record_id: uuid.UUID | None,
        action: str,
        tenant_id: uuid.UUID | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        summary: str | None = None,
    ) -> None:
        self.conn.execute(
            insert(changes).values(
                at=utcnow(),
                user_id=viewer.user_id,
                username=viewer.label,
                tenant_id=tenant_id,
                record_kind=kind,
                record_id=record_id,
                action=action,
                summary=summary,
                before=jsonable(before) if before is not None else None,
                after=jsonable(after) if after is not None else None,
            )
        )


@functools.lru_cache(maxsize=64)
def _row_statement(table: Table, mode: str) -> Any:
    return select(table).where(table.c.id == bindparam("record_id", type_=Uuid()), readable_template(table, mode))


def check_text(values: Mapping[str, Any]) -> None:
    """NUL bytes are never text (and PostgreSQL refuses them): refuse them naming the field, also inside
    the JSON a field holds, where ``NaN`` and infinities are refused too (JSON has no such numbers:
    PostgreSQL refuses them, SQLite would keep what no reader can parse)."""
    for key, value in values.items():
        if isinstance(value, str):
            if "\x00" in value:
                raise InvalidInput(Problem("contains a NUL byte", column=key))
        elif isinstance(value, Mapping | list | tuple | float):
            flaw = json_flaw(value)
            if flaw:
                raise InvalidInput(Problem(flaw, column=key))


class RecordRepository:
    """Base for repositories of owned records (every table with tenant_id, visibility, version)."""

    table: ClassVar[Table]
    kind: ClassVar[str]

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.log = ChangeLog(conn)

    # -- reads ----------------------------------------------------------------------------------
    def _row(self, viewer: Viewer, record_id: uuid.UUID) -> Row[Any]:
        statement = _row_statement(self.table, viewer_mode(viewer))
        row = self.conn.execute(statement, {"record_id": record_id, **viewer_params(viewer)}).first()
        if row is None:
            raise raise_not_readable(f"{self.kind.capitalize()} {record_id}")
        return row

    def existing_ids(self, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these ids are taken at all (any tenant): keeps loads idempotent and ids unique."""
        return present_ids(self.conn, self.table, ids)

    def readable_ids(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these ids the viewer may read, in as few queries as the list needs."""
        found: set[uuid.UUID] = set()
        for batch in chunks(set(ids), 5000):
            found.update(
                self.conn.scalars(
                    select(self.table.c.id).where(self.table.c.id.in_(batch), readable(self.table, viewer))
                )
            )
        return found

    def exists(self, viewer: Viewer, record_id: uuid.UUID) -> bool:
        found = self.conn.execute(
            select(self.table.c.id).where(self.table.c.id == record_id, readable(self.table, viewer))
        ).first()
        return found is not None

    # -- writes ---------------------------------------------------------------------------------
    def _insert(self, viewer: Viewer, values: dict[str, Any], *, summary: str | None = None) -> dict[str, Any]:
        check_can_write(viewer, values["tenant_id"], f"this {self.kind}")
        check_text(values)
        now = utcnow()
        values = {"version": 1, "created_at": now, "updated_at": now, **values}
        self.conn.execute(insert(self.table).values(**values))
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=values["id"],
            action="create",
            tenant_id=values["tenant_id"],
            after=snapshot(values),
            summary=summary,
        )
        return values

    def _update(
        self, viewer: Viewer, record_id: uuid.UUID, expected_version: int | None, changes_: Mapping[str, Any]
    ) -> dict[str, Any]:
        before = dict(self._row(viewer, record_id)._mapping)
        check_can_write(viewer, before["tenant_id"], f"this {self.kind}")
        if expected_version is not None and expected_version != before["version"]:
            raise Conflict(
                f"{self.kind.capitalize()} {record_id} was changed by someone else (you edited version "
                f"{expected_version}, it is now at version {before['version']}); reload it and apply your change again"
            )
        check_text(changes_)
        values = {k: v for k, v in changes_.items() if before.get(k) != v}
        if not values:
            return before
        values["version"] = before["version"] + 1
        values["updated_at"] = utcnow()
        result = self.conn.execute(
            update(self.table)
            .where(self.table.c.id == record_id, self.table.c.version == before["version"])
            .values(**values)
        )
        if result.rowcount != 1:
            raise Conflict(f"{self.kind.capitalize()} {record_id} was changed at the same time; reload and retry")
        after = {**before, **values}
        changed = [k for k in values if k not in _NOT_LOGGED and k != "version"]
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=record_id,
            action="update",
            tenant_id=before["tenant_id"],
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
        )
        return after

    def _delete(self, viewer: Viewer, record_id: uuid.UUID, expected_version: int | None = None) -> None:
        before = dict(self._row(viewer, record_id)._mapping)
        check_can_write(viewer, before["tenant_id"], f"this {self.kind}")
        if expected_version is not None and expected_version != before["version"]:
            raise Conflict(f"{self.kind.capitalize()} {record_id} changed since you loaded it; reload before deleting")
        self.conn.execute(sql_delete(self.table).where(self.table.c.id == record_id))
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=record_id,
            action="delete",
            tenant_id=before["tenant_id"],
            before=snapshot(before),
        )

    def _insert_many(
        self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str, table: Table | None = None
    ) -> int:
        """Bulk insert through the driver's executemany, with one audit entry for the batch."""
        if not rows:
            return 0
        target = table if table is not None else self.table
        tenants = {r["tenant_id"] for r in rows if "tenant_id" in r}
        for tenant_id in tenants:
            check_can_write(viewer, tenant_id, f"records of tenant {tenant_id}")
        now = utcnow()
        if "tenant_id" in target.c:
            for r in rows:
                r.setdefault("version", 1)
                r.setdefault("created_at", now)
                r.setdefault("updated_at", now)
        insert_rows(self.conn, target, rows)
        for tenant_id in tenants or {None}:
            theirs = [r for r in rows if r.get("tenant_id") == tenant_id]
            count = len(theirs)
            self.log.record(
                viewer,
                kind=self.kind,
                record_id=None,
                action="import",
                tenant_id=tenant_id,
                summary=f"{summary}: {count} {target.name}",
                after={"count": count, "first_ids": [str(r["id"]) for r in theirs[:NAMED_IN_IMPORT] if "id" in r]},
            )
        return len(rows)


def chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
