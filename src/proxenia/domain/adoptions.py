"""Adoptions of practices, transfers in progress (URBACT's understand, adapt, re-use), follow-ups,
onward sharing and the lineage they form: who learned what from whom."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from proxenia.domain.actors import ActorSummary
from proxenia.domain.errors import Problem, ProblemCollector
from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership

#: The longest text an adoption's fields take, whatever form or API call sets them, and the most stakeholders.
ADOPTION_TEXT_LIMITS = {"adaptations": 10_000, "outcome": 10_000, "source_ref": 2000}
STAKEHOLDER_TEXT_LIMIT = 300
MAX_STAKEHOLDERS = 200
STEP_TEXT_LIMITS = {"title": 500}
FOLLOW_UP_TEXT_LIMITS = {"result": 10_000, "indicator": 300, "value": 200}


class AdoptionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"  # a transfer under way: it has a plan
    ADOPTED = "adopted"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class TransferPhase(StrEnum):
    """URBACT transfer networks: understand the practice, adapt it, re-use it."""

    UNDERSTAND = "understand"
    ADAPT = "adapt"
    REUSE = "reuse"

    @property
    def label(self) -> str:
        return {"understand": "Understand", "adapt": "Adapt", "reuse": "Re-use"}[self.value]


class StepStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"


@dataclass(frozen=True)
class Stakeholder:
    name: str
    role: str | None = None


def check_adoption_fields(fields: Mapping[str, Any]) -> None:
    """The lengths of an adoption's fields and its stakeholders, a draft's or an update's (fields not given
    pass); raises ``InvalidInput`` naming each field too long."""
    problems = ProblemCollector()
    problems.check_lengths(ADOPTION_TEXT_LIMITS, fields)
    stakeholders = fields.get("stakeholders") or ()
    if len(stakeholders) > MAX_STAKEHOLDERS:
        problems.add(Problem(f"lists more than {MAX_STAKEHOLDERS} stakeholders", column="stakeholders"))
    for one in stakeholders:
        name, role = (one.get("name"), one.get("role")) if isinstance(one, Mapping) else (one.name, one.role)
        if max(len(name or ""), len(role or "")) > STAKEHOLDER_TEXT_LIMIT:
            limit = STAKEHOLDER_TEXT_LIMIT
            problems.add(Problem(f"a name or a role is longer than {limit} characters", column="stakeholders"))
            break
    problems.raise_if_any()


@dataclass(frozen=True, kw_only=True)
class AdoptionDraft:
    practice_id: uuid.UUID
    adopter_id: uuid.UUID
    learned_from_id: uuid.UUID | None = None
    date: str | None = None
    status: AdoptionStatus = AdoptionStatus.ADOPTED
    adaptations: str = ""
    outcome: str = ""
    stakeholders: tuple[Stakeholder, ...] = ()
    source_ref: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class TransferStep:
    id: uuid.UUID
    phase: TransferPhase
    title: str
    due_date: str | None
    status: StepStatus
    position: int


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    id: uuid.UUID
    date: str | None
    result: str
    indicator: str | None = None
    value: str | None = None


@dataclass(frozen=True, kw_only=True)
class Adoption(Ownership):
    id: uuid.UUID
    practice_id: uuid.UUID
    practice_title: str
    adopter: ActorSummary
    learned_from: ActorSummary | None
    date: str | None
    status: AdoptionStatus
    adaptations: str
    outcome: str
    stakeholders: tuple[Stakeholder, ...] = ()
    source_ref: str | None = None
    steps: tuple[TransferStep, ...] = ()
    followups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ShareDraft:
    """A practice passed on by one actor: to a named actor, or to recipients the source does not name."""

    practice_id: uuid.UUID
    from_actor_id: uuid.UUID
    to_actor_id: uuid.UUID | None = None
    recipients: str | None = None
    date: str | None = None
    note: str = ""
    source_ref: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Share(Ownership):
    id: uuid.UUID
    practice_id: uuid.UUID
    from_actor: ActorSummary
    to_actor: ActorSummary | None
    recipients: str | None
    date: str | None
    note: str
    source_ref: str | None = None


@dataclass(frozen=True, kw_only=True)
class LineageNode:
    """One node of a practice's lineage tree: the practice, an actor, or unnamed recipients."""

    key: str
    label: str
    kind: str  # practice, city, region, ..., unnamed
    actor: ActorSummary | None = None
    parent: str | None = None
    relation: str = ""  # originated, learned from, adopted (source not recorded), shared with
    date: str | None = None
    status: str | None = None
    source_ref: str | None = None
    record_id: uuid.UUID | None = None


@dataclass(frozen=True, kw_only=True)
class Lineage:
    practice_id: uuid.UUID
    practice_title: str
    nodes: tuple[LineageNode, ...]

    def children(self, key: str) -> list[LineageNode]:
        return [n for n in self.nodes if n.parent == key]


@dataclass(frozen=True, kw_only=True)
class ActorLineage:
    """For a government: where its practices came from, and where they went."""

    actor: ActorSummary
    came_from: tuple[Adoption, ...] = ()  # its adoptions
    went_to: tuple[Adoption, ...] = ()  # adoptions of practices it originated or taught
    shared: tuple[Share, ...] = ()  # practices it passed on
    originated: tuple[tuple[uuid.UUID, str], ...] = field(default_factory=tuple)
