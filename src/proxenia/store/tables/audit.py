"""The change log (audit trail) and the record of reference data loads."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from proxenia.store.columns import JsonType, utcnow
from proxenia.store.tables.base import metadata

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("user_id", Uuid()),
    Column("username", String(150)),
    Column("tenant_id", Uuid()),
    Column("record_kind", String(32), nullable=False),
    Column("record_id", Uuid()),
    Column("action", String(16), nullable=False),
    Column("summary", Text),
    Column("before", JsonType),
    Column("after", JsonType),
    Index("ix_changes_record", "record_kind", "record_id"),
    Index("ix_changes_kind", "record_kind", "id"),  # the last change of a kind: one index seek
    Index("ix_changes_kind_tenant", "record_kind", "tenant_id", "id"),  # … of a kind, by one tenant
    Index("ix_changes_user", "user_id", "at"),
    Index("ix_changes_tenant", "tenant_id", "at"),
)

reference_loads = Table(
    "reference_loads",
    metadata,
    Column("dataset", String(64), primary_key=True),
    Column("checksum", String(64), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("report", JsonType, nullable=False, default=dict),
)
