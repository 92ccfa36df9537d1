"""Incoming requests ("proposals"): a foreign delegation asks to visit, a city proposes a partnership.
Each is screened against rules the tenant configures, and decided with a recorded reason."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from proxenia.domain.engagements import Money
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership


class ProposalKind(StrEnum):
    DELEGATION_VISIT = "delegation_visit"
    PARTNERSHIP = "partnership"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"delegation_visit": "A delegation asks to visit", "partnership": "A partnership is proposed"}.get(
            self.value, "Other request"
        )


class ProposalStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class RuleKind(StrEnum):
    LEAD_TIME = "lead_time"
    REPEAT_TOPIC = "repeat_topic"
    SIMILARITY = "similarity"
    RISK_LIST = "risk_list"
    NO_ADDED_COST = "no_added_cost"

    @property
    def label(self) -> str:
        return _RULE_LABELS[self]


_RULE_LABELS = {
    RuleKind.LEAD_TIME: "Minimum notice",
    RuleKind.REPEAT_TOPIC: "No repeat topic from the same requester",
    RuleKind.SIMILARITY: "Similar size and economy",
    RuleKind.RISK_LIST: "Not on a partner-risk list",
    RuleKind.NO_ADDED_COST: "No added cost to us",
}

#: The reason given with a decision on a request, and an entry of a partner-risk list.
DECISION_TEXT_LIMITS = {"reason": 10_000}
RISK_TEXT_LIMITS = {"reason": 10_000, "source_ref": 2000}

#: Parameters of each rule and their defaults (Irvine asks four weeks' notice; Calgary and Irvine: no repeat
#: topic from the same requester within two years).
RULE_DEFAULTS: dict[RuleKind, dict[str, Any]] = {
    RuleKind.LEAD_TIME: {"min_days": 28},
    RuleKind.REPEAT_TOPIC: {"years": 2},
    RuleKind.SIMILARITY: {"max_population_ratio": 4.0, "same_income_group": True, "industries": []},
    RuleKind.RISK_LIST: {},
    RuleKind.NO_ADDED_COST: {},
}


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"  # not enough information: a person decides


@dataclass(frozen=True)
class IntakeRule:
    kind: RuleKind
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    note: str | None = None

    def param(self, name: str) -> Any:
        return self.params.get(name, RULE_DEFAULTS[self.kind].get(name))


@dataclass(frozen=True)
class Attendee:
    name: str
    title: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class RuleVerdict:
    rule: RuleKind
    verdict: Verdict
    explanation: str
    records: tuple[str, ...] = ()  # the earlier requests, engagements or list entries behind a verdict


@dataclass(frozen=True)
class Screening:
    verdicts: tuple[RuleVerdict, ...]
    screened_on: dt.date

    @property
    def overall(self) -> Verdict:
        found = {v.verdict for v in self.verdicts}
        if Verdict.FAIL in found:
            return Verdict.FAIL
        return Verdict.REVIEW if Verdict.REVIEW in found else Verdict.PASS


@dataclass(frozen=True, kw_only=True)
class ProposalDraft:
    kind: ProposalKind
    requester_name: str
    purpose: str
    received_on: dt.date
    requester_actor_id: uuid.UUID | None = None
    contact: str | None = None
    topics: tuple[str, ...] = ()
    proposed_start: dt.date | None = None
    proposed_end: dt.date | None = None
    attendees: tuple[Attendee, ...] = ()
    cost_to_us: Money | None = None
    requester_industries: tuple[str, ...] = ()
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Proposal(Ownership):
    id: uuid.UUID
    kind: ProposalKind
    requester_name: str
    purpose: str
    received_on: dt.date
    requester_actor_id: uuid.UUID | None = None
    contact: str | None = None
    topics: tuple[str, ...] = ()
    proposed_start: dt.date | None = None
    proposed_end: dt.date | None = None
    attendees: tuple[Attendee, ...] = ()
    cost_to_us: Money | None = None
    requester_industries: tuple[str, ...] = ()
    status: ProposalStatus = ProposalStatus.RECEIVED
    screening: Screening | None = None
    decision_reason: str | None = None
    decided_on: dt.date | None = None
    decided_by: str | None = None
    engagement_id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class RiskEntry(Ownership):
    """An entry of a partner-risk list published by a national office: an actor or a whole country."""

    id: uuid.UUID
    reason: str
    actor_id: uuid.UUID | None = None
    country_code: str | None = None
    source_ref: str | None = None
    listed_on: dt.date | None = None
    actor_name: str | None = None
