"""Multilevel federation (C6): the member's actor on federation memberships, the office's country flags,
reporting campaigns (questions, recipients, responses), messages from the office to one member
(reminders, routings to missions), and multilateral processes with participations and submissions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "processes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("start_date", sa.String(length=10), nullable=True),
        sa.Column("end_date", sa.String(length=10), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("source_ref", sa.Text(), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('summit', 'un_process', 'network_process', 'other')", name=op.f("ck_processes_kind")
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_processes_visibility")
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_processes_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processes")),
    )
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_processes_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("federation_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f("ck_campaigns_status")),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_campaigns_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_campaigns_federation_id_federations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_campaigns_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index("ix_campaigns_federation", ["federation_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaigns_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "federation_flags",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("federation_id", sa.Uuid(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')", name=op.f("ck_federation_flags_visibility")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_federation_flags_federation_id_federations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_federation_flags_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_flags")),
    )
    with op.batch_alter_table("federation_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_flags_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("uq_federation_flags_country", ["federation_id", "country_code"], unique=True)

    op.create_table(
        "process_participations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("process_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('host', 'co_host', 'speaker', 'delegate', 'signatory', 'observer')",
            name=op.f("ck_process_participations_role"),
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')",
            name=op.f("ck_process_participations_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_process_participations_actor_id_actors"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_participations_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_process_participations_tenant_id_tenants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_participations")),
    )
    with op.batch_alter_table("process_participations", schema=None) as batch_op:
        batch_op.create_index("ix_process_participations_process", ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_process_participations_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "process_submissions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("process_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("submitted_on", sa.String(length=10), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')",
            name=op.f("ck_process_submissions_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_process_submissions_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_process_submissions_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_submissions")),
    )
    with op.batch_alter_table("process_submissions", schema=None) as batch_op:
        batch_op.create_index("ix_process_submissions_process", ["process_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_process_submissions_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "campaign_questions",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("help", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column(
            "choices", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("source", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "kind IN ('number', 'choice', 'text', 'date', 'records')", name=op.f("ck_campaign_questions_kind")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_questions_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "position", name=op.f("pk_campaign_questions")),
    )
    with op.batch_alter_table("campaign_questions", schema=None) as batch_op:
        batch_op.create_index("uq_campaign_questions_key", ["campaign_id", "key"], unique=True)

    op.create_table(
        "campaign_recipients",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_recipients_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_campaign_recipients_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("campaign_id", "tenant_id", name=op.f("pk_campaign_recipients")),
    )
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.create_index("ix_campaign_recipients_tenant", ["tenant_id"], unique=False)

    op.create_table(
        "campaign_responses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "answers", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=150), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f("ck_campaign_responses_status")),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')",
            name=op.f("ck_campaign_responses_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_responses_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_campaign_responses_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_responses")),
    )
    with op.batch_alter_table("campaign_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_responses_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("uq_campaign_responses_member", ["campaign_id", "tenant_id"], unique=True)

    op.create_table(
        "federation_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("federation_id", sa.Uuid(), nullable=False),
        sa.Column("addressee_tenant_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("mission_id", sa.Uuid(), nullable=True),
        sa.Column("subject_kind", sa.String(length=16), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("sent_by", sa.String(length=150), nullable=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('reminder', 'routing')", name=op.f("ck_federation_messages_kind")),
        sa.CheckConstraint(
            "subject_kind IS NULL OR subject_kind IN ('engagement', 'request')",
            name=op.f("ck_federation_messages_subject_kind"),
        ),
        sa.CheckConstraint(
            "visibility IN ('private', 'partners', 'federation', 'public')",
            name=op.f("ck_federation_messages_visibility"),
        ),
        sa.ForeignKeyConstraint(
            ["addressee_tenant_id"],
            ["tenants.id"],
            name=op.f("fk_federation_messages_addressee_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_federation_messages_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_federation_messages_federation_id_federations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"], ["actors.id"], name=op.f("fk_federation_messages_mission_id_actors"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_federation_messages_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federation_messages")),
    )
    with op.batch_alter_table("federation_messages", schema=None) as batch_op:
        batch_op.create_index("ix_federation_messages_addressee", ["addressee_tenant_id", "created_at"], unique=False)
        batch_op.create_index("ix_federation_messages_campaign", ["campaign_id", "addressee_tenant_id"], unique=False)
        batch_op.create_index("ix_federation_messages_mission", ["mission_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_federation_messages_tenant_id"), ["tenant_id"], unique=False)

    with op.batch_alter_table("federation_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_federation_members_actor_id_actors"), "actors", ["actor_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("federation_members", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_federation_members_actor_id_actors"), type_="foreignkey")
        batch_op.drop_column("actor_id")

    with op.batch_alter_table("federation_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_messages_tenant_id"))
        batch_op.drop_index("ix_federation_messages_mission")
        batch_op.drop_index("ix_federation_messages_campaign")
        batch_op.drop_index("ix_federation_messages_addressee")

    op.drop_table("federation_messages")
    with op.batch_alter_table("campaign_responses", schema=None) as batch_op:
        batch_op.drop_index("uq_campaign_responses_member")
        batch_op.drop_index(batch_op.f("ix_campaign_responses_tenant_id"))

    op.drop_table("campaign_responses")
    with op.batch_alter_table("campaign_recipients", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_recipients_tenant")

    op.drop_table("campaign_recipients")
    with op.batch_alter_table("campaign_questions", schema=None) as batch_op:
        batch_op.drop_index("uq_campaign_questions_key")

    op.drop_table("campaign_questions")
    with op.batch_alter_table("process_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_submissions_tenant_id"))
        batch_op.drop_index("ix_process_submissions_process")

    op.drop_table("process_submissions")
    with op.batch_alter_table("process_participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_process_participations_tenant_id"))
        batch_op.drop_index("ix_process_participations_process")

    op.drop_table("process_participations")
    with op.batch_alter_table("federation_flags", schema=None) as batch_op:
        batch_op.drop_index("uq_federation_flags_country")
        batch_op.drop_index(batch_op.f("ix_federation_flags_tenant_id"))

    op.drop_table("federation_flags")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_tenant_id"))
        batch_op.drop_index("ix_campaigns_federation")

    op.drop_table("campaigns")
    with op.batch_alter_table("processes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processes_tenant_id"))

    op.drop_table("processes")
