"""Adoptions: who took up a practice, from whom, when, what was adapted and with what result; a transfer
in progress with its plan (understand, adapt, re-use) and follow-ups; shares; a government's lineage."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from proxenia.domain.adoptions import (
    FOLLOW_UP_TEXT_LIMITS,
    STEP_TEXT_LIMITS,
    ActorLineage,
    Adoption,
    AdoptionDraft,
    AdoptionStatus,
    ShareDraft,
    StepStatus,
    TransferPhase,
    check_adoption_fields,
)
from proxenia.domain.dates import normalise_date
from proxenia.domain.errors import InvalidInput, NotFound, Problem, ProblemCollector, refuse_too_long
from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import PracticeFilter
from proxenia.domain.viewer import Viewer
from proxenia.services.practices.service import owner_of
from proxenia.store.actors import ActorRepository
from proxenia.store.adoptions import AdoptionRepository
from proxenia.store.database import Connection, Database
from proxenia.store.practice_queries import PracticeQuery
from proxenia.store.practice_shares import ShareRepository
from proxenia.store.practices import PracticeRepository

ADOPTION_FIELDS = {
    "learned_from_id",
    "date",
    "status",
    "adaptations",
    "outcome",
    "stakeholders",
    "source_ref",
    "visibility",
}


def _date(value: str | None, column: str) -> str | None:
    try:
        return normalise_date(value)
    except ValueError as exc:
        raise InvalidInput(Problem(str(exc), column=column)) from None


class AdoptionService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _check_actors(self, conn: Connection, viewer: Viewer, **ids: uuid.UUID | None) -> None:
        wanted = {k: v for k, v in ids.items() if v is not None}
        found = ActorRepository(conn).summaries(viewer, wanted.values())
        problems = ProblemCollector()
        for column, actor_id in wanted.items():
            if actor_id not in found:
                problems.add(Problem(f"actor {actor_id} does not exist or is not shared with you", column=column))
        problems.raise_if_any()

    def record(self, viewer: Viewer, draft: AdoptionDraft) -> uuid.UUID:
        """Record an adoption (or a transfer in progress: status planned or in_progress)."""
        if draft.learned_from_id is not None and draft.learned_from_id == draft.adopter_id:
            raise InvalidInput(Problem("a government cannot learn a practice from itself", column="learned_from_id"))
        check_adoption_fields(vars(draft))
        draft = replace(draft, date=_date(draft.date, "date"))
        with self.db.begin() as conn:
            if not PracticeRepository(conn).exists(viewer, draft.practice_id):
                raise InvalidInput(Problem("no such practice (or it is not shared with you)", column="practice_id"))
            self._check_actors(conn, viewer, adopter_id=draft.adopter_id, learned_from_id=draft.learned_from_id)
            return AdoptionRepository(conn).create(viewer, draft, tenant_id=owner_of(viewer))

    def get(self, viewer: Viewer, adoption_id: uuid.UUID) -> Adoption:
        with self.db.read() as conn:
            return AdoptionRepository(conn).get(viewer, adoption_id)

    def update(self, viewer: Viewer, adoption_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - ADOPTION_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        fields = dict(fields)
        check_adoption_fields(fields)
        if "date" in fields:
            fields["date"] = _date(fields["date"], "date")
        if "status" in fields:
            fields["status"] = AdoptionStatus(fields["status"]).value
        if "visibility" in fields:
            fields["visibility"] = Visibility(fields["visibility"]).value
        if "stakeholders" in fields:
            fields["stakeholders"] = [s if isinstance(s, dict) else s.__dict__ for s in fields["stakeholders"]]
        with self.db.begin() as conn:
            if fields.get("learned_from_id") is not None:
                self._check_actors(conn, viewer, learned_from_id=fields["learned_from_id"])
            after = AdoptionRepository(conn).update(viewer, adoption_id, version, fields)
        return int(after["version"])

    def delete(self, viewer: Viewer, adoption_id: uuid.UUID, version: int | None = None) -> None:
        with self.db.begin() as conn:
            AdoptionRepository(conn).delete(viewer, adoption_id, version)

    # -- the transfer plan and its follow-up --------------------------------------------------------------
    def add_step(
        self,
        viewer: Viewer,
        adoption_id: uuid.UUID,
        *,
        phase: TransferPhase,
        title: str,
        due_date: str | None = None,
        status: StepStatus = StepStatus.TODO,
    ) -> uuid.UUID:
        if not title.strip():
            raise InvalidInput(Problem("is required", column="title"))
        refuse_too_long(STEP_TEXT_LIMITS, {"title": title.strip()})
        due = _date(due_date, "due_date")
        with self.db.begin() as conn:
            return AdoptionRepository(conn).add_step(
                viewer, adoption_id, phase=phase, title=title.strip(), due_date=due, status=status
            )

    def set_step_status(self, viewer: Viewer, adoption_id: uuid.UUID, step_id: uuid.UUID, status: StepStatus) -> None:
        with self.db.begin() as conn:
            AdoptionRepository(conn).set_step_status(viewer, adoption_id, step_id, status)

    def add_followup(
        self,
        viewer: Viewer,
        adoption_id: uuid.UUID,
        *,
        result: str,
        date: str | None = None,
        indicator: str | None = None,
        value: str | None = None,
    ) -> uuid.UUID:
        if not result.strip():
            raise InvalidInput(Problem("say what happened", column="result"))
        refuse_too_long(FOLLOW_UP_TEXT_LIMITS, {"result": result.strip(), "indicator": indicator, "value": value})
        when = _date(date, "date")
        with self.db.begin() as conn:
            return AdoptionRepository(conn).add_followup(
                viewer, adoption_id, date=when, result=result.strip(), indicator=indicator or None, value=value or None
            )

    # -- shares ---------------------------------------------------------------------------------------------
    def share(self, viewer: Viewer, draft: ShareDraft) -> uuid.UUID:
        """Record that an actor passed a practice on: to a named actor, or to recipients a source leaves unnamed."""
        if draft.to_actor_id is None and not (draft.recipients or "").strip():
            raise InvalidInput(Problem("name the recipient, or describe the recipients", column="to_actor_id"))
        draft = replace(draft, date=_date(draft.date, "date"))
        with self.db.begin() as conn:
            if not PracticeRepository(conn).exists(viewer, draft.practice_id):
                raise InvalidInput(Problem("no such practice (or it is not shared with you)", column="practice_id"))
            self._check_actors(conn, viewer, from_actor_id=draft.from_actor_id, to_actor_id=draft.to_actor_id)
            return ShareRepository(conn).create(viewer, draft, tenant_id=owner_of(viewer))

    # -- lineage of a government -------------------------------------------------------------------------
    def actor_lineage(self, viewer: Viewer, actor_id: uuid.UUID) -> ActorLineage:
        """Where a government's practices came from (its adoptions) and where they went."""
        with self.db.read() as conn:
            actor = ActorRepository(conn).summaries(viewer, [actor_id]).get(actor_id)
            if actor is None:
                raise NotFound(f"actor {actor_id} was not found (or is not shared with you)")
            repo = AdoptionRepository(conn)
            came_from = repo.by_adopter(viewer, actor_id)
            went_to = repo.taught_by(viewer, actor_id)
            shared = ShareRepository(conn).by_actor(viewer, actor_id)
            own, _ = PracticeQuery(conn).search(viewer, PracticeFilter(originator_id=actor_id, statuses=()), limit=500)
            titles = PracticeRepository(conn).summaries(viewer, [pid for pid, _ in own])
        originated = tuple((pid, titles[pid].title) for pid, _ in own if pid in titles)
        return ActorLineage(
            actor=actor, came_from=tuple(came_from), went_to=tuple(went_to), shared=tuple(shared), originated=originated
        )
