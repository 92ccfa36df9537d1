"""Ids read as 32 hex digits and made ``uuid.UUID`` objects once each.

SQLAlchemy's ``Uuid`` type builds a new ``uuid.UUID`` for every id of every row it reads (a few
microseconds each: a download of 100,000 engagements read 800,000 of them, a quarter of its time). A read
that meets the same ids again and again (the tenant, the departments, the counterparts) or already holds
them (the ids it asked for) selects them with :func:`hex_key` and converts them through a
:class:`UuidMemo`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, String, cast, func, type_coerce


def hex_key(conn: Any, column: Any) -> ColumnElement[str]:
    """An id column as 32 hex digits (SQLite stores them so; PostgreSQL has a uuid type): read without
    making a ``uuid.UUID`` of each."""
    if conn.dialect.name == "postgresql":
        return func.replace(cast(column, String), "-", "")
    return type_coerce(column, String)


class UuidMemo:
    """Turns 32 hex digits into the one ``uuid.UUID`` for them, making each id at most once.

    ``known`` ids (those a read asked for) are handed back as the very objects given. The memo grows with
    the distinct ids it meets: keep one per read or per download, not for the life of a process."""

    def __init__(self, known: Iterable[uuid.UUID] = ()) -> None:
        self._made: dict[str, uuid.UUID] = {}
        self.know(known)

    def know(self, ids: Iterable[uuid.UUID]) -> None:
        self._made.update((i.hex, i) for i in ids)

    def __call__(self, digits: str) -> uuid.UUID:
        made = self._made.get(digits)
        if made is None:
            made = self._made[digits] = uuid.UUID(hex=digits)
        return made

    def maybe(self, digits: str | None) -> uuid.UUID | None:
        return None if digits is None else self(digits)

    def __len__(self) -> int:
        return len(self._made)
