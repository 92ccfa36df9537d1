"""The practice exchange's part of a briefing book: practices that travelled between us and them.

Plugged into ``BriefingService`` with ``connect_practices`` at wiring time. A practice travelled from
A to B when B adopted it and learned it from A — or, when no teacher is named, when A originated it.
Everything is read through the store with the viewer, so a book never names a practice, an adoption
or a teacher the reader may not see.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from proxenia.domain.actors import ActorSummary
from proxenia.domain.briefing import PracticeExchange
from proxenia.domain.viewer import Viewer
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Database
from proxenia.store.practices import PracticeRepository

FROM_THEM = "from them to us"
FROM_US = "from us to them"
TAKEN_BY_THEM = "taken up by them"
PASSED_ON_BY_THEM = "passed on by them"


class PracticeExchangeReader:
    """Implements the briefing book's ``PracticeExchangeSource``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def practices_exchanged(
        self, viewer: Viewer, ours: uuid.UUID | None, theirs: Sequence[uuid.UUID]
    ) -> list[PracticeExchange]:
        if not theirs:
            return []
        them = set(theirs)
        with self.db.read() as conn:
            found = AdoptionRepository(conn).exchanged(viewer, ours, list(them))
            practices = PracticeRepository(conn).summaries(viewer, [a.practice_id for a in found])
        out: list[PracticeExchange] = []
        for a in found:
            practice = practices.get(a.practice_id)
            if practice is None:
                continue
            teacher: ActorSummary | None = a.learned_from or practice.originator
            if teacher is None:
                continue
            if ours is not None:
                direction = FROM_THEM if a.adopter.id == ours else FROM_US
                partner = teacher if direction == FROM_THEM else a.adopter
            elif a.adopter.id in them:
                direction, partner = TAKEN_BY_THEM, teacher
            else:
                direction, partner = PASSED_ON_BY_THEM, a.adopter
            out.append(
                PracticeExchange(
                    title=practice.title,
                    direction=direction,
                    partner=partner.name,
                    year=a.date[:4] if a.date else None,
                    url=f"/practices/{practice.id}",
                )
            )
        return sorted(out, key=lambda p: (p.year or "9999", p.title, p.partner))
