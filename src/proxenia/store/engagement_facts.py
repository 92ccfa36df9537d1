"""Bulk reads of one tenant's engagements for the portfolio: compact facts for the diagnostics, the
last engagement with each counterpart, the departments × goals totals of the heat map."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select

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

FACT_COLUMNS = (
    engagements.c.id,
    engagements.c.department_id,
    engagements.c.kind,
    engagements.c.title,
    engagements.c.start_date,
    engagements.c.end_date,
    engagements.c.place,
    engagements.c.staff_days,
    engagements.c.cost_minor,
    engagements.c.cost_currency,
)


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
        """Every readable engagement of ``tenant_id`` in the window, with its parts, in five queries."""
        where = self._scope(viewer, tenant_id, date_from, date_to)
        by_id: dict[uuid.UUID, EngagementFact] = {}
        for r in self.conn.execute(select(*FACT_COLUMNS).where(*where)):
            by_id[r[0]] = EngagementFact(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])
        scoped = select(engagements.c.id).where(*where)
        p = engagement_participants
        for eid, actor_id, person_id in self._part(select(p.c.engagement_id, p.c.actor_id, p.c.person_id), p, scoped):
            fact = by_id.get(eid)
            if fact is not None:
                (fact.actors if actor_id is not None else fact.people).append(actor_id or person_id)
        d = engagement_departments
        for eid, dep in self._part(select(d.c.engagement_id, d.c.department_id), d, scoped):
            if eid in by_id:
                by_id[eid].joint_departments.append(dep)
        g = engagement_goals
        for eid, goal, weight in self._part(select(g.c.engagement_id, g.c.goal_id, g.c.weight), g, scoped):
            if eid in by_id:
                by_id[eid].goals.append((goal, weight))
        rel = engagement_relations
        for eid, other in self._part(select(rel.c.engagement_id, rel.c.related_id), rel, scoped):
            if eid in by_id:
                by_id[eid].related.append(other)
            if other in by_id:
                by_id[other].related.append(eid)
        return list(by_id.values())

    def _part(self, query: Select[Any], table: Any, scoped: Select[Any]) -> Iterable[Any]:
        return self.conn.execute(query.where(table.c.engagement_id.in_(scoped))).all()

    def last_engagement_with(
        self, viewer: Viewer, tenant_id: uuid.UUID, actor_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, tuple[dt.date, uuid.UUID]]:
        """The date and id of the tenant's latest engagement with each of these actors."""
        wanted = list(set(actor_ids))
        if not wanted:
            return {}
        p = engagement_participants
        rows = self.conn.execute(
            select(p.c.actor_id, engagements.c.start_date, engagements.c.id)
            .join(engagements, engagements.c.id == p.c.engagement_id)
            .where(p.c.actor_id.in_(wanted), *self._scope(viewer, tenant_id, None, None))
        )
        out: dict[uuid.UUID, tuple[dt.date, uuid.UUID]] = {}
        for actor_id, start, eid in rows:
            if actor_id not in out or start > out[actor_id][0]:
                out[actor_id] = (start, eid)
        return out

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
