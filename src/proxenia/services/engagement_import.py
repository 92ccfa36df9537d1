"""Importing an existing engagement spreadsheet: map its columns, validate every row (errors name the row
and the column), resolve departments, counterparts and goals, then write all of it or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.engagements import (
    EngagementDraft,
    EngagementOrigin,
    FollowUp,
    GoalWeight,
    Participant,
    check_draft,
    parse_money,
)
from proxenia.domain.errors import ProblemCollector
from proxenia.domain.goals import GoalKind, is_sdg_code
from proxenia.domain.kinds import Visibility
from proxenia.domain.names import IDENTIFIER_SCHEMES, fold
from proxenia.domain.viewer import Viewer
from proxenia.interop.engagement_sheet import (
    MappedRow,
    mapped_rows,
    parse_day,
    parse_kind,
    parse_number,
    split_list,
)
from proxenia.interop.tables import read_csv_bytes, read_xlsx_bytes
from proxenia.services.acting import require_editor
from proxenia.services.engagements import EngagementService
from proxenia.store.actors import ActorRepository
from proxenia.store.database import Database
from proxenia.store.engagement_facts import departments_of
from proxenia.store.goals import GoalRepository

#: How many of the first rows a check shows, as they will be read.
PREVIEW_ROWS = 5


@dataclass
class EngagementImportReport:
    rows: int = 0
    created: int = 0
    dry_run: bool = False
    matched: dict[str, str] = field(default_factory=dict)  # text in the file -> the actor it resolved to
    preview: list[MappedRow] = field(default_factory=list)  # the first rows, as mapped to the fields

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "created": self.created, "dry_run": self.dry_run, "matched": self.matched}


class _References:
    """Resolves the names in a sheet once each: departments, counterparts, goals."""

    def __init__(self, conn: Any, viewer: Viewer, tenant: uuid.UUID) -> None:
        self.viewer = viewer
        self.actors = ActorRepository(conn)
        deps = departments_of(conn, tenant)
        self.departments = {fold(slug): i for i, slug, _ in deps} | {fold(name): i for i, _, name in deps}
        repo = GoalRepository(conn)
        own = repo.search(viewer, tenant_id=tenant)
        shared = repo.search(viewer, kinds=(GoalKind.SDG_GOAL, GoalKind.SDG_TARGET, GoalKind.NATIONAL_PRIORITY))
        self.shared_codes = {g.code: g.id for g in shared if g.kind is not GoalKind.NATIONAL_PRIORITY}
        self.goals = {fold(g.code): g.id for g in own if g.code} | {fold(g.title): g.id for g in own}
        self.goals |= {fold(g.code): g.id for g in shared if g.kind is GoalKind.NATIONAL_PRIORITY and g.code}
        self.actor_cache: dict[str, uuid.UUID | str] = {}

    def actor(self, text: str) -> uuid.UUID | str:
        """The actor's id, or a message saying why it cannot be resolved."""
        if text not in self.actor_cache:
            self.actor_cache[text] = self._actor(text)
        return self.actor_cache[text]

    def _actor(self, text: str) -> uuid.UUID | str:
        try:
            found = uuid.UUID(text)
            return found if self.actors.exists(self.viewer, found) else f"no actor has id {text}"
        except ValueError:
            pass
        scheme, _, value = text.partition(":")
        if value and scheme.lower() in IDENTIFIER_SCHEMES:
            hit = self.actors.by_identifier(self.viewer, scheme.lower(), value.strip())
            return hit.id if hit else f"no actor has {scheme.lower()} identifier '{value.strip()}'"
        name, _, country = text.rpartition(",") if "," in text else (text, "", "")
        code = country.strip().upper() or None
        candidates = self.actors.by_exact_name(self.viewer, fold(name), code)
        cities = [c for c in candidates if c.kind.value == "city"]
        if len(candidates) > 1 and len(cities) == 1:
            candidates = cities
        if len(candidates) == 1:
            return candidates[0].id
        if not candidates:
            return f"no actor is named '{text}'; add it to the registry first, or give its id"
        listing = "; ".join(f"{c.name} ({c.kind.value}, {c.country_code}, id {c.id})" for c in candidates[:4])
        return f"'{text}' matches {len(candidates)} actors ({listing}); give the intended id"

    def goal(self, text: str) -> uuid.UUID | None:
        """An SDG goal or target by its code (8.10 is not 8.1), or one of the tenant's goals by code or title."""
        code = text.strip()
        if is_sdg_code(code):
            return self.shared_codes.get(code)
        return self.goals.get(fold(code))


