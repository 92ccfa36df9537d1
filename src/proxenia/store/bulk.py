"""Bulk writes and id lookups through the driver's executemany, with SQLAlchemy's type conversion
applied once per column rather than once per value (the per-row path costs more than the insert)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, Uuid, insert

BATCH = 20_000
IN_BATCH = 900  # below every driver's parameter limit


def _memoised(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Most bulk rows share timestamps and empty attributes: convert each distinct value once."""
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        key = "{}" if value == {} else value if not isinstance(value, dict | list) else None
        if key is None:
            return process(value)
        if key not in memo:
            if len(memo) > 10_000:
                memo.clear()
            memo[key] = process(value)
        return memo[key]

    return convert


def _uuid_hex(value: Any) -> Any:
    return value.hex if isinstance(value, uuid.UUID) else value


def _processors(conn: Connection, table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    dialect = conn.dialect
    out: list[Callable[[Any], Any] | None] = []
    for name in columns:
        column_type = table.c[name].type
        process: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None and isinstance(column_type, Uuid) and dialect.name == "sqlite":
            process = _uuid_hex  # what SQLAlchemy's processor does for SQLite, without its per-value checks
        elif process is not None and column_type.__class__.__name__ in ("DateTime", "JSON", "Variant"):
            process = _memoised(process)
        out.append(process)
    return out


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert dict rows (all with the same keys) with one compiled statement and driver-level executemany."""
    if not rows:
        return 0
    columns = list(rows[0].keys())
    statement = insert(table).compile(dialect=conn.dialect, column_keys=columns)
    processors = _processors(conn, table, columns)
    positional = conn.dialect.positional
    names = statement.positiontup if positional else None
    order = [columns.index(n) for n in names] if names else None
    cursor = conn.connection.cursor()
    try:
        for start in range(0, len(rows), BATCH):
            batch: list[Any] = []
            for row in rows[start : start + BATCH]:
                values = [row[c] for c in columns]
                converted = [
                    p(v) if p is not None and v is not None else v for p, v in zip(processors, values, strict=True)
                ]
                if positional:
                    batch.append(tuple(converted[i] for i in order) if order else tuple(converted))
                else:
                    batch.append(dict(zip(columns, converted, strict=True)))
            cursor.executemany(str(statement), batch)
    finally:
        cursor.close()
    return len(rows)


def present_ids(conn: Connection, table: Table, ids: Iterable[uuid.UUID], where_sql: str = "") -> set[uuid.UUID]:
    """Which of ``ids`` are in ``table`` (optionally under an extra raw SQL condition), in batches."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    processor = _processors(conn, table, ["id"])[0]
    found: set[uuid.UUID] = set()
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.cursor()
    try:
        for start in range(0, len(wanted), IN_BATCH):
            batch = wanted[start : start + IN_BATCH]
            params = [processor(i) if processor else i for i in batch]
            sql = f"SELECT id FROM {table.name} WHERE id IN ({', '.join([marker] * len(batch))}){where_sql}"
            cursor.execute(sql, params)
            raw = {r[0] for r in cursor.fetchall()}
            found.update(i for i, p in zip(batch, params, strict=True) if p in raw or i in raw)
    finally:
        cursor.close()
    return found
