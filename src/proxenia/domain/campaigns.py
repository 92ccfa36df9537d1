"""Reporting campaigns: a questionnaire an office sends to chosen members with a deadline, and the
members' responses (drafts until submitted). Climate-pledge reporting (CDP-ICLEI Track, the Global
Covenant of Mayors) works this way; a campaign serves any topic.

Questions are typed: a number (with an optional range), one choice among several, free text, a date,
or a list of the member's own records from the registry (``your sister-city ties``), prefilled and
corrected by the member. A number may name a registry source too: the answer is then checked against
the count the registry holds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from proxenia.domain.errors import Problem
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_QUESTIONS = 200


class QuestionKind(StrEnum):
    NUMBER = "number"
    CHOICE = "choice"
    TEXT = "text"
    DATE = "date"
    RECORDS = "records"

    @property
    def label(self) -> str:
        return {
            "number": "Number",
            "choice": "One choice",
            "text": "Text",
            "date": "Date",
            "records": "List of your records",
        }[self.value]


#: Registry sources a question can name: the member's ties of one type (its own and the public ones).
RECORD_SOURCES: dict[str, str] = {
    "ties:sister_city": "your sister-city ties",
    "ties:friendship_city": "your friendship-city ties",
    "ties:network_membership": "your network memberships",
    "ties:pledge": "your pledges (Paris Agreement, Covenant of Mayors, ...)",
    "ties:mou": "your memoranda of understanding",
    "ties:partnership": "your partnerships",
}


def source_tie_type(source: str) -> str:
    return source.removeprefix("ties:")


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class RecipientStatus(StrEnum):
    """What the office sees of one recipient: a draft stays with the member until it is submitted."""

    NOT_SUBMITTED = "not_submitted"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return {"not_submitted": "Not submitted yet", "overdue": "Overdue", "submitted": "Submitted"}[self.value]


@dataclass(frozen=True)
class Question:
    key: str
    kind: QuestionKind
    label: str
    help: str = ""
    required: bool = False
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[str, ...] = ()
    source: str | None = None

    @property
    def source_label(self) -> str:
        return RECORD_SOURCES.get(self.source or "", "")


@dataclass(frozen=True)
class RecordItem:
    """One record in a list answer: a registry tie (``tie_id``) or a new one the member reports."""

    name: str
    actor_id: uuid.UUID | None = None
    country_code: str | None = None
    since: str | None = None
    tie_id: uuid.UUID | None = None

    @property
    def is_new(self) -> bool:
        return self.tie_id is None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "actor_id": str(self.actor_id) if self.actor_id else None,
            "country_code": self.country_code,
            "since": self.since,
            "tie_id": str(self.tie_id) if self.tie_id else None,
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> RecordItem:
        def uid(value: Any) -> uuid.UUID | None:
            return uuid.UUID(str(value)) if value else None

        return cls(
            name=str(data.get("name") or ""),
            actor_id=uid(data.get("actor_id")),
            country_code=data.get("country_code") or None,
            since=data.get("since") or None,
            tie_id=uid(data.get("tie_id")),
        )


@dataclass(frozen=True, kw_only=True)
class CampaignDraft:
    federation_id: uuid.UUID
    title: str
    description: str = ""
    topic: str = ""
    deadline: dt.date | None = None
    questions: tuple[Question, ...] = ()
    visibility: Visibility = Visibility.FEDERATION
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Campaign(Ownership):
    id: uuid.UUID
    federation_id: uuid.UUID
    title: str
    description: str
    topic: str
    deadline: dt.date | None
    status: CampaignStatus
    questions: tuple[Question, ...]
    opened_at: dt.datetime | None = None

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


@dataclass(frozen=True, kw_only=True)
class CampaignResponse(Ownership):
    id: uuid.UUID
    campaign_id: uuid.UUID
    status: ResponseStatus
    answers: dict[str, Any] = field(default_factory=dict)
    submitted_at: dt.datetime | None = None
    submitted_by: str | None = None

    def items(self, key: str) -> list[RecordItem]:
        return [RecordItem.of(d) for d in self.answers.get(key) or [] if isinstance(d, dict)]


@dataclass(frozen=True)
class Recipient:
    """A member the campaign was sent to, with what the office may see of its answer."""

    tenant_id: uuid.UUID
    name: str
    sent_at: dt.datetime
    status: RecipientStatus
    response_id: uuid.UUID | None = None
    submitted_at: dt.datetime | None = None
    reminders: int = 0
    last_reminded_at: dt.datetime | None = None


def deadline_problem(deadline: dt.date | None, today: dt.date) -> Problem | None:
    """A deadline before ``today`` (a member sent the campaign would be overdue at once), or None."""
    if deadline is None or deadline >= today:
        return None
    return Problem(f"{deadline.isoformat()} is in the past: choose today ({today.isoformat()}) or a later day",
                   column="deadline")


def check_campaign(draft: CampaignDraft) -> list[Problem]:
    """Every problem of a questionnaire, each naming its field."""
    problems: list[Problem] = []
    if not draft.title.strip():
        problems.append(Problem("is required", column="title"))
    if len(draft.title) > 300:
        problems.append(Problem("is longer than 300 characters", column="title"))
    if len(draft.topic) > 200:
        problems.append(Problem("is longer than 200 characters", column="topic"))
    if len(draft.questions) > MAX_QUESTIONS:
        problems.append(Problem(f"at most {MAX_QUESTIONS} questions", column="questions"))
    seen: set[str] = set()
    for i, q in enumerate(draft.questions, start=1):
        where = f"questions[{i}]"
        if not _KEY.match(q.key):
            problems.append(Problem(f"key '{q.key}': use lower-case letters, digits and _", column=where))
        if q.key in seen:
            problems.append(Problem(f"key '{q.key}' is used twice", column=where))
        seen.add(q.key)
        if not q.label.strip():
            problems.append(Problem("a question needs its text", column=where))
        if any(len(c) > 300 for c in q.choices):
            problems.append(Problem("a choice is longer than 300 characters", column=where))
        if q.kind is QuestionKind.CHOICE and len(q.choices) < 2:
            problems.append(Problem("a choice question needs at least two choices", column=where))
        if q.kind is not QuestionKind.CHOICE and q.choices:
            problems.append(Problem("only a choice question has choices", column=where))
        if q.kind is QuestionKind.RECORDS and q.source not in RECORD_SOURCES:
            problems.append(Problem(f"name the records to list ({', '.join(RECORD_SOURCES)})", column=where))
        if q.source and q.kind not in (QuestionKind.RECORDS, QuestionKind.NUMBER):
            problems.append(Problem("only numbers and lists can be checked against the registry", column=where))
        if q.source and q.source not in RECORD_SOURCES:
            problems.append(Problem(f"unknown registry source '{q.source}'", column=where))
        if q.kind not in (QuestionKind.NUMBER, QuestionKind.DATE) and (q.min_value, q.max_value) != (None, None):
            problems.append(Problem("only numbers and dates have a range", column=where))
        bounds = (("minimum", q.min_value), ("maximum", q.max_value))
        infinite = [name for name, value in bounds if value is not None and not math.isfinite(value)]
        for name in infinite:
            problems.append(Problem(f"question '{q.key}': the {name} must be a finite number", column=where))
        if (not infinite and q.min_value is not None and q.max_value is not None
                and q.min_value > q.max_value):
            problems.append(Problem("the minimum is above the maximum", column=where))
    return problems


# -- starting points for a questionnaire: an office picks one and edits it. The climate one follows the shape
# of pledge reporting (CDP-ICLEI Track, the Global Covenant of Mayors: an inventory, a target, a plan, the
# pledges made); the engagement one asks what a national office wants to know of its cities.
N, C, T, D, R = QuestionKind.NUMBER, QuestionKind.CHOICE, QuestionKind.TEXT, QuestionKind.DATE, QuestionKind.RECORDS

TEMPLATES: dict[str, tuple[str, str, tuple[Question, ...]]] = {
    "engagement": (
        "International engagement survey",
        "What the national office wants to know of its members' international work",
        (
            Question("staff", N, "Staff working on international affairs (full-time equivalents)", required=True,
                     min_value=0, max_value=500),
            Question("focus", C, "Main focus of your international work", required=True,
                     choices=("Trade and investment", "Climate and sustainability", "Culture and exchange",
                              "Public health", "Migration and inclusion")),
            Question("last_delegation", D, "Date of your last outbound delegation", min_value=2000,
                     max_value=2100),
            Question("sister_cities", R, "Your sister-city ties", help="Correct the list: remove ended ties, add new "
                     "ones.", source="ties:sister_city"),
            Question("sister_city_count", N, "How many sister cities do you have?", min_value=0,
                     source="ties:sister_city"),
            Question("networks", R, "Your network memberships", source="ties:network_membership"),
            Question("comments", T, "Anything the national office should know?"),
        ),
    ),
    "climate": (
        "Climate pledge reporting",
        "Inventory, target, plan and pledges, as climate-pledge reporting asks them",
        (
            Question("inventory", C, "Has your government completed a community-wide greenhouse gas inventory?",
                     required=True, choices=("Yes", "In progress", "No")),
            Question("inventory_year", N, "Year of the latest inventory", min_value=1990, max_value=2100),
            Question("target_2030", N, "Emissions reduction target for 2030 (% below the base year)", min_value=0,
                     max_value=100),
            Question("plan_adopted", D, "Date the climate action plan was adopted", min_value=1990,
                     max_value=2100),
            Question("pledges", R, "Your pledges (Paris Agreement, Covenant of Mayors, ...)", source="ties:pledge"),
            Question("comments", T, "Comments on progress"),
        ),
    ),
}
