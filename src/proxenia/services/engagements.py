"""The engagement log: log, read, search, change and delete engagements; tick off follow-ups.

Every draft is checked whole (fields, then the database: the department belongs to the government,
participants, goals and cross-referenced engagements exist and are shared with the one logging)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from proxenia.domain.countries import optional_country_code
from proxenia.domain.engagements import (
    Engagement,
    EngagementDraft,
    EngagementFilter,
    EngagementSummary,
    FollowUpStatus,
    check_draft,
    policy_area,
)
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.paging import Page, PageRequest
from proxenia.domain.viewer import Viewer
from proxenia.services.acting import require_editor
from proxenia.services.allocation import bulk_allocation
from proxenia.services.downloads import ListDownload
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import departments_of
from proxenia.store.engagements import EngagementRepository
from proxenia.store.goals import GoalRepository
from proxenia.store.hex_ids import UuidMemo
from proxenia.store.people import PersonRepository

Departments = list[tuple[uuid.UUID, str, str]]


def normalised(draft: EngagementDraft) -> EngagementDraft:
    areas = tuple(dict.fromkeys(policy_area(a) for a in draft.policy_areas if a.strip()))
    return dataclasses.replace(draft, title=draft.title.strip(), policy_areas=areas,
                               place=(draft.place or "").strip() or None)


def checked_filter(where: EngagementFilter | None) -> EngagementFilter:
    """The filter with its country as stored (``fr``, ``France`` -> ``FR``); an unknown one is an error."""
    where = where or EngagementFilter()
    return dataclasses.replace(where, country_code=optional_country_code(where.country_code))


class EngagementService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ------------------------------------------------------------------------------------
    def get(self, viewer: Viewer, engagement_id: uuid.UUID) -> Engagement:
        with self.db.read() as conn:
            return EngagementRepository(conn).get(viewer, engagement_id)

    def search(
        self, viewer: Viewer, where: EngagementFilter | None = None, page: PageRequest | None = None
    ) -> Page[EngagementSummary]:
        page = page or PageRequest()
        with self.db.read() as conn:
            items, total = EngagementRepository(conn).search(
                viewer, checked_filter(where), limit=page.limit, offset=page.offset
            )
        return Page(items, total, page.limit, page.offset)

    def download(
        self, viewer: Viewer, where: EngagementFilter | None = None, *, limit: int
    ) -> ListDownload[uuid.UUID, EngagementSummary]:
        """The search's matches in its order, up to ``limit``, for a download (see :mod:`.downloads`)."""
        with self.db.read() as conn:
            ids = EngagementRepository(conn).ids(viewer, checked_filter(where), limit=limit + 1)

        memo = UuidMemo()  # the tenant, departments and counterparts recur from batch to batch

        def fill(batch: Sequence[uuid.UUID]) -> list[EngagementSummary]:
            with self.db.read() as conn:
                return EngagementRepository(conn).summaries_of(viewer, batch, memo)

        return ListDownload.cut(ids, limit, fill)

    def departments(self, viewer: Viewer) -> Departments:
        if viewer.tenant_id is None:
            return []
        with self.db.read() as conn:
            return departments_of(conn, viewer.tenant_id)

    # -- changing -------------------------------------------------------------------------------------
    def log(self, viewer: Viewer, draft: EngagementDraft) -> uuid.UUID:
        tenant = require_editor(viewer, "the engagement log")
        draft = normalised(draft)
        problems = check_draft(draft)
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            self._check_references(conn, viewer, tenant, [draft])
            return EngagementRepository(conn).create(viewer, draft, tenant_id=tenant, recorded_by=viewer.label)

    def log_many(self, viewer: Viewer, drafts: list[EngagementDraft], *, summary: str) -> list[uuid.UUID]:
        """Bulk logging for imports and the demo: every draft is checked before anything is written."""
        with bulk_allocation():  # rows by the hundred thousand, none in a reference cycle
            return self._log_many(viewer, drafts, summary=summary)

    def _log_many(self, viewer: Viewer, drafts: list[EngagementDraft], *, summary: str) -> list[uuid.UUID]:
        tenant = require_editor(viewer, "the engagement log")
        drafts = [normalised(d) for d in drafts]
        problems = [dataclasses.replace(p, row=i) for i, d in enumerate(drafts, start=1) for p in check_draft(d)]
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            self._check_references(conn, viewer, tenant, drafts, rows=True)
            return EngagementRepository(conn).create_many(viewer, drafts, tenant_id=tenant, recorded_by=viewer.label,
                                                          summary=summary)

    def update(self, viewer: Viewer, engagement_id: uuid.UUID, version: int | None, draft: EngagementDraft) -> int:
        """Replace an engagement with ``draft`` (the form and the API send the whole record)."""
        tenant = require_editor(viewer, "the engagement log")
        draft = normalised(dataclasses.replace(draft, id=engagement_id))
        problems = check_draft(draft)
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            self._check_references(conn, viewer, tenant, [draft])
            fields: dict[str, Any] = {
                "kind": draft.kind.value, "title": draft.title, "start_date": draft.start_date,
                "end_date": draft.end_date or draft.start_date, "place": draft.place,
                "department_id": draft.department_id, "policy_areas": list(draft.policy_areas),
                "cost_minor": draft.cost.minor if draft.cost else None,
                "cost_currency": draft.cost.currency if draft.cost else None, "staff_days": draft.staff_days,
                "outcomes": draft.outcomes, "description": draft.description, "links": list(draft.links),
                "visibility": draft.visibility.value,
            }
            after = EngagementRepository(conn).update(viewer, engagement_id, version, fields, draft)
        return int(after["version"])

    def delete(self, viewer: Viewer, engagement_id: uuid.UUID, version: int | None) -> None:
        with self.db.begin() as conn:
            EngagementRepository(conn).delete(viewer, engagement_id, version)

    def set_follow_up(
        self, viewer: Viewer, engagement_id: uuid.UUID, follow_up_id: uuid.UUID, status: FollowUpStatus
    ) -> None:
        with self.db.begin() as conn:
            EngagementRepository(conn).set_follow_up_status(viewer, engagement_id, follow_up_id, status)

    def _check_references(
        self, conn: Any, viewer: Viewer, tenant: uuid.UUID, drafts: list[EngagementDraft], *, rows: bool = False
    ) -> None:
        """The department is the government's own; participants, goals and cross-references are readable.
        One query per kind of reference, however many drafts (imports check thousands at once)."""
        own = {d[0] for d in departments_of(conn, tenant)}
        actors = {p.actor_id for d in drafts for p in d.participants if p.actor_id}
        people = {p.person_id for d in drafts for p in d.participants if p.person_id}
        goals = {g.goal_id for d in drafts for g in d.goals}
        related = {r for d in drafts for r in d.related_ids} - {d.id for d in drafts if d.id}
        actors -= set(ActorRepository(conn).summaries(viewer, actors))
        people -= PersonRepository(conn).readable_ids(viewer, people)
        goals -= GoalRepository(conn).readable_ids(viewer, goals)
        related -= EngagementRepository(conn).readable_ids(viewer, related)
        problems: list[Problem] = []
        for i, d in enumerate(drafts, start=1):
            row = i if rows else None
            if d.department_id is None and own:
                problems.append(Problem("choose the department that owns it", row=row, column="department_id"))
            for dep in [d.department_id, *d.joint_department_ids]:
                if dep is not None and dep not in own:
                    problems.append(Problem(f"department {dep} is not one of your organisation's", row=row,
                                            column="department_id"))
            missing = [f"actor {p.actor_id}" for p in d.participants if p.actor_id in actors]
            missing += [f"person {p.person_id}" for p in d.participants if p.person_id in people]
            problems += [Problem(f"{m} does not exist or is not shared with you", row=row, column="participants")
                         for m in missing]
            problems += [Problem(f"goal {g.goal_id} does not exist or is not shared with you", row=row,
                                 column="goals") for g in d.goals if g.goal_id in goals]
            problems += [Problem(f"engagement {r} does not exist or is not shared with you", row=row,
                                 column="related_ids") for r in d.related_ids if r in related]
        if problems:
            raise InvalidInput(problems)
