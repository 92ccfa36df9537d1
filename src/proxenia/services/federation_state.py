"""The office dashboard's aggregates, kept up to date member by member.

The first view of a federation's dashboard reads every member's share (``MemberPartition``) and sums
them (``FederationTotals``). Each later view reads the audit trail since the last one and re-reads only
the members it touched: a member's own change, a change to an actor or a tie its records point at, a
change of what another organisation shares with the office, a member joining or leaving. So a record a
member made private leaves the office's figures on the very next view, at the cost of one member's
reads, not the federation's. Reference data reloaded (or a flood of changes) re-reads everything.
The hubs are recomputed only when the network itself changed.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

from proxenia.analytics.federation_hubs import federation_hubs
from proxenia.analytics.federation_totals import FederationTotals, MemberPartition
from proxenia.domain.federation_dashboard import DashboardWindow, Hub
from proxenia.services.federation_window import deltas, worth_shifting
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Connection
from proxenia.store.federation_facts import Scope
from proxenia.store.federation_partitions import MemberFactReader, trace_changes, trail_mark


@dataclass
class FederationState:
    window: DashboardWindow
    recent: dt.date
    priorities: frozenset[uuid.UUID]  # the office's published priorities the alignment counts serve
    totals: FederationTotals
    members: dict[uuid.UUID, uuid.UUID | None]  # member tenant -> its actor
    last_change: int
    seen: frozenset[int]
    hubs: list[Hub] = field(default_factory=list)
    hubs_note: str = ""
    updated_at: float = field(default_factory=time.time)
    timings_ms: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Laps:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round((now - self.clock) * 1000, 1)
        self.clock = now


@dataclass(frozen=True)
class StateRequest:
    """What the dashboard asks for: the office's scope, its active members and priorities, the window."""

    scope: Scope
    members: dict[uuid.UUID, uuid.UUID | None]  # member tenant -> its actor
    priorities: frozenset[uuid.UUID]
    window: DashboardWindow
    recent: dt.date


def read_partitions(
    reader: MemberFactReader, ask: StateRequest, members: dict[uuid.UUID, uuid.UUID | None], lap: _Laps
) -> list[MemberPartition]:
    """The shares of these members (every one of them, an empty share for a member with nothing shared)."""
    scope = ask.scope if members.keys() == ask.members.keys() else ask.scope.only(members)
    window, recent = ask.window, ask.recent
    parts = {m: MemberPartition(m, actor) for m, actor in members.items()}
    for member, code, kind, year, is_recent, n in reader.engagement_rows(scope, window.date_from, window.date_to,
                                                                         recent):
        if member in parts:
            parts[member].engagements[(code, kind, year, is_recent)] += n
    for member, total in reader.engagement_totals(scope, window.date_from, window.date_to).items():
        if member in parts:
            parts[member].total = total
    lap("engagements")
    for member, country, partner, n in reader.channel_rows(scope):
        if member in parts:
            parts[member].channels.setdefault(country, Counter())[partner.int] += n
    lap("channels")
    for member, other, n in reader.network_rows(scope):
        if member in parts:
            parts[member].network[other.int] += n
    lap("network")
    read_alignment(reader, scope, parts, ask.priorities, window)
    lap("alignment")
    return list(parts.values())


def read_alignment(
    reader: MemberFactReader, scope: Scope, parts: dict[uuid.UUID, MemberPartition], priorities: frozenset[uuid.UUID],
    window: DashboardWindow,
) -> None:
    """Fill in the members' engagements and ties serving the office's priorities."""
    per_goal, aligned = reader.engagements_per_goal(scope, priorities, window.date_from, window.date_to)
    for (member, goal), n in per_goal.items():
        if member in parts:
            parts[member].goal_engagements[goal] = n
    for member, n in aligned.items():
        if member in parts:
            parts[member].aligned = n
    for (member, goal), n in reader.ties_per_goal(scope, priorities).items():
        if member in parts:
            parts[member].goal_ties[goal] = n


