from __future__ import annotations

import uuid
from collections.abc import Iterable

from proxenia.analytics.paths import neighbourhood, shortest_chain
from proxenia.store.ties import Edge


def _graph(pairs: list[tuple[str, str]]) -> tuple[dict[str, uuid.UUID], object]:
    names = {n for p in pairs for n in p}
    ids = {n: uuid.uuid5(uuid.NAMESPACE_DNS, n) for n in names}
    adjacency: dict[uuid.UUID, list[Edge]] = {i: [] for i in ids.values()}
    for a, b in pairs:
        tie = uuid.uuid5(uuid.NAMESPACE_URL, a + b)
        adjacency[ids[a]].append(Edge(ids[a], ids[b], tie, "sister_city"))
        adjacency[ids[b]].append(Edge(ids[b], ids[a], tie, "sister_city"))
    calls = []

    def read(origins: Iterable[uuid.UUID]) -> list[Edge]:
        origins = list(origins)
        calls.append(len(origins))
        return [e for o in origins for e in adjacency.get(o, [])]

    read.calls = calls  # type: ignore[attr-defined]
    return ids, read


def test_shortest_chain_is_shortest_and_ordered_from_start_to_goal() -> None:
    ids, read = _graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "x"), ("x", "e")])
    hops = shortest_chain(read, ids["a"], ids["e"])  # type: ignore[arg-type]
    assert hops is not None and len(hops) == 2
    assert hops[0].source == ids["a"] and hops[-1].target == ids["e"]
    assert hops[0].target == hops[1].source == ids["x"]


def test_long_chain_is_walked_in_both_directions_consistently() -> None:
    ids, read = _graph([(str(i), str(i + 1)) for i in range(6)])
    hops = shortest_chain(read, ids["0"], ids["6"])  # type: ignore[arg-type]
    assert hops is not None
    assert [h.source for h in hops] == [ids[str(i)] for i in range(6)]
    assert [h.target for h in hops] == [ids[str(i)] for i in range(1, 7)]


def test_no_chain_and_hop_limit() -> None:
    ids, read = _graph([("a", "b"), ("c", "d")])
    assert shortest_chain(read, ids["a"], ids["d"]) is None  # type: ignore[arg-type]
    ids, read = _graph([(str(i), str(i + 1)) for i in range(10)])
    assert shortest_chain(read, ids["0"], ids["10"], max_hops=4) is None  # type: ignore[arg-type]
    assert shortest_chain(read, ids["0"], ids["0"]) == []  # type: ignore[arg-type]


def test_neighbourhood_depths_and_cap() -> None:
    ids, read = _graph([("r", "a"), ("r", "b"), ("a", "c"), ("c", "d")])
    hood = neighbourhood(read, ids["r"], depth=2)  # type: ignore[arg-type]
    assert hood.depth_of == {ids["r"]: 0, ids["a"]: 1, ids["b"]: 1, ids["c"]: 2}
    assert not hood.truncated
    capped = neighbourhood(read, ids["r"], depth=2, max_nodes=2)  # type: ignore[arg-type]
    assert len(capped.depth_of) == 2 and capped.truncated
    assert read.calls[:2] == [1, 2]  # type: ignore[attr-defined]  # one read per level, not per node
