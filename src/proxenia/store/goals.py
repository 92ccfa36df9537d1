"""Goals and alignments (a tie serving a goal), through the permission filter."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from proxenia.domain.goals import Goal, GoalDraft, GoalKind, code_sort_key
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import readable
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import alignments, goals, ties


def goal_from_row(m: Any) -> Goal:
    return Goal(
        id=m["id"],
        kind=GoalKind(m["kind"]),
        code=m["code"] or "",
        title=m["title"],
        short_title=m["short_title"],
        description=m["description"],
        parent_id=m["parent_id"],
        source_ref=m["source_ref"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


def goal_row(draft: GoalDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "kind": draft.kind.value,
        "code": draft.code.strip(),
        "title": draft.title.strip(),
        "short_title": draft.short_title,
        "description": draft.description,
        "parent_id": draft.parent_id,
        "source_ref": draft.source_ref,
    }


def _sorted(found: Iterable[Goal]) -> list[Goal]:
    order = list(GoalKind)
    return sorted(found, key=lambda g: (order.index(g.kind), code_sort_key(g.code), g.title))


class GoalRepository(RecordRepository):
    table = goals
    kind = "goal"

    def get(self, viewer: Viewer, goal_id: uuid.UUID) -> Goal:
        return goal_from_row(self._row(viewer, goal_id)._mapping)

    def get_many(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Goal]:
        out: dict[uuid.UUID, Goal] = {}
        for batch in chunks(set(ids), 900):
            rows = self.conn.execute(select(goals).where(goals.c.id.in_(batch), readable(goals, viewer)))
            out.update((r.id, goal_from_row(r._mapping)) for r in rows)
        return out

    def search(
        self,
        viewer: Viewer,
        *,
        kinds: Sequence[GoalKind] = (),
        tenant_id: uuid.UUID | None = None,
        parent_id: uuid.UUID | None = None,
        text: str | None = None,
    ) -> list[Goal]:
        where: list[Any] = [readable(goals, viewer)]
        if kinds:
            where.append(goals.c.kind.in_([k.value for k in kinds]))
        if tenant_id is not None:
            where.append(goals.c.tenant_id == tenant_id)
        if parent_id is not None:
            where.append(goals.c.parent_id == parent_id)
        if text:
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(func.lower(goals.c.title).like(f"%{escaped}%", escape="\\") | (goals.c.code == text.strip()))
        return _sorted(goal_from_row(r._mapping) for r in self.conn.execute(select(goals).where(*where)))

    def create(self, viewer: Viewer, draft: GoalDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        row = goal_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row, summary=draft.title[:200])
        return uuid.UUID(str(row["id"]))

    def create_many(self, viewer: Viewer, drafts: Sequence[GoalDraft], *, tenant_id: uuid.UUID, summary: str) -> int:
        return self._insert_many(viewer, [goal_row(d, tenant_id=tenant_id) for d in drafts], summary=summary)

    def update(self, viewer: Viewer, goal_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> dict[str, Any]:
        return self._update(viewer, goal_id, version, fields)

    def delete(self, viewer: Viewer, goal_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, goal_id, version)


@dataclass(frozen=True)
class Alignment:
    id: uuid.UUID
    tie_id: uuid.UUID
    goal_id: uuid.UUID
    weight: float
    note: str | None
    tenant_id: uuid.UUID
    visibility: Visibility
    version: int


def _alignment(m: Any) -> Alignment:
    return Alignment(
        id=m["id"],
        tie_id=m["tie_id"],
        goal_id=m["goal_id"],
        weight=m["weight"],
        note=m["note"],
        tenant_id=m["tenant_id"],
        visibility=Visibility(m["visibility"]),
        version=m["version"],
    )


class AlignmentRepository(RecordRepository):
    """A tenant's statement that a tie serves one of its goals."""

    table = alignments
    kind = "alignment"

    def get(self, viewer: Viewer, alignment_id: uuid.UUID) -> Alignment:
        return _alignment(self._row(viewer, alignment_id)._mapping)

    def search(
        self, viewer: Viewer, *, tenant_id: uuid.UUID | None = None, tie_ids: Sequence[uuid.UUID] = ()
    ) -> list[Alignment]:
        where: list[Any] = [readable(alignments, viewer), readable(ties, viewer), readable(goals, viewer)]
        if tenant_id is not None:
            where.append(alignments.c.tenant_id == tenant_id)
        if tie_ids:
            where.append(alignments.c.tie_id.in_(list(tie_ids)))
        rows = self.conn.execute(
            select(alignments)
            .join(ties, ties.c.id == alignments.c.tie_id)
            .join(goals, goals.c.id == alignments.c.goal_id)
            .where(*where)
            .order_by(alignments.c.created_at, alignments.c.id)
        )
        return [_alignment(r._mapping) for r in rows]

    def existing(self, tenant_id: uuid.UUID, tie_id: uuid.UUID, goal_id: uuid.UUID) -> uuid.UUID | None:
        return self.conn.scalar(
            select(alignments.c.id).where(
                alignments.c.tenant_id == tenant_id, alignments.c.tie_id == tie_id, alignments.c.goal_id == goal_id
            )
        )

    def create(
        self,
        viewer: Viewer,
        *,
        tenant_id: uuid.UUID,
        tie_id: uuid.UUID,
        goal_id: uuid.UUID,
        weight: float,
        note: str | None,
        visibility: Visibility,
    ) -> uuid.UUID:
        row = {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "visibility": visibility.value,
            "tie_id": tie_id,
            "goal_id": goal_id,
            "weight": weight,
            "note": note,
        }
        self._insert(viewer, row)
        return uuid.UUID(str(row["id"]))

    def create_many(self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str) -> int:
        return self._insert_many(viewer, list(rows), summary=summary)

    def delete(self, viewer: Viewer, alignment_id: uuid.UUID, version: int | None) -> None:
        self._delete(viewer, alignment_id, version)
