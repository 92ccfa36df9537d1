"""Counts over the adoptions a viewer may read, for the recommenders: who adopted which practices, who
learned from whom (pathways), how active each adopter is. A mixin of ``AdoptionRepository``; every
query passes the same filter (``visible_adoptions``: the adoption, its practice and its adopter readable).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.practices import practice_readable
from proxenia.store.records import chunks
from proxenia.store.tables import actors, adoptions, practices

IN_CHUNK = 5000


def visible_adoptions(viewer: Viewer) -> ColumnElement[bool]:
    """Adoptions the viewer may read, whose practice and adopter it may read too (join both)."""
    return and_(readable(adoptions, viewer), practice_readable(viewer), readable(actors, viewer))


class AdoptionCounts:
    conn: Any

    def adopter_ids(self, viewer: Viewer, practice_id: uuid.UUID) -> dict[uuid.UUID, str | None]:
        rows = self.conn.execute(
            select(adoptions.c.adopter_id, adoptions.c.date)
            .join(practices, practices.c.id == adoptions.c.practice_id)
            .join(actors, actors.c.id == adoptions.c.adopter_id)
            .where(adoptions.c.practice_id == practice_id, visible_adoptions(viewer))
        )
        return {a: d for a, d in rows}

    def adopters_of(
        self, viewer: Viewer, practice_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[tuple[uuid.UUID, str | None, uuid.UUID | None]]]:
        """practice -> [(adopter, date, learned from)] for many practices in one query per 5,000."""
        out: dict[uuid.UUID, list[tuple[uuid.UUID, str | None, uuid.UUID | None]]] = {}
        for batch in chunks(set(practice_ids), IN_CHUNK):
            rows = self.conn.execute(
                select(adoptions.c.practice_id, adoptions.c.adopter_id, adoptions.c.date, adoptions.c.learned_from_id)
                .join(practices, practices.c.id == adoptions.c.practice_id)
                .join(actors, actors.c.id == adoptions.c.adopter_id)
                .where(adoptions.c.practice_id.in_(batch), visible_adoptions(viewer))
                .order_by(adoptions.c.date.nulls_last())
            )
            for p, a, d, t in rows:
                out.setdefault(p, []).append((a, d, t))
        return out

    def learners_of(self, viewer: Viewer, teachers: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(learner, teacher) -> how many practices the learner took from that teacher, for these teachers."""
        return self._learning(viewer, adoptions.c.learned_from_id, teachers)

    def learned_pairs(self, viewer: Viewer, learners: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(learner, teacher) -> how many practices the learner took from that teacher (pathways)."""
        return self._learning(viewer, adoptions.c.adopter_id, learners)

    def _learning(
        self, viewer: Viewer, side: Any, ids: Iterable[uuid.UUID]
    ) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(learner, teacher) -> practices learned, for the pairs whose ``side`` column is one of ``ids``."""
        out: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
        for batch in chunks(set(ids), IN_CHUNK):
            rows = self.conn.execute(
                select(adoptions.c.adopter_id, adoptions.c.learned_from_id, func.count())
                .join(practices, practices.c.id == adoptions.c.practice_id)
                .join(actors, actors.c.id == adoptions.c.adopter_id)
                .where(visible_adoptions(viewer), side.in_(batch), adoptions.c.learned_from_id.is_not(None))
                .group_by(adoptions.c.adopter_id, adoptions.c.learned_from_id)
            )
            out.update(((a, t), int(n)) for a, t, n in rows)
        return out

    def activity_profiles(self, viewer: Viewer) -> dict[uuid.UUID, tuple[int, str, str | None, str]]:
        """actor -> (readable adoptions it made, name, country code, kind), for every actor that adopted:
        what ranks active adopters without reading each one's summary."""
        rows = self.conn.execute(
            select(adoptions.c.adopter_id, func.count(), actors.c.name, actors.c.country_code, actors.c.kind)
            .join(practices, practices.c.id == adoptions.c.practice_id)
            .join(actors, actors.c.id == adoptions.c.adopter_id)
            .where(visible_adoptions(viewer))
            .group_by(adoptions.c.adopter_id, actors.c.name, actors.c.country_code, actors.c.kind)
        )
        return {a: (int(n), name, country, kind) for a, n, name, country, kind in rows}
