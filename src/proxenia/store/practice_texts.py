"""What the in-memory word index of practices reads: the documents stamp (moved by triggers on any write),
every practice's document digest (to see which documents changed since the index last looked), the
documents themselves for those only, and per query which of its best matches a viewer may read.

Index maintenance reads the whole installation's documents; a ranking only ever reaches a viewer through
``readable_among``, so the permission filter stays here, in the store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, select

from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.store.practice_queries import filter_conditions
from proxenia.store.practice_vectors import PracticeVectors, hex_key
from proxenia.store.records import chunks
from proxenia.store.tables import practice_search, practices

IN_CHUNK = 5000


class PracticeTexts:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def stamp(self) -> int:
        """Moves whenever any practice's document is written or deleted (any process, any writer)."""
        return PracticeVectors(self.conn).stamps()[0]

    def digests(self) -> dict[str, str]:
        """Every practice's id (32 hex digits) -> the digest of its document, for the whole installation."""
        key = hex_key(self.conn, practice_search.c.practice_id)
        return dict(self.conn.execute(select(key, practice_search.c.digest)).all())

    def documents(self, keys: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """(id as 32 hex digits, digest, document) of these practices (of every practice when None)."""
        key = hex_key(self.conn, practice_search.c.practice_id)
        query = select(key, practice_search.c.digest, practice_search.c.document)
        if keys is None:
            return [(k, d, doc) for k, d, doc in self.conn.execute(query)]
        out: list[tuple[str, str, str]] = []
        for batch in chunks({uuid.UUID(hex=k) for k in keys}, IN_CHUNK):
            rows = self.conn.execute(query.where(practice_search.c.practice_id.in_(batch)))
            out.extend((k, d, doc) for k, d, doc in rows)
        return out

    def readable_among(
        self, viewer: Viewer, ids: Sequence[uuid.UUID], f: PracticeFilter | None = None
    ) -> set[uuid.UUID]:
        """Those of ``ids`` the viewer may read (and the filter keeps, its text query aside)."""
        where = filter_conditions(viewer, f or PracticeFilter())
        found: set[uuid.UUID] = set()
        for batch in chunks(list(ids), IN_CHUNK):
            found.update(self.conn.scalars(select(practices.c.id).where(practices.c.id.in_(batch), and_(*where))))
        return found
