"""Bulk reads of the tie graph for the in-memory index of public ties (``analytics/graph_index.py``): the
whole public graph, the viewer's other readable ties, and which actors the audit trail says changed since
the index was read, so that it is brought up to date by re-reading their ties only."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.actors import IN_CHUNK, ActorRepository
from proxenia.store.audit import TrailMark, changes_since, last_changes, trail_mark
from proxenia.store.bulk import driver_batches
from proxenia.store.columns import hex_id
from proxenia.store.records import chunks
from proxenia.store.tables import actors, ties
from proxenia.store.ties import SOURCE_END, TARGET_END, TieRepository

EdgeRow = tuple[str, str, str, str]  # (tie, source, target, type code), ids as 32 hexadecimal characters
GRAPH_KINDS = frozenset({ActorRepository.kind, TieRepository.kind})
#: Image fields of an actor's or a tie's change that name an actor whose ties it may have moved.
_ENDS = ("source_id", "target_id", "merged_into")


@dataclass
class GraphChanges:
    """The actors whose public ties may differ from the graph read at a mark."""

    mark: TrailMark
    actors: set[uuid.UUID] = field(default_factory=set)
    wide: bool = False  # a bulk import (no record named), or too many changes: read the whole graph again


class GraphReader:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def generation(self) -> tuple[int, ...]:
        """Moves with every change of an actor or a tie (their visibility included, a merge logged as the
        actor's): the index is brought up to date when it moves, not when an engagement or a practice is
        written."""
        return last_changes(self.conn, GRAPH_KINDS)

    def mark(self) -> TrailMark:
        """Where the trail stands, read before the graph itself (a change in between is replayed: harmless)."""
        return trail_mark(self.conn, GRAPH_KINDS)

    def changes_since(self, mark: TrailMark, *, limit: int = 2_000) -> GraphChanges:
        """The actor and tie changes logged after ``mark`` (and those behind it not yet seen): the actors
        changed, and both ends of every tie changed, before and after the change."""
        since = changes_since(self.conn, mark, GRAPH_KINDS, limit=limit)
        found = GraphChanges(since.mark, wide=since.overflow)
        tie_ids: set[uuid.UUID] = set()
        for row in since.rows:
            if row.record_id is None:
                found.wide = True  # a bulk import: the records are not named
            elif row.kind == ActorRepository.kind:
                found.actors.add(row.record_id)
            else:
                tie_ids.add(row.record_id)
            for image in (row.before, row.after):
                for key in _ENDS:
                    value = (image or {}).get(key)
                    if value:
                        found.actors.add(uuid.UUID(str(value)))
        for batch in chunks(sorted(tie_ids, key=str), IN_CHUNK):  # their ends now (an image may lack them)
            for row in self.conn.execute(select(ties.c.source_id, ties.c.target_id).where(ties.c.id.in_(batch))):
                found.actors.update(row)
        return found

    def public_edges(self) -> Iterable[EdgeRow]:
        """(tie, source, target, type) of every public tie whose both ends are public actors, ids as hex:
        the public actors read first, then the public ties streamed from the driver and kept when both
        ends are public (no join, no ``UUID`` objects: a million ties in seconds)."""
        h = functools.partial(hex_id, self.conn)
        public = set(self.conn.scalars(select(h(actors.c.id)).where(actors.c.visibility == "public")))
        query = select(h(ties.c.id), h(ties.c.source_id), h(ties.c.target_id), ties.c.type_code).where(
            ties.c.visibility == "public")
        for row in driver_batches(self.conn, query):
            if row[1] in public and row[2] in public:
                yield row[0], row[1], row[2], row[3]

    def public_edges_of(self, actor_ids: Iterable[uuid.UUID]) -> list[EdgeRow]:
        """The public edges (as ``public_edges``) with an end among ``actor_ids``."""
        found: dict[str, EdgeRow] = {}
        for batch in chunks(sorted(set(actor_ids), key=str), IN_CHUNK):
            query = self._edges(ties.c.visibility == "public", SOURCE_END.c.visibility == "public",
                                TARGET_END.c.visibility == "public",
                                or_(ties.c.source_id.in_(batch), ties.c.target_id.in_(batch)))
            for row in self.conn.execute(query):
                found[row[0]] = (row[0], row[1], row[2], row[3])
        return list(found.values())

    def extra_edges(self, viewer: Viewer) -> list[EdgeRow]:
        """The viewer's readable ties that the public index lacks (non-public tie or end), ids as hex."""
        if viewer.is_anonymous:
            return []
        source, target = SOURCE_END, TARGET_END
        query = self._edges(
            readable(ties, viewer), readable(source, viewer), readable(target, viewer),
            or_(ties.c.visibility != "public", source.c.visibility != "public", target.c.visibility != "public"),
        )
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(query)]

    def _edges(self, *where: Any) -> Any:
        h = functools.partial(hex_id, self.conn)
        source, target = SOURCE_END, TARGET_END
        return (
            select(h(ties.c.id), h(ties.c.source_id), h(ties.c.target_id), ties.c.type_code)
            .join(source, source.c.id == ties.c.source_id)
            .join(target, target.c.id == ties.c.target_id)
            .where(*where)
        )
