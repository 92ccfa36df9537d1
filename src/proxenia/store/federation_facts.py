"""Bulk reads for a federation office's dashboard: what the active members shared, aggregated in SQL.

Every query is scoped to the federation's active members (the office excluded) and passes each table
through the permission filter with the office's viewer, so an aggregate counts exactly the records the
office may read — a member's private or partners-only record never reaches a count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select, union_all

from proxenia.domain.kinds import ActorKind
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import chunks
from proxenia.store.tables import (
    actors,
    alignments,
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
    members: frozenset[uuid.UUID] | None = None  # only these member tenants (None: every active member)

    def only(self, members: Iterable[uuid.UUID]) -> Scope:
        return dataclasses.replace(self, members=frozenset(members))

    def member_join(self, tenant_column: Any) -> Any:
        return and_(_FM.c.tenant_id == tenant_column, *self.active())

    def active(self) -> list[Any]:
        where = [_FM.c.federation_id == self.federation_id, _FM.c.status == "active",
                 _FM.c.tenant_id != self.office_tenant_id]
        if self.members is not None:
            where.append(_FM.c.tenant_id.in_(sorted(self.members, key=str)))
        return where


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
                select(_FM.c.tenant_id.label("member"), mine.label("mine"), theirs.label("theirs"))
                .select_from(t)
                .join(_FM, and_(_FM.c.actor_id == mine, *scope.active()))
                .join(other, other.c.id == theirs)
                .where(readable(t, scope.viewer), readable(other, scope.viewer))
            )
        return union_all(*sides).subquery("network")

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
    ) -> tuple[dict[tuple[uuid.UUID, uuid.UUID], int], dict[uuid.UUID, int]]:
        """(member, goal) -> the member's engagements serving the goal; member -> its engagements serving
        any of the goals."""
        wanted = sorted(set(goal_ids), key=str)
        if not wanted:
            return {}, {}
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
            base.add_columns(e.c.tenant_id, g.c.goal_id, func.count(func.distinct(e.c.id)))
            .group_by(e.c.tenant_id, g.c.goal_id)
        )
        out = {(r[0], r[1]): int(r[2]) for r in per_goal}
        any_goal = self.conn.execute(
            base.add_columns(e.c.tenant_id, func.count(func.distinct(e.c.id))).group_by(e.c.tenant_id))
        return out, {r[0]: int(r[1]) for r in any_goal}

    def ties_per_goal(self, scope: Scope, goal_ids: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
        """(member, goal) -> the member's ties aligned with the goal."""
        wanted = sorted(set(goal_ids), key=str)
        if not wanted:
            return {}
        al = alignments
        rows = self.conn.execute(
            select(al.c.tenant_id, al.c.goal_id, func.count())
            .select_from(al)
            .join(_FM, scope.member_join(al.c.tenant_id))
            .where(al.c.goal_id.in_(wanted), readable(al, scope.viewer))
            .group_by(al.c.tenant_id, al.c.goal_id)
        )
        return {(r[0], r[1]): int(r[2]) for r in rows}
