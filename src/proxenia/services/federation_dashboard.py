"""The office's dashboard: the members' shared engagements by foreign country (counts, trend, kinds), the
subnational channels with each country and their strength (flagged countries first), the members'
pledges with the practices linked to them, alignment with the office's published priorities, and the
hubs of the federation's network. Only the office sees it, and only what the members shared with it.

The aggregates and the hubs are kept member by member (``federation_state``): a view re-reads only the
members whose share changed since the last one. The office's own flags and priorities and the pledges
are read fresh on every view."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

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
    NetworkNode,
    PledgeRow,
)
from proxenia.domain.goals import Goal, GoalKind
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import WARM_UP_USER
from proxenia.services.federation_state import FederationState, FederationStateKeeper, StateRequest
from proxenia.services.federations import OfficeContext, office_context
from proxenia.store.access import resolve_viewer
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Connection, Database
from proxenia.store.federation_facts import FederationFactReader, Scope
from proxenia.store.federation_flags import CountryFlagRepository
from proxenia.store.goals import GoalRepository
from proxenia.store.sharing import Membership, SharingRepository

DEFAULT_YEARS = 5
log = logging.getLogger(__name__)
#: Who counts the dashboards at start: the office's view, read by no one (the state does not depend on the user).


@dataclass
class ChannelDetail:
    """The channels of the members with one country, each with its recent engagements."""

    summary: ChannelCountry
    channels: list[Channel] = field(default_factory=list)


def default_window(today: dt.date, years: int = DEFAULT_YEARS) -> DashboardWindow:
    return DashboardWindow(dt.date(today.year - years + 1, 1, 1), today)


#: The graph shows at most this many actors (hubs first, then members).
MAX_GRAPH_NODES = 300


class FederationDashboardService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.states = FederationStateKeeper()

    def warm_up(self) -> int:
        """Count every federation's dashboard as its office sees it (at start, in the background), so the
        office's first view is served from kept figures; later views take in the changes since."""
        with self.db.read() as conn:
            federations = SharingRepository(conn).all_federations()
        for fed in federations:
            with self.db.read() as conn:
                office = resolve_viewer(conn, user_id=WARM_UP_USER, username="warm-up",
                                        tenant_id=fed.office_tenant_id, role=None)
            try:
                self.dashboard(office, fed.slug)
            except Exception:  # one federation's failure must not stop the others (it will show on a view)
                log.exception("warming the dashboard of federation %s failed", fed.slug)
        return len(federations)

    def priorities(self, conn: Connection, viewer: Viewer, office_tenant_id: uuid.UUID) -> list[Goal]:
        """The office's published foreign-policy priorities."""
        found = GoalRepository(conn).search(viewer, kinds=(GoalKind.NATIONAL_PRIORITY,))
        return [g for g in found if g.tenant_id == office_tenant_id]

    def dashboard(
        self, viewer: Viewer, slug: str, *, window: DashboardWindow | None = None, today: dt.date | None = None,
        fresh: bool = False,
    ) -> FederationDashboard:
        today = today or dt.date.today()
        window = window or default_window(today)
        with self.db.read() as conn:
            context, memberships, priorities, state = self._state(conn, viewer, slug, window, today, fresh)
            fed, scope = context.federation, context.scope
            flags = {f.country_code: f.note for f in CountryFlagRepository(conn).for_federation(viewer, fed.id)}
            pledges = self._pledges(FederationFactReader(conn), scope, {m.tenant_id: m.tenant_name
                                                                        for m in memberships})
            with state.lock:  # another view may be bringing the same state up to date
                board = FederationDashboard(fed.name, window, members=len(memberships),
                                            engagements=state.totals.total)
                board.countries, recent = _countries(state, flags)
                board.channels = self._channels(state, recent, flags)
                board.hubs, board.hubs_note = list(state.hubs), state.hubs_note
                board.aligned_engagements = state.totals.aligned if priorities else 0
                board.alignment = [AlignmentRow(g.id, g.label, *state.totals.alignment(g.id)) for g in priorities]
                board.timings_ms = {**state.timings_ms, "computed_at": round(state.updated_at)}
            board.pledges = pledges
        return board

    def network(self, viewer: Viewer, slug: str, *, max_nodes: int = MAX_GRAPH_NODES) -> FederationNetwork:
        """The graph of the federation's network: its members and hubs, and the ties among them."""
        today = dt.date.today()
        with self.db.read() as conn:
            # refuses anyone but the office; the hubs and the ties come from the dashboard's state
            _, memberships, _, state = self._state(conn, viewer, slug, default_window(today), today, False)
            member_actors = [m.actor_id for m in memberships if m.actor_id]
            with state.lock:
                hubs = {h.actor.id: h for h in state.hubs}
                wanted = list(dict.fromkeys([*hubs, *member_actors]))[:max_nodes]
                pairs = state.totals.network_edges({w.int for w in wanted})
            actors = ActorRepository(conn).summaries(viewer, wanted)
            edges = sorted({(uuid.UUID(int=a), uuid.UUID(int=b)) for a, b in pairs if a != b}, key=str)
            edges = [(a, b) for a, b in edges if a in actors and b in actors]
        members = set(member_actors)
        nodes = [NetworkNode(actors[a], a in members, hubs[a].betweenness if a in hubs else 0.0)
                 for a in wanted if a in actors]
        return FederationNetwork(nodes, edges, truncated=len(wanted) < len(set(hubs) | members))

    def _state(
        self, conn: Connection, viewer: Viewer, slug: str, window: DashboardWindow, today: dt.date, fresh: bool
    ) -> tuple[OfficeContext, list[Membership], list[Goal], FederationState]:
        """The office's context, the active members, its priorities and the dashboard's aggregates, brought up
        to date."""
        recent = today - dt.timedelta(days=RECENT_DAYS)
        context = office_context(conn, viewer, slug)
        fed = context.federation
        memberships = [m for m in SharingRepository(conn).memberships(federation_id=fed.id)
                       if m.status == "active" and m.tenant_id != fed.office_tenant_id]
        priorities = self.priorities(conn, viewer, fed.office_tenant_id)
        ask = StateRequest(context.scope, {m.tenant_id: m.actor_id for m in memberships},
                           frozenset(g.id for g in priorities), window, recent)
        return context, memberships, priorities, self.states.state(conn, ask, fresh=fresh)

    def _channels(self, state: FederationState, recent: dict[str, int], flagged: dict[str, str]
                  ) -> list[ChannelCountry]:
        out = {
            code: ChannelCountry(code, ties=n, members=m, partners=p, recent_engagements=recent.get(code, 0),
                                 flagged=code in flagged, flag_note=flagged.get(code, ""))
            for code, n, m, p in state.totals.channels()
        }
        for code, note in flagged.items():  # a flagged country is listed even with no channel: that is the news
            out.setdefault(code, ChannelCountry(code, recent_engagements=recent.get(code, 0), flagged=True,
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


def _countries(state: FederationState, flags: dict[str, str]) -> tuple[list[CountryEngagement], dict[str, int]]:
    """The engagement rows per foreign country, and the recent engagements per country."""
    totals = state.totals
    by_country: dict[str, CountryEngagement] = {}
    recent: dict[str, int] = defaultdict(int)
    for (code, kind, year, is_recent), n in totals.engagements.items():
        row = by_country.setdefault(code, CountryEngagement(code, members=totals.members_by_country[code],
                                                            flagged=code in flags))
        row.engagements += n
        row.by_kind[kind] = row.by_kind.get(kind, 0) + n
        row.by_year[year] = row.by_year.get(year, 0) + n
        if is_recent:
            recent[code] += n
    return sorted(by_country.values(), key=lambda c: (-c.engagements, c.country_code)), recent
