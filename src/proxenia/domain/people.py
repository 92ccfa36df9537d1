"""People and their posts, with Popolo's field names."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.kinds import Visibility
from proxenia.domain.records import Ownership


@dataclass(frozen=True, kw_only=True)
class Person(Ownership):
    id: uuid.UUID
    name: str
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    honorific_prefix: str | None = None
    other_names: tuple[str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class PersonDraft:
    name: str
    id: uuid.UUID | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    honorific_prefix: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    visibility: Visibility = Visibility.PRIVATE


@dataclass(frozen=True, kw_only=True)
class Post(Ownership):
    """A person's role in an organisation (Popolo's Membership): 'Mayor' of Los Angeles, 2013–2022."""

    id: uuid.UUID
    person_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    label: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    person_name: str | None = None
    organization_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class PostDraft:
    person_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    id: uuid.UUID | None = None
    label: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    visibility: Visibility = Visibility.PRIVATE
