"""The migrations and the tables in store/tables agree (Alembic's compare, like `alembic check`)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from proxenia.services.container import Services
from proxenia.store import migrate
from proxenia.store.fulltext import include_name
from proxenia.store.tables import metadata


def test_models_and_migrations_agree(services: Services) -> None:
    with services.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(context, metadata)
    assert diff == [], f"tables and migrations differ; add a migration: {diff}"


def test_database_is_at_head_and_upgrade_is_idempotent(services: Services) -> None:
    assert migrate.is_current(services.db)
    migrate.upgrade(services.db)
    assert migrate.current_revision(services.db) == migrate.head_revision(services.db)
