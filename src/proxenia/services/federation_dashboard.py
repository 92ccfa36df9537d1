"""The office's dashboard: the members' shared engagements by foreign country (counts, trend, kinds), the
subnational channels with each country and their strength (flagged countries first), the members'
pledges with the practices linked to them, alignment with the office's published priorities, and the
hubs of the federation's network. Only the office sees it, and only what the members shared with it.

The aggregates and the hubs come from a snapshot (``dashboard_snapshots``); the office's own flags and
priorities and the pledges are read fresh on every view."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from proxenia.analytics.federation_hubs import federation_hubs
from proxenia.domain.countries import country_code
from proxenia.domain.federation_dashboard import (
    RECENT_DAYS,
    AlignmentRow,
    Channel,
    ChannelCountry,
    CountryEngagement,
    DashboardWindow,
    FederationDashboard,
    FederationNetwork,
    Hub,
    NetworkNode,
    PledgeRow,
)
from proxenia.domain.goals import Goal, GoalKind
from proxenia.domain.viewer import Viewer
from proxenia.services.dashboard_snapshots import Snapshot, SnapshotCache
from proxenia.services.federations import OfficeContext, office_context
from proxenia.services.goals import GoalService
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Connection, Database
from proxenia.store.federation_facts import FederationFactReader, Scope, changed_since, generation
from proxenia.store.federation_flags import CountryFlagRepository
from proxenia.store.sharing import Membership, SharingRepository

DEFAULT_YEARS = 5


@dataclass
class ChannelDetail:
    """The channels of the members with one country, each with its recent engagements."""

    summary: ChannelCountry
    channels: list[Channel] = field(default_factory=list)


@dataclass
class DashboardFacts:
    """The costly aggregates, as a snapshot holds them (no flag, no priority: those are read fresh)."""

    members: int
    engagements: int
    countries: list[CountryEngagement]
    recent: dict[str, int]
    channels: list[tuple[str, int, int, int]]
    hubs: list[Hub]
    hubs_note: str
    alignment: dict[uuid.UUID, tuple[int, int, int]] = field(default_factory=dict)
    aligned: int = 0
    timings_ms: dict[str, float] = field(default_factory=dict)


def default_window(today: dt.date, years: int = DEFAULT_YEARS) -> DashboardWindow:
    return DashboardWindow(dt.date(today.year - years + 1, 1, 1), today)


class _Laps:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round((now - self.clock) * 1000, 1)
        self.clock = now


#: The graph shows at most this many actors (hubs first, then members).
MAX_GRAPH_NODES = 300


class FederationDashboardService:
    def __init__(self, db: Database, goals: GoalService, *, snapshot_max_age: float = 300.0) -> None:
        self.db = db
        self.goals = goals
        self.snapshots: SnapshotCache[DashboardFacts] = SnapshotCache(max_age=snapshot_max_age)

    def priorities(self, viewer: Viewer, office_tenant_id: uuid.UUID) -> list[Goal]:
        """The office's published foreign-policy priorities, read through the goals service."""
        found = self.goals.goals(viewer, kinds=(GoalKind.NATIONAL_PRIORITY,))
        return [g for g in found if g.tenant_id == office_tenant_id]

    def dashboard(
        self, viewer: Viewer, slug: str, *, window: DashboardWindow | None = None, today: dt.date | None = None,
        fresh: bool = False,
    ) -> FederationDashboard:
        today = today or dt.date.today()
        window = window or default_window(today)
        with self.db.read() as conn:
            context, memberships, snapshot = self._snapshot(conn, viewer, slug, window, today, fresh)
            fed, scope = context.federation, context.scope
            facts = snapshot.value
            flags = {f.country_code: f.note for f in CountryFlagRepository(conn).for_federation(viewer, fed.id)}
            pledges = self._pledges(FederationFactReader(conn), scope, {m.tenant_id: m.tenant_name
                                                                        for m in memberships})
        board = FederationDashboard(fed.name, window, members=facts.members, engagements=facts.engagements)
        board.countries = [dataclasses.replace(c, flagged=c.country_code in flags) for c in facts.countries]
        board.channels = self._channels(facts, flags)
        board.pledges = pledges
        board.hubs, board.hubs_note = facts.hubs, facts.hubs_note
        self._alignment(viewer, scope, board, facts)
        board.timings_ms = {**facts.timings_ms, "computed_at": round(snapshot.taken_at)}
        return board

    def network(self, viewer: Viewer, slug: str, *, max_nodes: int = MAX_GRAPH_NODES) -> FederationNetwork:
        """The graph of the federation's network: its members and hubs, and the ties among them."""
        today = dt.date.today()
        with self.db.read() as conn:
            # refuses anyone but the office; the hubs come from the dashboard's snapshot
            context, memberships, snapshot = self._snapshot(conn, viewer, slug, default_window(today), today, False)
            member_actors = [m.actor_id for m in memberships if m.actor_id]
            hubs = {h.actor.id: h for h in snapshot.value.hubs}
            partners = [a for a, h in hubs.items() if not h.is_member]
            wanted = list(dict.fromkeys([*hubs, *member_actors]))[:max_nodes]
            actors = ActorRepository(conn).summaries(viewer, wanted)
            edges = sorted({(a, b) for a, b in FederationFactReader(conn).network_edges(context.scope, partners)
                            if a in actors and b in actors and a != b}, key=str)
        members = set(member_actors)
        nodes = [NetworkNode(actors[a], a in members, hubs[a].betweenness if a in hubs else 0.0)
                 for a in wanted if a in actors]
        return FederationNetwork(nodes, edges, truncated=len(wanted) < len(set(hubs) | members))

    def _snapshot(
        self, conn: Connection, viewer: Viewer, slug: str, window: DashboardWindow, today: dt.date, fresh: bool
    ) -> tuple[OfficeContext, list[Membership], Snapshot[DashboardFacts]]:
        """The office's context, the active members and the dashboard's facts (from the snapshot while valid)."""
        recent = today - dt.timedelta(days=RECENT_DAYS)
        context = office_context(conn, viewer, slug)
        fed, scope = context.federation, context.scope
        memberships = [m for m in SharingRepository(conn).memberships(federation_id=fed.id)
                       if m.status == "active" and m.tenant_id != fed.office_tenant_id]
        tenants = [fed.office_tenant_id, *(m.tenant_id for m in memberships)]
        key = (fed.id, viewer.tenant_id, window, recent, frozenset(tenants))  # a member leaving: a new key
        current = generation(conn)
        snapshot = None if fresh else self.snapshots.get(
            key, current, lambda since: changed_since(conn, since, tenants))
        if snapshot is None:
            facts = self._facts(conn, scope, window, recent, len(memberships),
                                [m.actor_id for m in memberships if m.actor_id])
            snapshot = self.snapshots.put(key, facts, current)
        return context, memberships, snapshot

    def _facts(
        self, conn: Connection, scope: Scope, window: DashboardWindow, recent: dt.date, members: int,
        member_actors: list[uuid.UUID],
    ) -> DashboardFacts:
        lap = _Laps()
        facts = FederationFactReader(conn)
        by_country: dict[str, CountryEngagement] = {}
        recent_counts: dict[str, int] = defaultdict(int)
        for code, kind, year, is_recent, n in facts.engagements_by_country(scope, window.date_from, window.date_to,
                                                                           recent):
            row = by_country.setdefault(code, CountryEngagement(code))
            row.engagements += n
            row.by_kind[kind] = row.by_kind.get(kind, 0) + n
            row.by_year[year] = row.by_year.get(year, 0) + n
            if is_recent:
                recent_counts[code] += n
        for code, count in facts.members_by_country(scope, window.date_from, window.date_to):
            if code in by_country:
                by_country[code].members = count
        total = facts.engagement_total(scope, window.date_from, window.date_to)
        lap("engagements")
        channels = facts.channel_countries(scope)
        lap("channels")
        result = federation_hubs(facts, scope, member_actors)
        actors = ActorRepository(conn).summaries(scope.viewer, [s.actor_id for s in result.scores])
        hubs = [Hub(actors[s.actor_id], s.degree, s.degree_centrality, s.betweenness, s.is_member, s.member_ties)
                for s in result.scores if s.actor_id in actors]
        note = (f"{result.nodes:,} actors and {result.edges:,} ties; betweenness on the network's core of "
                f"{result.core_nodes:,} actors (the partners tied to the most members, the members most tied to "
                "them)" + (", estimated from a sample of sources" if result.sampled else ""))
        lap("hubs")
        return DashboardFacts(members, total, sorted(by_country.values(), key=lambda c: (-c.engagements,
                                                                                        c.country_code)),
                              dict(recent_counts), channels, hubs, note, timings_ms=lap.timings)

    def _channels(self, facts: DashboardFacts, flagged: dict[str, str]) -> list[ChannelCountry]:
        out = {
            code: ChannelCountry(code, ties=n, members=m, partners=p, recent_engagements=facts.recent.get(code, 0),
                                 flagged=code in flagged, flag_note=flagged.get(code, ""))
            for code, n, m, p in facts.channels
        }
        for code, note in flagged.items():  # a flagged country is listed even with no channel: that is the news
            out.setdefault(code, ChannelCountry(code, recent_engagements=facts.recent.get(code, 0), flagged=True,
                                                flag_note=note))
        return sorted(out.values(), key=lambda c: (not c.flagged, -c.strength, c.country_code))

    def _pledges(self, facts: FederationFactReader, scope: Scope, names: dict[uuid.UUID, str]) -> list[PledgeRow]:
        pledges = facts.pledges(scope)
        practices: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = defaultdict(list)
        for tie_id, practice_id, title in facts.pledge_practices(scope, [p[1] for p in pledges]):
            practices[tie_id].append((practice_id, title))
        rows = [
            PledgeRow(names.get(member, "?"), agreement, name, since, tie_id, tuple(practices.get(tie_id, ())))
            for member, tie_id, agreement, name, since in pledges
        ]
        for member, agreement, name, practice_id, title in facts.agreement_practices(scope):
            rows.append(PledgeRow(names.get(member, "?"), agreement, name, None, None, ((practice_id, title),)))
        return sorted(rows, key=lambda r: (r.agreement_name, r.member_name))

    def _alignment(self, viewer: Viewer, scope: Scope, board: FederationDashboard, facts: DashboardFacts) -> None:
        """Counts per priority from the snapshot; a priority published since is counted now (and kept)."""
        goals = self.priorities(viewer, scope.office_tenant_id)
        missing = [g.id for g in goals if g.id not in facts.alignment]
        if missing or (goals and not facts.alignment):
            with self.db.read() as conn:
                reader = FederationFactReader(conn)
                ids = [g.id for g in goals]
                per_goal, aligned = reader.engagements_per_goal(scope, ids, board.window.date_from,
                                                                board.window.date_to)
                ties = reader.ties_per_goal(scope, ids)
            facts.alignment = {g: (*per_goal.get(g, (0, 0)), ties.get(g, 0)) for g in ids}
            facts.aligned = aligned
        board.aligned_engagements = facts.aligned if goals else 0
        board.alignment = [AlignmentRow(g.id, g.label, *facts.alignment.get(g.id, (0, 0, 0))) for g in goals]

    def channels(self, viewer: Viewer, slug: str, country: str, *, today: dt.date | None = None) -> ChannelDetail:
        """Every channel of the members with one country, with its recent shared engagements (read live)."""
        code = country_code(country)
        since = (today or dt.date.today()) - dt.timedelta(days=RECENT_DAYS)
        with self.db.read() as conn:
            context = office_context(conn, viewer, slug)
            facts = FederationFactReader(conn)
            names = {m.tenant_id: m.tenant_name for m in SharingRepository(conn).memberships(
                federation_id=context.federation.id)}
            flags = {f.country_code: f.note for f in
                     CountryFlagRepository(conn).for_federation(viewer, context.federation.id)}
            grouped: dict[tuple[uuid.UUID, uuid.UUID], tuple[set[str], list[str]]] = {}
            rows = facts.channels_with(context.scope, code)
            for member, partner, type_code, start in rows:
                types, starts = grouped.setdefault((member, partner), (set(), []))
                types.add(type_code)
                if start:
                    starts.append(start)
            partners = ActorRepository(conn).summaries(viewer, {p for _, p in grouped})
            recent = facts.engagements_with(context.scope, {p for _, p in grouped}, since)
        channels = [
            Channel(names.get(member, "?"), member, partners[partner], tuple(sorted(types)),
                    min(starts) if starts else None, *recent.get((member, partner), (0, None)))
            for (member, partner), (types, starts) in grouped.items()
            if partner in partners
        ]
        channels.sort(key=lambda c: (-(len(c.tie_types) + c.recent_engagements), c.member_name, c.partner.name))
        summary = ChannelCountry(code, ties=len(rows), members=len({c.member_tenant_id for c in channels}),
                                 partners=len({c.partner.id for c in channels}),
                                 recent_engagements=sum(c.recent_engagements for c in channels),
                                 flagged=code in flags, flag_note=flags.get(code, ""))
        return ChannelDetail(summary, channels)
