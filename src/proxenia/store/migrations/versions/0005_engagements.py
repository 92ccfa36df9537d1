"""Engagement log, incoming requests, goals and the policy-driven portfolio (C2 and C5): engagements
and their parts, proposals with screening rules and partner-risk entries, goals and alignments,
portfolio settings and balancing scenarios.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("short_title", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("source_ref", sa.Text(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('priority', 'objective', 'sdg_goal', 'sdg_target', 'national_priority')",
            name=op.f("ck_goals_kind"),
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_goals_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["goals.id"], name=op.f("fk_goals_parent_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_goals_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index("ix_goals_parent", ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goals_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_goals_tenant_kind", ["tenant_id", "kind"], unique=False)

    op.create_table(
        "intake_rules",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "params", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_intake_rules_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "kind", name=op.f("pk_intake_rules")),
    )
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("base_id", sa.Uuid(), nullable=True),
        sa.Column(
            "plan", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "adjustments", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "result", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column("solved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_scenarios_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["base_id"], ["scenarios.id"], name=op.f("fk_scenarios_base_id_scenarios"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_scenarios_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
    )
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.create_index("ix_scenarios_base", ["base_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scenarios_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "engagements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        sa.Column(
            "policy_areas",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("cost_currency", sa.String(length=3), nullable=True),
        sa.Column("staff_days", sa.Float(), nullable=True),
        sa.Column("outcomes", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "links", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=150), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('meeting', 'call', 'inbound_delegation', 'outbound_visit', 'event_hosted', 'event_attended', "
            "'trade_mission', 'agreement_signing', 'programme')",
            name=op.f("ck_engagements_kind"),
        ),
        sa.CheckConstraint("origin IN ('form', 'api', 'import', 'demo')", name=op.f("ck_engagements_origin")),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_engagements_visibility")
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_engagements_dates")),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_engagements_department_id_departments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_engagements_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagements")),
    )
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index("ix_engagements_department", ["department_id", "start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_engagements_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_engagements_tenant_start", ["tenant_id", "start_date"], unique=False)

    op.create_table(
        "portfolio_settings",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("home_actor_id", sa.Uuid(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "goal_weights",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("dormant_years", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_actor_id"],
            ["actors.id"],
            name=op.f("fk_portfolio_settings_home_actor_id_actors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_portfolio_settings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_portfolio_settings")),
    )
    op.create_table(
        "risk_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_ref", sa.Text(), nullable=True),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_risk_entries_visibility")
        ),
        sa.CheckConstraint("actor_id IS NOT NULL OR country_code IS NOT NULL", name=op.f("ck_risk_entries_subject")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_risk_entries_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_risk_entries_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_entries")),
    )
    with op.batch_alter_table("risk_entries", schema=None) as batch_op:
        batch_op.create_index("ix_risk_entries_actor", ["actor_id"], unique=False)
        batch_op.create_index("ix_risk_entries_country", ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_entries_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "alignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tie_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_alignments_visibility")
        ),
        sa.CheckConstraint("weight > 0 AND weight <= 1", name=op.f("ck_alignments_weight")),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_alignments_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_alignments_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["tie_id"], ["ties.id"], name=op.f("fk_alignments_tie_id_ties"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alignments")),
    )
    with op.batch_alter_table("alignments", schema=None) as batch_op:
        batch_op.create_index("ix_alignments_goal", ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alignments_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("uq_alignments_tenant_tie_goal", ["tenant_id", "tie_id", "goal_id"], unique=True)

    op.create_table(
        "engagement_departments",
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_engagement_departments_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_departments_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "department_id", name=op.f("pk_engagement_departments")),
    )
    op.create_table(
        "engagement_goals",
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("goal_id", sa.Uuid(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.CheckConstraint("weight > 0 AND weight <= 1", name=op.f("ck_engagement_goals_weight")),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_goals_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_engagement_goals_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("engagement_id", "goal_id", name=op.f("pk_engagement_goals")),
    )
    with op.batch_alter_table("engagement_goals", schema=None) as batch_op:
        batch_op.create_index("ix_engagement_goals_goal", ["goal_id"], unique=False)

    op.create_table(
        "engagement_occurrences",
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_occurrences_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "position", name=op.f("pk_engagement_occurrences")),
    )
    op.create_table(
        "engagement_participants",
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "(actor_id IS NULL) <> (person_id IS NULL)", name=op.f("ck_engagement_participants_one_party")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_engagement_participants_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_engagement_participants_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_participants_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_engagement_participants_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("engagement_id", "position", name=op.f("pk_engagement_participants")),
    )
    with op.batch_alter_table("engagement_participants", schema=None) as batch_op:
        batch_op.create_index("ix_engagement_participants_actor", ["actor_id"], unique=False)
        batch_op.create_index("ix_engagement_participants_person", ["person_id"], unique=False)
        batch_op.create_index(
            "ix_engagement_participants_tenant", ["tenant_id", "engagement_id", "actor_id", "person_id"], unique=False
        )

    op.create_table(
        "engagement_relations",
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("related_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("engagement_id <> related_id", name=op.f("ck_engagement_relations_not_self")),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_relations_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["related_id"],
            ["engagements.id"],
            name=op.f("fk_engagement_relations_related_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("engagement_id", "related_id", name=op.f("pk_engagement_relations")),
    )
    with op.batch_alter_table("engagement_relations", schema=None) as batch_op:
        batch_op.create_index("ix_engagement_relations_related", ["related_id"], unique=False)

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("engagement_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name=op.f("ck_follow_ups_status")),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_follow_ups_engagement_id_engagements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index("ix_follow_ups_engagement", ["engagement_id"], unique=False)

    op.create_table(
        "proposals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("requester_actor_id", sa.Uuid(), nullable=True),
        sa.Column("requester_name", sa.String(length=500), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "topics", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("proposed_start", sa.Date(), nullable=True),
        sa.Column("proposed_end", sa.Date(), nullable=True),
        sa.Column(
            "attendees", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("cost_currency", sa.String(length=3), nullable=True),
        sa.Column(
            "requester_industries",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "screening", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=150), nullable=True),
        sa.Column("engagement_id", sa.Uuid(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('delegation_visit', 'partnership', 'other')", name=op.f("ck_proposals_kind")),
        sa.CheckConstraint(
            "status IN ('received', 'accepted', 'declined', 'withdrawn')", name=op.f("ck_proposals_status")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_proposals_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_proposals_engagement_id_engagements"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requester_actor_id"],
            ["actors.id"],
            name=op.f("fk_proposals_requester_actor_id_actors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_proposals_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index("ix_proposals_requester", ["requester_actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_proposals_tenant_received", ["tenant_id", "received_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_proposals_tenant_received")
        batch_op.drop_index(batch_op.f("ix_proposals_tenant_id"))
        batch_op.drop_index("ix_proposals_requester")

    op.drop_table("proposals")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_engagement")

    op.drop_table("follow_ups")
    with op.batch_alter_table("engagement_relations", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_relations_related")

    op.drop_table("engagement_relations")
    with op.batch_alter_table("engagement_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_participants_tenant")
        batch_op.drop_index("ix_engagement_participants_person")
        batch_op.drop_index("ix_engagement_participants_actor")

    op.drop_table("engagement_participants")
    op.drop_table("engagement_occurrences")
    with op.batch_alter_table("engagement_goals", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_goals_goal")

    op.drop_table("engagement_goals")
    op.drop_table("engagement_departments")
    with op.batch_alter_table("alignments", schema=None) as batch_op:
        batch_op.drop_index("uq_alignments_tenant_tie_goal")
        batch_op.drop_index(batch_op.f("ix_alignments_tenant_id"))
        batch_op.drop_index("ix_alignments_goal")

    op.drop_table("alignments")
    with op.batch_alter_table("risk_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_entries_tenant_id"))
        batch_op.drop_index("ix_risk_entries_country")
        batch_op.drop_index("ix_risk_entries_actor")

    op.drop_table("risk_entries")
    op.drop_table("portfolio_settings")
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index("ix_engagements_tenant_start")
        batch_op.drop_index(batch_op.f("ix_engagements_tenant_id"))
        batch_op.drop_index("ix_engagements_department")

    op.drop_table("engagements")
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenarios_tenant_id"))
        batch_op.drop_index("ix_scenarios_base")

    op.drop_table("scenarios")
    op.drop_table("intake_rules")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index("ix_goals_tenant_kind")
        batch_op.drop_index(batch_op.f("ix_goals_tenant_id"))
        batch_op.drop_index("ix_goals_parent")

    op.drop_table("goals")
