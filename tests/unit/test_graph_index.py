from __future__ import annotations

import itertools
import random
import uuid

import pytest

from proxenia.analytics.graph_index import GraphIndex, PublicGraph, indexed_chain
from proxenia.analytics.paths import shortest_chain
from proxenia.store.ties import Edge


def _random_graph(seed: int, nodes: int = 60, ties: int = 90) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]]:
    rng = random.Random(seed)
    ids = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(nodes)]
    out = []
    for _ in range(ties):
        a, b = rng.sample(ids, 2)
        out.append((uuid.UUID(int=rng.getrandbits(128)), a, b, rng.choice(["sister_city", "mou"])))
    return out


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
    graph = PublicGraph.build(1, public)
    rng = random.Random(seed)
    nodes = sorted({e[1] for e in edges} | {e[2] for e in edges})
    for _ in range(20):
        a, b = rng.sample(nodes, 2)
        expected = shortest_chain(_reader(edges), a, b)  # type: ignore[arg-type]
        found = indexed_chain(graph, extra, a, b)
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
    graph = PublicGraph.build(1, public)
    assert indexed_chain(graph, [], a, c) is None
    assert [h.type_code for h in indexed_chain(graph, private, a, c) or []] == ["sister_city", "partnership"]


def test_index_is_rebuilt_when_the_generation_moves() -> None:
    index = GraphIndex()
    calls = []

    def load() -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]]:
        calls.append(1)
        return _random_graph(1)

    first = index.current(5, load)
    assert index.current(5, load) is first and len(calls) == 1
    assert index.current(6, load) is not first and len(calls) == 2
