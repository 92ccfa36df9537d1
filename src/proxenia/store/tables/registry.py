"""The registry: actors, their names and identifiers, tie types, ties, people and posts."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Uuid,
)

from proxenia.store.columns import JsonType, id_column, ownership_columns, utcnow
from proxenia.store.tables.base import VISIBILITY_CHECK, metadata

tie_types = Table(
    "tie_types",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("inverse_label", String(200), nullable=False),
    Column("directed", Boolean, nullable=False),
    Column("description", Text, nullable=False, default=""),
)

actors = Table(
    "actors",
    metadata,
    id_column(),
    Column("kind", String(32), nullable=False),
    Column("subtype", String(64)),
    Column("name", String(500), nullable=False),
    Column("name_folded", String(500), nullable=False),
    Column("country_code", String(2)),
    Column("subdivision_code", String(8)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("population", BigInteger),
    Column("parent_id", Uuid(), ForeignKey("actors.id", ondelete="SET NULL")),
    Column("resolved", Boolean, nullable=False, default=True),
    Column("attributes", JsonType, nullable=False, default=dict),
    *ownership_columns("actors"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    Index("ix_actors_country_kind", "country_code", "kind"),
    # Kind and size for the lists; the filter's columns and ``resolved`` after them, so the registry's counts
    # (actors by kind, unresolved ones) read this index alone, whoever asks (migration 0010).
    Index("ix_actors_kind_population", "kind", "population", "visibility", "tenant_id", "resolved"),
    Index("ix_actors_parent", "parent_id"),
    # The permission filter's columns beside the key: a name search counts its matches from this index
    # alone, as the unfiltered count does from the primary key (migration 0010).
    Index("ix_actors_access", "id", "visibility", "tenant_id"),
)

actor_names = Table(
    "actor_names",
    metadata,
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("folded", String(500), primary_key=True),
    Column("name", String(500), nullable=False),
    Column("role", String(8), nullable=False, default="other"),  # primary, other, word
    Index("ix_actor_names_folded", "folded", postgresql_ops={"folded": "text_pattern_ops"}),
)

identifiers = Table(
    "identifiers",
    metadata,
    Column("scheme", String(32), primary_key=True),
    Column("value", String(200), primary_key=True),
    Column("actor_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Index("ix_identifiers_actor", "actor_id"),
)

actor_redirects = Table(
    "actor_redirects",
    metadata,
    Column("old_id", Uuid(), primary_key=True),
    Column("new_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("merged_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

ties = Table(
    "ties",
    metadata,
    id_column(),
    Column("type_code", String(64), ForeignKey("tie_types.code"), nullable=False),
    Column("source_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("target_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    # Denormalised from the two actors so that country-to-country questions are one index range.
    Column("source_country", String(2)),
    Column("target_country", String(2)),
    Column("status", String(16), nullable=False, default="active"),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("rationale", Text),
    Column("source_ref", Text),
    Column("notes", Text),
    Column("attributes", JsonType, nullable=False, default=dict),
    *ownership_columns("ties"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
    CheckConstraint("status IN ('active', 'dormant', 'ended')", name="status"),
    CheckConstraint("source_id <> target_id", name="not_self"),
    Index("ix_ties_source", "source_id", "type_code"),
    Index("ix_ties_target", "target_id", "type_code"),
    Index("ix_ties_countries", "source_country", "target_country"),
    Index("ix_ties_countries_rev", "target_country", "source_country"),
    Index("ix_ties_access", "type_code", "visibility", "tenant_id"),  # ties by type, counted from it alone (0010)
)

people = Table(
    "people",
    metadata,
    id_column(),
    Column("name", String(300), nullable=False),
    Column("name_folded", String(300), nullable=False, index=True),
    Column("given_name", String(200)),
    Column("family_name", String(200)),
    Column("honorific_prefix", String(50)),
    Column("email", String(320)),
    Column("attributes", JsonType, nullable=False, default=dict),
    *ownership_columns("people"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
)

posts = Table(
    "posts",
    metadata,
    id_column(),
    Column("person_id", Uuid(), ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("organization_id", Uuid(), ForeignKey("actors.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", String(200), nullable=False),
    Column("label", String(300)),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    *ownership_columns("posts"),
    CheckConstraint(VISIBILITY_CHECK, name="visibility"),
)
