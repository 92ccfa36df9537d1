"""What the practice exchange's use cases return: search results, a practice's page, recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field

from proxenia.domain.actors import ActorSummary
from proxenia.domain.adoptions import Adoption, Lineage, Share
from proxenia.domain.practices import Practice, PracticeLink, PracticeSummary
from proxenia.domain.recommendations import Challenge, Factor

__all__ = [
    "PracticeDetail",
    "PracticeHit",
    "PracticeSearchResult",
    "RecommendationsView",
    "RecommendedAdopter",
    "RecommendedPeer",
    "RecommendedPractice",
]


@dataclass(frozen=True)
class PracticeHit:
    practice: PracticeSummary
    rank: float = 0.0  # full-text rank (higher is better) or cosine similarity on the semantic path
    matched: tuple[str, ...] = ()  # the query's words found in the practice


@dataclass(frozen=True)
class PracticeSearchResult:
    items: list[PracticeHit]
    total: int
    limit: int
    offset: int
    ranking: str  # "fulltext", "semantic" or "recent" (no query)
    notes: tuple[str, ...] = ()

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


@dataclass(frozen=True)
class PracticeDetail:
    practice: Practice
    adoptions: list[Adoption]
    shares: list[Share]
    links: list[PracticeLink]
    lineage: Lineage
    can_edit: bool = False
    can_review: bool = False


@dataclass(frozen=True)
class RecommendedPractice:
    practice: PracticeSummary
    score: float
    factors: tuple[Factor, ...] = ()


@dataclass(frozen=True)
class RecommendedPeer:
    actor: ActorSummary
    score: float
    factors: tuple[Factor, ...] = ()
    practices: tuple[PracticeSummary, ...] = ()


@dataclass(frozen=True)
class RecommendedAdopter:
    actor: ActorSummary
    score: float
    factors: tuple[Factor, ...] = ()


@dataclass(frozen=True)
class RecommendationsView:
    challenge: Challenge
    practices: list[RecommendedPractice]
    peers: list[RecommendedPeer]
    provider: str
    notes: list[str] = field(default_factory=list)
