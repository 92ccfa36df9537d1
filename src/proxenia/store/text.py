"""Dialect differences for text matching: prefix search on folded names, LIKE escaping."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection
from sqlalchemy.sql.elements import ColumnClause

_TOP = "\U0010ffff"


def prefix_match(conn: Connection, column: ColumnClause[str] | ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, written so that each dialect uses its index.

    SQLite compares strings by code point, so a half-open range hits the plain index; PostgreSQL
    uses LIKE with a ``text_pattern_ops`` index, whatever the database's collation.
    """
    if conn.dialect.name == "sqlite":
        return (column >= prefix) & (column < prefix + _TOP)
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")
