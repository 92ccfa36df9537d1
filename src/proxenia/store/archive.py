"""Whole tables as JSON lines: backups of an installation, and a tenant's archive of what it owns.

Generic over the MetaData, so every record kind added later is carried without new code: a table
with a ``tenant_id`` belongs to that tenant; a table without one follows its owned parent rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, ForeignKey, LargeBinary, Table, Uuid, select, text

from proxenia.store.bulk import insert_rows, present_ids
from proxenia.store.tables import metadata

#: Installation-specific tables that never travel in a tenant's archive (secrets, sign-in state).
NOT_IN_ARCHIVES = {"sessions", "api_tokens", "login_attempts", "users", "user_departments", "reference_loads"}
APPEND_ONLY = {"changes"}


def tables_in_order() -> list[Table]:
    return list(metadata.sorted_tables)


def encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):  # a day (engagement dates, deadlines)
        return value.isoformat()
    if isinstance(value, bytes):  # stored vectors
        return base64.b64encode(value).decode("ascii")
    return value


def decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        column = table.c[name]
        if value is None:
            out[name] = None
        elif isinstance(column.type, Uuid):
            out[name] = uuid.UUID(value)
        elif isinstance(column.type, DateTime):
            out[name] = dt.datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            out[name] = dt.date.fromisoformat(value)
        elif isinstance(column.type, LargeBinary):
            out[name] = base64.b64decode(value)
        elif isinstance(column.type, Boolean):
            out[name] = bool(value)
        else:
            out[name] = value
    return out


def _ordered(table: Table) -> Any:
    keys = list(table.primary_key.columns) or list(table.c)
    return select(table).order_by(*keys)


def dump_table(conn: Connection, table: Table, where: Any = None) -> Iterator[str]:
    query = _ordered(table)
    if where is not None:
        query = query.where(where)
    for row in conn.execute(query.execution_options(yield_per=10_000)):
        yield json.dumps({k: encode(v) for k, v in row._mapping.items()}, ensure_ascii=False, sort_keys=True)


def tenant_scope(table: Table, tenant_id: uuid.UUID, owned: dict[str, set[uuid.UUID]]) -> Any:
    """The rows of ``table`` a tenant's archive carries, or None when the table does not travel."""
    if table.name in NOT_IN_ARCHIVES:
        return None
    if "tenant_id" in table.c:
        if table.name == "tenants":
            return None
        return table.c.tenant_id == tenant_id
    for column in table.c:
        for fk in column.foreign_keys:
            parent = fk.column.table.name
            if parent in owned and parent != "tenants":
                return column.in_(owned[parent]) if owned[parent] else text("1 = 0")
    return None


def owned_ids(conn: Connection, table: Table, where: Any) -> set[uuid.UUID]:
    if "id" not in table.c or not isinstance(table.c.id.type, Uuid):
        return set()
    return set(conn.scalars(select(table.c.id).where(where)))


def is_empty(conn: Connection) -> bool:
    from proxenia.store.tables import actors, tenants

    return conn.scalar(select(actors.c.id).limit(1)) is None and conn.scalar(select(tenants.c.id).limit(1)) is None


def read_rows(table: Table, lines: Iterable[str]) -> list[dict[str, Any]]:
    return [decode(table, json.loads(line)) for line in lines if line.strip()]


def load_rows(conn: Connection, table: Table, rows: list[dict[str, Any]], *, skip_existing: bool) -> int:
    """Insert archived rows; with ``skip_existing`` rows whose id is taken are left alone and
    append-only logs get fresh integer ids (they join the target installation's own history)."""
    if skip_existing and "id" in table.c and isinstance(table.c.id.type, Uuid):
        taken = present_ids(conn, table, [r["id"] for r in rows])
        rows = [r for r in rows if r["id"] not in taken]
    if skip_existing and table.name in APPEND_ONLY:
        rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
    if not rows:
        return 0
    rows = _parents_first(table, rows)
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in rows:
        by_keys.setdefault(tuple(r), []).append(r)
    for group in by_keys.values():
        insert_rows(conn, table, group)
    return len(rows)


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a self-referencing table (actors.parent_id) ordered so that parents are inserted first."""
    self_refs = [c.name for c in table.c for fk in c.foreign_keys if fk.column.table is table]
    if not self_refs or "id" not in table.c:
        return rows
    by_id = {r["id"]: r for r in rows}
    depth: dict[Any, int] = {}

    def depth_of(row: dict[str, Any]) -> int:
        seen = 0
        current = row
        while seen < 50:
            parent = next((current[c] for c in self_refs if current.get(c) in by_id), None)
            if parent is None:
                break
            if parent in depth:
                seen += depth[parent] + 1
                break
            current = by_id[parent]
            seen += 1
        return seen

    for row in rows:
        depth[row["id"]] = depth_of(row)
    return sorted(rows, key=lambda r: depth[r["id"]])


def reset_sequences(conn: Connection) -> None:
    """After restoring explicit integer ids on PostgreSQL, move the sequences past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables_in_order():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.type.python_type is int and column.autoincrement == "auto"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                )


def missing_references(
    conn: Connection, table: Table, rows: list[dict[str, Any]], incoming: dict[str, set[uuid.UUID]]
) -> list[str]:
    """Foreign keys of incoming rows that point to nothing, neither in the database nor in the archive."""
    problems: list[str] = []
    for column in table.c:
        fk: ForeignKey | None = next(iter(column.foreign_keys), None)
        if fk is None or not isinstance(column.type, Uuid):
            continue
        parent = fk.column.table
        wanted = {r[column.name] for r in rows if r.get(column.name) is not None}
        wanted -= incoming.get(parent.name, set())
        found = present_ids(conn, parent, wanted) if "id" in parent.c and fk.column.name == "id" else wanted
        for value in sorted(wanted - found, key=str)[:20]:
            problems.append(f"{table.name}.{column.name} points to {parent.name} {value}, which is not here")
    return problems
