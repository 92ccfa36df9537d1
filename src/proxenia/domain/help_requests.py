"""Requests for help: an actor asks ("we need X by date Y"), peers answer; open → answered → closed."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from proxenia.domain.actors import ActorSummary
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


#: status -> statuses its owner may move it to
REQUEST_MOVES: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.OPEN: frozenset({RequestStatus.ANSWERED, RequestStatus.CLOSED}),
    RequestStatus.ANSWERED: frozenset({RequestStatus.OPEN, RequestStatus.CLOSED}),
    RequestStatus.CLOSED: frozenset({RequestStatus.OPEN}),
}


#: The longest text a request for help, and a response to one, take, whatever form or API call sets them.
REQUEST_TEXT_LIMITS = {"title": 300, "text": 10_000}
RESPONSE_TEXT_LIMITS = {"text": 10_000, "contact": 500}


@dataclass(frozen=True, kw_only=True)
class HelpRequestDraft:
    asker_id: uuid.UUID
    title: str
    text: str
    policy_area: str | None = None
    needed_by: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class HelpResponseDraft:
    request_id: uuid.UUID
    text: str
    responder_id: uuid.UUID | None = None  # the actor answering (a peer government, a network)
    practice_id: uuid.UUID | None = None  # a practice proposed in the answer
    contact: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class HelpResponse(Ownership):
    id: uuid.UUID
    request_id: uuid.UUID
    text: str
    responder: ActorSummary | None
    practice_id: uuid.UUID | None
    practice_title: str | None
    contact: str | None
    author: str | None


@dataclass(frozen=True, kw_only=True)
class HelpRequest(Ownership):
    id: uuid.UUID
    asker: ActorSummary
    title: str
    text: str
    policy_area: str | None
    needed_by: str | None
    status: RequestStatus
    response_count: int = 0
    responses: tuple[HelpResponse, ...] = ()

    def is_overdue(self, today: dt.date) -> bool:
        from proxenia.domain.dates import PartialDate

        if not self.needed_by or self.status is RequestStatus.CLOSED:
            return False
        due = PartialDate.parse(self.needed_by)
        if due.day is None:  # needed by a month or a year: due at its end
            year, month = (due.year, due.month + 1) if due.month else (due.year + 1, 1)
            if month == 13:
                year, month = year + 1, 1
            return dt.date(year, month, 1) <= today
        return due.first_day() < today
