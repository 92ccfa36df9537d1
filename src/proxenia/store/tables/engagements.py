"""Engagements and their parts: participants, joint departments, goals served, cross-references,
follow-ups and the occurrences of recurring programmes. Parts are read through their engagement's
permission filter; only the engagement carries a tenant and a sharing level."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Float,
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

ENGAGEMENT_KINDS = (
    "meeting",
    "call",
    "inbound_delegation",
    "outbound_visit",
    "event_hosted",
    "event_attended",
    "trade_mission",
    "agreement_signing",
    "programme",
)

engagements = Table(
    "engagements",
    metadata,
    id_column(),
    Column("kind", String(32), nullable=False),
    Column("title", String(500), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("place", String(300)),
    Column("department_id", Uuid(), ForeignKey("departments.id", ondelete="SET NULL")),
    Column("policy_areas", JsonType, nullable=False, default=list),
    Column("cost_minor", BigInteger),
    Column("cost_currency", String(3)),
    Column("staff_days", Float),
    Column("outcomes", Text),
    Column("description", Text),
    Column("links", JsonType, nullable=False, default=list),
    Column("origin", String(16), nullable=False, default="api"),
    Column("recorded_by", String(150)),
    *ownership_columns("engagements"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in ENGAGEMENT_KINDS) + ")", name="kind"),
    CheckConstraint("end_date >= start_date", name="dates"),
    CheckConstraint("origin IN ('form', 'api', 'import', 'demo')", name="origin"),
    Index("ix_engagements_tenant_start", "tenant_id", "start_date"),
    Index("ix_engagements_department", "department_id", "start_date"),
)

engagement_participants = Table(
    "engagement_participants",
    metadata,
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE")),
    Column("person_id", Uuid(), ForeignKey("people.id", ondelete="CASCADE")),
    Column("role", String(64), nullable=False, default="counterpart"),
    # The engagement's tenant, repeated so that one government's participants are one index range
    # (the diagnostics read hundreds of thousands at once); never read without the engagement's filter.
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    CheckConstraint("(actor_id IS NULL) <> (person_id IS NULL)", name="one_party"),
    Index("ix_engagement_participants_actor", "actor_id"),
    Index("ix_engagement_participants_person", "person_id"),
    Index("ix_engagement_participants_tenant", "tenant_id", "engagement_id", "actor_id", "person_id"),
)

engagement_departments = Table(
    "engagement_departments",
    metadata,
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", Uuid(), ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)

engagement_goals = Table(
    "engagement_goals",
    metadata,
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", Uuid(), ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    Column("weight", Float, nullable=False, default=1.0),
    CheckConstraint("weight > 0 AND weight <= 1", name="weight"),
    Index("ix_engagement_goals_goal", "goal_id"),
)

engagement_relations = Table(
    "engagement_relations",
    metadata,
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("related_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    CheckConstraint("engagement_id <> related_id", name="not_self"),
    Index("ix_engagement_relations_related", "related_id"),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    id_column(),
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("action", Text, nullable=False),
    Column("owner", String(200)),
    Column("due_date", Date),
    Column("status", String(16), nullable=False, default="open"),
    CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
    Index("ix_follow_ups_engagement", "engagement_id"),
)

engagement_occurrences = Table(
    "engagement_occurrences",
    metadata,
    Column("engagement_id", Uuid(), ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("place", String(300)),
    Column("note", Text),
)
