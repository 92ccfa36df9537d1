"""Recommendations for a government and a challenge, and of who may adopt a practice next.

The ranking comes from a ``RecommendationProvider`` (the simple text-match provider by default; the
transferability engine plugs in the same way); this service only checks the input and hydrates the
answer through the store, keeping nothing the viewer may not read.
"""

from __future__ import annotations

import dataclasses
import uuid

from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.policy_areas import area_codes
from proxenia.domain.recommendations import Challenge, RecommendationProvider
from proxenia.domain.viewer import Viewer
from proxenia.services.practices.views import (
    RecommendationsView,
    RecommendedAdopter,
    RecommendedPeer,
    RecommendedPractice,
)
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.practices import PracticeRepository

MAX_LIMIT = 50


class RecommendationService:
    def __init__(self, db: Database, provider: RecommendationProvider) -> None:
        self.db = db
        self.provider = provider

    def use(self, provider: RecommendationProvider) -> None:
        """Plug in another provider (the transferability engine)."""
        self.provider = provider

    def recommend(self, viewer: Viewer, challenge: Challenge, *, limit: int = 10) -> RecommendationsView:
        areas = area_codes(challenge.policy_areas, field="area")  # the parameter of the API, CLI and page
        if not challenge.text.strip() and not areas:
            raise InvalidInput(Problem("describe the challenge or choose a policy area", column="text"))
        challenge = dataclasses.replace(challenge, policy_areas=areas)
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(Problem(f"limit must be between 1 and {MAX_LIMIT}", column="limit"))
        if challenge.actor_id is not None:
            self._readable_actor(viewer, challenge.actor_id)
        answer = self.provider.recommend(viewer, challenge, limit=limit)
        practice_ids = {p.practice_id for p in answer.practices} | {i for p in answer.peers for i in p.practice_ids}
        with self.db.read() as conn:
            practices = PracticeRepository(conn).summaries(viewer, list(practice_ids))
            actors = ActorRepository(conn).summaries(viewer, [p.actor_id for p in answer.peers])
        return RecommendationsView(
            challenge=challenge,
            practices=[
                RecommendedPractice(practices[p.practice_id], p.score, p.factors)
                for p in answer.practices
                if p.practice_id in practices
            ],
            peers=[
                RecommendedPeer(
                    actors[p.actor_id],
                    p.score,
                    p.factors,
                    tuple(practices[i] for i in p.practice_ids if i in practices),
                )
                for p in answer.peers
                if p.actor_id in actors
            ],
            provider=answer.provider or getattr(self.provider, "name", "provider"),
            notes=list(answer.notes),
        )

    def next_adopters(self, viewer: Viewer, practice_id: uuid.UUID, *, limit: int = 10) -> list[RecommendedAdopter]:
        """Governments likely to adopt this practice next: whom to share it with."""
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(Problem(f"limit must be between 1 and {MAX_LIMIT}", column="limit"))
        with self.db.read() as conn:
            if not PracticeRepository(conn).exists(viewer, practice_id):
                raise NotFound(f"practice {practice_id} was not found (or is not shared with you)")
        ranked = self.provider.next_adopters(viewer, practice_id, limit=limit)
        with self.db.read() as conn:
            actors = ActorRepository(conn).summaries(viewer, [r.actor_id for r in ranked])
        return [RecommendedAdopter(actors[r.actor_id], r.score, r.factors) for r in ranked if r.actor_id in actors]

    def _readable_actor(self, viewer: Viewer, actor_id: uuid.UUID) -> None:
        with self.db.read() as conn:
            if actor_id not in ActorRepository(conn).summaries(viewer, [actor_id]):
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
