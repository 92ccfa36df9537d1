"""Database set-up: migrations, and whether the installation is ready."""

from __future__ import annotations

from proxenia.store import migrate
from proxenia.store.database import Database


class SetupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def migrate(self) -> None:
        """Create or upgrade the schema to the latest migration."""
        self.db.ensure_reachable()
        migrate.upgrade(self.db)

    def is_current(self) -> bool:
        return migrate.is_current(self.db)

    @property
    def dialect(self) -> str:
        return self.db.dialect
