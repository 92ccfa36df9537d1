"""Who may adopt a practice next (whom to share it with), the simple way: governments tied to its
adopters, those that learned from its adopters before, and active adopters in the same countries.

A baseline beside the transferability engine, with every score a sum of named factors.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict

from proxenia.domain.actors import ActorSummary
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


def rank_next_adopters(
    conn: Connection, viewer: Viewer, practice_id: uuid.UUID, *, limit: int = 10
) -> list[AdopterRecommendation]:
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
    activity = adoptions.activity(viewer)
    shared = ShareRepository(conn).shared_with(viewer, practice_id)
    candidates = set(tied) | set(pathways) | shared | set(activity)
    candidates -= set(adopters)
    summaries = actors.summaries(viewer, candidates | {t for ts in tied.values() for t in ts})
    top_activity = max(activity.values(), default=0)
    out = []
    for actor_id in candidates:
        actor = summaries.get(actor_id)
        if actor is None or not actor.kind.is_subnational:
            continue
        factors = _factors(actor, tied, pathways, summaries, known, countries, activity, top_activity, len(adopters))
        if actor_id in shared:
            factors.append(Factor("shared", "Already shared with them", 0.0, "a share is recorded, no adoption yet"))
        score = sum(f.value for f in factors)
        if score > 0:
            out.append(AdopterRecommendation(actor_id, score, tuple(factors)))
    out.sort(key=lambda r: (-r.score, summaries[r.actor_id].name))
    return out[:limit]


def _factors(
    actor: ActorSummary,
    tied: dict[uuid.UUID, list[uuid.UUID]],
    pathways: dict[uuid.UUID, list[uuid.UUID]],
    summaries: dict[uuid.UUID, ActorSummary],
    adopters: dict[uuid.UUID, ActorSummary],
    countries: set[str],
    activity: dict[uuid.UUID, int],
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
        value = WEIGHTS["activity"] * math.log1p(n) / math.log1p(top_activity)
        factors.append(Factor("activity", "Adopts often", value, f"{n} adoption{'s' * (n != 1)} recorded"))
    return factors
