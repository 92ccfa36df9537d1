"""Bulk writes and id lookups through the driver's executemany, with SQLAlchemy's type conversion
applied once per column rather than once per value (the per-row path costs more than the insert); bulk
reads straight from the driver's cursor."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def _convert(process: Callable[[Any], Any] | None, column: list[Any]) -> list[Any]:
    if process is None:
        return column
    if process is _uuid_hex:
        # Bulk rows repeat the same UUID objects (tie ends, tenants): convert each object once, keyed by
        # identity (hashing a UUID runs Python code); ``seen`` keeps the objects alive while keyed.
        seen: dict[int, tuple[Any, Any]] = {}
        out = []
        for v in column:
            hit = seen.get(id(v))
            if hit is None:
                hit = seen[id(v)] = (v, v.hex if isinstance(v, uuid.UUID) else v)
            out.append(hit[1])
        return out
    return [process(v) if v is not None else None for v in column]


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
            chunk = rows[start : start + BATCH]
            # Column by column: one conversion loop per column, and the driver's tuples built by zip in C.
            values = [_convert(p, [row[c] for row in chunk]) for c, p in zip(columns, processors, strict=True)]
            ordered = [values[i] for i in order] if order else values
            tuples = list(zip(*ordered, strict=True))
            if positional:
                cursor.executemany(str(statement), tuples)
            else:
                cursor.executemany(str(statement), [dict(zip(columns, t, strict=True)) for t in tuples])
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


def driver_rows(conn: Any, statement: Any) -> list[tuple[Any, ...]]:
    """Rows as the driver returns them, for reads of hundreds of thousands of rows: the statement is built
    (permission filter included) and compiled by SQLAlchemy with its typed values (ids, dates) rendered
    inline, then run on the driver's cursor, skipping the per-row ``Row`` objects."""
    sql = str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def driver_batches(conn: Any, statement: Any, size: int = BATCH) -> Iterator[tuple[Any, ...]]:
    """As ``driver_rows``, streamed ``size`` rows at a time (a million rows never held at once)."""
    sql = str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(size):
            yield from rows
    finally:
        cursor.close()
