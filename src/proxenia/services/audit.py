"""The audit trail: every change, who made it, when, before and after; per record and per user."""

from __future__ import annotations

import uuid

from proxenia.domain.errors import PermissionDenied
from proxenia.domain.viewer import Viewer
from proxenia.store.audit import AuditRepository, ChangeEntry
from proxenia.store.database import Database


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def history(
        self,
        viewer: Viewer,
        *,
        record_id: uuid.UUID | None = None,
        username: str | None = None,
        kind: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ChangeEntry]:
        if viewer.is_anonymous:
            raise PermissionDenied("sign in to read the audit trail")
        with self.db.read() as conn:
            return AuditRepository(conn).query(
                viewer, record_id=record_id, username=username, kind=kind, limit=min(limit, 500), offset=offset
            )
