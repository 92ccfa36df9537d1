"""Accounts: users, departments, sessions, API tokens, login attempts."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, String, Table, Uuid

from proxenia.store.columns import JsonType, id_column, utcnow
from proxenia.store.tables.base import metadata

users = Table(
    "users",
    metadata,
    id_column(),
    Column("username", String(150), nullable=False, unique=True),
    Column("display_name", String(300), nullable=False),
    Column("email", String(320)),
    Column("password_hash", String(300), nullable=False),
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), index=True),
    Column("role", String(16), nullable=False, default="viewer"),
    Column("is_installation_admin", Boolean, nullable=False, default=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("password_changed_at", DateTime(timezone=True), nullable=False, default=utcnow),
    CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),
)

departments = Table(
    "departments",
    metadata,
    id_column(),
    Column("tenant_id", Uuid(), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("slug", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Index("uq_departments_tenant_slug", "tenant_id", "slug", unique=True),
)

user_departments = Table(
    "user_departments",
    metadata,
    Column("user_id", Uuid(), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", Uuid(), ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid(), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("user_id", Uuid(), ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scopes", JsonType, nullable=False, default=list),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("succeeded", Boolean, nullable=False, default=False),
    Index("ix_login_attempts_key_at", "key", "at"),
)
