"""Engagements: writes with their parts (participants, joint departments, goals, cross-references,
follow-ups, occurrences), reads through the permission filter, searches that fetch parts per page."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, and_, delete, func, select, update

from proxenia.domain.engagements import (
    Engagement,
    EngagementDraft,
    EngagementFilter,
    EngagementKind,
    EngagementOrigin,
    EngagementSummary,
    FollowUpStatus,
    GoalWeight,
    Participant,
)
from proxenia.domain.errors import NotFound
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.bulk import insert_rows
from proxenia.store.columns import utcnow
from proxenia.store.engagement_rows import engagement_from_row, engagement_row, part_rows
from proxenia.store.hex_ids import UuidMemo, hex_key
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import (
    actors,
    departments,
    engagement_departments,
    engagement_goals,
    engagement_occurrences,
    engagement_participants,
    engagement_relations,
    engagements,
    follow_ups,
    goals,
    people,
)

PARTS = (
    engagement_participants,
    engagement_departments,
    engagement_goals,
    engagement_relations,
    follow_ups,
    engagement_occurrences,
)
IN_CHUNK = 900
FOLLOW_UP_KIND = "follow_up"  # the audit trail's name for a follow-up's change of status

#: What a summary shows of an engagement (reading the description, links and areas of each would cost more).
SUMMARY_COLUMNS = tuple(
    engagements.c[name]
    for name in ("id", "kind", "title", "start_date", "end_date", "department_id", "visibility", "tenant_id",
                 "origin", "recorded_by")
)
#: Enum members by stored value (a dict lookup; calling the enum runs Python code for every row).
KIND_OF = {k.value: k for k in EngagementKind}
VISIBILITY_OF = {v.value: v for v in Visibility}
ORIGIN_OF = {o.value: o for o in EngagementOrigin}
#: The log's order: newest first, then by title (the id settles the rest, so pages never overlap).
LOG_ORDER = (engagements.c.start_date.desc(), engagements.c.title, engagements.c.id)


class EngagementRepository(RecordRepository):
    table = engagements
    kind = "engagement"

    # -- writes ---------------------------------------------------------------------------------
    def create(
        self, viewer: Viewer, draft: EngagementDraft, *, tenant_id: uuid.UUID, recorded_by: str | None
    ) -> uuid.UUID:
        row = engagement_row(draft, tenant_id=tenant_id, recorded_by=recorded_by)
        self._insert(viewer, row, summary=draft.title)
        self._write_parts([part_rows(row["id"], draft, tenant_id)])
        return uuid.UUID(str(row["id"]))

    def create_many(
        self,
        viewer: Viewer,
        drafts: Sequence[EngagementDraft],
        *,
        tenant_id: uuid.UUID,
        recorded_by: str | None,
        summary: str,
    ) -> list[uuid.UUID]:
        rows = [engagement_row(d, tenant_id=tenant_id, recorded_by=recorded_by) for d in drafts]
        self._insert_many(viewer, rows, summary=summary)
        self._write_parts([part_rows(r["id"], d, tenant_id) for r, d in zip(rows, drafts, strict=True)])
        return [r["id"] for r in rows]

    def _write_parts(self, parts: Sequence[dict[str, list[dict[str, Any]]]]) -> None:
        for table in PARTS:
            rows = [r for p in parts for r in p[table.name]]
            if rows:
                insert_rows(self.conn, table, rows)

    def update(
        self,
        viewer: Viewer,
        engagement_id: uuid.UUID,
        expected_version: int | None,
        fields: dict[str, Any],
        draft: EngagementDraft | None = None,
    ) -> dict[str, Any]:
        """Change fields; with ``draft``, replace every part too (the parts of a form are edited together)."""
        if draft is not None:
            fields = {**fields, "updated_at": utcnow()}  # changed parts move the version on as well
        after = self._update(viewer, engagement_id, expected_version, fields)
        if draft is not None:
            before = self._parts_snapshot(engagement_id)
            for table in PARTS:
                self.conn.execute(delete(table).where(table.c.engagement_id == engagement_id))
            new_parts = part_rows(engagement_id, draft, after["tenant_id"])
            self._write_parts([new_parts])
            self.log.record(
                viewer,
                kind=self.kind,
                record_id=engagement_id,
                action="update",
                tenant_id=after["tenant_id"],
                summary="parts replaced",
                before=before,
                after={k: v for k, v in new_parts.items() if v},
            )
        return after

    def _parts_snapshot(self, engagement_id: uuid.UUID) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for table in PARTS:
            rows = [
                dict(r._mapping) for r in self.conn.execute(select(table).where(table.c.engagement_id == engagement_id))
            ]
            if rows:
                out[table.name] = rows
        return out

    def delete(self, viewer: Viewer, engagement_id: uuid.UUID, expected_version: int | None) -> None:
        self._delete(viewer, engagement_id, expected_version)

    def set_follow_up_status(
        self, viewer: Viewer, engagement_id: uuid.UUID, follow_up_id: uuid.UUID, status: FollowUpStatus
    ) -> None:
        row = self._row(viewer, engagement_id)
        self._update(viewer, engagement_id, None, {})  # the owner's editors only
        found = self.conn.execute(
            update(follow_ups)
            .where(follow_ups.c.id == follow_up_id, follow_ups.c.engagement_id == engagement_id)
            .values(status=status.value)
        )
        if found.rowcount != 1:
            raise NotFound(f"follow-up {follow_up_id} is not part of this engagement")
        self.log.record(
            viewer,
            kind=FOLLOW_UP_KIND,
            record_id=follow_up_id,
            action="update",
            tenant_id=row._mapping["tenant_id"],
            after={"status": status.value},
        )

    # -- reads ----------------------------------------------------------------------------------
    def get(self, viewer: Viewer, engagement_id: uuid.UUID) -> Engagement:
        row = self._row(viewer, engagement_id)._mapping
        parts = self._parts(viewer, [engagement_id])
        return engagement_from_row(row, parts, self._department_names([row["department_id"]]))

    def search(
        self, viewer: Viewer, where: EngagementFilter, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[EngagementSummary], int]:
        condition = and_(*self._conditions(viewer, where))
        total = self.conn.scalar(select(func.count()).select_from(engagements).where(condition)) or 0
        rows = self.conn.execute(
            select(*self._summary_columns()).where(condition).order_by(*LOG_ORDER).limit(limit).offset(offset)
        ).all()
        return self._summaries(viewer, rows, UuidMemo()), total

    def ids(self, viewer: Viewer, where: EngagementFilter, *, limit: int) -> list[uuid.UUID]:
        """The ids of the first ``limit`` matches in the log's order (newest first), in one query."""
        condition = and_(*self._conditions(viewer, where))
        return list(self.conn.scalars(select(engagements.c.id).where(condition).order_by(*LOG_ORDER).limit(limit)))

    def summaries_of(
        self, viewer: Viewer, ids: Sequence[uuid.UUID], memo: UuidMemo | None = None
    ) -> list[EngagementSummary]:
        """These engagements (the readable ones), in the order of ``ids``. A download passes one ``memo``
        for all its batches, so the ids it meets again (tenant, departments, counterparts) are made once."""
        memo = memo if memo is not None else UuidMemo()
        memo.know(ids)
        position = {engagement_id.hex: n for n, engagement_id in enumerate(ids)}
        rows = sorted(self._summary_rows(viewer, ids), key=lambda r: position[r.id])
        return self._summaries(viewer, rows, memo)

    def summaries(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> list[EngagementSummary]:
        wanted = set(ids)
        rows = self._summary_rows(viewer, wanted)
        rows.sort(key=lambda r: (r.start_date, r.title), reverse=True)
        return self._summaries(viewer, rows, UuidMemo(wanted))

    def _summary_columns(self) -> list[Any]:
        """What a summary shows, its ids as 32 hex digits (see :mod:`proxenia.store.hex_ids`)."""
        as_hex = {"id", "department_id", "tenant_id"}
        return [hex_key(self.conn, c).label(c.name) if c.name in as_hex else c for c in SUMMARY_COLUMNS]

    def _summary_rows(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> list[Row[Any]]:
        rows: list[Row[Any]] = []
        columns = self._summary_columns()
        for batch in chunks(ids, IN_CHUNK):
            where = (engagements.c.id.in_(batch), readable(engagements, viewer))
            rows.extend(self.conn.execute(select(*columns).where(*where)))
        return rows

    def _conditions(self, viewer: Viewer, where: EngagementFilter) -> list[Any]:
        conditions: list[Any] = [readable(engagements, viewer)]
        if where.tenant_id is not None:
            conditions.append(engagements.c.tenant_id == where.tenant_id)
        if where.department_id is not None:
            joint = select(engagement_departments.c.engagement_id).where(
                engagement_departments.c.department_id == where.department_id
            )
            conditions.append((engagements.c.department_id == where.department_id) | engagements.c.id.in_(joint))
        if where.kind is not None:
            conditions.append(engagements.c.kind == where.kind.value)
        if where.actor_ids:
            with_actor = select(engagement_participants.c.engagement_id).where(
                engagement_participants.c.actor_id.in_(where.actor_ids)
            )
            conditions.append(engagements.c.id.in_(with_actor))
        if where.person_id is not None:
            with_person = select(engagement_participants.c.engagement_id).where(
                engagement_participants.c.person_id == where.person_id
            )
            conditions.append(engagements.c.id.in_(with_person))
        if where.country_code:
            in_country = (
                select(engagement_participants.c.engagement_id)
                .join(actors, actors.c.id == engagement_participants.c.actor_id)
                .where(actors.c.country_code == where.country_code, readable(actors, viewer))
            )
            conditions.append(engagements.c.id.in_(in_country))
        if where.date_from is not None:
            conditions.append(engagements.c.end_date >= where.date_from)
        if where.date_to is not None:
            conditions.append(engagements.c.start_date <= where.date_to)
        if where.text:
            escaped = where.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(func.lower(engagements.c.title).like(f"%{escaped}%", escape="\\"))
        if where.open_follow_ups:
            open_ = select(follow_ups.c.engagement_id).where(follow_ups.c.status == FollowUpStatus.OPEN.value)
            conditions.append(engagements.c.id.in_(open_))
        return conditions

    def _summaries(self, viewer: Viewer, rows: Sequence[Row[Any]], memo: UuidMemo) -> list[EngagementSummary]:
        """Summaries of rows read with :meth:`_summary_columns` (ids as hex digits, made UUIDs by ``memo``)."""
        ids = [memo(r.id) for r in rows]
        counterparts = self._counterparts(viewer, ids, memo)
        open_counts: dict[str, int] = {}
        open_key = hex_key(self.conn, follow_ups.c.engagement_id)
        for batch in chunks(ids, IN_CHUNK):
            for eid, n in self.conn.execute(
                select(open_key, func.count())
                .where(follow_ups.c.engagement_id.in_(batch), follow_ups.c.status == FollowUpStatus.OPEN.value)
                .group_by(follow_ups.c.engagement_id)
            ):
                open_counts[eid] = n
        department_ids = {r.department_id: memo.maybe(r.department_id) for r in rows}
        names = self._department_names(department_ids.values())
        return [
            EngagementSummary(
                id=engagement_id,
                kind=KIND_OF[r.kind],
                title=r.title,
                start_date=r.start_date,
                end_date=r.end_date,
                department_id=department_ids[r.department_id],
                department_name=names.get(department_ids[r.department_id]),  # type: ignore[arg-type]
                counterparts=tuple(counterparts.get(r.id, ())),
                visibility=VISIBILITY_OF[r.visibility],
                tenant_id=memo(r.tenant_id),
                origin=ORIGIN_OF[r.origin],
                recorded_by=r.recorded_by,
                open_follow_ups=open_counts.get(r.id, 0),
            )
            for engagement_id, r in zip(ids, rows, strict=True)
        ]

    def _counterparts(
        self, viewer: Viewer, ids: Sequence[uuid.UUID], memo: UuidMemo
    ) -> dict[str, list[Participant]]:
        """The readable counterparts of these engagements, in their order, by the engagement's hex id."""
        out: dict[str, list[Participant]] = defaultdict(list)
        p = engagement_participants
        for batch in chunks(ids, IN_CHUNK):
            rows = self.conn.execute(
                select(hex_key(self.conn, p.c.engagement_id), hex_key(self.conn, p.c.actor_id), p.c.role,
                       actors.c.name, actors.c.country_code)
                .join(actors, actors.c.id == p.c.actor_id)
                .where(p.c.engagement_id.in_(batch), readable(actors, viewer))
                .order_by(p.c.engagement_id, p.c.position)
            )
            for engagement, actor, role, name, country in rows:
                out[engagement].append(Participant(actor_id=memo(actor), role=role, name=name, country_code=country))
        return out

    def _department_names(self, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = self.conn.execute(select(departments.c.id, departments.c.name).where(departments.c.id.in_(wanted)))
        return {r.id: r.name for r in rows}

    def _parts(self, viewer: Viewer, ids: Sequence[uuid.UUID]) -> dict[str, dict[uuid.UUID, list[Any]]]:
        """Every part of these engagements; participants, goals and cross-references only where readable."""
        parts: dict[str, dict[uuid.UUID, list[Any]]] = {t.name: defaultdict(list) for t in PARTS}
        p = engagement_participants
        person_rows = self.conn.execute(
            select(p, people.c.name)
            .join(people, people.c.id == p.c.person_id)
            .where(p.c.engagement_id.in_(ids), readable(people, viewer))
        )
        actor_rows = self.conn.execute(
            select(p, actors.c.name, actors.c.country_code)
            .join(actors, actors.c.id == p.c.actor_id)
            .where(p.c.engagement_id.in_(ids), readable(actors, viewer))
        )
        found = [
            (
                r.engagement_id,
                r.position,
                Participant(actor_id=r.actor_id, role=r.role, name=r.name, country_code=r.country_code),
            )
            for r in actor_rows
        ]
        found += [
            (r.engagement_id, r.position, Participant(person_id=r.person_id, role=r.role, name=r.name))
            for r in person_rows
        ]
        for eid, _, participant in sorted(found, key=lambda x: (str(x[0]), x[1])):
            parts[p.name][eid].append(participant)
        for r in self.conn.execute(
            select(engagement_goals, goals.c.code, goals.c.title, goals.c.short_title)
            .join(goals, goals.c.id == engagement_goals.c.goal_id)
            .where(engagement_goals.c.engagement_id.in_(ids), readable(goals, viewer))
        ):
            label = f"{r.code} {r.short_title or r.title}".strip()
            parts[engagement_goals.name][r.engagement_id].append(GoalWeight(r.goal_id, r.weight, label))
        related = readable_relations(self.conn, viewer, ids)
        for eid, rid in related:
            parts[engagement_relations.name][eid].append(rid)
        for table in (engagement_departments, follow_ups, engagement_occurrences):
            order = [table.c.position] if "position" in table.c else []
            for r in self.conn.execute(select(table).where(table.c.engagement_id.in_(ids)).order_by(*order)):
                parts[table.name][r.engagement_id].append(r)
        return parts


def readable_relations(conn: Any, viewer: Viewer, ids: Sequence[uuid.UUID]) -> list[tuple[Any, Any]]:
    """Cross-references of these engagements to engagements the viewer may read (both directions)."""
    other = engagements.alias("other")
    r = engagement_relations
    out = conn.execute(
        select(r.c.engagement_id, r.c.related_id)
        .join(other, other.c.id == r.c.related_id)
        .where(r.c.engagement_id.in_(ids), readable(other, viewer))
    ).all()
    back = conn.execute(
        select(r.c.related_id, r.c.engagement_id)
        .join(other, other.c.id == r.c.engagement_id)
        .where(r.c.related_id.in_(ids), readable(other, viewer))
    ).all()
    return sorted({(a, b) for a, b in [*out, *back]}, key=str)
