"""Goals (local priorities and objectives, SDG goals and targets, national foreign-policy priorities) and
alignments: a tenant's statement that a tie serves one of its goals, with a weight."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Float, ForeignKey, Index, String, Table, Text, Uuid

from proxenia.store.columns import id_column, ownership_columns
from proxenia.store.tables.base import VISIBILITY_CHECK, metadata

goals = Table(
    "goals",
    metadata,
    id_column(),
    Column("kind", String(32), nullable=False),
    Column("code", String(32), nullable=False, default=""),
    Column("title", Text, nullable=False),
    Column("short_title", String(300)),
    Column("description", Text),
    Column("parent_id", Uuid(), ForeignKey("goals.id", ondelete="SET NULL")),
    Column("source_ref", Text),
    *ownership_columns("goals"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("kind IN ('priority', 'objective', 'sdg_goal', 'sdg_target', 'national_priority')", name="kind"),
    Index("ix_goals_tenant_kind", "tenant_id", "kind"),
    Index("ix_goals_parent", "parent_id"),
)

alignments = Table(
    "alignments",
    metadata,
    id_column(),
    Column("tie_id", Uuid(), ForeignKey("ties.id", ondelete="CASCADE"), nullable=False),
    Column("goal_id", Uuid(), ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
    Column("weight", Float, nullable=False, default=1.0),
    Column("note", Text),
    *ownership_columns("alignments"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("weight > 0 AND weight <= 1", name="weight"),
    Index("uq_alignments_tenant_tie_goal", "tenant_id", "tie_id", "goal_id", unique=True),
    Index("ix_alignments_goal", "goal_id"),
)
