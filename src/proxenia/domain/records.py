"""What every record carries: its owner tenant, its sharing level and its version."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from proxenia.domain.kinds import Visibility


@dataclass(frozen=True, kw_only=True)
class Ownership:
    """Owner, sharing level and optimistic-lock version of a stored record."""

    tenant_id: uuid.UUID
    visibility: Visibility
    version: int = 1
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
