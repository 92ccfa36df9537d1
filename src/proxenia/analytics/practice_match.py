"""The simple ``RecommendationProvider``: full-text match, policy area and adoption counts, with the
registry's ties and past learning as small bonuses. Every score is a sum of named factors.

It is the default until the transferability engine (``analytics.diffusion``) implements the same
interface; both read the store only through the viewer they are given.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace

from proxenia.analytics.kept_reads import PRACTICE_READS, KeptReads
from proxenia.analytics.next_adopters import adopter_activity, rank_next_adopters
from proxenia.analytics.practice_words import PracticeWordIndex
from proxenia.domain.actors import ActorSummary
from proxenia.domain.policy_areas import area_label, area_match, related_codes
from proxenia.domain.practices import PracticeFilter, PracticeTraits
from proxenia.domain.recommendations import (
    AdopterRecommendation,
    Challenge,
    Factor,
    PeerRecommendation,
    PracticeRecommendation,
    Recommendations,
)
from proxenia.domain.viewer import Viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Connection, Database
from proxenia.store.fulltext import matched_words
from proxenia.store.practice_queries import PracticeQuery
from proxenia.store.practices import PracticeRepository
from proxenia.store.ties import TieRepository

#: Weights of the factors (a practice's score is at most about 1).
WEIGHTS = {
    "topic": 0.5,
    "policy_area": 0.25,
    "adoptions": 0.15,
    "evidence": 0.10,
    "existing_tie": 0.05,
    "pathway": 0.05,
}
#: Peers come from the practices scoring at least this share of the best one (at most PEER_PRACTICES of them).
PEER_RELEVANCE = 0.5
PEER_PRACTICES = 10
PEER_TYPES = ("sister_city", "friendship_city", "mou", "partnership", "network_membership")
CANDIDATES = 200


@dataclass
class _Relations:
    """What links the asking government to others: direct ties, shared networks, past teachers."""

    ties: dict[uuid.UUID, str] = field(default_factory=dict)  # other -> tie type
    networks: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # co-member -> network
    teachers: dict[uuid.UUID, int] = field(default_factory=dict)  # teacher -> practices learned
    adopted: dict[uuid.UUID, str | None] = field(default_factory=dict)  # practice -> date
    names: dict[uuid.UUID, str] = field(default_factory=dict)

    def __contains__(self, other: object) -> bool:
        """Is ``other`` tied to the government, a fellow network member or a past teacher?"""
        return other in self.ties or other in self.networks or other in self.teachers


def _relations(conn: Connection, viewer: Viewer, actor_id: uuid.UUID | None) -> _Relations:
    rel = _Relations()
    if actor_id is None:
        return rel
    ties = TieRepository(conn)
    for edge in ties.edges(viewer, [actor_id], types=PEER_TYPES):
        if edge.type_code == "network_membership":
            rel.networks.setdefault(edge.other, edge.other)
        else:
            rel.ties.setdefault(edge.other, edge.type_code)
    networks = list(rel.networks)
    rel.networks = {}
    for edge in ties.edges(viewer, networks, types=("network_membership",)):
        if edge.other != actor_id:
            rel.networks.setdefault(edge.other, edge.origin)
    rel.ties.update({n: "network_membership" for n in networks})
    adoptions = AdoptionRepository(conn)
    for a in adoptions.by_adopter(viewer, actor_id):
        rel.adopted[a.practice_id] = a.date
    for (_, teacher), n in adoptions.learned_pairs(viewer, [actor_id]).items():
        rel.teachers[teacher] = n
    found = ActorRepository(conn).summaries(viewer, {*rel.ties, *rel.networks.values(), *rel.teachers})
    rel.names = {i: a.name for i, a in found.items()}
    return rel


def _tie_factor(rel: _Relations, other: uuid.UUID, name: str) -> Factor | None:
    if other in rel.ties:
        label = rel.ties[other].replace("_", " ")
        return Factor("existing_tie", "Existing tie", WEIGHTS["existing_tie"], f"{label} with {name}")
    if other in rel.networks:
        network = rel.names.get(rel.networks[other], "a network")
        return Factor("existing_tie", "Shared network", WEIGHTS["existing_tie"], f"both members of {network}")
    return None


class TextMatchProvider:
    """Ranks by words in common, policy area, how often a practice was adopted, and its evidence."""

    name = "text-match"

    def __init__(self, db: Database, words: PracticeWordIndex | None = None) -> None:
        self.db = db
        self.words = words or PracticeWordIndex(db)
        self._activity = KeptReads(db, adopter_activity, kinds=PRACTICE_READS)

    def recommend(self, viewer: Viewer, challenge: Challenge, *, limit: int = 10) -> Recommendations:
        areas = set(challenge.policy_areas)
        # the best word matches, ranked in memory (the store says which of them the viewer may read)
        ranked: dict[uuid.UUID, float] = {}
        if challenge.text.strip():
            ranked.update(self.words.best(viewer, challenge.text, CANDIDATES))
        with self.db.read() as conn:
            queries = PracticeQuery(conn)
            if areas:
                wanted = tuple(sorted(areas | set().union(*(related_codes(a) for a in areas))))
                hits, _ = queries.search(viewer, PracticeFilter(policy_areas=wanted), limit=CANDIDATES, count=False)
                for pid, _rank in hits:
                    ranked.setdefault(pid, 0.0)
            traits = queries.traits(viewer, ranked)  # only what scoring needs, for every candidate
            rel = _relations(conn, viewer, challenge.actor_id)
            linked = {t.originator_id for t in traits.values() if t.originator_id and t.originator_id in rel}
            origins = ActorRepository(conn).summaries(viewer, linked)  # the readable originators tied to us
            practices = self._score_practices(challenge, ranked, traits, origins, rel)[: max(limit, 20)]
            repo = PracticeRepository(conn)
            practices = self._words_in_common(repo, viewer, challenge, practices)
            kept = [p.practice_id for p in practices]
            adopters = AdoptionRepository(conn).adopters_of(viewer, kept)
            involved = {a for rows in adopters.values() for a, _, _ in rows}
            originators = {o for o in (traits[p].originator_id for p in kept) if o is not None}
            people = ActorRepository(conn).summaries(viewer, involved | originators)
        peers = self._score_peers(challenge, practices, traits, adopters, people, rel)
        notes = () if ranked else ("No practice matches these words or policy areas yet.",)
        return Recommendations(tuple(practices[:limit]), tuple(peers[:limit]), self.name, notes)

    def _score_practices(
        self,
        challenge: Challenge,
        ranked: dict[uuid.UUID, float],
        traits: dict[uuid.UUID, PracticeTraits],
        origins: dict[uuid.UUID, ActorSummary],
        rel: _Relations,
    ) -> list[PracticeRecommendation]:
        top_rank = max((r for r in ranked.values() if r > 0), default=0.0)
        top_count = max((t.adoption_count for t in traits.values()), default=0)
        out = []
        for pid, practice in traits.items():
            factors: list[Factor] = []
            if top_rank and ranked.get(pid, 0.0) > 0:  # its words are filled in for the practices kept
                factors.append(Factor("topic", "Topic match", WEIGHTS["topic"] * ranked[pid] / top_rank, ""))
            match = area_match(set(challenge.policy_areas), set(practice.policy_areas))
            if match:
                shared = [area_label(a) for a in practice.policy_areas]
                detail = ("same policy area: " if match == 1 else "related policy area: ") + ", ".join(shared)
                factors.append(Factor("policy_area", "Policy area", WEIGHTS["policy_area"] * match, detail))
            if practice.adoption_count and top_count:
                n = practice.adoption_count
                value = WEIGHTS["adoptions"] * math.log1p(n) / math.log1p(top_count)
                factors.append(
                    Factor("adoptions", "Adopted elsewhere", value, f"{n} adoption{'s' * (n != 1)} recorded")
                )
            if practice.evidence_level is not None:
                value = WEIGHTS["evidence"] * practice.evidence_level.strength
                factors.append(Factor("evidence", "Evidence", value, practice.evidence_level.label.lower()))
            origin = origins.get(practice.originator_id) if practice.originator_id else None
            if origin is not None and origin.id != challenge.actor_id:
                tie = _tie_factor(rel, origin.id, origin.name)
                if tie:
                    factors.append(tie)
                if origin.id in rel.teachers:
                    n = rel.teachers[origin.id]
                    factors.append(
                        Factor(
                            "pathway",
                            "You learned from them before",
                            WEIGHTS["pathway"],
                            f"{n} practice{'s' * (n != 1)} adopted from {origin.name}",
                        )
                    )
            if pid in rel.adopted:
                when = rel.adopted[pid]
                factors.append(Factor("already_adopted", "Already adopted by you", 0.0, f"since {when or 'unknown'}"))
            if any(f.value for f in factors):
                out.append(PracticeRecommendation(pid, sum(f.value for f in factors), tuple(factors)))
        out.sort(key=lambda r: (-r.score, traits[r.practice_id].title, r.practice_id))
        return out

    @staticmethod
    def _words_in_common(
        repo: PracticeRepository, viewer: Viewer, challenge: Challenge, practices: list[PracticeRecommendation]
    ) -> list[PracticeRecommendation]:
        """The topic factor's words, read for the practices kept only."""
        topical = [p.practice_id for p in practices if any(f.code == "topic" for f in p.factors)]
        documents = repo.documents(viewer, topical) if topical else {}

        def detail(pid: uuid.UUID, f: Factor) -> Factor:
            if f.code != "topic":
                return f
            found = matched_words(documents.get(pid, ""), challenge.text)
            return replace(f, detail="words in common: " + ", ".join(found[:8]))

        return [replace(p, factors=tuple(detail(p.practice_id, f) for f in p.factors)) for p in practices]

    def _score_peers(
        self,
        challenge: Challenge,
        practices: list[PracticeRecommendation],
        traits: dict[uuid.UUID, PracticeTraits],
        adopters: dict[uuid.UUID, list[tuple[uuid.UUID, str | None, uuid.UUID | None]]],
        people: dict[uuid.UUID, ActorSummary],
        rel: _Relations,
    ) -> list[PeerRecommendation]:
        factors: dict[uuid.UUID, list[Factor]] = defaultdict(list)
        related: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        best = practices[0].score if practices else 0.0
        relevant = [r for r in practices if r.score >= PEER_RELEVANCE * best][:PEER_PRACTICES]
        for rec in relevant:
            practice = traits[rec.practice_id]
            roles: dict[uuid.UUID, tuple[float, str]] = {}
            for adopter, date, _ in adopters.get(rec.practice_id, []):
                roles[adopter] = (0.6, f"adopted “{practice.title}”" + (f" ({date})" if date else ""))
            if practice.originator_id is not None:  # counted below only if the viewer may read it (in people)
                roles[practice.originator_id] = (1.0, f"originated “{practice.title}”")
            for actor_id, (share, detail) in roles.items():
                if actor_id == challenge.actor_id or actor_id not in people or not people[actor_id].kind.is_subnational:
                    continue
                value = rec.score * share
                factors[actor_id].append(Factor("practice", "Has done it", value, detail))
                related[actor_id].append(rec.practice_id)
        out = []
        for actor_id, done in factors.items():
            # The best reason counts whole, further ones a quarter: one strong match beats many weak ones.
            values = sorted((f.value for f in done), reverse=True)
            score = values[0] + 0.25 * sum(values[1:])
            extra = []
            tie = _tie_factor(rel, actor_id, people[actor_id].name)
            if tie:
                extra.append(tie)
            if actor_id in rel.teachers:
                n = rel.teachers[actor_id]
                extra.append(
                    Factor(
                        "pathway", "You learned from them before", WEIGHTS["pathway"], f"{n} practice{'s' * (n != 1)}"
                    )
                )
            top = sorted(done, key=lambda f: -f.value)[:3]
            total = score + sum(f.value for f in extra)
            out.append(PeerRecommendation(actor_id, total, tuple(top + extra), tuple(dict.fromkeys(related[actor_id]))))
        out.sort(key=lambda p: (-p.score, people[p.actor_id].name))
        return out

    def next_adopters(self, viewer: Viewer, practice_id: uuid.UUID, *, limit: int = 10) -> list[AdopterRecommendation]:
        activity = self._activity.get(viewer)  # kept until anything is written
        with self.db.read() as conn:
            return rank_next_adopters(conn, viewer, practice_id, limit=limit, activity=activity)
