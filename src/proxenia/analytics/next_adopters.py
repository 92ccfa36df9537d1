"""Who may adopt a practice next (whom to share it with), the simple way: governments tied to its
adopters, those that learned from its adopters before, and active adopters in the same countries.

A baseline beside the transferability engine, with every score a sum of named factors.
"""

from __future__ import annotations

import heapq
import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import ActorKind
from proxenia.domain.recommendations import AdopterRecommendation, Factor
from proxenia.domain.viewer import Viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Connection
from proxenia.store.practice_shares import ShareRepository
from proxenia.store.practices import PracticeRepository
from proxenia.store.ties import TieRepository

WEIGHTS = {"existing_tie": 0.35, "pathway": 0.3, "same_country": 0.15, "activity": 0.2}
TIE_TYPES = ("sister_city", "friendship_city", "mou", "partnership", "network_membership")


@dataclass(frozen=True)
class AdopterActivity:
    """How many readable adoptions an actor made, with what ranks it without reading its summary."""

    count: int
    name: str
    country_code: str | None
    kind: ActorKind


@dataclass(frozen=True)
class ActivityRanking:
    """Every actor that adopted something a viewer may read, and the subnational ones most active first
    (ties by name) per country ("" for none): the order in which active adopters are candidates."""

    profiles: Mapping[uuid.UUID, AdopterActivity]
    counts: Mapping[uuid.UUID, int]
    position: Mapping[uuid.UUID, int]  # in the order of all countries together
    by_country: Mapping[str, tuple[uuid.UUID, ...]]

    @classmethod
    def of(cls, profiles: Mapping[uuid.UUID, AdopterActivity]) -> ActivityRanking:
        ranked = sorted(
            (a for a, p in profiles.items() if p.kind.is_subnational),
            key=lambda a: (-profiles[a].count, profiles[a].name),
        )
        by_country: dict[str, list[uuid.UUID]] = defaultdict(list)
        for a in ranked:
            by_country[profiles[a].country_code or ""].append(a)
        return cls(
            profiles,
            {a: p.count for a, p in profiles.items()},
            {a: i for i, a in enumerate(ranked)},
            {c: tuple(v) for c, v in by_country.items()},
        )

    def most_active(self, countries: Iterable[str], inside: bool) -> Iterator[uuid.UUID]:
        """The subnational actors of these countries (or of all others), most active first."""
        wanted = set(countries)
        lists = [v for c, v in self.by_country.items() if (c in wanted) == inside]
        return heapq.merge(*lists, key=self.position.__getitem__)


def adopter_activity(conn: Connection, viewer: Viewer) -> ActivityRanking:
    """Every actor that adopted something the viewer may read (one grouped query over the adoptions)."""
    profiles = AdoptionRepository(conn).activity_profiles(viewer)
    return ActivityRanking.of(
        {a: AdopterActivity(n, name, country, ActorKind(kind)) for a, (n, name, country, kind) in profiles.items()}
    )


