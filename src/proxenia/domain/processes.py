"""Multilateral processes: summits and processes (a Cities Summit, a UN process, a network's campaign)
with the governments taking part, their role and their submissions. Each participation and submission
is the participating government's own record, shared at the level it chooses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from proxenia.domain.errors import Problem
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership

PROCESS_TEXT_LIMITS = {"name": 300, "description": 10_000, "place": 300, "url": 500, "source_ref": 2000}
PARTICIPATION_TEXT_LIMITS = {"note": 4000}
SUBMISSION_TEXT_LIMITS = {"title": 500, "summary": 10_000, "url": 500}


class ProcessKind(StrEnum):
    SUMMIT = "summit"
    UN_PROCESS = "un_process"
    NETWORK_PROCESS = "network_process"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"summit": "Summit", "un_process": "UN process", "network_process": "Network process",
                "other": "Other process"}[self.value]


class ParticipationRole(StrEnum):
    HOST = "host"
    CO_HOST = "co_host"
    SPEAKER = "speaker"
    DELEGATE = "delegate"
    SIGNATORY = "signatory"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()


@dataclass(frozen=True, kw_only=True)
class ProcessDraft:
    kind: ProcessKind
    name: str
    description: str = ""
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    url: str | None = None
    source_ref: str | None = None
    visibility: Visibility = Visibility.PUBLIC
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Process(Ownership):
    id: uuid.UUID
    kind: ProcessKind
    name: str
    description: str = ""
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    url: str | None = None
    source_ref: str | None = None


@dataclass(frozen=True, kw_only=True)
class ParticipationDraft:
    process_id: uuid.UUID
    role: ParticipationRole
    actor_id: uuid.UUID | None = None
    note: str = ""
    visibility: Visibility = Visibility.FEDERATION
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Participation(Ownership):
    id: uuid.UUID
    process_id: uuid.UUID
    role: ParticipationRole
    actor_id: uuid.UUID | None = None
    actor_name: str | None = None
    tenant_name: str | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SubmissionDraft:
    process_id: uuid.UUID
    title: str
    submitted_on: str | None = None
    summary: str = ""
    url: str | None = None
    visibility: Visibility = Visibility.FEDERATION
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Submission(Ownership):
    id: uuid.UUID
    process_id: uuid.UUID
    title: str
    submitted_on: str | None = None
    summary: str = ""
    url: str | None = None
    tenant_name: str | None = None


@dataclass(frozen=True)
class ProcessDetail:
    process: Process
    participations: list[Participation] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)


def check_url(url: str | None, column: str = "url") -> list[Problem]:
    if url and not url.startswith(("https://", "http://")):
        return [Problem(f"'{url}' is not a web address (http:// or https://)", column=column)]
    return []
