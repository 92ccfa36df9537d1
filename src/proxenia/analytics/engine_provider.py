"""The transferability engine behind the ``RecommendationProvider`` interface.

(b) Who adopts a practice next: every government of the viewer's adoption history that has not
adopted it is ranked by the trained :class:`DiffusionEngine`, at the year after the latest adoption
on record, from the adoptions the viewer may read only; each answer carries the chance of adopting
and the factors behind it (:mod:`analytics.diffusion.explain`, in words; the value of a reason is its
log-odds contribution against the average government).

(a) A government and a challenge: the text-match provider finds the practices that fit the challenge
and the peers that did them; the engine adds how likely the asking government is to take each
practice up (with its reasons), and peers it has followed before rank higher.

The model only holds the learned weights that matter here; the history it ranks against is read
through the store for the viewer at every query, so nothing the viewer may not read enters a ranking.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from pathlib import Path

from proxenia.analytics.diffusion import DiffusionEngine, Prediction
from proxenia.analytics.engine_history import EngineHistory, load_history
from proxenia.analytics.kept_reads import PRACTICE_READS, KeptReads
from proxenia.domain.recommendations import (
    AdopterRecommendation,
    Challenge,
    Factor,
    PeerRecommendation,
    PracticeRecommendation,
    RecommendationProvider,
    Recommendations,
)
from proxenia.domain.viewer import Viewer
from proxenia.store.database import Database

log = logging.getLogger(__name__)

LABELS = {
    "neighbours": "Neighbours adopted",
    "proximity": "Adopters nearby",
    "innovativeness": "Early adopter",
    "topic_innovativeness": "Early adopter on this topic",
    "adoption_rate": "Adopts many practices",
    "recent_activity": "Recently active",
    "peer_similarity": "Similar record to adopters",
    "related_practices": "Adopted related practices",
    "close_practices": "Adopted the closest practices",
    "pathway": "Followed the adopters before",
    "population": "Size",
    "population_similarity": "Similar size to adopters",
    "session_rhythm": "Legislative rhythm",
}
REASONS = 4  # engine reasons kept per recommendation
TRANSFER_WEIGHT = 0.3  # most a practice's score gains from the engine's chance of transfer
FOLLOW_WEIGHT = 0.1  # most a peer's score gains from having been followed before
FOLLOW_WINDOW = 5
#: Above this, ranking a query would hold too large tables in memory: the text-match provider answers.
MAX_DENSE_BYTES = 1 << 30
#: Histories kept in memory, one per sharing position (anonymous, each organisation...).
HISTORIES_KEPT = 8


def reasons(prediction: Prediction, history: EngineHistory) -> list[Factor]:
    """The factors that pushed a prediction up most (the strongest one even if none did)."""
    ranked = sorted(prediction.factors, key=lambda f: -f.contribution)
    kept = [f for f in ranked if f.contribution > 0][:REASONS] or ranked[:1]
    return [
        Factor(f.name, LABELS.get(f.name, f.name.replace("_", " ")), round(f.contribution, 4), history.words(f.label))
        for f in kept
    ]


class EngineProvider:
    """Recommendations from the trained engine; the ``fallback`` (text match) finds candidate practices."""

    name = "transferability-engine"

    def __init__(self, db: Database, model_path: Path, fallback: RecommendationProvider) -> None:
        self.db = db
        self.model_path = model_path
        self.fallback = fallback
        self._engine: DiffusionEngine | None = None
        self._stamp: float | None = None
        self._histories = KeptReads(db, load_history, kept=HISTORIES_KEPT, kinds=PRACTICE_READS)

    def engine(self) -> DiffusionEngine | None:
        """The trained model (reloaded when the file changes), or ``None`` if none is trained."""
        try:
            stamp = self.model_path.stat().st_mtime
        except OSError:
            return None
        if stamp != self._stamp:  # a new file (or the first look): load it once
            try:
                self._engine, self._stamp = DiffusionEngine.load(self.model_path), stamp
            except (ValueError, KeyError, TypeError) as exc:  # an older or damaged model: the fallback answers
                log.warning("the engine model %s cannot be used (%s); the text match answers", self.model_path, exc)
                self._engine, self._stamp = None, stamp
                return None
        return self._engine

    def _history(self, viewer: Viewer, engine: DiffusionEngine) -> EngineHistory:
        """The history the viewer may read, kept per sharing position until a practice, an adoption, an
        actor or who shares with whom is written (or a practice's text changes): a few hundred ms read once
        instead of at every query."""
        history = self._histories.get(viewer)
        engine.add_context(history.contexts)
        engine.add_practices(history.practices)
        return history

    # --- (b) who adopts next -----------------------------------------------------------------

    def next_adopters(self, viewer: Viewer, practice_id: uuid.UUID, *, limit: int = 10) -> list[AdopterRecommendation]:
        engine = self.engine()
        if engine is None:
            return self.fallback.next_adopters(viewer, practice_id, limit=limit)
        history = self._history(viewer, engine)
        if history.dense_bytes > MAX_DENSE_BYTES:
            return self.fallback.next_adopters(viewer, practice_id, limit=limit)
        key = str(practice_id)
        adopters = history.adopters(key)
        latest = history.latest_year
        if not adopters or latest is None:  # no dated adopter: nothing for the engine to go on
            return self.fallback.next_adopters(viewer, practice_id, limit=limit)
        year = latest + 1
        candidates = [
            g
            for g in history.governments
            if g not in adopters and (a := history.actors.get(uuid.UUID(g))) is not None and a.kind.is_subnational
        ]
        info = history.practices.get(key)
        ranked = engine.rank(key, info.topic if info else None, adopters, candidates, year, history=history.records)
        out = []
        for prediction in ranked[:limit]:
            chance = Factor(
                "engine",
                "Chance of adopting next",
                round(prediction.score, 4),
                f"{prediction.score:.0%} chance of adopting it in {year}, learned from "
                f"{len(history.records):,} adoptions",
            )
            out.append(
                AdopterRecommendation(
                    uuid.UUID(prediction.government), prediction.score, (chance, *reasons(prediction, history))
                )
            )
        return out

    # --- (a) a government and a challenge ----------------------------------------------------

    def recommend(self, viewer: Viewer, challenge: Challenge, *, limit: int = 10) -> Recommendations:
        engine = self.engine()
        if engine is None or challenge.actor_id is None:  # no model, or nobody to score: the text match answers
            return self.fallback.recommend(viewer, challenge, limit=limit)
        base = self.fallback.recommend(viewer, challenge, limit=max(2 * limit, 20))
        if not base.practices:
            return replace(base, practices=(), peers=base.peers[:limit])
        history = self._history(viewer, engine)
        if history.dense_bytes > MAX_DENSE_BYTES:
            note = "The adoption history is too large for the engine to rank at query time: text match only."
            return replace(base, practices=base.practices[:limit], peers=base.peers[:limit], notes=(*base.notes, note))
        asker = str(challenge.actor_id)
        latest = history.latest_year
        year = (latest or 0) + 1
        scored: dict[uuid.UUID, Prediction] = {}
        for rec in base.practices:
            key = str(rec.practice_id)
            adopters = history.adopters(key)
            if not adopters or asker in adopters:
                continue
            info = history.practices.get(key)
            found = engine.rank(key, info.topic if info else None, adopters, [asker], year, history=history.records)
            if found:
                scored[rec.practice_id] = found[0]
        top = max((p.score for p in scored.values()), default=0.0)
        practices = []
        for rec in base.practices:
            prediction = scored.get(rec.practice_id)
            if prediction is None or top <= 0:
                practices.append(rec)
                continue
            value = TRANSFER_WEIGHT * prediction.score / top
            chance = Factor(
                "transfer",
                "Likely to transfer",
                round(value, 4),
                f"{prediction.score:.0%} chance that {history.name(asker)} takes it up in {year}",
            )
            factors = (*rec.factors, chance, *reasons(prediction, history))
            practices.append(PracticeRecommendation(rec.practice_id, rec.score + value, factors))
        practices.sort(key=lambda r: -r.score)
        peers = sorted((self._peer(p, asker, history) for p in base.peers), key=lambda p: -p.score)
        notes = (*base.notes, f"Ranked with the transferability engine, from {len(history.records):,} adoptions.")
        return Recommendations(tuple(practices[:limit]), tuple(peers[:limit]), self.name, notes)

    def _peer(self, peer: PeerRecommendation, asker: str, history: EngineHistory) -> PeerRecommendation:
        """A peer the asking government followed before (adopting the same practice 1–5 years later) gains."""
        leader = str(peer.actor_id)
        followed = sum(
            1
            for years in history.first.values()
            if leader in years and asker in years and 1 <= years[asker] - years[leader] <= FOLLOW_WINDOW
        )
        if not followed:
            return peer
        value = FOLLOW_WEIGHT * min(1.0, followed / 3)
        times = "practice" if followed == 1 else "practices"
        factor = Factor(
            "pathway",
            "You followed them before",
            round(value, 4),
            f"{history.name(asker)} adopted {followed} {times} within {FOLLOW_WINDOW} years "
            f"after {history.name(leader)}",
        )
        return replace(peer, score=peer.score + value, factors=(*peer.factors, factor))
