"""Column helpers shared by every table: ids, ownership, versions, timestamps, JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text, Uuid, cast, func, type_coerce
from sqlalchemy.dialects.postgresql import JSONB

#: JSON that is JSONB on PostgreSQL and text on SQLite.
JsonType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def id_column() -> Column[Any]:
    return Column("id", Uuid(), primary_key=True)


def ownership_columns(table: str) -> list[Column[Any]]:
    """Every record carries its owner tenant, its sharing level and an optimistic-lock version."""
    return [
        Column("tenant_id", Uuid(), ForeignKey("tenants.id"), nullable=False, index=True),
        Column("visibility", String(16), nullable=False),
        Column("version", Integer, nullable=False, default=1),
        Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
        Column("updated_at", DateTime(timezone=True), nullable=False, default=utcnow),
    ]


def hex_id(conn: Any, column: Any) -> Any:
    """A uuid column read as 32 hexadecimal characters, without building ``UUID`` objects (SQLite stores
    exactly that; PostgreSQL's text form loses its dashes)."""
    if conn.dialect.name == "sqlite":
        return type_coerce(column, String())
    return func.replace(cast(column, Text), "-", "")