class EngagementImportService:
    def __init__(self, db: Database, engagements: EngagementService) -> None:
        self.db = db
        self.engagements = engagements

    def import_file(
        self, viewer: Viewer, name: str, data: bytes, mapping: dict[str, str] | None = None, *, dry_run: bool = False
    ) -> EngagementImportReport:
        tenant = require_editor(viewer, "the engagement log")
        sheet = read_xlsx_bytes(name, data) if name.lower().endswith(".xlsx") else read_csv_bytes(name, data)
        problems = ProblemCollector()
        rows = mapped_rows(sheet, mapping or {}, problems)
        problems.raise_if_any()
        report = EngagementImportReport(rows=len(rows), dry_run=dry_run, preview=rows[:PREVIEW_ROWS])
        with self.db.read() as conn:
            refs = _References(conn, viewer, tenant)
            drafts = [self._draft(sheet.name, r, refs, problems) for r in rows]
        problems.raise_if_any()
        report.matched = {k: str(v) for k, v in refs.actor_cache.items() if isinstance(v, uuid.UUID)}
        if not dry_run:
            valid = [d for d in drafts if d is not None]
            report.created = len(self.engagements.log_many(viewer, valid, summary=f"import of {name}"))
        return report

    def _draft(
        self, file: str, r: MappedRow, refs: _References, problems: ProblemCollector
    ) -> EngagementDraft | None:
        c = r.cells
        before = len(problems.problems)

        def parsed(field_name: str, parse: Any, default: Any = None) -> Any:
            if not c.get(field_name):
                return default
            try:
                return parse(c[field_name])
            except ValueError as exc:
                problems.add(r.problem(file, field_name, str(exc)))
                return default

        if not c.get("title"):
            problems.add(r.problem(file, "title", "is required"))
        kind = parsed("kind", parse_kind)
        start = parsed("start_date", parse_day)
        if kind is None and not c.get("kind"):
            problems.add(r.problem(file, "kind", "is required"))
        if start is None and not c.get("start_date"):
            problems.add(r.problem(file, "start_date", "is required"))
        department = None
        if not c.get("department") and refs.departments:
            problems.add(r.problem(file, "department", "is required: which department owns it"))
        elif c.get("department"):
            department = refs.departments.get(fold(c["department"]))
            if department is None:
                problems.add(r.problem(file, "department", f"'{c['department']}' is not one of your departments"))
        participants = []
        for text in split_list(c.get("counterparts", "")):
            found = refs.actor(text)
            if isinstance(found, uuid.UUID):
                participants.append(Participant(actor_id=found))
            else:
                problems.add(r.problem(file, "counterparts", found))
        goals = []
        for text in split_list(c.get("goals", "")):
            code, _, weight = text.partition(":")
            goal = refs.goal(code)
            if goal is None:
                problems.add(r.problem(file, "goals", f"'{code}' is neither an SDG code nor one of your goals"))
                continue
            try:
                goals.append(GoalWeight(goal, parse_number(weight) if weight else 1.0))
            except ValueError as exc:
                problems.add(r.problem(file, "goals", f"weight of {code}: {exc}"))
        try:
            cost = parse_money(c.get("cost"), c.get("currency"))
        except ValueError as exc:
            problems.add(r.problem(file, "cost" if "currency" not in str(exc) else "currency", str(exc)))
            cost = None
        visibility = parsed("visibility", lambda v: Visibility(v.strip().lower()), Visibility.PRIVATE)
        follow_ups: tuple[FollowUp, ...] = ()
        if c.get("follow_up"):
            follow_ups = (FollowUp(c["follow_up"], c.get("follow_up_owner") or None, parsed("follow_up_due",
                                                                                            parse_day)),)
        end = parsed("end_date", parse_day)
        staff_days = parsed("staff_days", parse_number)
        if len(problems.problems) > before or kind is None or start is None:
            return None
        draft = EngagementDraft(
            kind=kind, title=c["title"], start_date=start, end_date=end,
            place=c.get("place") or None, department_id=department, participants=tuple(participants),
            policy_areas=tuple(split_list(c.get("policy_areas", ""))), goals=tuple(goals), cost=cost,
            staff_days=staff_days, outcomes=c.get("outcomes") or None,
            description=c.get("description") or None, links=tuple(split_list(c.get("links", ""))),
            follow_ups=follow_ups, origin=EngagementOrigin.IMPORT, visibility=visibility,
        )
        for p in check_draft(draft):
            problems.add(r.problem(file, p.column or "title", p.message))
        return draft
