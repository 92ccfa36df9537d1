"""Findings of the portfolio diagnostics: each names the records behind it and suggests an action."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class FindingKind(StrEnum):
    SILO = "silo"
    OVERLAP = "overlap"
    CONFLICT = "conflict"
    GAP = "gap"
    DORMANT_TIE = "dormant_tie"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def explanation(self) -> str:
        return _EXPLANATIONS[self]


_LABELS = {
    FindingKind.SILO: "Silos",
    FindingKind.OVERLAP: "Overlaps",
    FindingKind.CONFLICT: "Conflicts",
    FindingKind.GAP: "Gaps",
    FindingKind.DORMANT_TIE: "Dormant ties",
}
_EXPLANATIONS = {
    FindingKind.SILO: "one counterpart worked by two or more departments with no shared engagement or cross-reference",
    FindingKind.OVERLAP: "near-duplicate engagements: the same counterpart, overlapping dates, similar titles",
    FindingKind.CONFLICT: "the same person, staff-days or budget committed beyond capacity in one period",
    FindingKind.GAP: "goals with no activity in the window, or served only by dormant ties",
    FindingKind.DORMANT_TIE: "sister-city and friendship ties with no engagement for years",
}


@dataclass(frozen=True)
class RecordRef:
    """A record behind a finding: its kind (engagement, tie, goal, actor, person, department, capacity)."""

    kind: str
    id: uuid.UUID | None
    label: str
    on: dt.date | None = None


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    title: str
    detail: str
    suggested_action: str
    records: tuple[RecordRef, ...] = ()
    subject: RecordRef | None = None
    severity: int = 1  # 1 note, 2 warning, 3 act now

    @property
    def engagement_ids(self) -> list[uuid.UUID]:
        return [r.id for r in self.records if r.kind == "engagement" and r.id is not None]


@dataclass(frozen=True)
class DiagnosticsOptions:
    as_of: dt.date
    window_days: int = 365
    dormant_years: int = 3
    overlap_days: int = 1  # the same event logged twice: overlapping dates, or a day apart
    title_similarity: int = 80


@dataclass
class DiagnosticsReport:
    options: DiagnosticsOptions
    findings: list[Finding] = field(default_factory=list)
    engagements_read: int = 0
    seconds: float = 0.0

    def of_kind(self, kind: FindingKind) -> list[Finding]:
        return [f for f in self.findings if f.kind is kind]

    @property
    def counts(self) -> dict[str, int]:
        return {k.value: len(self.of_kind(k)) for k in FindingKind}


@dataclass(slots=True)
class EngagementFact:
    """The few fields of one engagement the diagnostics read, hundreds of thousands at a time.

    Ids are 32-character hexadecimal strings (``uuid.UUID.hex``): at this scale hashing ``UUID`` objects
    costs more than the analysis itself. ``departments`` is the owning department, then joint ones.
    """

    id: str
    departments: tuple[str, ...]
    kind: str
    title: str
    start_date: dt.date
    end_date: dt.date
    place: str | None
    staff_days: float | None
    cost_minor: int | None
    currency: str | None
    actors: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    start_day: int = 0  # proleptic ordinals of the dates, for date arithmetic in tight loops
    end_day: int = 0

    def __post_init__(self) -> None:
        self.start_day = self.start_date.toordinal()
        self.end_day = self.end_date.toordinal()

    @property
    def department_id(self) -> str | None:
        return self.departments[0] if self.departments else None
