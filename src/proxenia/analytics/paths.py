"""Graph questions over ties: shortest chain (bidirectional breadth-first search) and neighbourhoods.

The graph is read from the store hop by hop, through the permission filter, so a path never passes
through a tie or an actor the viewer may not see.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from proxenia.store.ties import Edge

EdgeReader = Callable[[Iterable[uuid.UUID]], list[Edge]]


@dataclass(frozen=True)
class Hop:
    source: uuid.UUID
    target: uuid.UUID
    tie_id: uuid.UUID
    type_code: str


@dataclass
class Neighbourhood:
    root: uuid.UUID
    depth_of: dict[uuid.UUID, int] = field(default_factory=dict)
    edges: dict[uuid.UUID, Hop] = field(default_factory=dict)
    truncated: bool = False


def shortest_chain(
    read: EdgeReader, start: uuid.UUID, goal: uuid.UUID, *, max_hops: int = 6, max_visited: int = 250_000
) -> list[Hop] | None:
    """The fewest ties linking ``start`` to ``goal``, or None when none within ``max_hops``."""
    if start == goal:
        return []
    parents: list[dict[uuid.UUID, Hop | None]] = [{start: None}, {goal: None}]
    frontiers: list[set[uuid.UUID]] = [{start}, {goal}]
    hops = 0
    while frontiers[0] and frontiers[1] and hops < max_hops:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        seen, other = parents[side], parents[1 - side]
        next_frontier: set[uuid.UUID] = set()
        meeting: uuid.UUID | None = None
        for edge in sorted(read(frontiers[side]), key=lambda e: (str(e.origin), str(e.other), str(e.tie_id))):
            if edge.other in seen:
                continue
            seen[edge.other] = Hop(edge.origin, edge.other, edge.tie_id, edge.type_code)
            next_frontier.add(edge.other)
            if edge.other in other and meeting is None:
                meeting = edge.other
        hops += 1
        if meeting is not None:
            return _join(parents[0], parents[1], meeting)
        if len(parents[0]) + len(parents[1]) > max_visited:
            return None
        frontiers[side] = next_frontier
    return None


def _join(forward: dict[uuid.UUID, Hop | None], backward: dict[uuid.UUID, Hop | None], meeting: uuid.UUID) -> list[Hop]:
    path: list[Hop] = []
    node = meeting
    while (hop := forward[node]) is not None:
        path.append(hop)
        node = hop.source
    path.reverse()
    node = meeting
    while (hop := backward[node]) is not None:
        # Walking back towards the goal: the hop was recorded goal-side, so flip it.
        path.append(Hop(hop.target, hop.source, hop.tie_id, hop.type_code))
        node = hop.source
    return path


def neighbourhood(read: EdgeReader, root: uuid.UUID, *, depth: int = 2, max_nodes: int = 400) -> Neighbourhood:
    """Actors within ``depth`` ties of ``root`` (capped at ``max_nodes``), with the ties among them."""
    result = Neighbourhood(root=root, depth_of={root: 0})
    frontier = {root}
    for level in range(1, depth + 1):
        if not frontier:
            break
        next_frontier: set[uuid.UUID] = set()
        for edge in sorted(read(frontier), key=lambda e: (str(e.origin), str(e.other))):
            if edge.other not in result.depth_of:
                if len(result.depth_of) >= max_nodes:
                    result.truncated = True
                    continue
                result.depth_of[edge.other] = level
                next_frontier.add(edge.other)
            result.edges.setdefault(edge.tie_id, Hop(edge.origin, edge.other, edge.tie_id, edge.type_code))
        frontier = next_frontier
    return result
