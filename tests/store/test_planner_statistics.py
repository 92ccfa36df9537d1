"""The planner's statistics: SQLite tables never analysed, or grown tenfold since, are analysed again.

With statistics of a small table, SQLite looks up many practices by id (the word index's window of 801)
by scanning every readable practice; with current statistics it probes the primary key.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid

import pytest
from sqlalchemy import Connection, insert, select

from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.database import Database
from proxenia.store.practices import practice_readable
from proxenia.store.tables import practices
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository

WINDOW = 801  # ids looked up at once by the word index's first window
PRIMARY_KEY = "(id=?)"


def _plan(db: Database) -> str:
    with db.read() as conn:
        return _plan_on(conn)


def _plan_on(conn: Connection) -> str:
    ids = [uuid.uuid4() for _ in range(WINDOW)]
    lookup = select(practices.c.id).where(practices.c.id.in_(ids), practice_readable(Viewer.anonymous()))
    compiled = lookup.compile(conn, compile_kwargs={"literal_binds": True})
    return " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))


def _add_practices(db: Database, n: int) -> None:
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
            for i in range(n)
        ]
        conn.execute(insert(practices), rows)


def _analysed_when_small(db: Database) -> None:
    """Practices analysed at 150 rows, then grown to 20,150: the statistics send a lookup through a scan."""
    _add_practices(db, 150)
    assert "practices" in db.refresh_statistics()
    _add_practices(db, 20_000)
    assert PRIMARY_KEY not in _plan(db), _plan(db)  # the stale plan this guards against


def test_tables_grown_tenfold_are_analysed_again_once(db: Database) -> None:
    if not db.is_sqlite:
        assert db.refresh_statistics() == []  # PostgreSQL's autovacuum keeps its own
        return
    _analysed_when_small(db)
    assert "practices" in db.refresh_statistics()  # over ten times larger than when last analysed
    assert "practices" not in db.refresh_statistics()  # current now
    assert PRIMARY_KEY in _plan(db), _plan(db)


def test_every_pooled_connection_plans_with_the_new_statistics(db: Database) -> None:
    """SQLite loads statistics once per connection: connections pooled before an ANALYZE are replaced."""
    if not db.is_sqlite:
        pytest.skip("SQLite's statistics only")
    _analysed_when_small(db)
    with contextlib.ExitStack() as stack:  # several connections in the pool, each with the old statistics
        plans = [_plan_on(stack.enter_context(db.engine.connect())) for _ in range(4)]
    assert all(PRIMARY_KEY not in plan for plan in plans), plans
    assert "practices" in db.refresh_statistics()
    with contextlib.ExitStack() as stack:
        plans = [_plan_on(stack.enter_context(db.engine.connect())) for _ in range(4)]
    assert all(PRIMARY_KEY in plan for plan in plans), plans


def test_a_server_keeps_its_statistics_current_while_it_runs(services: Services) -> None:
    """The server's background check analyses a table that grew tenfold, and stops when asked."""
    db = services.db
    if not db.is_sqlite:
        pytest.skip("SQLite's statistics only: PostgreSQL's autovacuum keeps its own")
    _analysed_when_small(db)
    services.settings.statistics_interval_seconds = 0.05
    stop = threading.Event()
    worker = threading.Thread(target=services.keep_statistics, args=(stop,))
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while PRIMARY_KEY not in _plan(db) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
    assert PRIMARY_KEY in _plan(db), _plan(db)
    assert db.refresh_statistics() == []  # nothing left stale


def test_the_background_check_can_be_turned_off(services: Services) -> None:
    services.settings.statistics_interval_seconds = 0
    worker = threading.Thread(target=services.keep_statistics, args=(threading.Event(),))
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive()  # returns at once: nothing runs in the background
