"""Finding practices: full-text search with filters (the dialect's ranking), the curation queue, and
the rows the recommender and the semantic index need. Every query applies ``practice_readable``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, literal, select

from proxenia.domain.practices import EvidenceLevel, PracticeFilter, PracticeStatus, PracticeTraits
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.bulk import insert_rows
from proxenia.store.fulltext import Mode, best_matches, matching
from proxenia.store.practices import PracticeRepository, practice_readable
from proxenia.store.records import chunks
from proxenia.store.tables import (
    actors,
    adoptions,
    practice_areas,
    practice_embeddings,
    practice_search,
    practices,
)

IN_CHUNK = 5000
#: A page of ranked matches first keeps this many times as many of the best matches as it needs (then
#: this many times more while too few of them are readable), for pages ending at PREFIX_PAGE_LIMIT
#: (further ones rank every match).
PREFIX_FACTOR = 4
PREFIX_PAGE_LIMIT = 1000
#: The widest window of best matches filtered before ranking every match instead.
WIDEST_WINDOW = 16 * PREFIX_PAGE_LIMIT
_TRAITS = (practices.c.id, practices.c.title, practices.c.originator_id, practices.c.evidence_level)


def filter_conditions(viewer: Viewer, f: PracticeFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [practice_readable(viewer)]
    if f.statuses:
        where.append(practices.c.status.in_([s.value for s in f.statuses]))
    if f.policy_areas:
        # EXISTS: one primary-key probe per practice read, instead of collecting every practice of the areas
        in_areas = (practice_areas.c.practice_id == practices.c.id) & practice_areas.c.area_code.in_(f.policy_areas)
        where.append(exists().where(in_areas))
    if f.originator_id is not None:
        where.append(practices.c.originator_id == f.originator_id)
    if f.country_code:
        where.append(
            practices.c.originator_id.in_(select(actors.c.id).where(actors.c.country_code == f.country_code.upper()))
        )
    if f.evidence_levels:
        where.append(practices.c.evidence_level.in_([e.value for e in f.evidence_levels]))
    if f.tenant_id is not None:
        where.append(practices.c.tenant_id == f.tenant_id)
    if f.source:
        where.append(practices.c.attributes["dataset"].as_string() == f.source)
    return where


class PracticeQuery:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def search(
        self,
        viewer: Viewer,
        f: PracticeFilter,
        *,
        limit: int = 20,
        offset: int = 0,
        mode: Mode = "all",
        count: bool = True,
    ) -> tuple[list[tuple[uuid.UUID, float]], int]:
        """(practice id, rank) pairs of one page, best first, and the total; rank 0 without a query.

        ``count=False`` skips counting every match (a second full search): the total is then -1."""
        where = filter_conditions(viewer, f)
        if not f.query.strip():
            base = select(practices.c.id, literal(0.0).label("rank")).where(and_(*where))
            order = [practices.c.created_at.desc(), practices.c.title, practices.c.id]
            return self._page(base, order, limit, offset), self._count(base) if count else -1
        if matching(self.conn, f.query, mode) is None:
            return [], 0  # only common words: nothing to look for
        total = self._count(self._ranked(f.query, mode, where)[0]) if count else -1
        return self._ranked_page(f.query, mode, where, limit, offset, total), total

    def _ranked(self, query: str, mode: Mode, where: list[ColumnElement[bool]]) -> tuple[Any, list[Any]]:
        """Every readable match, ranked (a full-text ranking of the whole library)."""
        ranked = matching(self.conn, query, mode)
        if ranked is None:
            raise ValueError("a query without words has no ranking")
        hits = ranked.subquery("hits")
        base = select(practices.c.id, hits.c.rank).join(hits, hits.c.practice_id == practices.c.id)
        return base.where(and_(*where)), [hits.c.rank.desc(), practices.c.title, practices.c.id]

    def _ranked_page(
        self, query: str, mode: Mode, where: list[ColumnElement[bool]], limit: int, offset: int, total: int
    ) -> list[tuple[uuid.UUID, float]]:
        """The page by (rank, title, id), ranking in the engine and keeping only its best matches (the rank
        of one practice does not depend on the others), then filtering those: if a full page of readable
        ones comes out of those ranked strictly above every match left out, it is the page; if not, a
        window four times wider is tried, and past WIDEST_WINDOW (or if the ``total`` already counted is
        within the window: -1 when not counted) every match is ranked and filtered at once."""
        need = offset + limit
        window = PREFIX_FACTOR * need
        while 0 < need <= PREFIX_PAGE_LIMIT and window <= WIDEST_WINDOW and not 0 <= total <= window:
            best = best_matches(self.conn, query, mode, window + 1)
            if best is None:
                return []
            rows = self.conn.execute(  # the id of those the viewer may read and the filter keeps, else NULL
                select(practices.c.id, best.c.rank)
                .select_from(best.outerjoin(practices, and_(practices.c.id == best.c.practice_id, *where)))
                .order_by(best.c.rank.desc(), practices.c.title, practices.c.id)
            ).all()
            complete = len(rows) <= window
            floor = None if complete else min(r.rank for r in rows)  # the best match left out ranks this
            found = [(r.id, float(r.rank)) for r in rows if r.id is not None and (floor is None or r.rank > floor)]
            if complete or len(found) >= need:
                return found[offset:need]
            window *= PREFIX_FACTOR
        return self._page(*self._ranked(query, mode, where), limit, offset)

    def _page(self, base: Any, order: list[Any], limit: int, offset: int) -> list[tuple[uuid.UUID, float]]:
        rows = self.conn.execute(base.order_by(*order).limit(limit).offset(offset))
        return [(r[0], float(r[1] or 0.0)) for r in rows]

    def _count(self, base: Any) -> int:
        return int(self.conn.scalar(select(func.count()).select_from(base.subquery())) or 0)

    def traits(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PracticeTraits]:
        """What ranking needs of the readable ones of these practices (their readable adoptions counted
        alongside), in two queries per 5,000 whatever their number (no N+1)."""
        adopted = (
            select(func.count())
            .where(adoptions.c.practice_id == practices.c.id, readable(adoptions, viewer))
            .scalar_subquery()
        )
        rows: list[Any] = []
        for batch in chunks(set(ids), IN_CHUNK):
            rows.extend(
                self.conn.execute(
                    select(*_TRAITS, adopted.label("adopted")).where(
                        practices.c.id.in_(batch), practice_readable(viewer)
                    )
                )
            )
        areas = PracticeRepository(self.conn).areas(r.id for r in rows)
        return {
            r.id: PracticeTraits(
                r.id,
                r.title,
                tuple(areas.get(r.id, ())),
                r.originator_id,
                EvidenceLevel(r.evidence_level) if r.evidence_level else None,
                int(r.adopted or 0),
            )
            for r in rows
        }

    def ids(self, viewer: Viewer, f: PracticeFilter) -> list[uuid.UUID]:
        """Every readable practice id matching the filter (no text query), for semantic ranking."""
        return list(self.conn.scalars(select(practices.c.id).where(*filter_conditions(viewer, f))))

    def queue(self, viewer: Viewer) -> list[uuid.UUID]:
        """What waits for this organisation: practices submitted to it, and its own under review."""
        if viewer.tenant_id is None:
            return []
        waiting = (PracticeStatus.SUBMITTED.value, PracticeStatus.VALIDATED.value)
        rows = self.conn.scalars(
            select(practices.c.id)
            .where(
                practice_readable(viewer),
                practices.c.status.in_(waiting),
                (practices.c.curator_tenant_id == viewer.tenant_id) | (practices.c.tenant_id == viewer.tenant_id),
            )
            .order_by(practices.c.submitted_at, practices.c.id)
        )
        return list(rows)

    def vectors(self, viewer: Viewer, model: str, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """Stored embeddings of readable practices (for the semantic path)."""
        out: dict[uuid.UUID, bytes] = {}
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(
                select(practice_embeddings.c.practice_id, practice_embeddings.c.vector)
                .join(practices, practices.c.id == practice_embeddings.c.practice_id)
                .where(
                    practice_embeddings.c.model == model,
                    practice_embeddings.c.practice_id.in_(batch),
                    practice_readable(viewer),
                )
            )
            out.update((p, bytes(v)) for p, v in rows)
        return out

    def stale_embeddings(self, model: str) -> list[tuple[uuid.UUID, str, str]]:
        """(practice id, document, digest) of practices whose embedding for ``model`` is missing or old.

        Index maintenance for the whole installation: vectors are only ever ranked through ``vectors``.
        """
        current = practice_embeddings.alias("current")
        rows = self.conn.execute(
            select(practice_search.c.practice_id, practice_search.c.document, practice_search.c.digest)
            .outerjoin(
                current,
                and_(current.c.practice_id == practice_search.c.practice_id, current.c.model == model),
            )
            .where((current.c.digest.is_(None)) | (current.c.digest != practice_search.c.digest))
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def count_stale(self, model: str) -> int:
        current = practice_embeddings.alias("current")
        return int(
            self.conn.scalar(
                select(func.count())
                .select_from(practice_search)
                .outerjoin(
                    current, and_(current.c.practice_id == practice_search.c.practice_id, current.c.model == model)
                )
                .where((current.c.digest.is_(None)) | (current.c.digest != practice_search.c.digest))
            )
            or 0
        )

    def store_embeddings(self, model: str, rows: list[tuple[uuid.UUID, str, bytes]]) -> None:
        for batch in chunks(rows, IN_CHUNK):
            self.conn.execute(
                delete(practice_embeddings).where(
                    practice_embeddings.c.model == model, practice_embeddings.c.practice_id.in_([r[0] for r in batch])
                )
            )
            insert_rows(
                self.conn,
                practice_embeddings,
                [{"practice_id": p, "model": model, "digest": d, "vector": v} for p, d, v in batch],
            )
