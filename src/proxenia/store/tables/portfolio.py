"""The portfolio: each tenant's settings (its own place, goal weights, diagnostic windows) and the
balancing scenarios (the plan as entered, the adjustments, the solver's result)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, Uuid

from proxenia.store.columns import JsonType, id_column, ownership_columns, utcnow
from proxenia.store.tables.base import VISIBILITY_CHECK, metadata

#: Configuration of one tenant (read by its own users only).
portfolio_settings = Table(
    "portfolio_settings",
    metadata,
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("home_actor_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("currency", String(3), nullable=False, default="USD"),
    Column("goal_weights", JsonType, nullable=False, default=dict),
    Column("window_days", Integer, nullable=False, default=365),
    Column("dormant_years", Integer, nullable=False, default=3),
    Column("updated_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

scenarios = Table(
    "scenarios",
    metadata,
    id_column(),
    Column("name", String(300), nullable=False),
    Column("description", Text),
    Column("base_id", Uuid(), ForeignKey("scenarios.id", ondelete="SET NULL")),
    Column("plan", JsonType, nullable=False),
    Column("adjustments", JsonType, nullable=False, default=dict),
    Column("result", JsonType),
    Column("solved_at", DateTime(timezone=True)),
    *ownership_columns("scenarios"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    Index("ix_scenarios_base", "base_id"),
)
