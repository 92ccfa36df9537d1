"""The hubs of a federation's network, with networkx: the members' actors and the actors they are tied to.

Degree (ties) and reach (members tied) come from aggregates in the store, for every actor of the
network. Betweenness — the share of shortest paths through an actor, the mark of a broker — is computed
with networkx on the network's core: the partners tied to the most members (a foreign city through
which many of the country's cities reach that country) and the members most tied to them. The core is
bounded and, when large, betweenness samples its sources (seeded: reproducible), so the cost stays
within a budget at national scale; the result says how it was computed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from proxenia.store.federation_facts import FederationFactReader, Scope

#: The core: at most this many partners (tied to two members or more) and this many members.
CORE_PARTNERS = 150
CORE_MEMBERS = 250
#: Sources x edges that betweenness may visit; beyond it, sources are sampled (at least MIN_SAMPLES).
BUDGET = 250_000
MIN_SAMPLES = 16


@dataclass(frozen=True)
class HubScore:
    actor_id: uuid.UUID
    degree: int
    degree_centrality: float
    betweenness: float
    is_member: bool
    member_ties: int


@dataclass(frozen=True)
class HubResult:
    scores: list[HubScore]
    nodes: int
    edges: int
    core_nodes: int
    sampled: bool


def betweenness_on(edges: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> tuple[dict[uuid.UUID, float], int, bool]:
    """networkx betweenness of a graph, exact within the budget, sampled beyond it."""
    graph = nx.Graph()
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    count, nodes = graph.number_of_edges(), graph.number_of_nodes()
    if not count:
        return {}, nodes, False
    k = max(MIN_SAMPLES, BUDGET // count)
    sampled = count * nodes > BUDGET and k < nodes
    return nx.betweenness_centrality(graph, k=k if sampled else None, seed=7), nodes, sampled


def federation_hubs(
    facts: FederationFactReader, scope: Scope, member_actors: Iterable[uuid.UUID], *, top: int = 15
) -> HubResult:
    """Rank the actors of the federation's network by betweenness on the core, then by reach and degree."""
    members = set(member_actors)
    others = {a: (m, t) for a, m, t in facts.network_others(scope)}
    member_degree = facts.network_members(scope)
    degree = {a: t for a, (_, t) in others.items()}
    for a, t in member_degree.items():
        degree[a] = degree.get(a, 0) + t
    if not degree:
        return HubResult([], 0, 0, 0, False)
    reach = {a: m for a, (m, _) in others.items() if a not in members}
    partners = sorted((a for a, m in reach.items() if m >= 2), key=lambda a: (-reach[a], -degree[a], a))
    core_partners = partners[:CORE_PARTNERS]
    candidates = members & set(degree)
    edges = facts.network_edges(scope, core_partners) if candidates else []
    toward: dict[uuid.UUID, int] = defaultdict(int)
    for mine, _ in edges:
        toward[mine] += 1
    core = set(sorted(candidates, key=lambda a: (-toward[a], -degree[a], a))[:CORE_MEMBERS]) | set(core_partners)
    betweenness, core_nodes, sampled = betweenness_on((a, b) for a, b in edges if a in core and b in core)
    n = len(degree)
    scale = 1 / (n - 1) if n > 1 else 0.0
    ranked = sorted(degree, key=lambda a: (-betweenness.get(a, 0.0), -reach.get(a, 0), -degree[a], a))
    scores = [
        HubScore(
            actor_id=a,
            degree=degree[a],
            degree_centrality=round(degree[a] * scale, 6),
            betweenness=round(betweenness.get(a, 0.0), 6),
            is_member=a in members,
            member_ties=reach.get(a, 0),
        )
        for a in ranked[:top]
    ]
    return HubResult(scores, n, sum(member_degree.values()), core_nodes, sampled)