class FederationStateKeeper:
    """One state per federation, office and window, least recently used dropped beyond ``capacity``."""

    def __init__(self, *, capacity: int = 4) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple[Any, ...], FederationState] = OrderedDict()
        self._lock = threading.Lock()

    def state(self, conn: Connection, ask: StateRequest, *, fresh: bool = False) -> FederationState:
        viewer = ask.scope.viewer
        base = (ask.scope.federation_id, viewer.tenant_id, viewer.partner_tenants, viewer.federation_tenants)
        key = (*base, ask.window, ask.recent)
        with self._lock:
            found = self._items.get(key)
            if found is None and not fresh:  # the same dashboard on an earlier day: moved, not recounted
                earlier = next((k for k in reversed(self._items) if k[:4] == base), None)
                found = self._items.pop(earlier) if earlier is not None else None
                if found is not None:
                    self._items[key] = found
            if found is not None:
                self._items.move_to_end(key)
        if found is not None and not fresh:
            with found.lock:
                if (found.window, found.recent) != (ask.window, ask.recent) and not self._shift(conn, found, ask):
                    fresh = True
                else:
                    self._update(conn, found, ask)
        if found is None or fresh:
            found = self._build(conn, ask)
            with self._lock:
                self._items[key] = found
                self._items.move_to_end(key)
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
        return found

    def _shift(self, conn: Connection, state: FederationState, ask: StateRequest) -> bool:
        """Move the state to the request's window and cut-off; False when a full read is the better way."""
        old, new = (state.window, state.recent), (ask.window, ask.recent)
        if not worth_shifting(old, new):
            return False
        started = time.perf_counter()
        kept = state.totals.partitions
        reader = MemberFactReader(conn)
        scope = ask.scope.only(kept) if kept.keys() != ask.members.keys() else ask.scope
        for member, delta in deltas(reader, scope, state.priorities, old, new).items():
            state.totals.move(member, delta)
        state.window, state.recent = ask.window, ask.recent
        moved = round((time.perf_counter() - started) * 1000, 1)
        self._update(conn, state, ask)
        state.updated_at = time.time()
        state.timings_ms = {**state.timings_ms, "shifted": moved}
        return True

    def _build(self, conn: Connection, ask: StateRequest) -> FederationState:
        lap = _Laps()
        mark = trail_mark(conn)
        totals = FederationTotals()
        totals.replace(read_partitions(MemberFactReader(conn), ask, ask.members, lap))
        state = FederationState(ask.window, ask.recent, ask.priorities, totals, dict(ask.members), mark.last_id,
                                mark.seen)
        self._hubs(conn, ask.scope, state)
        lap("hubs")
        state.timings_ms = lap.timings
        return state

    def _update(self, conn: Connection, state: FederationState, ask: StateRequest) -> None:
        members, scope = ask.members, ask.scope
        trace = trace_changes(conn, state.last_change, state.seen)
        if trace.wide:
            rebuilt = self._build(conn, ask)
            state.__dict__.update({k: v for k, v in rebuilt.__dict__.items() if k != "lock"})
            return
        lap = _Laps()
        left = state.members.keys() - members.keys()
        dirty = (trace.tenants & members.keys()) | {m for m, actor in members.items()
                                                     if m not in state.members or state.members[m] != actor}
        outside = trace.sharers - members.keys()
        reader = MemberFactReader(conn)
        if trace.actors or trace.ties or outside or left:
            # a member that left may still be pointed at by the others (its actor, its ties)
            dirty |= reader.members_touching(scope, trace.actors | {a for m in left if (a := state.members[m])},
                                             outside | left, trace.ties)
        dirty &= members.keys()
        network_changed = state.totals.remove(left)
        if dirty:
            network_changed |= state.totals.replace(read_partitions(reader, ask, {m: members[m] for m in dirty}, lap))
        if ask.priorities != state.priorities:  # the office published or withdrew a priority
            counted = {m: MemberPartition(m) for m in state.totals.partitions}
            read_alignment(reader, scope, counted, ask.priorities, state.window)
            for member, part in counted.items():
                state.totals.realign(member, part)
            state.priorities = ask.priorities
            lap("alignment")
        state.members = dict(members)
        state.last_change, state.seen = trace.last_id, trace.seen
        if network_changed or trace.actors & {h.actor.id for h in state.hubs}:
            self._hubs(conn, scope, state)
            lap("hubs")
        if lap.timings or left:
            state.updated_at = time.time()
            state.timings_ms = {**lap.timings, "members_reread": len(dirty)}

    def _hubs(self, conn: Connection, scope: Scope, state: FederationState) -> None:
        member_actors = [a for a in state.members.values() if a]
        result = federation_hubs(state.totals, member_actors)
        actors = ActorRepository(conn).summaries(scope.viewer, [s.actor_id for s in result.scores])
        state.hubs = [Hub(actors[s.actor_id], s.degree, s.degree_centrality, s.betweenness, s.is_member,
                          s.member_ties) for s in result.scores if s.actor_id in actors]
        state.hubs_note = (
            f"{result.nodes:,} actors and {result.edges:,} ties; betweenness on the network's core of "
            f"{result.core_nodes:,} actors (the partners tied to the most members, the members most tied to them)")

