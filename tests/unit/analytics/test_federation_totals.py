"""The federation dashboard's arithmetic: exact betweenness (checked against networkx) and totals kept
member by member that always equal the totals summed afresh."""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections import Counter

import networkx as nx
import pytest

from proxenia.analytics.federation_hubs import betweenness_on, federation_hubs
from proxenia.analytics.federation_totals import EngagementDelta, FederationTotals, MemberPartition


def _ids(n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=i + 1) for i in range(n)]


def _keys(n: int) -> list[int]:
    return [u.int for u in _ids(n)]


@pytest.mark.parametrize("seed", range(6))
def test_betweenness_equals_networkx_exact(seed: int) -> None:
    graph = nx.gnm_random_graph(40 + seed * 7, 90 + seed * 20, seed=seed)
    graph.add_edges_from([(500, 501), (501, 502), (502, 503)])  # a second component
    graph.remove_nodes_from(list(nx.isolates(graph)))
    ids = dict(zip(graph.nodes, _keys(graph.number_of_nodes()), strict=True))
    edges = [(ids[a], ids[b]) for a, b in graph.edges] + [(ids[b], ids[a]) for a, b in list(graph.edges)[:10]]
    ours, nodes = betweenness_on(edges)  # repeated and reversed edges count once, as in a graph
    assert nodes == graph.number_of_nodes()
    for node, value in nx.betweenness_centrality(graph).items():
        assert ours[ids[node]] == pytest.approx(value, abs=1e-12)


def test_betweenness_of_a_star_and_of_nothing() -> None:
    hub, *leaves = _keys(5)
    scores, nodes = betweenness_on([(hub, leaf) for leaf in leaves])
    assert nodes == 5 and scores[hub] == pytest.approx(1.0) and all(scores[leaf] == 0 for leaf in leaves)
    assert betweenness_on([]) == ({}, 0)


def _partition(rng: random.Random, tenant: uuid.UUID, actor: uuid.UUID, others: list[uuid.UUID]) -> MemberPartition:
    part = MemberPartition(tenant, actor, total=rng.randrange(50))
    for _ in range(rng.randrange(12)):
        part.engagements[(rng.choice("ABC"), rng.choice(["call", "meeting"]), rng.choice([2024, 2025]),
                          rng.random() < 0.5)] += rng.randrange(1, 4)
    for _ in range(rng.randrange(6)):
        part.channels.setdefault(rng.choice("ABC"), Counter())[rng.choice(others).int] += 1
    for _ in range(rng.randrange(8)):
        part.network[rng.choice(others).int] += 1
    for goal in others[:2]:
        if rng.random() < 0.5:
            part.goal_engagements[goal] = rng.randrange(1, 5)
            part.goal_ties[goal] = rng.randrange(3)
    part.aligned = sum(part.goal_engagements.values())
    return part


def _summary(totals: FederationTotals) -> tuple[object, ...]:
    return (totals.engagements, totals.members_by_country, totals.total, totals.channels(),
            totals.network_others(), totals.member_degree, totals.goal_engagements, totals.goal_members,
            totals.goal_ties, totals.aligned)


def test_totals_replaced_member_by_member_equal_totals_summed_afresh() -> None:
    rng = random.Random(3)
    tenants, actors, others = _ids(8), _ids(20)[8:16], _ids(40)[20:]
    kept = FederationTotals()
    kept.replace(_partition(rng, t, a, others) for t, a in zip(tenants, actors, strict=True))
    for _ in range(60):
        who = rng.randrange(len(tenants))
        if rng.random() < 0.2:
            kept.remove([tenants[who]])
        else:
            kept.replace([_partition(rng, tenants[who], actors[who], others)])
        afresh = FederationTotals()
        afresh.replace(kept.partitions.values())
        assert _summary(kept) == _summary(afresh)
    kept.remove(tenants)
    assert _summary(kept) == _summary(FederationTotals())


def test_replace_says_whether_the_network_changed_and_the_hubs_follow() -> None:
    (tenant, other_tenant), (mine, theirs), partners = _ids(2), _ids(4)[2:], _ids(9)[4:]
    totals = FederationTotals()
    first = MemberPartition(tenant, mine, network=Counter({p.int: 1 for p in partners[:3]}))
    second = MemberPartition(other_tenant, theirs, network=Counter({p.int: 1 for p in partners[1:]}))
    assert totals.replace([first, second])
    assert not totals.replace([MemberPartition(tenant, mine, total=5, network=Counter(first.network))])
    hubs = federation_hubs(totals, [mine, theirs])
    shared = {h.actor_id: h for h in hubs.scores}
    assert shared[partners[1]].member_ties == 2 and shared[partners[1]].betweenness > 0
    assert hubs.edges == 3 + 4 and hubs.nodes == 2 + len(partners)
    assert totals.remove([other_tenant])
    assert {h.actor_id for h in federation_hubs(totals, [mine]).scores} == {mine, *partners[:3]}


def test_moving_engagement_counts_equals_replacing_the_shares() -> None:
    rng = random.Random(5)
    tenants, actors, others = _ids(6), _ids(12)[6:], _ids(30)[12:]
    moved, replaced = FederationTotals(), FederationTotals()
    start = [_partition(rng, t, a, others) for t, a in zip(tenants, actors, strict=True)]
    moved.replace(dataclasses.replace(p, engagements=Counter(p.engagements),
                                      goal_engagements=Counter(p.goal_engagements)) for p in start)
    replaced.replace(start)
    for _ in range(40):
        old = replaced.partitions[rng.choice(tenants)]
        new = _partition(rng, old.tenant_id, old.actor_id, others)
        new.channels, new.network, new.goal_ties = old.channels, old.network, old.goal_ties  # only engagements move
        delta = EngagementDelta(Counter(new.engagements), new.total - old.total, Counter(new.goal_engagements),
                                new.aligned - old.aligned)
        delta.engagements.subtract(old.engagements)
        delta.goal_engagements.subtract(old.goal_engagements)
        moved.move(old.tenant_id, delta)
        replaced.replace([new])
        assert _summary(moved) == _summary(replaced)


def test_realigning_a_member_equals_replacing_its_share() -> None:
    rng = random.Random(9)
    tenants, actors, others = _ids(5), _ids(10)[5:], _ids(30)[10:]
    kept = FederationTotals()
    kept.replace(_partition(rng, t, a, others) for t, a in zip(tenants, actors, strict=True))
    for _ in range(30):
        member = rng.choice(tenants)
        counted = _partition(rng, member, None, others)  # only its priority counts are used
        kept.realign(member, counted)
        afresh = FederationTotals()
        afresh.replace(dataclasses.replace(p) for p in kept.partitions.values())
        assert _summary(kept) == _summary(afresh)
        assert kept.partitions[member].goal_engagements == counted.goal_engagements
