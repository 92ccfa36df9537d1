"""The office dashboard's aggregates kept member by member, so that a change by one member costs one
member's worth of work instead of a pass over the whole federation.

Each member's contribution (``MemberPartition``) is read from the store with the office's viewer; the
totals are the sum of the partitions. Every aggregate is additive per member or kept as a multiset
(the distinct partners of a country are the partners some member still counts), so replacing a
member's partition is one subtraction and one addition — never a recount of the others.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: (foreign country, engagement kind, year, recent?)
EngagementKey = tuple[str, str, int, bool]
#: An actor in the network, by its UUID's 128-bit integer (hashed in C; ``uuid.UUID`` hashes in Python,
#: which dominated the hubs' cost at a million ties).
ActorKey = int


@dataclass
class MemberPartition:
    """What one member shared, as the office reads it."""

    tenant_id: uuid.UUID
    actor_id: uuid.UUID | None = None
    engagements: Counter[EngagementKey] = field(default_factory=Counter)
    total: int = 0  # every readable engagement in the window, foreign counterpart or not
    channels: dict[str, Counter[ActorKey]] = field(default_factory=dict)  # country -> partner -> ties
    network: Counter[ActorKey] = field(default_factory=Counter)  # other actor -> ties with the member's actor
    goal_engagements: Counter[uuid.UUID] = field(default_factory=Counter)  # priority -> engagements serving it
    aligned: int = 0  # engagements serving any of the priorities
    goal_ties: Counter[uuid.UUID] = field(default_factory=Counter)  # priority -> ties aligned with it

    @property
    def countries(self) -> set[str]:
        return {key[0] for key, n in self.engagements.items() if n > 0}


@dataclass
class EngagementDelta:
    """How a member's engagement counts change when the dashboard's window moves."""

    engagements: Counter[EngagementKey] = field(default_factory=Counter)
    total: int = 0
    goal_engagements: Counter[uuid.UUID] = field(default_factory=Counter)
    aligned: int = 0


@dataclass
class FederationTotals:
    """The sum of the members' partitions, updated in place as partitions come and go."""

    partitions: dict[uuid.UUID, MemberPartition] = field(default_factory=dict)
    engagements: Counter[EngagementKey] = field(default_factory=Counter)
    members_by_country: Counter[str] = field(default_factory=Counter)
    total: int = 0
    channel_ties: Counter[str] = field(default_factory=Counter)
    channel_members: Counter[str] = field(default_factory=Counter)
    channel_partners: dict[str, Counter[ActorKey]] = field(default_factory=dict)  # partner -> members counting it
    reach: Counter[ActorKey] = field(default_factory=Counter)  # other actor -> members tied to it
    degree: Counter[ActorKey] = field(default_factory=Counter)  # other actor -> ties with members
    member_degree: Counter[ActorKey] = field(default_factory=Counter)  # member actor -> its ties
    linked: dict[ActorKey, Counter[ActorKey]] = field(default_factory=dict)  # other -> member actor -> ties
    goal_engagements: Counter[uuid.UUID] = field(default_factory=Counter)
    goal_members: Counter[uuid.UUID] = field(default_factory=Counter)  # priority -> members serving it
    aligned: int = 0
    goal_ties: Counter[uuid.UUID] = field(default_factory=Counter)

    def replace(self, partitions: Iterable[MemberPartition]) -> bool:
        """Put these partitions in place of the members' old ones; says whether the network changed."""
        network_changed = False
        for new in partitions:
            old = self.partitions.get(new.tenant_id)
            if old is not None:
                network_changed |= old.network != new.network or old.actor_id != new.actor_id
                self._apply(old, -1)
            else:
                network_changed |= bool(new.network)
            self.partitions[new.tenant_id] = new
            self._apply(new, 1)
        return network_changed

    def remove(self, tenant_ids: Iterable[uuid.UUID]) -> bool:
        """Drop members (they left the federation); says whether the network changed."""
        network_changed = False
        for tenant_id in tenant_ids:
            old = self.partitions.pop(tenant_id, None)
            if old is not None:
                network_changed |= bool(old.network)
                self._apply(old, -1)
        return network_changed

    def move(self, tenant_id: uuid.UUID, delta: EngagementDelta) -> None:
        """Add a change of a member's engagement counts (the window moved) to its share and to the totals."""
        part = self.partitions.get(tenant_id)
        if part is None:
            return
        countries, goals = part.countries, set(+part.goal_engagements)
        for counter in (part, self):
            _add(counter.engagements, delta.engagements, 1)
            _add(counter.goal_engagements, delta.goal_engagements, 1)
            counter.total += delta.total
            counter.aligned += delta.aligned
        _add(self.members_by_country, Counter(dict.fromkeys(part.countries - countries, 1)), 1)
        _add(self.members_by_country, Counter(dict.fromkeys(countries - part.countries, 1)), -1)
        now = set(+part.goal_engagements)
        _add(self.goal_members, Counter(dict.fromkeys(now - goals, 1)), 1)
        _add(self.goal_members, Counter(dict.fromkeys(goals - now, 1)), -1)

    def realign(self, tenant_id: uuid.UUID, counted: MemberPartition) -> None:
        """Put a member's counts for the office's priorities (read into ``counted``) in place of its old ones."""
        part = self.partitions.get(tenant_id)
        if part is None:
            return
        for source, sign in ((part, -1), (counted, 1)):
            _add(self.goal_engagements, source.goal_engagements, sign)
            _add(self.goal_members, Counter(dict.fromkeys(+source.goal_engagements, 1)), sign)
            _add(self.goal_ties, source.goal_ties, sign)
            self.aligned += sign * source.aligned
        part.goal_engagements, part.goal_ties = Counter(counted.goal_engagements), Counter(counted.goal_ties)
        part.aligned = counted.aligned

    def _apply(self, part: MemberPartition, sign: int) -> None:
        _add(self.engagements, part.engagements, sign)
        _add(self.members_by_country, Counter(part.countries), sign)
        self.total += sign * part.total
        for country, partners in part.channels.items():
            self.channel_ties[country] += sign * sum(partners.values())
            self.channel_members[country] += sign
            counted = self.channel_partners.setdefault(country, Counter())
            _add(counted, Counter(dict.fromkeys(partners, 1)), sign)
            if not counted:
                del self.channel_partners[country]
        _add(self.reach, Counter(dict.fromkeys(part.network, 1)), sign)
        _add(self.degree, part.network, sign)
        if part.actor_id is not None:
            mine = part.actor_id.int
            self.member_degree[mine] += sign * sum(part.network.values())
            if self.member_degree[mine] <= 0:
                del self.member_degree[mine]
            for other, n in part.network.items():
                links = self.linked.setdefault(other, Counter())
                links[mine] += sign * n
                if links[mine] <= 0:
                    del links[mine]
                    if not links:
                        del self.linked[other]
        _add(self.goal_engagements, part.goal_engagements, sign)
        _add(self.goal_members, Counter(dict.fromkeys(+part.goal_engagements, 1)), sign)
        self.aligned += sign * part.aligned
        _add(self.goal_ties, part.goal_ties, sign)
        _prune(self.channel_ties)
        _prune(self.channel_members)

    # -- what the dashboard reads -------------------------------------------------------------------
    def channels(self) -> list[tuple[str, int, int, int]]:
        """(country, ties, members, partners) of the members' subnational channels per foreign country."""
        return sorted((c, n, self.channel_members[c], len(self.channel_partners.get(c, ())))
                      for c, n in self.channel_ties.items())

    def alignment(self, goal_id: uuid.UUID) -> tuple[int, int, int]:
        """(engagements, members, ties) serving one of the office's priorities."""
        return self.goal_engagements[goal_id], self.goal_members[goal_id], self.goal_ties[goal_id]

    def network_others(self) -> dict[ActorKey, tuple[int, int]]:
        """other actor -> (members tied to it, ties)."""
        return {a: (self.reach[a], t) for a, t in self.degree.items()}

    def network_edges(self, wanted: set[ActorKey]) -> list[tuple[ActorKey, ActorKey]]:
        """(member actor, other actor) for each tie of a member with one of ``wanted`` (a tie per edge)."""
        edges: list[tuple[ActorKey, ActorKey]] = []
        for other in wanted:
            for mine, n in self.linked.get(other, {}).items():
                edges += [(mine, other)] * n
        return edges


def _add(total: Counter[Any], part: Counter[Any], sign: int) -> None:
    for key, n in part.items():
        value = total[key] + sign * n
        if value:
            total[key] = value
        else:
            del total[key]


def _prune(counter: Counter[Any]) -> None:
    for key in [k for k, n in counter.items() if n <= 0]:
        del counter[key]
