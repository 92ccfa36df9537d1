"""Engagements: the meetings, calls, delegations, visits, events, missions, signings and programmes of a
government's international work, each owned by a department, with its participants, goals, cost and
follow-ups. A recurring programme (a sister-city youth exchange) is one record with occurrences."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pycountry

from proxenia.domain.dates import year_range_problem
from proxenia.domain.errors import Problem
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership


class EngagementKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    INBOUND_DELEGATION = "inbound_delegation"
    OUTBOUND_VISIT = "outbound_visit"
    EVENT_HOSTED = "event_hosted"
    EVENT_ATTENDED = "event_attended"
    TRADE_MISSION = "trade_mission"
    AGREEMENT_SIGNING = "agreement_signing"
    PROGRAMME = "programme"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EngagementKind.MEETING: "Meeting",
    EngagementKind.CALL: "Call",
    EngagementKind.INBOUND_DELEGATION: "Inbound delegation",
    EngagementKind.OUTBOUND_VISIT: "Outbound visit",
    EngagementKind.EVENT_HOSTED: "Event hosted",
    EngagementKind.EVENT_ATTENDED: "Event attended",
    EngagementKind.TRADE_MISSION: "Trade mission",
    EngagementKind.AGREEMENT_SIGNING: "Agreement signing",
    EngagementKind.PROGRAMME: "Programme (recurring)",
}


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class EngagementOrigin(StrEnum):
    """How a record came in; ``demo`` marks the illustrative records of the demo installation."""

    FORM = "form"
    API = "api"
    IMPORT = "import"
    DEMO = "demo"


@dataclass(frozen=True)
class Money:
    """An amount with its ISO 4217 currency, kept to two decimal places."""

    amount: Decimal
    currency: str

    @property
    def minor(self) -> int:
        return int((self.amount * 100).to_integral_value())

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor) / 100, currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


# Money is stored as a count of minor units (cents) in a 64-bit integer column (at most 9.2 * 10**18);
# amounts are kept well below that so that totals stay exact too.
MONEY_LIMIT = 10**15


def parse_money(amount: str | float | Decimal | None, currency: str | None) -> Money | None:
    """Money from what a form or a spreadsheet holds; ``ValueError`` with a plain message otherwise."""
    if amount is None or str(amount).strip() == "":
        return None
    text = str(amount).strip().replace(",", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{amount}' is not an amount of money") from None
    if not value.is_finite():  # 'nan', 'snan', 'inf': compared or rounded, they raise InvalidOperation
        raise ValueError(f"'{amount}' is not an amount of money")
    if value < 0:
        raise ValueError("an amount of money cannot be negative")
    if value >= MONEY_LIMIT or value.quantize(Decimal("0.01")) >= MONEY_LIMIT:  # 999...9.999 rounds up
        raise ValueError(f"'{amount}' is too large: an amount of money must be below {MONEY_LIMIT:,}")
    code = (currency or "").strip().upper()
    if not is_currency(code):
        raise ValueError(f"'{currency or ''}' is not an ISO 4217 currency code (such as USD, EUR, KRW)")
    return Money(value.quantize(Decimal("0.01")), code)


def is_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


_SPACES = re.compile(r"\s+")


def policy_area(text: str) -> str:
    """Policy areas are free tags compared without case or extra spaces ('Climate  Action' = 'climate action')."""
    return _SPACES.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class Participant:
    """An actor (city, mission, organisation...) or a person taking part; ``name`` is filled on reading."""

    actor_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    role: str = "counterpart"
    name: str = ""
    country_code: str | None = None


@dataclass(frozen=True)
class FollowUp:
    action: str
    owner: str | None = None
    due_date: dt.date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    id: uuid.UUID | None = None

    def is_overdue(self, today: dt.date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.due_date is not None and self.due_date < today


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a recurring programme (the 2025 exchange, the 2026 exchange...)."""

    start_date: dt.date
    end_date: dt.date | None = None
    place: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class GoalWeight:
    """An engagement or a tie serving a goal, with a weight from 0 (not at all) to 1 (fully)."""

    goal_id: uuid.UUID
    weight: float = 1.0
    label: str = ""


