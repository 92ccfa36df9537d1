"""The multilevel federation (C6): the office's country flags, reporting campaigns (questions, recipients,
the members' responses), messages from the office to one member (reminders, routings to missions), and
multilateral processes with the members' participations and submissions.

Membership itself lives in ``tenancy.federation_members``; records the members share with the
federation keep living in their own tables at the ``federation`` sharing level."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
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

QUESTION_KINDS = ("number", "choice", "text", "date", "records")
PROCESS_KINDS = ("summit", "un_process", "network_process", "other")
PARTICIPATION_ROLES = ("host", "co_host", "speaker", "delegate", "signatory", "observer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


federation_flags = Table(
    "federation_flags",
    metadata,
    id_column(),
    Column("federation_id", Uuid(), ForeignKey("federations.id", ondelete="CASCADE"), nullable=False),
    Column("country_code", String(2), nullable=False),
    Column("note", Text, nullable=False, default=""),
    *ownership_columns("federation_flags"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    Index("uq_federation_flags_country", "federation_id", "country_code", unique=True),
)

campaigns = Table(
    "campaigns",
    metadata,
    id_column(),
    Column("federation_id", Uuid(), ForeignKey("federations.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("topic", String(200), nullable=False, default=""),
    Column("deadline", Date),
    Column("status", String(16), nullable=False, default="draft"),
    Column("opened_at", DateTime(timezone=True)),
    *ownership_columns("campaigns"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
    Index("ix_campaigns_federation", "federation_id", "status"),
)

campaign_questions = Table(
    "campaign_questions",
    metadata,
    Column("campaign_id", Uuid(), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("label", Text, nullable=False),
    Column("help", Text, nullable=False, default=""),
    Column("required", Boolean, nullable=False, default=False),
    Column("min_value", Float),
    Column("max_value", Float),
    Column("choices", JsonType, nullable=False, default=list),
    Column("source", String(64)),
    CheckConstraint(_in("kind", QUESTION_KINDS), name="kind"),
    Index("uq_campaign_questions_key", "campaign_id", "key", unique=True),
)

campaign_recipients = Table(
    "campaign_recipients",
    metadata,
    Column("campaign_id", Uuid(), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Index("ix_campaign_recipients_tenant", "tenant_id"),
)

campaign_responses = Table(
    "campaign_responses",
    metadata,
    id_column(),
    Column("campaign_id", Uuid(), ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False, default="draft"),
    Column("answers", JsonType, nullable=False, default=dict),
    Column("submitted_at", DateTime(timezone=True)),
    Column("submitted_by", String(150)),
    *ownership_columns("campaign_responses"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('draft', 'submitted')", name="status"),
    Index("uq_campaign_responses_member", "campaign_id", "tenant_id", unique=True),
)

federation_messages = Table(
    "federation_messages",
    metadata,
    id_column(),
    Column("federation_id", Uuid(), ForeignKey("federations.id", ondelete="CASCADE"), nullable=False),
    Column("addressee_tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False, default=""),
    Column("campaign_id", Uuid(), ForeignKey("campaigns.id", ondelete="CASCADE")),
    Column("mission_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE")),
    Column("subject_kind", String(16)),
    Column("subject_id", Uuid()),
    Column("sent_by", String(150)),
    *ownership_columns("federation_messages"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("kind IN ('reminder', 'routing')", name="kind"),
    CheckConstraint("subject_kind IS NULL OR subject_kind IN ('engagement', 'request')", name="subject_kind"),
    Index("ix_federation_messages_addressee", "addressee_tenant_id", "created_at"),
    Index("ix_federation_messages_campaign", "campaign_id", "addressee_tenant_id"),
    Index("ix_federation_messages_mission", "mission_id"),
)

processes = Table(
    "processes",
    metadata,
    id_column(),
    Column("kind", String(32), nullable=False),
    Column("name", String(300), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("place", String(300)),
    Column("url", String(500)),
    Column("source_ref", Text),
    *ownership_columns("processes"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint(_in("kind", PROCESS_KINDS), name="kind"),
)

process_participations = Table(
    "process_participations",
    metadata,
    id_column(),
    Column("process_id", Uuid(), ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("role", String(16), nullable=False),
    Column("note", Text, nullable=False, default=""),
    *ownership_columns("process_participations"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint(_in("role", PARTICIPATION_ROLES), name="role"),
    Index("ix_process_participations_process", "process_id"),
)

process_submissions = Table(
    "process_submissions",
    metadata,
    id_column(),
    Column("process_id", Uuid(), ForeignKey("processes.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(500), nullable=False),
    Column("submitted_on", String(10)),
    Column("summary", Text, nullable=False, default=""),
    Column("url", String(500)),
    *ownership_columns("process_submissions"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    Index("ix_process_submissions_process", "process_id"),
)
