"""The practice exchange: policy areas, practices, adoptions and transfers, shares, links to pledges
and goals, requests for help and their responses; the full-text document and embeddings of practices.

Full-text structures that differ by dialect (SQLite's FTS5 table, PostgreSQL's GIN index) are made by
the migration and named in ``store.fulltext``; they are not part of this MetaData.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from proxenia.store.columns import JsonType, id_column, ownership_columns
from proxenia.store.tables.base import VISIBILITY_CHECK, metadata

policy_areas = Table(
    "policy_areas",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("scheme", String(16), nullable=False),
    Column("related", JsonType, nullable=False, default=list),
    Column("position", Integer, nullable=False, default=0),
)

practices = Table(
    "practices",
    metadata,
    id_column(),
    Column("title", String(300), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("problem", Text, nullable=False, default=""),
    Column("approach", Text, nullable=False, default=""),
    Column("resources", Text, nullable=False, default=""),
    Column("outcomes", Text, nullable=False, default=""),
    Column("originator_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("start_date", String(10)),
    Column("evidence_level", String(32)),
    Column("context", JsonType, nullable=False, default=dict),
    Column("contacts", JsonType, nullable=False, default=list),
    Column("links", JsonType, nullable=False, default=list),
    Column("status", String(16), nullable=False, default="draft"),
    Column("curator_tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="SET NULL")),
    Column("submitted_at", DateTime(timezone=True)),
    Column("validated_at", DateTime(timezone=True)),
    Column("validated_by", String(200)),
    Column("published_at", DateTime(timezone=True)),
    Column("review_note", Text),
    Column("source_ref", Text),
    Column("attributes", JsonType, nullable=False, default=dict),
    *ownership_columns("practices"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('draft', 'submitted', 'validated', 'published')", name="status"),
    CheckConstraint(
        "evidence_level IS NULL OR evidence_level IN ('anecdotal', 'monitored', 'independently_evaluated')",
        name="evidence_level",
    ),
    Index("ix_practices_status", "status", "start_date"),
    Index("ix_practices_originator", "originator_id"),
    Index("ix_practices_curator", "curator_tenant_id", "status"),
    # Covers the permission filter, so listing the ids a viewer may read reads no table rows.
    Index("ix_practices_readable", "status", "visibility", "tenant_id", "curator_tenant_id", "id"),
    # The most recent first (listings without words): read in order, stopping once a page is full.
    Index("ix_practices_recent", "status", "created_at"),
)

practice_areas = Table(
    "practice_areas",
    metadata,
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("area_code", String(64), ForeignKey("policy_areas.code"), primary_key=True),
    Index("ix_practice_areas_area", "area_code"),
)

#: The text full-text search indexes, one row per practice (kept apart so the audit trail stays lean).
practice_search = Table(
    "practice_search",
    metadata,
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("document", Text, nullable=False),
    Column("digest", String(64), nullable=False),
)

practice_embeddings = Table(
    "practice_embeddings",
    metadata,
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(200), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

adoptions = Table(
    "adoptions",
    metadata,
    id_column(),
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), nullable=False),
    Column("adopter_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("learned_from_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("date", String(10)),
    Column("status", String(16), nullable=False, default="adopted"),
    Column("adaptations", Text, nullable=False, default=""),
    Column("outcome", Text, nullable=False, default=""),
    Column("stakeholders", JsonType, nullable=False, default=list),
    Column("source_ref", Text),
    *ownership_columns("adoptions"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('planned', 'in_progress', 'adopted', 'abandoned')", name="status"),
    CheckConstraint("learned_from_id IS NULL OR learned_from_id <> adopter_id", name="not_self"),
    UniqueConstraint("practice_id", "adopter_id", name="uq_adoptions_practice_adopter"),
    Index("ix_adoptions_adopter", "adopter_id", "date"),
    # only the adoptions that name a teacher (most do not: with the NULLs, statistics mislead the planner)
    Index(
        "ix_adoptions_learned_from",
        "learned_from_id",
        sqlite_where=text("learned_from_id IS NOT NULL"),
        postgresql_where=text("learned_from_id IS NOT NULL"),
    ),
)

transfer_steps = Table(
    "transfer_steps",
    metadata,
    id_column(),
    Column("adoption_id", Uuid(), ForeignKey("adoptions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("phase", String(16), nullable=False),
    Column("title", String(500), nullable=False),
    Column("due_date", String(10)),
    Column("status", String(8), nullable=False, default="todo"),
    Column("position", Integer, nullable=False, default=0),
    CheckConstraint("phase IN ('understand', 'adapt', 'reuse')", name="phase"),
    CheckConstraint("status IN ('todo', 'doing', 'done')", name="status"),
)

adoption_followups = Table(
    "adoption_followups",
    metadata,
    id_column(),
    Column("adoption_id", Uuid(), ForeignKey("adoptions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("date", String(10)),
    Column("result", Text, nullable=False),
    Column("indicator", String(300)),
    Column("value", String(200)),
)

practice_shares = Table(
    "practice_shares",
    metadata,
    id_column(),
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("from_actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("to_actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE")),
    Column("recipients", Text),
    Column("date", String(10)),
    Column("note", Text, nullable=False, default=""),
    Column("source_ref", Text),
    *ownership_columns("practice_shares"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("to_actor_id IS NOT NULL OR recipients IS NOT NULL", name="recipient"),
)

#: What a practice serves: a pledge (a tie of type pledge), a goal (C5, no foreign key yet) or an agreement.
practice_links = Table(
    "practice_links",
    metadata,
    id_column(),
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("tie_id", Uuid(), ForeignKey("ties.id", ondelete="CASCADE"), index=True),
    Column("agreement_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), index=True),
    Column("goal_id", Uuid(), index=True),
    Column("note", Text, nullable=False, default=""),
    Column("source_ref", Text),
    *ownership_columns("practice_links"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("kind IN ('pledge', 'goal', 'agreement')", name="kind"),
)

help_requests = Table(
    "help_requests",
    metadata,
    id_column(),
    Column("asker_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("policy_area", String(64), ForeignKey("policy_areas.code")),
    Column("needed_by", String(10)),
    Column("status", String(16), nullable=False, default="open"),
    *ownership_columns("help_requests"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('open', 'answered', 'closed')", name="status"),
    Index("ix_help_requests_status", "status", "needed_by"),
)

help_responses = Table(
    "help_responses",
    metadata,
    id_column(),
    Column("request_id", Uuid(), ForeignKey("help_requests.id", ondelete="CASCADE"), nullable=False, index=True),
    # The asking organisation reads every response to its request, whatever the response's level.
    Column("request_tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("responder_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("practice_id", Uuid(), ForeignKey("practices.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    Column("contact", String(500)),
    Column("author", String(200)),
    *ownership_columns("help_responses"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
)
