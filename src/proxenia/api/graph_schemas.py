"""Schemas of the registry's questions: profile, touchpoints, channels, chain, neighbourhood, stats."""

from __future__ import annotations

import uuid

from pydantic import BaseModel

from proxenia.api.schemas import ActorPublic, ActorSummaryPublic, PostPublic, TieViewPublic
from proxenia.services.registry_views import (
    ActorProfile,
    Chain,
    Channels,
    NeighbourhoodView,
    RegistryStats,
    Touchpoints,
)


class TieGroupPublic(BaseModel):
    type: str
    label: str
    count: int
    ties: list[TieViewPublic]


class ProfilePublic(BaseModel):
    actor: ActorPublic
    parents: list[ActorSummaryPublic]
    tie_groups: list[TieGroupPublic]
    pledges: list[TieViewPublic]
    posts: list[PostPublic]

    @classmethod
    def of(cls, p: ActorProfile) -> ProfilePublic:
        return cls(
            actor=ActorPublic.of_actor(p.actor),
            parents=[ActorSummaryPublic.of(a) for a in p.parent_chain],
            tie_groups=[
                TieGroupPublic(
                    type=g.type_code, label=g.label, count=len(g.ties), ties=[TieViewPublic.of(v) for v in g.ties]
                )
                for g in p.tie_groups
            ],
            pledges=[TieViewPublic.of(v) for v in p.pledges],
            posts=[PostPublic.of(x) for x in p.posts],
        )


class TouchpointPublic(BaseModel):
    origin: ActorSummaryPublic
    tie: TieViewPublic


class TouchpointGroupPublic(BaseModel):
    label: str
    count: int
    items: list[TouchpointPublic]


class TouchpointsPublic(BaseModel):
    subject: str
    other_country: str
    total: int
    groups: list[TouchpointGroupPublic]

    @classmethod
    def of(cls, t: Touchpoints | Channels) -> TouchpointsPublic:
        subject = t.subject if isinstance(t, Touchpoints) else t.country_a
        other = t.other_country if isinstance(t, Touchpoints) else t.country_b
        return cls(
            subject=subject,
            other_country=other,
            total=t.total,
            groups=[
                TouchpointGroupPublic(
                    label=label,
                    count=len(items),
                    items=[
                        TouchpointPublic(origin=ActorSummaryPublic.of(i.origin), tie=TieViewPublic.of(i.view))
                        for i in items
                    ],
                )
                for label, items in t.by_type.items()
            ],
        )


class ChainStepPublic(BaseModel):
    actor: ActorSummaryPublic
    via: str | None
    via_tie: uuid.UUID | None
    via_type: str | None


class ChainPublic(BaseModel):
    found: bool
    hops: int
    steps: list[ChainStepPublic]

    @classmethod
    def of(cls, c: Chain) -> ChainPublic:
        return cls(
            found=c.found,
            hops=c.hops,
            steps=[
                ChainStepPublic(
                    actor=ActorSummaryPublic.of(s.actor), via=s.via_label, via_tie=s.via_tie, via_type=s.via_type
                )
                for s in c.steps
            ],
        )


class GraphNodePublic(BaseModel):
    id: uuid.UUID
    label: str
    kind: str
    country_code: str | None
    depth: int
    root: bool


class GraphEdgePublic(BaseModel):
    id: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    type: str
    type_label: str
    status: str
    start_date: str | None


class NeighbourhoodPublic(BaseModel):
    nodes: list[GraphNodePublic]
    edges: list[GraphEdgePublic]
    truncated: bool

    @classmethod
    def of(cls, n: NeighbourhoodView) -> NeighbourhoodPublic:
        return cls(
            nodes=[
                GraphNodePublic(
                    id=a.id, label=a.name, kind=a.kind.value, country_code=a.country_code, depth=d, root=d == 0
                )
                for a, d in n.nodes
            ],
            edges=[
                GraphEdgePublic(
                    id=e.id,
                    source=e.source,
                    target=e.target,
                    type=e.type_code,
                    type_label=e.label,
                    status=e.status,
                    start_date=e.start_date,
                )
                for e in n.edges
            ],
            truncated=n.truncated,
        )


class StatsPublic(BaseModel):
    actors_by_kind: dict[str, int]
    ties_by_type: dict[str, int]
    unresolved_actors: int
    unresolved_rows: dict[str, int]

    @classmethod
    def of(cls, s: RegistryStats) -> StatsPublic:
        return cls(
            actors_by_kind=s.actors_by_kind,
            ties_by_type=s.ties_by_type,
            unresolved_actors=s.unresolved_actors,
            unresolved_rows=s.unresolved_rows,
        )
