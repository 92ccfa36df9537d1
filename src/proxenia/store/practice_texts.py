"""What the in-memory word index of practices reads: the documents stamp (moved by triggers on any write),
every practice's document once, then only the documents changed or deleted since a stamp (the triggers
number each change with the stamp), and per query which of its best matches a viewer may read.

Index maintenance reads the whole installation's documents; a ranking only ever reaches a viewer through
``readable_among``, so the permission filter stays here, in the store.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Uuid, and_, column, select, table

from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.store.hex_ids import hex_key
from proxenia.store.practice_queries import filter_conditions
from proxenia.store.practice_vectors import index_stamps
from proxenia.store.records import chunks
from proxenia.store.tables import practice_search, practices

IN_CHUNK = 5000


#: Kept by triggers (migration 0009), outside the MetaData: the latest change of each practice's document.
practice_search_changes = table(
    "practice_search_changes", column("practice_id", Uuid()), column("change", BigInteger())
)


@dataclass(frozen=True)
class DocumentsStamp:
    """Where the store's documents stand: ``change`` moves with every write or deletion of one (changes are
    numbered by it); ``epoch`` differs between databases made apart, whose numbers are not comparable."""

    epoch: int
    change: int


class PracticeTexts:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def stamp(self) -> DocumentsStamp:
        """Moves whenever any practice's document is written or deleted (any process, any writer)."""
        rows = index_stamps(self.conn)
        return DocumentsStamp(rows.get("documents_epoch", 0), rows.get("documents", 0))

    def documents(self) -> list[tuple[str, str]]:
        """(id as 32 hex digits, document) of every practice of the installation."""
        key = hex_key(self.conn, practice_search.c.practice_id)
        return [(k, doc) for k, doc in self.conn.execute(select(key, practice_search.c.document))]

    def changes_since(self, change: int) -> list[tuple[str, int, str | None]]:
        """(id as 32 hex digits, change, document) of every practice whose document was written or deleted
        since ``change`` (through the index on the change numbers: as many rows as changed documents). A
        deleted document reads None. Whoever sees a change numbered N sees every change numbered below N."""
        changed, search = practice_search_changes, practice_search
        query = (
            select(hex_key(self.conn, changed.c.practice_id), changed.c.change, search.c.document)
            .select_from(changed.outerjoin(search, search.c.practice_id == changed.c.practice_id))
            .where(changed.c.change > change)
        )
        return [(k, int(n), doc) for k, n, doc in self.conn.execute(query)]

    def readable_among(
        self, viewer: Viewer, ids: Sequence[uuid.UUID], f: PracticeFilter | None = None
    ) -> set[uuid.UUID]:
        """Those of ``ids`` the viewer may read (and the filter keeps, its text query aside)."""
        where = filter_conditions(viewer, f or PracticeFilter())
        found: set[uuid.UUID] = set()
        for batch in chunks(list(ids), IN_CHUNK):
            found.update(self.conn.scalars(select(practices.c.id).where(practices.c.id.in_(batch), and_(*where))))
        return found
