"""A briefing book for an actor or a country: what a mayor or an officer reads before a visit or a call.

Plain data, so that the page, the API, the command line and the printable PDF show the same book."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from proxenia.domain.actors import ActorSummary
from proxenia.domain.engagements import EngagementSummary
from proxenia.domain.kinds import Visibility
from proxenia.domain.people import Post


@dataclass(frozen=True)
class TieLine:
    tie_id: uuid.UUID
    label: str
    other: ActorSummary
    status: str
    start_date: str | None
    age_years: int | None
    rationale: str | None
    visibility: Visibility
    origin: ActorSummary | None = None  # for a country's book: which of our actors holds the tie


@dataclass(frozen=True)
class TieSection:
    label: str
    ties: list[TieLine]


@dataclass(frozen=True)
class SharedNetwork:
    network: ActorSummary
    members: list[str]  # the subject's side: the subject itself, or the country's members


@dataclass(frozen=True)
class PracticeExchange:
    """A practice that travelled between us and the subject (filled by the practice exchange)."""

    title: str
    direction: str  # "from them to us" or "from us to them"
    partner: str
    year: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class OpenFollowUp:
    engagement_id: uuid.UUID
    engagement_title: str
    action: str
    owner: str | None
    due_date: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class DepartmentContact:
    department_id: uuid.UUID | None
    department: str
    engagements: int
    last_date: dt.date
    people: tuple[str, ...]
    is_mine: bool


@dataclass
class BriefingBook:
    subject_kind: str  # actor or country
    title: str
    subtitle: str
    generated_on: dt.date
    generated_for: str | None
    subject_id: uuid.UUID | None = None
    country_code: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    home_name: str | None = None
    tie_sections: list[TieSection] = field(default_factory=list)
    timeline: list[EngagementSummary] = field(default_factory=list)
    timeline_total: int = 0
    people: list[Post] = field(default_factory=list)
    shared_networks: list[SharedNetwork] = field(default_factory=list)
    pledges: list[TieLine] = field(default_factory=list)
    practices: list[PracticeExchange] | None = None  # None: the practice exchange is not connected
    follow_ups: list[OpenFollowUp] = field(default_factory=list)
    departments: list[DepartmentContact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tie_count(self) -> int:
        return sum(len(s.ties) for s in self.tie_sections)


def age_in_years(start_date: str | None, today: dt.date) -> int | None:
    """Whole years since a partial date (``2019``, ``2019-05``, ``2019-05-03``)."""
    if not start_date or not start_date[:4].isdigit():
        return None
    year = int(start_date[:4])
    month = int(start_date[5:7]) if len(start_date) >= 7 and start_date[5:7].isdigit() else 1
    return max(0, today.year - year - (1 if today.month < month else 0))


def classification(book: BriefingBook) -> Visibility:
    """The most restricted sharing level of anything in the book: the TLP label the printout carries."""
    levels = [t.visibility for s in book.tie_sections for t in s.ties]
    levels += [s.visibility for s in book.timeline] + [p.visibility for p in book.people]
    levels += [t.visibility for t in book.pledges]
    return min(levels, key=lambda v: v.rank, default=Visibility.PUBLIC)
