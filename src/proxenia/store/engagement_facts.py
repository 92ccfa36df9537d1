"""Bulk reads of one tenant's engagements for the portfolio: compact facts for the diagnostics, the
last engagement with each counterpart, the departments × goals totals of the heat map."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Collection, Iterable
from typing import Any

from sqlalchemy import Select, String, func, or_, select, type_coerce

from proxenia.domain.engagements import FollowUp, FollowUpStatus
from proxenia.domain.findings import EngagementFact
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.bulk import driver_rows
from proxenia.store.columns import hex_id
from proxenia.store.tables import (
    departments,
    engagement_departments,
    engagement_goals,
    engagement_participants,
    engagement_relations,
    engagements,
    follow_ups,
    goals,
    people,
)


def id_list(conn: Any, column: Any) -> Any:
    """The hex ids of a group's non-null ``column`` values, comma-separated (an aggregate)."""
    if conn.dialect.name == "sqlite":
        return func.group_concat(column)
    return func.string_agg(hex_id(conn, column), ",")


def iso_day(conn: Any, column: Any) -> tuple[Any, Callable[[Any], dt.date]]:
    """A date column and the function turning what the driver returns into a ``date``: SQLite's ISO text
    through the C ``fromisoformat`` (several times faster than the generic converter), PostgreSQL's dates
    as they come."""
    if conn.dialect.name == "sqlite":
        return type_coerce(column, String()), dt.date.fromisoformat
    return column, _same


def _same(value: Any) -> Any:
    return value


