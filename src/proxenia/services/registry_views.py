"""What the registry's questions answer with: profiles, touchpoints, chains, channels, neighbourhoods."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from proxenia.domain.actors import Actor, ActorSummary
from proxenia.domain.people import Post
from proxenia.domain.ties import TieView


@dataclass(frozen=True)
class TieGroup:
    type_code: str
    label: str
    ties: list[TieView]


@dataclass(frozen=True)
class ActorProfile:
    actor: Actor
    parent_chain: list[ActorSummary]
    tie_groups: list[TieGroup]
    pledges: list[TieView]
    posts: list[Post]
    children_count: int = 0

    @property
    def tie_count(self) -> int:
        return sum(len(g.ties) for g in self.tie_groups) + len(self.pledges)

    def all_ties(self) -> list[TieView]:
        return [t for g in self.tie_groups for t in g.ties] + list(self.pledges)


@dataclass(frozen=True)
class Touchpoint:
    origin: ActorSummary
    view: TieView


@dataclass(frozen=True)
class Touchpoints:
    """Every tie between a subject (an actor or a whole country) and actors of another country."""

    subject: str
    other_country: str
    by_type: dict[str, list[Touchpoint]]

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.by_type.values())


@dataclass(frozen=True)
class ChainStep:
    actor: ActorSummary
    via_label: str | None = None
    via_tie: uuid.UUID | None = None
    via_type: str | None = None


@dataclass(frozen=True)
class Chain:
    start: ActorSummary
    goal: ActorSummary
    steps: list[ChainStep]
    found: bool

    @property
    def hops(self) -> int:
        return max(len(self.steps) - 1, 0)


@dataclass(frozen=True)
class Channels:
    country_a: str
    country_b: str
    by_type: dict[str, list[Touchpoint]]

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.by_type.values())


@dataclass(frozen=True)
class GraphEdge:
    id: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    type_code: str
    label: str
    status: str = "active"
    start_date: str | None = None


@dataclass(frozen=True)
class NeighbourhoodView:
    root: ActorSummary
    nodes: list[tuple[ActorSummary, int]]
    edges: list[GraphEdge]
    truncated: bool = False


@dataclass(frozen=True)
class RegistryStats:
    actors_by_kind: dict[str, int]
    ties_by_type: dict[str, int]
    unresolved_actors: int
    unresolved_rows: dict[str, int] = field(default_factory=dict)
