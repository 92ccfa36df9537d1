"""The planner's statistics: SQLite tables never analysed (or grown tenfold since) are analysed, so a
lookup of a few practices by id probes the primary key instead of reading every readable practice."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select

from proxenia.domain.viewer import Viewer
from proxenia.store.database import Database
from proxenia.store.practices import practice_readable
from proxenia.store.tables import practices
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository


def _plan(db: Database) -> str:
    lookup = select(practices.c.id).where(practices.c.id.in_([uuid.uuid4()]), practice_readable(Viewer.anonymous()))
    with db.read() as conn:
        compiled = lookup.compile(conn, compile_kwargs={"literal_binds": True})
        return " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))


def test_tables_without_current_statistics_are_analysed_once(db: Database) -> None:
    if not db.is_sqlite:
        assert db.refresh_statistics() == []  # PostgreSQL's autovacuum keeps its own
        return
    db.refresh_statistics()
    with db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        rows = [
            {
                "id": uuid.uuid4(),
                "tenant_id": REFERENCE_TENANT_ID,
                "title": f"P{i}",
                "visibility": "public",
                "status": "published",
            }
            for i in range(2000)
        ]
        conn.execute(insert(practices), rows)
    assert "practices" in db.refresh_statistics()  # ten times larger than when last analysed
    assert "practices" not in db.refresh_statistics()  # current now
    assert "(id=?)" in _plan(db), _plan(db)
