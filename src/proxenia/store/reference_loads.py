"""Which reference data sets were loaded, with their checksum and report (so a rerun changes nothing)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from proxenia.store.columns import utcnow
from proxenia.store.tables import reference_loads


class ReferenceLoadRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, dataset: str) -> tuple[str, dict[str, Any]] | None:
        row = self.conn.execute(select(reference_loads).where(reference_loads.c.dataset == dataset)).first()
        return (row.checksum, dict(row.report)) if row else None

    def record(self, dataset: str, checksum: str, report: dict[str, Any]) -> None:
        self.conn.execute(delete(reference_loads).where(reference_loads.c.dataset == dataset))
        self.conn.execute(
            insert(reference_loads).values(dataset=dataset, checksum=checksum, loaded_at=utcnow(), report=report)
        )
