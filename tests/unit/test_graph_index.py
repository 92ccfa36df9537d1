from __future__ import annotations

import itertools
import random
import uuid

import pytest

from proxenia.analytics.graph_index import PublicGraph, indexed_chain
from proxenia.analytics.paths import shortest_chain
from proxenia.store.audit import TrailMark
from proxenia.store.tie_graph import EdgeRow
from proxenia.store.ties import Edge


def _random_graph(seed: int, nodes: int = 60, ties: int = 90) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]]:
    rng = random.Random(seed)
    ids = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(nodes)]
    out = []
    for _ in range(ties):
        a, b = rng.sample(ids, 2)
        out.append((uuid.UUID(int=rng.getrandbits(128)), a, b, rng.choice(["sister_city", "mou"])))
    return out


UuidEdge = tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]


def _hex(edges: list[UuidEdge]) -> list[EdgeRow]:
    """Edges as the store reads them for the index: ids as hex."""
    return [(t.hex, a.hex, b.hex, k) for t, a, b, k in edges]


def _reader(edges: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]]):  # type: ignore[no-untyped-def]
    adjacency: dict[uuid.UUID, list[Edge]] = {}
    for t, a, b, k in edges:
        adjacency.setdefault(a, []).append(Edge(a, b, t, k))
        adjacency.setdefault(b, []).append(Edge(b, a, t, k))
    return lambda origins: [e for o in origins for e in adjacency.get(o, [])]


@pytest.mark.parametrize("seed", range(12))
def test_index_finds_chains_as_short_as_the_generic_search(seed: int) -> None:
    edges = _random_graph(seed)
    public, extra = edges[:70], edges[70:]
    graph = PublicGraph.build(1, _hex(public))
    rng = random.Random(seed)
    nodes = sorted({e[1] for e in edges} | {e[2] for e in edges})
    for _ in range(20):
        a, b = rng.sample(nodes, 2)
        expected = shortest_chain(_reader(edges), a, b)  # type: ignore[arg-type]
        found = indexed_chain(graph, _hex(extra), a, b)
        assert (expected is None) == (found is None)
        if found is not None and expected is not None:
            assert len(found) == len(expected)
            assert found[0].source == a and found[-1].target == b
            for first, second in itertools.pairwise(found):
                assert first.target == second.source
            tie_ends = {e[0]: {e[1], e[2]} for e in edges}
            assert all({h.source, h.target} == tie_ends[h.tie_id] for h in found)


def test_extra_edges_are_only_used_when_given() -> None:
    a, b, c = (uuid.uuid4() for _ in range(3))
    public = [(uuid.uuid4(), a, b, "sister_city")]
    private = [(uuid.uuid4(), b, c, "partnership")]
    graph = PublicGraph.build(1, _hex(public))
    assert indexed_chain(graph, [], a, c) is None
    assert [h.type_code for h in indexed_chain(graph, _hex(private), a, c) or []] == ["sister_city", "partnership"]


def _edit(rng: random.Random, edges: list[UuidEdge]) -> tuple[list[UuidEdge], set[uuid.UUID]]:
    """A few ties ended, a few new (some to actors not yet in the graph), and the actors they touch."""
    nodes = sorted({e[1] for e in edges} | {e[2] for e in edges})
    ended = set(rng.sample(range(len(edges)), 5))
    added = [(uuid.uuid4(), *rng.sample([*nodes, uuid.uuid4(), uuid.uuid4()], 2), "mou") for _ in range(5)]
    changed = {end for i in ended for end in edges[i][1:3]} | {end for e in added for end in e[1:3]}
    return [e for i, e in enumerate(edges) if i not in ended] + added, changed


@pytest.mark.parametrize("seed", range(8))
def test_a_patched_graph_answers_as_the_graph_read_whole(seed: int) -> None:
    rng = random.Random(seed)
    edges = _random_graph(seed)
    graph = PublicGraph.build(1, _hex(edges))
    for step in range(2):  # patched twice: the second patch replaces part of the first one's overlay
        edges, changed = _edit(rng, edges)
        fresh = [e for e in edges if e[1] in changed or e[2] in changed]
        graph = graph.patched(step + 2, TrailMark(step + 2), changed, _hex(fresh))
        whole = PublicGraph.build(step + 2, _hex(edges))
        current = {e[0]: {e[1], e[2]} for e in edges}
        nodes = sorted({e[1] for e in edges} | {e[2] for e in edges})
        for _ in range(40):
            a, b = rng.sample(nodes, 2)
            found, expected = indexed_chain(graph, [], a, b), indexed_chain(whole, [], a, b)
            assert (found is None) == (expected is None)
            assert len(found or []) == len(expected or [])
            assert all({h.source, h.target} == current[h.tie_id] for h in found or [])
        for node in nodes[:10]:
            assert sorted(e.tie_id for e in graph.edges_from([node])) == sorted(
                e.tie_id for e in whole.edges_from([node]))
    assert graph.node_ids is not None and not graph.outgrown
