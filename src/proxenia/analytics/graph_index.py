"""An in-memory index of the public tie graph, for fast shortest chains at national scale.

Public ties between public actors are most of the graph and the same for every viewer: they are
held as compressed adjacency arrays (CSR). When actors or ties change, the changed actors' edges in the
arrays are set aside and their current public edges read beside them (a few statements, not the whole
graph); a bulk import, or more than a few thousand such edges, reads the graph whole again. A viewer's other
readable ties (private, partners, federation) are read per question and added on top, so the answer
is exactly what the permission filter allows.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from proxenia.analytics.paths import Hop
from proxenia.store.audit import TrailMark
from proxenia.store.tie_graph import EdgeRow, GraphReader
from proxenia.store.ties import Edge

#: Past this many edges re-read since the graph was built (and at least 5 % of it), it is read whole again.
OVERLAY_EDGES = 2_000


@dataclass
class PublicGraph:
    """The public graph as compressed adjacency arrays, read at ``generation`` (the store's stamp of actor
    and tie changes) and ``mark`` (where the audit trail stood). Brought up to date without reading it
    whole: the base edges at a ``touched`` actor are dropped, and the current public edges of those actors
    are held in ``overlay``."""

    generation: object
    node_ids: list[str]  # actors' ids as hex, as the store reads them (a million ``UUID`` objects cost seconds)
    index: dict[str, int]
    indptr: np.ndarray
    neighbours: np.ndarray
    edge_ties: np.ndarray
    tie_ids: list[str]
    tie_types: list[str]
    mark: TrailMark = field(default_factory=lambda: TrailMark(0))
    touched: np.ndarray | None = None  # per base node: its base edges are out of date
    overlay: list[EdgeRow] = field(default_factory=list)

    @classmethod
    def build(cls, generation: object, edges: Iterable[EdgeRow], mark: TrailMark | None = None) -> PublicGraph:
        index: dict[str, int] = {}
        node_ids: list[str] = []
        sources: list[int] = []
        targets: list[int] = []
        tie_ids: list[str] = []
        tie_types: list[str] = []
        for tie_id, source, target, type_code in edges:
            for node in (source, target):
                if node not in index:
                    index[node] = len(node_ids)
                    node_ids.append(node)
            sources.append(index[source])
            targets.append(index[target])
            tie_ids.append(tie_id)
            tie_types.append(type_code)
        src = np.asarray(sources + targets, dtype=np.int32)
        dst = np.asarray(targets + sources, dtype=np.int32)
        ties = np.concatenate([np.arange(len(tie_ids), dtype=np.int32)] * 2)
        order = np.lexsort((dst, src))
        counts = np.bincount(src, minlength=len(node_ids))
        indptr = np.zeros(len(node_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(generation, node_ids, index, indptr, dst[order], ties[order], tie_ids, tie_types,
                   mark or TrailMark(0))

    def patched(
        self, generation: object, mark: TrailMark, actors: Iterable[uuid.UUID], edges: list[EdgeRow]
    ) -> PublicGraph:
        """This graph with every edge at ``actors`` replaced by ``edges`` (their current public edges)."""
        changed = {a.hex for a in actors}
        touched = np.zeros(len(self.node_ids), dtype=bool) if self.touched is None else self.touched.copy()
        touched[[i for i in (self.index.get(a) for a in changed) if i is not None]] = True
        kept = [e for e in self.overlay if e[1] not in changed and e[2] not in changed]
        return replace(self, generation=generation, mark=mark, touched=touched, overlay=kept + edges)

    @property
    def outgrown(self) -> bool:
        """Too much held beside the arrays: cheaper to read the graph whole."""
        return len(self.overlay) > max(OVERLAY_EDGES, len(self.tie_ids) // 20)

    def edges_from(self, origins: Iterable[uuid.UUID]) -> list[Edge]:
        out: list[tuple[str, str, str, str]] = []
        wanted = {o.hex for o in origins}
        for origin in wanted:
            i = self.index.get(origin)
            if i is None or (self.touched is not None and self.touched[i]):
                continue
            lo, hi = self.indptr[i], self.indptr[i + 1]
            for j, t in zip(self.neighbours[lo:hi].tolist(), self.edge_ties[lo:hi].tolist(), strict=True):
                if self.touched is None or not self.touched[j]:
                    out.append((origin, self.node_ids[j], self.tie_ids[t], self.tie_types[t]))
        for tie_id, source, target, type_code in self.overlay:
            if source in wanted:
                out.append((source, target, tie_id, type_code))
            if target in wanted:
                out.append((target, source, tie_id, type_code))
        return [Edge(uuid.UUID(a), uuid.UUID(b), uuid.UUID(t), k) for a, b, t, k in out]


@dataclass
class GraphIndex:
    """Holds the current PublicGraph of one database; thread-safe updates."""

    _graph: PublicGraph | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self, reader: GraphReader) -> PublicGraph:
        """The graph as of the reader's transaction: kept while no actor or tie changed; after a few
        changes, patched from the changed actors' ties; after a bulk import or many changes, read whole."""
        generation = reader.generation()
        graph = self._graph
        if graph is not None and graph.generation == generation:
            return graph
        with self._lock:
            graph = self._graph
            if graph is None or graph.generation != generation:
                graph = self._graph = self._update(graph, reader, generation)
            return graph

    @staticmethod
    def _update(graph: PublicGraph | None, reader: GraphReader, generation: object) -> PublicGraph:
        if graph is not None:
            found = reader.changes_since(graph.mark)
            if not found.wide:
                patched = graph.patched(generation, found.mark, found.actors, reader.public_edges_of(found.actors))
                if not patched.outgrown:
                    return patched
        mark = reader.mark()
        return PublicGraph.build(generation, reader.public_edges(), mark)


