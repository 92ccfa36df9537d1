"""The hook the transferability engine plugs into: ``RecommendationProvider``.

Given a government and a challenge, a provider ranks practices and peer governments to learn from;
given a practice, it ranks who is likely to adopt it next (whom to share it with). Every answer
carries its explanation: the factors that drove it, in words and numbers.

A provider reads through the store with the viewer it is given, so it never sees what the viewer
may not read; the service hydrates and filters its answers through the store once more.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from proxenia.domain.viewer import Viewer


@dataclass(frozen=True)
class Challenge:
    """What a government needs help with: text and/or policy areas (at least one of the two)."""

    text: str = ""
    policy_areas: tuple[str, ...] = ()
    actor_id: uuid.UUID | None = None  # the government asking (None: anyone)
    request_id: uuid.UUID | None = None  # when the challenge comes from a request for help


@dataclass(frozen=True)
class Factor:
    """One reason behind a recommendation.

    ``code`` names the factor (``topic``, ``policy_area``, ``adoptions``, ``evidence``,
    ``existing_tie``, ``pathway``, ``similar_context``, ``same_country``, ``activity``,
    ``already_adopted``...); ``value`` is what it added to the score; ``detail`` says it in words.
    """

    code: str
    label: str
    value: float
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.label} (+{self.value:.2f}){': ' + self.detail if self.detail else ''}"


@dataclass(frozen=True)
class PracticeRecommendation:
    practice_id: uuid.UUID
    score: float
    factors: tuple[Factor, ...] = ()

    @property
    def explanation(self) -> str:
        return "; ".join(str(f) for f in self.factors)


@dataclass(frozen=True)
class PeerRecommendation:
    actor_id: uuid.UUID
    score: float
    factors: tuple[Factor, ...] = ()
    practice_ids: tuple[uuid.UUID, ...] = ()  # the practices that make this peer worth asking

    @property
    def explanation(self) -> str:
        return "; ".join(str(f) for f in self.factors)


@dataclass(frozen=True)
class AdopterRecommendation:
    """A government likely to adopt a practice next: whom to share it with."""

    actor_id: uuid.UUID
    score: float
    factors: tuple[Factor, ...] = ()

    @property
    def explanation(self) -> str:
        return "; ".join(str(f) for f in self.factors)


@dataclass(frozen=True)
class Recommendations:
    practices: tuple[PracticeRecommendation, ...] = ()
    peers: tuple[PeerRecommendation, ...] = ()
    provider: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


@runtime_checkable
class RecommendationProvider(Protocol):
    """What a recommender implements (the simple text-match provider, the transferability engine)."""

    name: str

    def recommend(self, viewer: Viewer, challenge: Challenge, *, limit: int = 10) -> Recommendations:
        """Practices and peer governments for a challenge, best first, each with its factors."""
        ...

    def next_adopters(self, viewer: Viewer, practice_id: uuid.UUID, *, limit: int = 10) -> list[AdopterRecommendation]:
        """Governments that have not adopted ``practice_id`` yet, most likely adopters first."""
        ...
