"""Goals that international work serves: a government's own priorities and objectives, the 17 Sustainable
Development Goals with their 169 targets, and national foreign-policy priorities published by a national
office. SDG codes are strings: ``8.10`` is not ``8.1``."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership

#: Namespace of the deterministic ids of the SDG goals and targets (so that loading twice changes nothing).
SDG_NAMESPACE = uuid.UUID("6f1c3a52-5d0e-4b5e-9a43-3c1d2b8e5d17")
_SDG_CODE = re.compile(r"^(1[0-7]|[1-9])(?:\.(\d{1,2}|[a-z]))?$")
GOAL_TEXT_LIMITS = {"code": 32, "title": 2000, "short_title": 300, "description": 20_000, "source_ref": 2000}


class GoalKind(StrEnum):
    PRIORITY = "priority"
    OBJECTIVE = "objective"
    SDG_GOAL = "sdg_goal"
    SDG_TARGET = "sdg_target"
    NATIONAL_PRIORITY = "national_priority"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_local(self) -> bool:
        """A government's own goals (priorities and the objectives under them)."""
        return self in (GoalKind.PRIORITY, GoalKind.OBJECTIVE)


_LABELS = {
    GoalKind.PRIORITY: "Priority",
    GoalKind.OBJECTIVE: "Objective",
    GoalKind.SDG_GOAL: "Sustainable Development Goal",
    GoalKind.SDG_TARGET: "SDG target",
    GoalKind.NATIONAL_PRIORITY: "National foreign-policy priority",
}


@dataclass(frozen=True, kw_only=True)
class Goal(Ownership):
    id: uuid.UUID
    kind: GoalKind
    code: str
    title: str
    short_title: str | None = None
    description: str | None = None
    parent_id: uuid.UUID | None = None
    source_ref: str | None = None

    @property
    def label(self) -> str:
        name = self.short_title or self.title
        return f"{self.code} {name}" if self.code else name


@dataclass(frozen=True, kw_only=True)
class GoalDraft:
    kind: GoalKind
    code: str
    title: str
    short_title: str | None = None
    description: str | None = None
    parent_id: uuid.UUID | None = None
    source_ref: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    id: uuid.UUID | None = None


def is_sdg_code(code: str) -> bool:
    return bool(_SDG_CODE.match(code))


def sdg_id(code: str) -> uuid.UUID:
    """The fixed id of an SDG goal (``8``) or target (``8.10``)."""
    if not is_sdg_code(code):
        raise ValueError(f"'{code}' is not an SDG goal or target code")
    return uuid.uuid5(SDG_NAMESPACE, f"sdg:{code}")


def code_sort_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort codes part by part, numbers as numbers: 8.2 < 8.10 < 8.a (the UN's own order)."""
    parts: list[tuple[int, int | str]] = []
    for part in code.split("."):
        parts.append((0, int(part)) if part.isdigit() else (1, part))
    return tuple(parts)