class EngagementFactReader:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def _scope(self, viewer: Viewer, tenant_id: uuid.UUID, date_from: dt.date | None, date_to: dt.date | None) -> Any:
        where = [readable(engagements, viewer), engagements.c.tenant_id == tenant_id]
        if date_from is not None:
            where.append(engagements.c.end_date >= date_from)
        if date_to is not None:
            where.append(engagements.c.start_date <= date_to)
        return where

    def facts(
        self, viewer: Viewer, tenant_id: uuid.UUID, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
        ids: Collection[str] | None = None,
    ) -> list[EngagementFact]:
        """Every readable engagement of ``tenant_id`` in the window, oldest first (then by id), with its parts
        (four queries). ``ids`` (hex): only those engagements, each with its cross-references both ways."""
        where = self._scope(viewer, tenant_id, date_from, date_to)
        h = functools.partial(hex_id, self.conn)
        e = engagements
        wanted = None if ids is None else sorted(uuid.UUID(i) for i in set(ids))
        if wanted is not None:
            where.append(e.c.id.in_(wanted))
        start, day = iso_day(self.conn, e.c.start_date)
        end, _ = iso_day(self.conn, e.c.end_date)
        columns = (h(e.c.id), h(e.c.department_id), e.c.kind, e.c.title, start, end, e.c.place, e.c.staff_days,
                   e.c.cost_minor, e.c.cost_currency)
        by_id: dict[str, EngagementFact] = {}
        for r in driver_rows(self.conn, select(*columns).where(*where).order_by(e.c.start_date, e.c.id)):
            by_id[r[0]] = EngagementFact(r[0], (r[1],) if r[1] else (), r[2], r[3], day(r[4]), day(r[5]), r[6],
                                         r[7], r[8], r[9])
        if not by_id:
            return []
        found = [uuid.UUID(i) for i in by_id] if wanted is not None else []
        p = engagement_participants
        participants = (
            select(h(p.c.engagement_id), id_list(self.conn, p.c.actor_id), id_list(self.conn, p.c.person_id))
            .where(p.c.tenant_id == tenant_id)
            .group_by(p.c.engagement_id)
        )
        if wanted is not None:
            participants = participants.where(p.c.engagement_id.in_(found))
        for eid, actor_ids, person_ids in driver_rows(self.conn, participants):  # one row per engagement
            fact = by_id.get(eid)
            if fact is not None:
                fact.actors = actor_ids.split(",") if actor_ids else []
                fact.people = person_ids.split(",") if person_ids else []
        d = engagement_departments
        deps = select(h(d.c.engagement_id), h(d.c.department_id))
        if wanted is not None:
            deps = deps.where(d.c.engagement_id.in_(found))
        for eid, dep in self._part(deps, d, tenant_id):
            if eid in by_id:
                by_id[eid].departments += (dep,)
        rel = engagement_relations
        relations = select(h(rel.c.engagement_id), h(rel.c.related_id))
        if wanted is not None:
            relations = relations.where(or_(rel.c.engagement_id.in_(found), rel.c.related_id.in_(found)))
        for eid, other in self._part(relations, rel, tenant_id):
            if eid in by_id:
                by_id[eid].related.append(other)
            if other in by_id:
                by_id[other].related.append(eid)
        return list(by_id.values())

    def _part(self, query: Select[Any], table: Any, tenant_id: uuid.UUID) -> Iterable[Any]:
        """Rows of a small part table belonging to the tenant's engagements (the caller keeps only those of
        the engagements it read through the permission filter)."""
        owner = select(engagements.c.id).where(engagements.c.id == table.c.engagement_id,
                                               engagements.c.tenant_id == tenant_id)
        return self.conn.execute(query.where(owner.exists())).all()

    def goals_served(
        self, viewer: Viewer, tenant_id: uuid.UUID, date_from: dt.date | None, date_to: dt.date | None,
        goal_ids: Iterable[uuid.UUID],
    ) -> set[str]:
        """Which of these goals (as hex ids) at least one engagement of the window serves: one existence
        test per goal, each stopping at its first engagement."""
        wanted = list(set(goal_ids))
        if not wanted:
            return set()
        g = engagement_goals
        served = (
            select(engagements.c.id)
            .join(g, g.c.engagement_id == engagements.c.id)
            .where(g.c.goal_id == goals.c.id, *self._scope(viewer, tenant_id, date_from, date_to))
        )
        rows = self.conn.execute(select(hex_id(self.conn, goals.c.id)).where(goals.c.id.in_(wanted), served.exists()))
        return {r[0] for r in rows}

    def last_engagement_with(
        self, viewer: Viewer, tenant_id: uuid.UUID, actor_ids: Iterable[uuid.UUID]
    ) -> dict[str, tuple[dt.date, str]]:
        """The date and id of the tenant's latest engagement with each of these actors (keys: hex ids)."""
        wanted = list(set(actor_ids))
        if not wanted:
            return {}
        p = engagement_participants
        h = functools.partial(hex_id, self.conn)
        ranked = (
            select(h(p.c.actor_id).label("actor"), engagements.c.start_date, h(engagements.c.id).label("eid"),
                   func.row_number().over(partition_by=p.c.actor_id,
                                          order_by=(engagements.c.start_date.desc(), engagements.c.id))
                   .label("rank"))
            .join(engagements, engagements.c.id == p.c.engagement_id)
            .where(p.c.actor_id.in_(wanted), *self._scope(viewer, tenant_id, None, None))
            .subquery()
        )
        rows = self.conn.execute(select(ranked.c.actor, ranked.c.start_date, ranked.c.eid).where(ranked.c.rank == 1))
        return {actor: (start, eid) for actor, start, eid in rows}

    def goal_totals(
        self, viewer: Viewer, tenant_id: uuid.UUID, date_from: dt.date, date_to: dt.date
    ) -> list[tuple[uuid.UUID | None, uuid.UUID, int, float, float]]:
        """(department, goal, engagements, summed weight, weighted staff-days) over the window."""
        g = engagement_goals
        rows = self.conn.execute(
            select(
                engagements.c.department_id,
                g.c.goal_id,
                func.count(),
                func.sum(g.c.weight),
                func.sum(func.coalesce(engagements.c.staff_days, 0) * g.c.weight),
            )
            .join(engagements, engagements.c.id == g.c.engagement_id)
            .where(*self._scope(viewer, tenant_id, date_from, date_to))
            .group_by(engagements.c.department_id, g.c.goal_id)
        )
        return [(r[0], r[1], int(r[2]), float(r[3] or 0), float(r[4] or 0)) for r in rows]

    def topics_with(
        self, viewer: Viewer, tenant_id: uuid.UUID, actor_id: uuid.UUID
    ) -> list[tuple[dt.date, str, tuple[str, ...]]]:
        """(start, title, policy areas) of the tenant's engagements with one actor, for repeat-topic checks."""
        p = engagement_participants
        rows = self.conn.execute(
            select(engagements.c.start_date, engagements.c.title, engagements.c.policy_areas)
            .where(engagements.c.id.in_(select(p.c.engagement_id).where(p.c.actor_id == actor_id)),
                   *self._scope(viewer, tenant_id, None, None))
            .order_by(engagements.c.start_date)
        )
        return [(r[0], r[1], tuple(r[2] or ())) for r in rows]

    def open_follow_ups(
        self, viewer: Viewer, engagement_ids: Iterable[uuid.UUID]
    ) -> list[tuple[uuid.UUID, str, FollowUp]]:
        """(engagement id, engagement title, follow-up) of the open follow-ups of readable engagements."""
        wanted = list(set(engagement_ids))
        out: list[tuple[uuid.UUID, str, FollowUp]] = []
        for start in range(0, len(wanted), 900):
            rows = self.conn.execute(
                select(follow_ups, engagements.c.title.label("engagement_title"))
                .join(engagements, engagements.c.id == follow_ups.c.engagement_id)
                .where(follow_ups.c.engagement_id.in_(wanted[start:start + 900]), readable(engagements, viewer),
                       follow_ups.c.status == FollowUpStatus.OPEN.value)
            )
            out += [(r.engagement_id, r.engagement_title, FollowUp(r.action, r.owner, r.due_date,
                                                                    FollowUpStatus(r.status), r.id)) for r in rows]
        return sorted(out, key=lambda x: (x[2].due_date or dt.date.max, x[1]))

    def open_follow_ups_of(
        self, viewer: Viewer, tenant_id: uuid.UUID, *, limit: int = 50
    ) -> tuple[list[tuple[uuid.UUID, str, FollowUp]], int]:
        """The open follow-ups of a tenant's readable engagements, the earliest due first (so overdue ones
        lead, undated ones come last), at most ``limit`` of them, and how many there are in all."""
        where = [*self._scope(viewer, tenant_id, None, None), follow_ups.c.status == FollowUpStatus.OPEN.value]
        joined = follow_ups.join(engagements, engagements.c.id == follow_ups.c.engagement_id)
        total = int(self.conn.scalar(select(func.count()).select_from(joined).where(*where)) or 0)
        rows = self.conn.execute(
            select(follow_ups, engagements.c.title.label("engagement_title"))
            .select_from(joined)
            .where(*where)
            .order_by(follow_ups.c.due_date.is_(None), follow_ups.c.due_date, engagements.c.title, follow_ups.c.id)
            .limit(limit)
        )
        found = [(r.engagement_id, r.engagement_title,
                  FollowUp(r.action, r.owner, r.due_date, FollowUpStatus(r.status), r.id)) for r in rows]
        return found, total

    def person_names(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        wanted = list(set(ids))
        out: dict[uuid.UUID, str] = {}
        for start in range(0, len(wanted), 900):
            rows = self.conn.execute(
                select(people.c.id, people.c.name).where(people.c.id.in_(wanted[start:start + 900]),
                                                         readable(people, viewer))
            )
            out.update((r.id, r.name) for r in rows)
        return out

    def count(self, viewer: Viewer, tenant_id: uuid.UUID) -> int:
        return int(
            self.conn.scalar(
                select(func.count()).select_from(engagements).where(*self._scope(viewer, tenant_id, None, None))
            )
            or 0
        )


def departments_of(conn: Any, tenant_id: uuid.UUID) -> list[tuple[uuid.UUID, str, str]]:
    """(id, slug, name) of a tenant's departments; department names are known to the tenant's own users."""
    rows = conn.execute(
        select(departments.c.id, departments.c.slug, departments.c.name)
        .where(departments.c.tenant_id == tenant_id)
        .order_by(departments.c.name)
    )
    return [(r.id, r.slug, r.name) for r in rows]


def tenants_with_engagements(conn: Any, at_least: int, *, limit: int) -> list[uuid.UUID]:
    """The tenants with at least ``at_least`` engagements, the most first, at most ``limit`` of them (one pass
    over the tenant index)."""
    n = func.count().label("n")
    rows = conn.execute(
        select(engagements.c.tenant_id, n).group_by(engagements.c.tenant_id).having(func.count() >= at_least)
        .order_by(n.desc(), engagements.c.tenant_id).limit(limit)
    )
    return [r[0] for r in rows]