@dataclass(frozen=True, kw_only=True)
class EngagementDraft:
    kind: EngagementKind
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    place: str | None = None
    department_id: uuid.UUID | None = None
    joint_department_ids: tuple[uuid.UUID, ...] = ()
    participants: tuple[Participant, ...] = ()
    policy_areas: tuple[str, ...] = ()
    goals: tuple[GoalWeight, ...] = ()
    cost: Money | None = None
    staff_days: float | None = None
    outcomes: str | None = None
    description: str | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    links: tuple[str, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    related_ids: tuple[uuid.UUID, ...] = ()
    origin: EngagementOrigin = EngagementOrigin.API
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Engagement(Ownership):
    id: uuid.UUID
    kind: EngagementKind
    title: str
    start_date: dt.date
    end_date: dt.date
    place: str | None = None
    department_id: uuid.UUID | None = None
    department_name: str | None = None
    joint_department_ids: tuple[uuid.UUID, ...] = ()
    participants: tuple[Participant, ...] = ()
    policy_areas: tuple[str, ...] = ()
    goals: tuple[GoalWeight, ...] = ()
    cost: Money | None = None
    staff_days: float | None = None
    outcomes: str | None = None
    description: str | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    links: tuple[str, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    related_ids: tuple[uuid.UUID, ...] = ()
    origin: EngagementOrigin = EngagementOrigin.API
    recorded_by: str | None = None

    @property
    def counterparts(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.actor_id is not None)

    @property
    def people(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.person_id is not None)


@dataclass(frozen=True, kw_only=True)
class EngagementSummary:
    """What a list row, a timeline entry or a finding needs."""

    id: uuid.UUID
    kind: EngagementKind
    title: str
    start_date: dt.date
    end_date: dt.date
    department_id: uuid.UUID | None
    department_name: str | None
    counterparts: tuple[Participant, ...]
    visibility: Visibility
    tenant_id: uuid.UUID
    origin: EngagementOrigin
    recorded_by: str | None = None
    open_follow_ups: int = 0


@dataclass(frozen=True)
class EngagementFilter:
    """What a search of the engagement log asks for (every field optional)."""

    tenant_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    kind: EngagementKind | None = None
    actor_ids: tuple[uuid.UUID, ...] = ()
    person_id: uuid.UUID | None = None  # engagements this person took part in
    country_code: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    open_follow_ups: bool = False


def check_draft(draft: EngagementDraft) -> list[Problem]:
    """Every problem of a draft, each naming its field (the service adds database checks)."""
    problems: list[Problem] = []
    if not draft.title.strip():
        problems.append(Problem("is required", column="title"))
    if len(draft.title) > 500:
        problems.append(Problem("is longer than 500 characters", column="title"))
    for column, value, limit in (("place", draft.place, 300), ("outcomes", draft.outcomes, 20_000),
                                 ("description", draft.description, 20_000)):
        if value is not None and len(value) > limit:
            problems.append(Problem(f"is longer than {limit:,} characters", column=column))
    for column, values, limit in (("policy_areas", draft.policy_areas, 100), ("links", draft.links, 2000)):
        problems += [Problem(f"'{v[:40]}…' is longer than {limit:,} characters", column=column)
                     for v in values if len(v) > limit]
    for i, f in enumerate(draft.follow_ups, start=1):
        if len(f.action) > 2000 or len(f.owner or "") > 200:
            problems.append(Problem(f"follow-up {i}: the action is limited to 2,000 characters, the owner to 200",
                                    column="follow_ups"))
    for p in draft.participants:
        if len(p.role) > 64:
            problems.append(Problem(f"the role '{p.role[:40]}…' is longer than 64 characters", column="participants"))
    for o in draft.occurrences:
        if len(o.place or "") > 300 or len(o.note or "") > 2000:
            problems.append(Problem(f"the occurrence of {o.start_date}: the place is limited to 300 characters, "
                                    "the note to 2,000", column="occurrences"))
    for column, day in (("start_date", draft.start_date), ("end_date", draft.end_date)):
        if why := year_range_problem(day):
            problems.append(Problem(why, column=column))
    for o in draft.occurrences:
        if why := year_range_problem(o.start_date) or year_range_problem(o.end_date):
            problems.append(Problem(f"an occurrence: {why}", column="occurrences"))
    for f in draft.follow_ups:
        if why := year_range_problem(f.due_date):
            problems.append(Problem(f"a follow-up's due date: {why}", column="follow_ups"))
    if draft.end_date is not None and draft.end_date < draft.start_date:
        problems.append(Problem("ends before it starts", column="end_date"))
    if draft.staff_days is not None and not 0 <= draft.staff_days <= 10_000:
        problems.append(Problem("must be between 0 and 10,000", column="staff_days"))
    seen: set[tuple[uuid.UUID | None, uuid.UUID | None]] = set()
    for i, p in enumerate(draft.participants):
        if (p.actor_id is None) == (p.person_id is None):
            problems.append(Problem(f"participant {i + 1} must be one actor or one person", column="participants"))
        elif (p.actor_id, p.person_id) in seen:
            problems.append(Problem(f"participant {i + 1} ({p.name or p.actor_id or p.person_id}) is listed twice",
                                    column="participants"))
        seen.add((p.actor_id, p.person_id))
    for g in draft.goals:
        if not 0 < g.weight <= 1:
            problems.append(Problem(f"goal weight {g.weight} must be above 0 and at most 1", column="goals"))
    if len({g.goal_id for g in draft.goals}) != len(draft.goals):
        problems.append(Problem("a goal is listed twice", column="goals"))
    for f in draft.follow_ups:
        if not f.action.strip():
            problems.append(Problem("a follow-up needs an action", column="follow_ups"))
    for link in draft.links:
        if not link.startswith(("https://", "http://")):
            problems.append(Problem(f"'{link}' is not a web address (http:// or https://)", column="links"))
    if draft.occurrences and draft.kind is not EngagementKind.PROGRAMME:
        problems.append(Problem("only a programme has occurrences", column="occurrences"))
    for o in draft.occurrences:
        if o.end_date is not None and o.end_date < o.start_date:
            problems.append(Problem(f"the occurrence of {o.start_date} ends before it starts", column="occurrences"))
    if draft.id is not None and draft.id in draft.related_ids:
        problems.append(Problem("an engagement cannot refer to itself", column="related_ids"))
    return problems
