"""The audit trail: every change, who made it, when, before and after; per record and per user."""

from __future__ import annotations

import uuid

from proxenia.domain.errors import InvalidInput, PermissionDenied, Problem
from proxenia.domain.viewer import Viewer
from proxenia.store.audit import AuditRepository, ChangeEntry
from proxenia.store.audit_kinds import AUDIT_KINDS
from proxenia.store.database import Database


def checked_kind(kind: str | None) -> str | None:
    """The ``kind`` filter as given, or ``InvalidInput`` naming it and the kinds the trail has: an unknown
    kind is a mistake to say, not an empty trail."""
    if kind is None or kind in AUDIT_KINDS:
        return kind
    known = ", ".join(sorted(AUDIT_KINDS))
    raise InvalidInput(Problem(f"unknown record kind '{kind}' (known: {known})", column="kind"))


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
        kind = checked_kind(kind)
        with self.db.read() as conn:
            return AuditRepository(conn).query(
                viewer, record_id=record_id, username=username, kind=kind, limit=min(limit, 500), offset=offset
            )
