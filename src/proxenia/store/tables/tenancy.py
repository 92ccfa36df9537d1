"""Tenants and what they share with whom: sharing agreements, federations."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from proxenia.store.columns import id_column, utcnow
from proxenia.store.tables.base import metadata

tenants = Table(
    "tenants",
    metadata,
    id_column(),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),  # government, network, national_office, reference
    Column("actor_id", Uuid(), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

sharing_agreements = Table(
    "sharing_agreements",
    metadata,
    id_column(),
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("partner_tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    UniqueConstraint("tenant_id", "partner_tenant_id", name="uq_sharing_pair"),
    Index("ix_sharing_partner", "partner_tenant_id"),
)

federations = Table(
    "federations",
    metadata,
    id_column(),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("office_tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

federation_members = Table(
    "federation_members",
    metadata,
    Column("federation_id", Uuid(), ForeignKey("federations.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),  # invited, active, left
    Column("updated_at", DateTime(timezone=True), nullable=False, default=utcnow),
    # The registry actor standing for the member (its city or state), for the office's dashboard.
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL"), nullable=True),
    CheckConstraint("status IN ('invited', 'active', 'declined', 'left')", name="status"),
    Index("ix_federation_members_tenant", "tenant_id", "status"),
    Index("ix_federation_members_federation", "federation_id", "status", "tenant_id"),
)
