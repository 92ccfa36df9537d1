"""The installation's adoption history as the transferability engine's input, read for one viewer.

Governments and practices are keyed by their ids (as text); a practice's topic is its first policy
area; a government's context (centre, population) comes from the registry, or for a US state the
registry does not place, from the GeoNames tables. Adoptions without a year cannot be placed in time
and are left out (counted in ``undated``).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from proxenia.analytics.diffusion import AdoptionRecord, GovernmentContext, PracticeInfo
from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import ActorKind
from proxenia.domain.viewer import Viewer
from proxenia.interop.regions import us_state_contexts
from proxenia.store.actors import ActorRepository
from proxenia.store.adoption_history import AdoptionHistoryQuery
from proxenia.store.database import Connection

_YEAR = re.compile(r"^\s*(\d{4})")
_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def year_of(date: str | None) -> int | None:
    """The year of an ISO-like date (``2020``, ``2020-03``, ``2020-03-15``), or ``None``."""
    match = _YEAR.match(date or "")
    return int(match.group(1)) if match else None


@dataclass
class EngineHistory:
    records: list[AdoptionRecord]
    practices: dict[str, PracticeInfo]
    actors: dict[uuid.UUID, ActorSummary]
    contexts: dict[str, GovernmentContext]
    undated: int = 0
    first: dict[str, dict[str, int]] = field(default_factory=dict)  # practice -> government -> first year

    @property
    def governments(self) -> list[str]:
        return sorted({r.government for r in self.records})

    @property
    def dense_bytes(self) -> int:
        """Memory the engine's running statistics take on this history (government x government and
        government x practice tables of 4-byte numbers)."""
        n_gov, n_prac = len(self.governments) + 1, len(self.practices)
        return 4 * n_gov * (2 * n_gov + n_prac)

    @property
    def latest_year(self) -> int | None:
        return max((r.year for r in self.records), default=None)

    def adopters(self, practice: str) -> dict[str, int]:
        return dict(self.first.get(practice, {}))

    def name(self, key: str) -> str:
        try:
            actor = self.actors.get(uuid.UUID(key))
        except ValueError:
            return key
        return actor.name if actor else "a government"

    def words(self, text: str) -> str:
        """``text`` with every government id replaced by the government's name."""
        return _UUID_TEXT.sub(lambda m: self.name(m.group(0)), text)


def load_history(conn: Connection, viewer: Viewer) -> EngineHistory:
    """Everything the viewer may read: completed adoptions and originations, practice topics, contexts."""
    query = AdoptionHistoryQuery(conn)
    rows = query.rows(viewer)
    areas = query.first_areas(viewer)
    records: list[AdoptionRecord] = []
    first: dict[str, dict[str, int]] = defaultdict(dict)
    undated = 0
    for row in rows:
        year = year_of(row.date)
        if year is None:
            undated += 0 if row.originated else 1
            continue
        government, practice = str(row.actor_id), str(row.practice_id)
        records.append(AdoptionRecord(government, practice, year))
        known = first[practice].get(government)
        if known is None or year < known:
            first[practice][government] = year
    practices = {
        str(pid): PracticeInfo(str(pid), "", areas.get(pid)) for pid in {r.practice_id for r in rows}
    }
    actors = ActorRepository(conn).summaries(viewer, {r.actor_id for r in rows})
    return EngineHistory(records, practices, actors, contexts_of(actors.values()), undated, dict(first))


def contexts_of(actors: Iterable[ActorSummary]) -> dict[str, GovernmentContext]:
    """Contexts of governments from their registry entries. A US state takes what its entry lacks (place,
    population) from its GeoNames aggregate: the registry places states but records no population."""
    states: dict[str, GovernmentContext] | None = None
    out: dict[str, GovernmentContext] = {}
    for actor in actors:
        key = str(actor.id)
        placed = actor.latitude is not None and actor.longitude is not None
        found = None
        if actor.country_code == "US" and actor.kind is ActorKind.REGION and not (placed and actor.population):
            if states is None:
                states = {
                    name: GovernmentContext(name, c.latitude, c.longitude, float(c.population))
                    for name, c in us_state_contexts().items()
                }
            found = states.get(actor.name)
        if placed:
            assert actor.latitude is not None and actor.longitude is not None
            population = float(actor.population or (found.population if found else 0))
            out[key] = GovernmentContext(key, actor.latitude, actor.longitude, population)
        elif found is not None:
            population = float(actor.population) if actor.population else found.population
            out[key] = GovernmentContext(key, found.latitude, found.longitude, population)
    return out
