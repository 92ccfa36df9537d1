"""Adoptions of practices, with their transfer plans (steps) and follow-ups of results.

An adoption is shown only with a practice and an adopter the viewer may read; a teacher
(``learned_from``) the viewer may not read is shown as unknown, never by name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update

from proxenia.domain.actors import ActorSummary
from proxenia.domain.adoptions import (
    Adoption,
    AdoptionDraft,
    AdoptionStatus,
    FollowUp,
    Stakeholder,
    StepStatus,
    TransferPhase,
    TransferStep,
)
from proxenia.domain.errors import Conflict, NotFound
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.store.access import raise_not_readable
from proxenia.store.actors import ActorRepository
from proxenia.store.adoption_counts import IN_CHUNK, AdoptionCounts, visible_adoptions
from proxenia.store.records import RecordRepository, chunks
from proxenia.store.tables import actors, adoption_followups, adoptions, practices, transfer_steps


def adoption_row(draft: AdoptionDraft, *, tenant_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": draft.id or uuid.uuid4(),
        "tenant_id": tenant_id,
        "visibility": draft.visibility.value,
        "practice_id": draft.practice_id,
        "adopter_id": draft.adopter_id,
        "learned_from_id": draft.learned_from_id,
        "date": draft.date,
        "status": draft.status.value,
        "adaptations": draft.adaptations,
        "outcome": draft.outcome,
        "stakeholders": [s.__dict__ for s in draft.stakeholders],
        "source_ref": draft.source_ref,
    }


class AdoptionRepository(AdoptionCounts, RecordRepository):
    table = adoptions
    kind = "adoption"

    # -- reads ----------------------------------------------------------------------------------
    def _select(self, viewer: Viewer, *where: Any) -> list[Any]:
        query = (
            select(adoptions, practices.c.title.label("practice_title"))
            .join(practices, practices.c.id == adoptions.c.practice_id)
            .join(actors, actors.c.id == adoptions.c.adopter_id)
            .where(visible_adoptions(viewer), *where)
            .order_by(adoptions.c.date.nulls_last(), adoptions.c.created_at, adoptions.c.id)
        )
        return list(self.conn.execute(query))

    def _hydrate(self, viewer: Viewer, rows: Sequence[Any], *, details: bool = False) -> list[Adoption]:
        ids = {r.adopter_id for r in rows} | {r.learned_from_id for r in rows if r.learned_from_id}
        summaries = ActorRepository(self.conn).summaries(viewer, ids)
        steps: dict[uuid.UUID, list[TransferStep]] = {}
        followups: dict[uuid.UUID, list[FollowUp]] = {}
        if details and rows:
            steps, followups = self._children([r.id for r in rows])
        out = []
        for r in rows:
            m = r._mapping
            adopter = summaries.get(m["adopter_id"])
            if adopter is None:
                continue
            out.append(
                Adoption(
                    id=m["id"],
                    practice_id=m["practice_id"],
                    practice_title=m["practice_title"],
                    adopter=adopter,
                    learned_from=summaries.get(m["learned_from_id"]) if m["learned_from_id"] else None,
                    date=m["date"],
                    status=AdoptionStatus(m["status"]),
                    adaptations=m["adaptations"],
                    outcome=m["outcome"],
                    stakeholders=tuple(Stakeholder(**s) for s in m["stakeholders"] or []),
                    source_ref=m["source_ref"],
                    steps=tuple(steps.get(m["id"], ())),
                    followups=tuple(followups.get(m["id"], ())),
                    tenant_id=m["tenant_id"],
                    visibility=Visibility(m["visibility"]),
                    version=m["version"],
                    created_at=m["created_at"],
                    updated_at=m["updated_at"],
                )
            )
        return out

    def _children(
        self, ids: list[uuid.UUID]
    ) -> tuple[dict[uuid.UUID, list[TransferStep]], dict[uuid.UUID, list[FollowUp]]]:
        steps: dict[uuid.UUID, list[TransferStep]] = {}
        for r in self.conn.execute(
            select(transfer_steps)
            .where(transfer_steps.c.adoption_id.in_(ids))
            .order_by(transfer_steps.c.position, transfer_steps.c.id)
        ):
            steps.setdefault(r.adoption_id, []).append(
                TransferStep(
                    id=r.id,
                    phase=TransferPhase(r.phase),
                    title=r.title,
                    due_date=r.due_date,
                    status=StepStatus(r.status),
                    position=r.position,
                )
            )
        followups: dict[uuid.UUID, list[FollowUp]] = {}
        for r in self.conn.execute(
            select(adoption_followups)
            .where(adoption_followups.c.adoption_id.in_(ids))
            .order_by(adoption_followups.c.date.nulls_last(), adoption_followups.c.id)
        ):
            followups.setdefault(r.adoption_id, []).append(
                FollowUp(id=r.id, date=r.date, result=r.result, indicator=r.indicator, value=r.value)
            )
        return steps, followups

    def get(self, viewer: Viewer, adoption_id: uuid.UUID) -> Adoption:
        found = self._hydrate(viewer, self._select(viewer, adoptions.c.id == adoption_id), details=True)
        if not found:
            raise raise_not_readable(f"Adoption {adoption_id}")
        return found[0]

    def for_practice(self, viewer: Viewer, practice_id: uuid.UUID) -> list[Adoption]:
        return self._hydrate(viewer, self._select(viewer, adoptions.c.practice_id == practice_id))

    def by_adopter(self, viewer: Viewer, actor_id: uuid.UUID) -> list[Adoption]:
        return self._hydrate(viewer, self._select(viewer, adoptions.c.adopter_id == actor_id))

    def taught_by(self, viewer: Viewer, actor_id: uuid.UUID) -> list[Adoption]:
        """Adoptions learned from ``actor_id``, or of practices it originated (by someone else)."""
        originated = select(practices.c.id).where(practices.c.originator_id == actor_id)
        return self._hydrate(
            viewer,
            self._select(
                viewer,
                adoptions.c.adopter_id != actor_id,
                or_(adoptions.c.learned_from_id == actor_id, adoptions.c.practice_id.in_(originated)),
            ),
        )

    def exchanged(self, viewer: Viewer, ours: uuid.UUID | None, theirs: Sequence[uuid.UUID]) -> list[Adoption]:
        """Adoptions that carried a practice between ``ours`` and ``theirs``, either way (the teacher is the
        named source or, when none is named, the originator); with no ``ours``, everything they took or gave."""
        teacher = func.coalesce(adoptions.c.learned_from_id, practices.c.originator_id)
        found: list[Any] = []
        for batch in chunks(set(theirs), IN_CHUNK):
            if ours is None:
                where = or_(adoptions.c.adopter_id.in_(batch), and_(teacher.in_(batch), teacher.is_not(None)))
            else:
                where = or_(
                    and_(adoptions.c.adopter_id == ours, teacher.in_(batch)),
                    and_(adoptions.c.adopter_id.in_(batch), teacher == ours),
                )
            found.extend(self._select(viewer, where, adoptions.c.adopter_id != teacher))
        return self._hydrate(viewer, found)

    def duplicate_of(self, practice_id: uuid.UUID, adopter_id: uuid.UUID) -> uuid.UUID | None:
        return self.conn.scalar(
            select(adoptions.c.id).where(adoptions.c.practice_id == practice_id, adoptions.c.adopter_id == adopter_id)
        )

    # -- writes ---------------------------------------------------------------------------------
    def create(self, viewer: Viewer, draft: AdoptionDraft, *, tenant_id: uuid.UUID) -> uuid.UUID:
        if self.duplicate_of(draft.practice_id, draft.adopter_id) is not None:
            raise Conflict("this government's adoption of this practice is already recorded; change that record")
        row = adoption_row(draft, tenant_id=tenant_id)
        self._insert(viewer, row)
        return row["id"]

    def create_many(self, viewer: Viewer, rows: Sequence[dict[str, Any]], *, summary: str) -> int:
        return self._insert_many(viewer, list(rows), summary=summary)

    def update(
        self, viewer: Viewer, adoption_id: uuid.UUID, version: int | None, fields: dict[str, Any]
    ) -> dict[str, Any]:
        return self._update(viewer, adoption_id, version, fields)

    def delete(self, viewer: Viewer, adoption_id: uuid.UUID, version: int | None = None) -> None:
        self._delete(viewer, adoption_id, version)

    def _touch(self, viewer: Viewer, adoption_id: uuid.UUID, what: str, after: dict[str, Any]) -> dict[str, Any]:
        """Check the viewer may change the adoption, bump its version and log what changed in its plan."""
        from proxenia.store.columns import utcnow

        changed = self._update(viewer, adoption_id, None, {"updated_at": utcnow()})
        self.log.record(
            viewer,
            kind=self.kind,
            record_id=adoption_id,
            action="update",
            tenant_id=changed["tenant_id"],
            after=after,
            summary=what,
        )
        return changed

    def add_step(
        self,
        viewer: Viewer,
        adoption_id: uuid.UUID,
        *,
        phase: TransferPhase,
        title: str,
        due_date: str | None,
        status: StepStatus,
    ) -> uuid.UUID:
        self._touch(viewer, adoption_id, "transfer step added", {"phase": phase.value, "title": title})
        position = self.conn.scalar(
            select(func.coalesce(func.max(transfer_steps.c.position), 0)).where(
                transfer_steps.c.adoption_id == adoption_id
            )
        )
        step_id = uuid.uuid4()
        self.conn.execute(
            insert(transfer_steps).values(
                id=step_id,
                adoption_id=adoption_id,
                phase=phase.value,
                title=title,
                due_date=due_date,
                status=status.value,
                position=int(position or 0) + 1,
            )
        )
        return step_id

    def set_step_status(self, viewer: Viewer, adoption_id: uuid.UUID, step_id: uuid.UUID, status: StepStatus) -> None:
        found = self.conn.scalar(
            select(transfer_steps.c.id).where(
                transfer_steps.c.id == step_id, transfer_steps.c.adoption_id == adoption_id
            )
        )
        if found is None:
            raise NotFound(f"step {step_id} is not part of adoption {adoption_id}")
        self._touch(viewer, adoption_id, "transfer step changed", {"step": str(step_id), "status": status.value})
        self.conn.execute(update(transfer_steps).where(transfer_steps.c.id == step_id).values(status=status.value))

    def add_followup(
        self,
        viewer: Viewer,
        adoption_id: uuid.UUID,
        *,
        date: str | None,
        result: str,
        indicator: str | None,
        value: str | None,
    ) -> uuid.UUID:
        self._touch(viewer, adoption_id, "follow-up recorded", {"date": date, "result": result[:200]})
        followup_id = uuid.uuid4()
        self.conn.execute(
            insert(adoption_followups).values(
                id=followup_id, adoption_id=adoption_id, date=date, result=result, indicator=indicator, value=value
            )
        )
        return followup_id

    def remove_step(self, viewer: Viewer, adoption_id: uuid.UUID, step_id: uuid.UUID) -> None:
        self._touch(viewer, adoption_id, "transfer step removed", {"step": str(step_id)})
        self.conn.execute(
            delete(transfer_steps).where(transfer_steps.c.id == step_id, transfer_steps.c.adoption_id == adoption_id)
        )

    def summaries_of_actors(self, viewer: Viewer, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ActorSummary]:
        return ActorRepository(self.conn).summaries(viewer, ids)


def reassign_actor(conn: Any, duplicate: uuid.UUID, survivor: uuid.UUID) -> dict[str, int]:
    """Move the practice exchange's references from a merged-away actor to its survivor (for the actor
    merger: without it, the duplicate's deletion would cascade to its adoptions and requests).

    An adoption that would repeat one of the survivor's (same practice) is dropped; a teacher that
    would become the adopter itself is cleared."""
    from proxenia.store.tables import help_requests, help_responses, practice_links, practice_shares

    moved: dict[str, int] = {}
    theirs = select(adoptions.c.practice_id).where(adoptions.c.adopter_id == survivor)
    conn.execute(delete(adoptions).where(adoptions.c.adopter_id == duplicate, adoptions.c.practice_id.in_(theirs)))
    moved["adoptions"] = conn.execute(
        update(adoptions).where(adoptions.c.adopter_id == duplicate).values(adopter_id=survivor)
    ).rowcount
    conn.execute(
        update(adoptions)
        .where(adoptions.c.learned_from_id == duplicate, adoptions.c.adopter_id == survivor)
        .values(learned_from_id=None)
    )
    moved["teachers"] = conn.execute(
        update(adoptions).where(adoptions.c.learned_from_id == duplicate).values(learned_from_id=survivor)
    ).rowcount
    moved["practices"] = conn.execute(
        update(practices).where(practices.c.originator_id == duplicate).values(originator_id=survivor)
    ).rowcount
    for table, column in (
        (practice_shares, practice_shares.c.from_actor_id),
        (practice_shares, practice_shares.c.to_actor_id),
        (practice_links, practice_links.c.agreement_id),
        (help_requests, help_requests.c.asker_id),
        (help_responses, help_responses.c.responder_id),
    ):
        moved[f"{table.name}.{column.name}"] = conn.execute(
            update(table).where(column == duplicate).values({column.name: survivor})
        ).rowcount
    return {k: v for k, v in moved.items() if v}
