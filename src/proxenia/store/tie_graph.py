"""Bulk reads of the tie graph for the in-memory index of public ties (``analytics/graph_index.py``): the
whole public graph, the viewer's other readable ties, and which actors the audit trail says changed since
the index was read, so that it is brought up to date by re-reading their ties only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.actors import IN_CHUNK, ActorRepository
from proxenia.store.audit import LATE_COMMIT_WINDOW, last_change_id, last_changes
from proxenia.store.records import chunks
from proxenia.store.tables import changes, ties
from proxenia.store.ties import SOURCE_END, TARGET_END, TieRepository

EdgeRow = tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]  # (tie, source, target, type code)
GRAPH_KINDS = frozenset({ActorRepository.kind, TieRepository.kind})
#: Image fields of an actor's or a tie's change that name an actor whose ties it may have moved.
_ENDS = ("source_id", "target_id", "merged_into")


@dataclass(frozen=True)
class TrailMark:
    """Where the audit trail stood when the graph was read: its last change, and the actor and tie
    changes just behind it already seen (a PostgreSQL transaction may commit a lower number later)."""

    last_id: int
    seen: frozenset[int] = frozenset()


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
        last = last_change_id(self.conn)
        return TrailMark(last, frozenset(self._behind(last)))

    def changes_since(self, mark: TrailMark, *, limit: int = 2_000) -> GraphChanges:
        """The actor and tie changes logged after ``mark`` (and those behind it not yet seen): the actors
        changed, and both ends of every tie changed, before and after the change."""
        rows = self.conn.execute(
            select(changes.c.id, changes.c.record_kind, changes.c.record_id, changes.c.before, changes.c.after)
            .where(changes.c.record_kind.in_(sorted(GRAPH_KINDS)), changes.c.id > mark.last_id - LATE_COMMIT_WINDOW)
            .order_by(changes.c.id)
            .limit(limit + LATE_COMMIT_WINDOW + 1)
        ).all()
        fresh = [r for r in rows if r[0] not in mark.seen and r[0] > 0]
        last = max([mark.last_id, *(r[0] for r in rows)])
        found = GraphChanges(TrailMark(last, frozenset(r[0] for r in rows if r[0] > last - LATE_COMMIT_WINDOW)))
        found.wide = len(fresh) > limit
        tie_ids: set[uuid.UUID] = set()
        for _, kind, record_id, before, after in fresh:
            if record_id is None:
                found.wide = True
            elif kind == ActorRepository.kind:
                found.actors.add(record_id)
            else:
                tie_ids.add(record_id)
            for image in (before, after):
                for key in _ENDS:
                    value = (image or {}).get(key)
                    if value:
                        found.actors.add(uuid.UUID(str(value)))
        for batch in chunks(sorted(tie_ids, key=str), IN_CHUNK):  # their ends now (an image may lack them)
            for row in self.conn.execute(select(ties.c.source_id, ties.c.target_id).where(ties.c.id.in_(batch))):
                found.actors.update(row)
        return found

    def _behind(self, last: int) -> list[int]:
        return list(
            self.conn.scalars(
                select(changes.c.id).where(
                    changes.c.record_kind.in_(sorted(GRAPH_KINDS)), changes.c.id > last - LATE_COMMIT_WINDOW
                )
            )
        )

    def public_edges(self) -> Iterable[EdgeRow]:
        """(tie, source, target, type) of every public tie whose both ends are public actors."""
        for row in self.conn.execute(self._public().execution_options(yield_per=20_000)):
            yield row[0], row[1], row[2], row[3]

    def public_edges_of(self, actor_ids: Iterable[uuid.UUID]) -> list[EdgeRow]:
        """The public edges (as ``public_edges``) with an end among ``actor_ids``."""
        found: dict[uuid.UUID, EdgeRow] = {}
        for batch in chunks(sorted(set(actor_ids), key=str), IN_CHUNK):
            query = self._public().where(or_(ties.c.source_id.in_(batch), ties.c.target_id.in_(batch)))
            for row in self.conn.execute(query):
                found[row[0]] = (row[0], row[1], row[2], row[3])
        return list(found.values())

    @staticmethod
    def _public() -> Any:
        source, target = SOURCE_END, TARGET_END
        return (
            select(ties.c.id, ties.c.source_id, ties.c.target_id, ties.c.type_code)
            .join(source, source.c.id == ties.c.source_id)
            .join(target, target.c.id == ties.c.target_id)
            .where(ties.c.visibility == "public", source.c.visibility == "public", target.c.visibility == "public")
        )

    def extra_edges(self, viewer: Viewer) -> list[EdgeRow]:
        """The viewer's readable ties that the public index lacks (non-public tie or end)."""
        if viewer.is_anonymous:
            return []
        source, target = SOURCE_END, TARGET_END
        query = (
            select(ties.c.id, ties.c.source_id, ties.c.target_id, ties.c.type_code)
            .join(source, source.c.id == ties.c.source_id)
            .join(target, target.c.id == ties.c.target_id)
            .where(readable(ties, viewer), readable(source, viewer), readable(target, viewer))
            .where(or_(ties.c.visibility != "public", source.c.visibility != "public", target.c.visibility != "public"))
        )
        return [(r[0], r[1], r[2], r[3]) for r in self.conn.execute(query)]
