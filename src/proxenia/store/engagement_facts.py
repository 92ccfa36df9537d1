"""Bulk reads of one tenant's engagements for the portfolio: compact facts for the diagnostics, the
last engagement with each counterpart, the departments × goals totals of the heat map."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Select, String, Text, cast, func, select, type_coerce

from proxenia.domain.engagements import FollowUp, FollowUpStatus
from proxenia.domain.findings import EngagementFact
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.tables import (
    departments,
    engagement_departments,
    engagement_goals,
    engagement_participants,
    engagement_relations,
    engagements,
    follow_ups,
    people,
)


def hex_id(conn: Any, column: Any) -> Any:
    """A uuid column read as 32 hexadecimal characters, without building ``UUID`` objects (SQLite stores
    exactly that; PostgreSQL's text form loses its dashes)."""
    if conn.dialect.name == "sqlite":
        return type_coerce(column, String())
    return func.replace(cast(column, Text), "-", "")


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
        self, viewer: Viewer, tenant_id: uuid.UUID, *, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> list[EngagementFact]:
        """Every readable engagement of ``tenant_id`` in the window, with its parts, in four queries."""
        where = self._scope(viewer, tenant_id, date_from, date_to)
        h = functools.partial(hex_id, self.conn)
        e = engagements
        start, day = iso_day(self.conn, e.c.start_date)
        end, _ = iso_day(self.conn, e.c.end_date)
        columns = (h(e.c.id), h(e.c.department_id), e.c.kind, e.c.title, start, end, e.c.place, e.c.staff_days,
                   e.c.cost_minor, e.c.cost_currency)
        by_id: dict[str, EngagementFact] = {}
        for r in self.conn.execute(select(*columns).where(*where)).all():
            by_id[r[0]] = EngagementFact(r[0], (r[1],) if r[1] else (), r[2], r[3], day(r[4]), day(r[5]), r[6],
                                         r[7], r[8], r[9])
        p = engagement_participants
        rows = self.conn.execute(  # one index range; only rows of engagements read above are kept
            select(h(p.c.engagement_id), h(p.c.actor_id), h(p.c.person_id)).where(p.c.tenant_id == tenant_id)
        ).all()
        for eid, actor_id, person_id in rows:
            fact = by_id.get(eid)
            if fact is not None:
                if actor_id is not None:
                    fact.actors.append(actor_id)
                else:
                    fact.people.append(person_id)
        scoped = select(e.c.id).where(*where)
        d = engagement_departments
        for eid, dep in self._part(select(h(d.c.engagement_id), h(d.c.department_id)), d, scoped):
            if eid in by_id:
                by_id[eid].departments += (dep,)
        rel = engagement_relations
        for eid, other in self._part(select(h(rel.c.engagement_id), h(rel.c.related_id)), rel, scoped):
            if eid in by_id:
                by_id[eid].related.append(other)
            if other in by_id:
                by_id[other].related.append(eid)
        return list(by_id.values())

    def _part(self, query: Select[Any], table: Any, scoped: Select[Any]) -> Iterable[Any]:
        return self.conn.execute(query.where(table.c.engagement_id.in_(scoped))).all()

    def goals_served(
        self, viewer: Viewer, tenant_id: uuid.UUID, date_from: dt.date | None, date_to: dt.date | None
    ) -> set[str]:
        """The goals (as hex ids) that at least one engagement of the window serves."""
        g = engagement_goals
        rows = self.conn.execute(
            select(hex_id(self.conn, g.c.goal_id)).distinct()
            .where(g.c.engagement_id.in_(select(engagements.c.id).where(*self._scope(viewer, tenant_id, date_from,
                                                                                      date_to))))
        )
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
