"""Goals: loading the official SDGs (idempotent, at ``proxenia init``), a government's own priorities and
objectives, national foreign-policy priorities published by a national office, and alignments of ties
to goals with a weight."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from proxenia.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Problem, ProblemCollector
from proxenia.domain.goals import GOAL_TEXT_LIMITS, Goal, GoalDraft, GoalKind, sdg_id
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer
from proxenia.interop.sdg import SOURCE, sdg_checksum, sdg_entries
from proxenia.services.acting import require_editor, tenant_of
from proxenia.store.database import Database
from proxenia.store.goals import Alignment, AlignmentRepository, GoalRepository
from proxenia.store.portfolio import PortfolioSettingsRepository
from proxenia.store.reference_loads import ReferenceLoadRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from proxenia.store.ties import TieRepository

DATASET = "sdg-goals-targets"
GOAL_FIELDS = {"code", "title", "short_title", "description", "parent_id", "source_ref", "visibility"}


@dataclass(frozen=True)
class WeightedGoal:
    goal: Goal
    weight: float


class GoalService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- the SDGs ---------------------------------------------------------------------------------
    def load_sdgs(self, *, force: bool = False) -> dict[str, int]:
        """The 17 goals and 169 targets as public reference records; a second run changes nothing."""
        system = Viewer.system("proxenia init")
        digest = sdg_checksum()
        entries = sdg_entries()
        with self.db.begin() as conn:
            TenantRepository(conn).ensure_reference()
            loads = ReferenceLoadRepository(conn)
            previous = loads.get(DATASET)
            if previous and previous[0] == digest and not force:
                return {"created": 0, "existing": len(entries)}
            repo = GoalRepository(conn)
            existing = repo.existing_ids(sdg_id(e.code) for e in entries)
            drafts = [
                GoalDraft(
                    id=sdg_id(e.code),
                    kind=GoalKind.SDG_TARGET if e.parent_code else GoalKind.SDG_GOAL,
                    code=e.code,
                    title=e.title,
                    short_title=e.short_title,
                    parent_id=sdg_id(e.parent_code) if e.parent_code else None,
                    source_ref=SOURCE,
                    visibility=Visibility.PUBLIC,
                )
                for e in entries
                if sdg_id(e.code) not in existing
            ]
            goals_first = sorted(drafts, key=lambda d: d.parent_id is not None)
            repo.create_many(system, goals_first, tenant_id=REFERENCE_TENANT_ID, summary="reference: SDGs")
            report = {"created": len(drafts), "existing": len(existing)}
            loads.record(DATASET, digest, report)
        return report

    # -- reading ------------------------------------------------------------------------------------
    def goals(
        self, viewer: Viewer, *, kinds: tuple[GoalKind, ...] = (), mine: bool = False, text: str | None = None
    ) -> list[Goal]:
        with self.db.read() as conn:
            tenant = tenant_of(viewer, "your goals") if mine else None
            return GoalRepository(conn).search(viewer, kinds=kinds, tenant_id=tenant, text=text)

    def get(self, viewer: Viewer, goal_id: uuid.UUID) -> Goal:
        with self.db.read() as conn:
            return GoalRepository(conn).get(viewer, goal_id)

    def portfolio_goals(self, viewer: Viewer) -> list[WeightedGoal]:
        """The goals a government weighs: its own priorities and objectives (weight 1 unless set) and the
        SDG targets or national priorities it chose in its portfolio settings."""
        tenant = tenant_of(viewer, "the portfolio")
        with self.db.read() as conn:
            settings = PortfolioSettingsRepository(conn).get(tenant)
            repo = GoalRepository(conn)
            own = repo.search(viewer, kinds=(GoalKind.PRIORITY, GoalKind.OBJECTIVE), tenant_id=tenant)
            chosen = repo.get_many(viewer, settings.goal_weights)
        found = {g.id: g for g in own} | chosen
        return [WeightedGoal(g, settings.goal_weights.get(g.id, 1.0)) for g in found.values()]

    # -- changing ------------------------------------------------------------------------------------
    def create(self, viewer: Viewer, draft: GoalDraft) -> uuid.UUID:
        tenant = require_editor(viewer, "goals")
        problems = []
        if not draft.title.strip():
            problems.append(Problem("is required", column="title"))
        if draft.kind in (GoalKind.SDG_GOAL, GoalKind.SDG_TARGET):
            problems.append(Problem("the SDGs are loaded from the UN's list; choose them, do not create them",
                                    column="kind"))
        if draft.kind is GoalKind.OBJECTIVE and draft.parent_id is None:
            problems.append(Problem("an objective sits under a priority: give its parent", column="parent_id"))
        lengths = ProblemCollector()
        lengths.check_lengths(GOAL_TEXT_LIMITS, vars(draft))
        problems += lengths.problems
        if problems:
            raise InvalidInput(problems)
        with self.db.begin() as conn:
            office = TenantRepository(conn).get(tenant).kind == "national_office"
            if draft.kind is GoalKind.NATIONAL_PRIORITY and not office:
                raise PermissionDenied("national foreign-policy priorities are published by a national office")
            repo = GoalRepository(conn)
            if draft.parent_id is not None:
                parent = repo.get_many(viewer, [draft.parent_id]).get(draft.parent_id)
                if parent is None or parent.tenant_id != tenant or not parent.kind.is_local:
                    raise InvalidInput(Problem("the parent must be one of your own priorities", column="parent_id"))
            return repo.create(viewer, draft, tenant_id=tenant)

    def update(self, viewer: Viewer, goal_id: uuid.UUID, version: int | None, fields: dict[str, Any]) -> int:
        unknown = set(fields) - GOAL_FIELDS
        if unknown:
            raise InvalidInput(Problem(f"cannot change {', '.join(sorted(unknown))}", column=sorted(unknown)[0]))
        if "visibility" in fields:
            fields["visibility"] = Visibility(fields["visibility"]).value
        if "title" in fields and not str(fields["title"] or "").strip():
            raise InvalidInput(Problem("is required", column="title"))
        if fields.get("parent_id") == goal_id:
            raise InvalidInput(Problem("a goal cannot be its own parent", column="parent_id"))
        with self.db.begin() as conn:
            return int(GoalRepository(conn).update(viewer, goal_id, version, fields)["version"])

    def delete(self, viewer: Viewer, goal_id: uuid.UUID, version: int | None) -> None:
        with self.db.begin() as conn:
            GoalRepository(conn).delete(viewer, goal_id, version)

    # -- alignments of ties ------------------------------------------------------------------------------
    def align(
        self, viewer: Viewer, tie_id: uuid.UUID, goal_id: uuid.UUID, weight: float = 1.0, note: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> uuid.UUID:
        tenant = require_editor(viewer, "alignments")
        if not 0 < weight <= 1:
            raise InvalidInput(Problem("must be above 0 and at most 1", column="weight"))
        with self.db.begin() as conn:
            if not TieRepository(conn).exists(viewer, tie_id):
                raise NotFound(f"tie {tie_id} was not found (or is not shared with you)")
            if not GoalRepository(conn).exists(viewer, goal_id):
                raise NotFound(f"goal {goal_id} was not found (or is not shared with you)")
            repo = AlignmentRepository(conn)
            if repo.existing(tenant, tie_id, goal_id) is not None:
                raise Conflict("this tie is already aligned to this goal")
            return repo.create(viewer, tenant_id=tenant, tie_id=tie_id, goal_id=goal_id, weight=weight, note=note,
                               visibility=visibility)

    def alignment(self, viewer: Viewer, alignment_id: uuid.UUID) -> Alignment:
        with self.db.read() as conn:
            return AlignmentRepository(conn).get(viewer, alignment_id)

    def alignments(self, viewer: Viewer, *, mine: bool = True) -> list[Alignment]:
        with self.db.read() as conn:
            tenant = tenant_of(viewer, "alignments") if mine else None
            return AlignmentRepository(conn).search(viewer, tenant_id=tenant)

    def unalign(self, viewer: Viewer, alignment_id: uuid.UUID, version: int | None) -> None:
        with self.db.begin() as conn:
            AlignmentRepository(conn).delete(viewer, alignment_id, version)
