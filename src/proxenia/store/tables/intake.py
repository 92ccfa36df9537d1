"""Incoming requests (proposals), each tenant's screening rules, and partner-risk list entries."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from proxenia.store.columns import JsonType, id_column, ownership_columns
from proxenia.store.tables.base import VISIBILITY_CHECK, metadata

proposals = Table(
    "proposals",
    metadata,
    id_column(),
    Column("kind", String(32), nullable=False),
    Column("requester_actor_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("requester_name", String(500), nullable=False),
    Column("contact", Text),
    Column("purpose", Text, nullable=False),
    Column("topics", JsonType, nullable=False, default=list),
    Column("received_on", Date, nullable=False),
    Column("proposed_start", Date),
    Column("proposed_end", Date),
    Column("attendees", JsonType, nullable=False, default=list),
    Column("cost_minor", BigInteger),
    Column("cost_currency", String(3)),
    Column("requester_industries", JsonType, nullable=False, default=list),
    Column("status", String(16), nullable=False, default="received"),
    Column("screening", JsonType),
    Column("decision_reason", Text),
    Column("decided_on", Date),
    Column("decided_by", String(150)),
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="SET NULL")),
    *ownership_columns("proposals"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("kind IN ('delegation_visit', 'partnership', 'other')", name="kind"),
    CheckConstraint("status IN ('received', 'accepted', 'declined', 'withdrawn')", name="status"),
    Index("ix_proposals_tenant_received", "tenant_id", "received_on"),
    Index("ix_proposals_requester", "requester_actor_id"),
)

#: A tenant's own screening rules: configuration, never shared (read by the tenant's own users only).
intake_rules = Table(
    "intake_rules",
    metadata,
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Column("params", JsonType, nullable=False, default=dict),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("note", Text),
)

risk_entries = Table(
    "risk_entries",
    metadata,
    id_column(),
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE")),
    Column("country_code", String(2)),
    Column("reason", Text, nullable=False),
    Column("source_ref", Text),
    Column("listed_on", Date),
    *ownership_columns("risk_entries"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("actor_id IS NOT NULL OR country_code IS NOT NULL", name="subject"),
    Index("ix_risk_entries_actor", "actor_id"),
    Index("ix_risk_entries_country", "country_code"),
)