class _Expander:
    """Neighbour expansion over the CSR arrays plus a viewer's extra edges, all in integer indices."""

    def __init__(self, graph: PublicGraph, extra: list[EdgeRow]) -> None:
        self.graph = graph
        self.node_ids = list(graph.node_ids)
        self.index = graph.index
        self.touched = graph.touched
        self.extra_index: dict[str, int] = {}
        self.extra_ties: list[tuple[str, str]] = []
        self.extra_adj: dict[int, list[tuple[int, int]]] = {}
        for tie_id, source, target, type_code in [*graph.overlay, *extra]:
            a, b = self.node(source, create=True), self.node(target, create=True)
            t = -(len(self.extra_ties) + 1)  # negative: an extra tie
            self.extra_ties.append((tie_id, type_code))
            self.extra_adj.setdefault(a, []).append((b, t))
            self.extra_adj.setdefault(b, []).append((a, t))

    def node(self, actor: str, *, create: bool = False) -> int:
        found = self.index.get(actor)
        if found is None:
            found = self.extra_index.get(actor)
        if found is None:
            if not create:
                return -1
            found = len(self.node_ids)
            self.extra_index[actor] = found
            self.node_ids.append(actor)
        return found

    @property
    def size(self) -> int:
        return len(self.node_ids)

    def expand(self, frontier: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(origin, neighbour, tie) arrays for every edge leaving the frontier."""
        g = self.graph
        inside = frontier[frontier < len(g.node_ids)]
        starts, ends = g.indptr[inside], g.indptr[inside + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total:
            offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
            positions = offsets + np.arange(total)
            origins = np.repeat(inside, lengths)
            others = g.neighbours[positions].astype(np.int64)
            ties = g.edge_ties[positions].astype(np.int64)
            if self.touched is not None:  # base edges at an actor changed since: its overlay edges stand
                current = ~(self.touched[origins] | self.touched[others])
                origins, others, ties = origins[current], others[current], ties[current]
        else:
            origins = others = ties = np.zeros(0, dtype=np.int64)
        if self.extra_adj:
            extra = [(int(o), n, t) for o in frontier.tolist() for n, t in self.extra_adj.get(int(o), ())]
            if extra:
                e = np.asarray(extra, dtype=np.int64)
                origins = np.concatenate([origins, e[:, 0]])
                others = np.concatenate([others, e[:, 1]])
                ties = np.concatenate([ties, e[:, 2]])
        return origins, others, ties

    def hop(self, source: int, target: int, tie: int) -> Hop:
        if tie < 0:
            tie_id, type_code = self.extra_ties[-tie - 1]
        else:
            tie_id, type_code = self.graph.tie_ids[tie], self.graph.tie_types[tie]
        return Hop(uuid.UUID(self.node_ids[source]), uuid.UUID(self.node_ids[target]), uuid.UUID(tie_id), type_code)


def indexed_chain(
    graph: PublicGraph,
    extra: list[EdgeRow],
    start: uuid.UUID,
    goal: uuid.UUID,
    *,
    max_hops: int = 6,
) -> list[Hop] | None:
    """Bidirectional breadth-first search over the index; deterministic (lowest indices win ties)."""
    if start == goal:
        return []
    ex = _Expander(graph, extra)
    s, t = ex.node(start.hex), ex.node(goal.hex)
    if s < 0 or t < 0:
        return None
    n = ex.size
    parent = [np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)]
    via = [np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)]
    seen = [np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)]
    seen[0][s] = seen[1][t] = True
    frontier = [np.asarray([s]), np.asarray([t])]
    for _ in range(max_hops):
        if not len(frontier[0]) or not len(frontier[1]):
            return None
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        origins, others, ties = ex.expand(frontier[side])
        fresh = ~seen[side][others]
        origins, others, ties = origins[fresh], others[fresh], ties[fresh]
        nodes, first = np.unique(others, return_index=True)
        parent[side][nodes] = origins[first]
        via[side][nodes] = ties[first]
        seen[side][nodes] = True
        meet = nodes[seen[1 - side][nodes]]
        if len(meet):
            return _path(ex, parent, via, int(meet.min()))
        frontier[side] = nodes
    return None


def _path(ex: _Expander, parent: list[np.ndarray], via: list[np.ndarray], meeting: int) -> list[Hop]:
    forward: list[Hop] = []
    node = meeting
    while parent[0][node] >= 0:
        forward.append(ex.hop(int(parent[0][node]), node, int(via[0][node])))
        node = int(parent[0][node])
    forward.reverse()
    node = meeting
    while parent[1][node] >= 0:
        nxt = int(parent[1][node])
        forward.append(ex.hop(node, nxt, int(via[1][node])))
        node = nxt
    return forward


__all__ = ["GraphIndex", "Hop", "PublicGraph", "indexed_chain"]
