"""Finding practices: full-text search with filters (the dialect's ranking), the curation queue, and
the rows the recommender and the semantic index need. Every query applies ``practice_readable``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, literal, select

from proxenia.domain.practices import PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.store.bulk import insert_rows
from proxenia.store.fulltext import Mode, matching
from proxenia.store.practices import practice_readable
from proxenia.store.records import chunks
from proxenia.store.tables import actors, practice_areas, practice_embeddings, practice_search, practices

IN_CHUNK = 5000


def _conditions(viewer: Viewer, f: PracticeFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [practice_readable(viewer)]
    if f.statuses:
        where.append(practices.c.status.in_([s.value for s in f.statuses]))
    if f.policy_areas:
        where.append(
            practices.c.id.in_(
                select(practice_areas.c.practice_id).where(practice_areas.c.area_code.in_(list(f.policy_areas)))
            )
        )
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
        self, viewer: Viewer, f: PracticeFilter, *, limit: int = 20, offset: int = 0, mode: Mode = "all"
    ) -> tuple[list[tuple[uuid.UUID, float]], int]:
        """(practice id, rank) pairs of one page, best first, and the total; rank 0 without a query."""
        where = _conditions(viewer, f)
        ranked = matching(self.conn, f.query, mode) if f.query.strip() else None
        if f.query.strip() and ranked is None:
            return [], 0  # only common words: nothing to look for
        if ranked is not None:
            hits = ranked.subquery("hits")
            base = select(practices.c.id, hits.c.rank).join(hits, hits.c.practice_id == practices.c.id)
            order: list[Any] = [hits.c.rank.desc(), practices.c.title, practices.c.id]
        else:
            base = select(practices.c.id, literal(0.0).label("rank"))
            order = [practices.c.created_at.desc(), practices.c.title, practices.c.id]
        base = base.where(and_(*where))
        total = self.conn.scalar(select(func.count()).select_from(base.subquery())) or 0
        rows = self.conn.execute(base.order_by(*order).limit(limit).offset(offset))
        return [(r[0], float(r[1] or 0.0)) for r in rows], total

    def ids(self, viewer: Viewer, f: PracticeFilter) -> list[uuid.UUID]:
        """Every readable practice id matching the filter (no text query), for semantic ranking."""
        return list(self.conn.scalars(select(practices.c.id).where(*_conditions(viewer, f))))

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
