"""The adoption history the transferability engine learns from and ranks against, read through the
permission filter: who adopted which practice when (and who originated it), for one viewer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select

from proxenia.domain.adoptions import AdoptionStatus
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.adoption_counts import visible_adoptions
from proxenia.store.practices import practice_readable
from proxenia.store.tables import actors, adoptions, practice_areas, practices


@dataclass(frozen=True)
class HistoryRow:
    """A government took up a practice: by adopting it, or by originating it (``originated``)."""

    actor_id: uuid.UUID
    practice_id: uuid.UUID
    date: str | None
    originated: bool = False


class AdoptionHistoryQuery:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def rows(self, viewer: Viewer) -> list[HistoryRow]:
        """Completed adoptions and originations the viewer may read (practice, actor and record alike)."""
        adopted = self.conn.execute(
            select(adoptions.c.adopter_id, adoptions.c.practice_id, adoptions.c.date)
            .join(practices, practices.c.id == adoptions.c.practice_id)
            .join(actors, actors.c.id == adoptions.c.adopter_id)
            .where(visible_adoptions(viewer), adoptions.c.status == AdoptionStatus.ADOPTED.value)
        )
        out = [HistoryRow(a, p, d) for a, p, d in adopted]
        originated = self.conn.execute(
            select(practices.c.originator_id, practices.c.id, practices.c.start_date)
            .join(actors, actors.c.id == practices.c.originator_id)
            .where(and_(practice_readable(viewer), readable(actors, viewer)), practices.c.start_date.is_not(None))
        )
        out.extend(HistoryRow(a, p, d, originated=True) for a, p, d in originated)
        return out

    def first_areas(self, viewer: Viewer) -> dict[uuid.UUID, str]:
        """The first policy area of every practice the viewer may read (its topic, for the engine)."""
        rows = self.conn.execute(
            select(practice_areas.c.practice_id, practice_areas.c.area_code)
            .join(practices, practices.c.id == practice_areas.c.practice_id)
            .where(practice_readable(viewer))
            .order_by(practice_areas.c.practice_id, practice_areas.c.area_code)
        )
        out: dict[uuid.UUID, str] = {}
        for practice_id, code in rows:
            out.setdefault(practice_id, code)
        return out
