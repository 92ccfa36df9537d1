"""Bulk reads for a federation office's dashboard: what the active members shared, aggregated in SQL.

Every query is scoped to the federation's active members (the office excluded) and passes each table
through the permission filter with the office's viewer, so an aggregate counts exactly the records the
office may read — a member's private or partners-only record never reaches a count.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, extract, func, literal, or_, select, union_all

from proxenia.domain.kinds import ActorKind
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import chunks
from proxenia.store.tables import (
    actors,
    alignments,
    changes,
    engagement_goals,
    engagement_participants,
    engagements,
    federation_members,
    practice_links,
    practices,
    ties,
)

SUBNATIONAL = (ActorKind.CITY.value, ActorKind.REGION.value)
_FM = federation_members.alias("fed_scope")
_MEMBER_ACTOR = actors.alias("member_actor")
_COUNTERPART = actors.alias("counterpart")
_OTHER = actors.alias("channel_other")
_AGREEMENT = actors.alias("agreement")


@dataclass(frozen=True)
class Scope:
    """The office's view of one federation: its viewer, the federation and the office's own tenant."""

    viewer: Viewer
    federation_id: uuid.UUID
    office_tenant_id: uuid.UUID

    def member_join(self, tenant_column: Any) -> Any:
        return and_(_FM.c.tenant_id == tenant_column, *self.active())

    def active(self) -> list[Any]:
        return [_FM.c.federation_id == self.federation_id, _FM.c.status == "active",
                _FM.c.tenant_id != self.office_tenant_id]


class FederationFactReader:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    # -- engagements ----------------------------------------------------------------------------------
    def _engagement_base(self, scope: Scope, date_from: dt.date, date_to: dt.date) -> Any:
        e, p, cp, ma = engagements, engagement_participants, _COUNTERPART, _MEMBER_ACTOR
        return (
            select()
            .select_from(e)
            .join(_FM, scope.member_join(e.c.tenant_id))
            .outerjoin(ma, ma.c.id == _FM.c.actor_id)
            .join(p, p.c.engagement_id == e.c.id)
            .join(cp, cp.c.id == p.c.actor_id)
            .where(
                e.c.start_date >= date_from,
                e.c.start_date <= date_to,
                readable(e, scope.viewer),
                readable(cp, scope.viewer),
                cp.c.country_code.is_not(None),
                cp.c.country_code.is_distinct_from(ma.c.country_code),
            )
        )

    def engagements_by_country(
        self, scope: Scope, date_from: dt.date, date_to: dt.date, recent_since: dt.date
    ) -> list[tuple[str, str, int, bool, int]]:
        """(country, kind, year, recent?, engagements) of the members' shared engagements with foreign actors."""
        e, cp = engagements, _COUNTERPART
        year = extract("year", e.c.start_date)
        recent = case((e.c.start_date >= recent_since, literal(1)), else_=literal(0))
        query = (
            self._engagement_base(scope, date_from, date_to)
            .add_columns(cp.c.country_code, e.c.kind, year, recent, func.count(func.distinct(e.c.id)))
            .group_by(cp.c.country_code, e.c.kind, year, recent)
        )
        return [(r[0], r[1], int(r[2]), bool(r[3]), int(r[4])) for r in self.conn.execute(query)]

    def members_by_country(self, scope: Scope, date_from: dt.date, date_to: dt.date) -> list[tuple[str, int]]:
        """(country, members with at least one shared engagement with it)."""
        cp = _COUNTERPART
        query = (
            self._engagement_base(scope, date_from, date_to)
            .add_columns(cp.c.country_code, func.count(func.distinct(engagements.c.tenant_id)))
            .group_by(cp.c.country_code)
        )
        return [(r[0], int(r[1])) for r in self.conn.execute(query)]

    def engagement_total(self, scope: Scope, date_from: dt.date, date_to: dt.date) -> int:
        e = engagements
        query = (
            select(func.count())
            .select_from(e)
            .join(_FM, scope.member_join(e.c.tenant_id))
            .where(e.c.start_date >= date_from, e.c.start_date <= date_to, readable(e, scope.viewer))
        )
        return int(self.conn.scalar(query) or 0)

    def engagements_with(
        self, scope: Scope, partner_ids: Iterable[uuid.UUID], since: dt.date
    ) -> dict[tuple[uuid.UUID, uuid.UUID], tuple[int, dt.date]]:
        """(member tenant, partner actor) -> (shared engagements since ``since``, last one's date)."""
        e, p = engagements, engagement_participants
        out: dict[tuple[uuid.UUID, uuid.UUID], tuple[int, dt.date]] = {}
        for batch in chunks(set(partner_ids), 900):
            rows = self.conn.execute(
                select(e.c.tenant_id, p.c.actor_id, func.count(func.distinct(e.c.id)), func.max(e.c.start_date))
                .select_from(e)
                .join(_FM, scope.member_join(e.c.tenant_id))
                .join(p, p.c.engagement_id == e.c.id)
                .where(p.c.actor_id.in_(batch), e.c.start_date >= since, readable(e, scope.viewer))
                .group_by(e.c.tenant_id, p.c.actor_id)
            )
            out.update(((r[0], r[1]), (int(r[2]), r[3])) for r in rows)
        return out

    # -- channels ---------------------------------------------------------------------------------------
    def _channel_sides(self, scope: Scope, country: str | None) -> Any:
        """Readable ties from a member's actor to a readable foreign city or region (either direction)."""
        t, other = ties, _OTHER
        sides = []
        for mine, theirs, their_country, my_country in (
            (t.c.source_id, t.c.target_id, t.c.target_country, t.c.source_country),
            (t.c.target_id, t.c.source_id, t.c.source_country, t.c.target_country),
        ):
            where = [readable(t, scope.viewer), readable(other, scope.viewer), other.c.kind.in_(SUBNATIONAL),
                     their_country.is_not(None), their_country.is_distinct_from(my_country)]
            if country is not None:
                where.append(their_country == country)
            sides.append(
                select(t.c.id.label("tie_id"), _FM.c.tenant_id.label("member"), theirs.label("partner"),
                       their_country.label("country"), t.c.type_code, t.c.start_date)
                .select_from(t)
                .join(_FM, and_(_FM.c.actor_id == mine, *scope.active()))
                .join(other, other.c.id == theirs)
                .where(*where)
            )
        return union_all(*sides).subquery("channel_ties")

    def channel_countries(self, scope: Scope) -> list[tuple[str, int, int, int]]:
        """(country, ties, members, partners) of the members' subnational channels per foreign country."""
        sides = self._channel_sides(scope, None)
        query = select(
            sides.c.country, func.count(), func.count(func.distinct(sides.c.member)),
            func.count(func.distinct(sides.c.partner)),
        ).group_by(sides.c.country)
        return [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in self.conn.execute(query)]

    def channels_with(self, scope: Scope, country: str) -> list[tuple[uuid.UUID, uuid.UUID, str, str | None]]:
        """(member tenant, partner actor, tie type, since) of every channel with one country."""
        sides = self._channel_sides(scope, country)
        rows = self.conn.execute(select(sides.c.member, sides.c.partner, sides.c.type_code, sides.c.start_date))
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def _network_sides(self, scope: Scope) -> Any:
        """Every readable tie touching a member's actor, other end readable: (member actor, other actor)."""
        t, other = ties, _OTHER
        sides = []
        for mine, theirs in ((t.c.source_id, t.c.target_id), (t.c.target_id, t.c.source_id)):
            sides.append(
                select(mine.label("mine"), theirs.label("theirs"))
                .select_from(t)
                .join(_FM, and_(_FM.c.actor_id == mine, *scope.active()))
                .join(other, other.c.id == theirs)
                .where(readable(t, scope.viewer), readable(other, scope.viewer))
            )
        return union_all(*sides).subquery("network")

    def network_others(self, scope: Scope) -> list[tuple[uuid.UUID, int, int]]:
        """(actor, members tied to it, ties) for every actor tied to a member: the federation's network."""
        net = self._network_sides(scope)
        rows = self.conn.execute(
            select(net.c.theirs, func.count(func.distinct(net.c.mine)), func.count()).group_by(net.c.theirs)
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    def network_members(self, scope: Scope) -> dict[uuid.UUID, int]:
        """member actor -> its ties in the network."""
        net = self._network_sides(scope)
        return {r[0]: int(r[1]) for r in self.conn.execute(select(net.c.mine, func.count()).group_by(net.c.mine))}

    def network_edges(self, scope: Scope, partners: Iterable[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """The ties of the members with the given partners and with each other (the core of the network)."""
        net = self._network_sides(scope)
        members = select(_FM.c.actor_id).where(*scope.active(), _FM.c.actor_id.is_not(None))
        query = select(net.c.mine, net.c.theirs).where(or_(net.c.theirs.in_(list(partners)),
                                                           net.c.theirs.in_(members)))
        return [(r[0], r[1]) for r in self.conn.execute(query)]

    # -- pledges and the practices linked to them --------------------------------------------------------
    def pledges(self, scope: Scope) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str, str | None]]:
        """(member tenant, pledge tie, agreement, agreement name, since) of the members' readable pledges."""
        t, a = ties, _AGREEMENT
        rows = self.conn.execute(
            select(_FM.c.tenant_id, t.c.id, a.c.id, a.c.name, t.c.start_date)
            .select_from(t)
            .join(_FM, and_(_FM.c.actor_id == t.c.source_id, *scope.active()))
            .join(a, a.c.id == t.c.target_id)
            .where(t.c.type_code == "pledge", readable(t, scope.viewer), readable(a, scope.viewer))
            .order_by(a.c.name)
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def pledge_practices(self, scope: Scope, tie_ids: Iterable[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID, str]]:
        """(pledge tie, practice, title) of readable practices linked to these pledges by readable links."""
        out: list[tuple[uuid.UUID, uuid.UUID, str]] = []
        pl, pr = practice_links, practices
        for batch in chunks(set(tie_ids), 900):
            rows = self.conn.execute(
                select(pl.c.tie_id, pr.c.id, pr.c.title)
                .join(pr, pr.c.id == pl.c.practice_id)
                .where(pl.c.tie_id.in_(batch), readable(pl, scope.viewer), readable(pr, scope.viewer))
            )
            out += [(r[0], r[1], r[2]) for r in rows]
        return out

    def agreement_practices(self, scope: Scope) -> list[tuple[uuid.UUID, uuid.UUID, str, uuid.UUID, str]]:
        """(member tenant, agreement, agreement name, practice, title): practices a member's actor originated
        that are linked to an agreement (Irvine's CFC ban → the Montreal Protocol)."""
        pl, pr, a = practice_links, practices, _AGREEMENT
        rows = self.conn.execute(
            select(_FM.c.tenant_id, a.c.id, a.c.name, pr.c.id, pr.c.title)
            .select_from(pl)
            .join(pr, pr.c.id == pl.c.practice_id)
            .join(_FM, and_(_FM.c.actor_id == pr.c.originator_id, *scope.active()))
            .join(a, a.c.id == pl.c.agreement_id)
            .where(pl.c.kind == "agreement", readable(pl, scope.viewer), readable(pr, scope.viewer),
                   readable(a, scope.viewer))
        )
        return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    # -- alignment with the office's priorities -------------------------------------------------------
    def engagements_per_goal(
        self, scope: Scope, goal_ids: Iterable[uuid.UUID], date_from: dt.date, date_to: dt.date
    ) -> tuple[dict[uuid.UUID, tuple[int, int]], int]:
        """goal -> (engagements, members) serving it, and the engagements serving any of the goals."""
        wanted = list(set(goal_ids))
        if not wanted:
            return {}, 0
        e, g = engagements, engagement_goals
        base = (
            select()
            .select_from(g)
            .join(e, e.c.id == g.c.engagement_id)
            .join(_FM, scope.member_join(e.c.tenant_id))
            .where(g.c.goal_id.in_(wanted), e.c.start_date >= date_from, e.c.start_date <= date_to,
                   readable(e, scope.viewer))
        )
        per_goal = self.conn.execute(
            base.add_columns(g.c.goal_id, func.count(func.distinct(e.c.id)), func.count(func.distinct(e.c.tenant_id)))
            .group_by(g.c.goal_id)
        )
        out = {r[0]: (int(r[1]), int(r[2])) for r in per_goal}
        total = self.conn.scalar(base.add_columns(func.count(func.distinct(e.c.id))))
        return out, int(total or 0)

    def ties_per_goal(self, scope: Scope, goal_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        wanted = list(set(goal_ids))
        if not wanted:
            return {}
        al = alignments
        rows = self.conn.execute(
            select(al.c.goal_id, func.count())
            .select_from(al)
            .join(_FM, scope.member_join(al.c.tenant_id))
            .where(al.c.goal_id.in_(wanted), readable(al, scope.viewer))
            .group_by(al.c.goal_id)
        )
        return {r[0]: int(r[1]) for r in rows}


def generation(conn: Any) -> int:
    """Grows with every logged change (the audit trail's last id)."""
    return int(conn.scalar(select(func.max(changes.c.id))) or 0)


def changed_since(conn: Any, since: int, tenant_ids: Iterable[uuid.UUID]) -> bool:
    """Has any of these tenants changed anything since the change numbered ``since``?"""
    wanted = list(set(tenant_ids))
    for batch in chunks(wanted, 900):
        found = conn.scalar(select(changes.c.id).where(changes.c.id > since, changes.c.tenant_id.in_(batch)).limit(1))
        if found is not None:
            return True
    return False