def rank_next_adopters(
    conn: Connection,
    viewer: Viewer,
    practice_id: uuid.UUID,
    *,
    limit: int = 10,
    activity: ActivityRanking | None = None,
) -> list[AdopterRecommendation]:
    """The ``limit`` best candidates. ``activity`` (from ``adopter_activity`` for this viewer, possibly
    kept between queries) is read here if not given."""
    adoptions = AdoptionRepository(conn)
    adopters = adoptions.adopter_ids(viewer, practice_id)
    summary = PracticeRepository(conn).summaries(viewer, [practice_id]).get(practice_id)
    if summary is not None and summary.originator is not None:
        adopters.setdefault(summary.originator.id, summary.start_date)  # the originator has it too
    if not adopters:
        return []
    actors = ActorRepository(conn)
    known = actors.summaries(viewer, adopters)
    countries = {a.country_code for a in known.values() if a.country_code}
    tied: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for edge in TieRepository(conn).edges(viewer, adopters, types=TIE_TYPES):
        tied[edge.other].append(edge.origin)
    pathways: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for (learner, teacher), _n in adoptions.learners_of(viewer, adopters).items():
        pathways[learner].append(teacher)
    if activity is None:
        activity = adopter_activity(conn, viewer)
    counts = activity.counts
    top_activity = max(counts.values(), default=0)
    shared = ShareRepository(conn).shared_with(viewer, practice_id)
    linked = (set(tied) | set(pathways) | shared) - set(adopters)
    # Any other candidate has only its activity and country to speak for it: its score is known from the
    # activity alone, so only the best ``limit`` of them are read (ties by name, as in the final order).
    active = _most_active(activity, linked | set(adopters), countries, top_activity, limit)
    candidates = linked | set(active)
    summaries = actors.summaries(viewer, candidates | {t for ts in tied.values() for t in ts})
    out = []
    for actor_id in candidates:
        actor = summaries.get(actor_id)
        if actor is None or not actor.kind.is_subnational:
            continue
        factors = _factors(actor, tied, pathways, summaries, known, countries, counts, top_activity, len(adopters))
        if actor_id in shared:
            factors.append(Factor("shared", "Already shared with them", 0.0, "a share is recorded, no adoption yet"))
        score = sum(f.value for f in factors)
        if score > 0:
            out.append(AdopterRecommendation(actor_id, score, tuple(factors)))
    out.sort(key=lambda r: (-r.score, summaries[r.actor_id].name))
    return out[:limit]


def _activity_value(n: int, top_activity: int) -> float:
    return WEIGHTS["activity"] * math.log1p(n) / math.log1p(top_activity) if n and top_activity else 0.0


def _outside(actors: Iterable[uuid.UUID], excluded: set[uuid.UUID]) -> Iterator[uuid.UUID]:
    return (a for a in actors if a not in excluded)


def _most_active(
    activity: ActivityRanking, excluded: set[uuid.UUID], countries: set[str], top_activity: int, limit: int
) -> list[uuid.UUID]:
    """The ``limit`` best subnational actors outside ``excluded`` by activity, plus the bonus of sharing a
    country with the adopters: within the adopters' countries, and elsewhere, the order is the activity
    order, so the best are among the first ``limit`` of each."""

    pool = [
        a
        for inside in (True, False)
        for a in islice(_outside(activity.most_active(countries, inside), excluded), limit)
    ]

    def key(a: uuid.UUID) -> tuple[float, str]:
        p = activity.profiles[a]
        same = WEIGHTS["same_country"] if p.country_code in countries else 0.0
        return (-(_activity_value(p.count, top_activity) + same), p.name)

    return sorted(pool, key=key)[:limit]


def _factors(
    actor: ActorSummary,
    tied: dict[uuid.UUID, list[uuid.UUID]],
    pathways: dict[uuid.UUID, list[uuid.UUID]],
    summaries: dict[uuid.UUID, ActorSummary],
    adopters: dict[uuid.UUID, ActorSummary],
    countries: set[str],
    activity: Mapping[uuid.UUID, int],
    top_activity: int,
    adopter_count: int,
) -> list[Factor]:
    factors: list[Factor] = []
    if actor.id in tied:
        names = sorted({summaries[t].name for t in tied[actor.id] if t in summaries})
        share = min(1.0, len(tied[actor.id]) / max(1, min(adopter_count, 3)))
        factors.append(
            Factor("existing_tie", "Tied to adopters", WEIGHTS["existing_tie"] * share, ", ".join(names[:5]))
        )
    if actor.id in pathways:
        names = sorted({adopters[t].name for t in pathways[actor.id] if t in adopters})
        share = min(1.0, len(pathways[actor.id]) / 2)
        factors.append(
            Factor("pathway", "Learned from adopters before", WEIGHTS["pathway"] * share, ", ".join(names[:5]))
        )
    if actor.country_code and actor.country_code in countries:
        factors.append(Factor("same_country", "Same country as adopters", WEIGHTS["same_country"], actor.country_code))
    n = activity.get(actor.id, 0)
    if n and top_activity:
        value = _activity_value(n, top_activity)
        factors.append(Factor("activity", "Adopts often", value, f"{n} adoption{'s' * (n != 1)} recorded"))
    return factors
