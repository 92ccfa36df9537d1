"""The audit trail's last change, of all records or of some kinds (and of one tenant's), on SQLite and
PostgreSQL: what kept reads key on, read in one statement through ``ix_changes_kind``."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.audit import last_change_id, last_changes
from proxenia.store.records import ChangeLog
from proxenia.store.tables import changes

SYSTEM = Viewer.system("tests")


def test_the_last_change_of_some_kinds_is_one_seek_each(services: Services) -> None:
    with services.db.begin() as conn:
        log = ChangeLog(conn)
        for kind in ("actor", "engagement", "actor", "goal", "engagement"):
            log.record(SYSTEM, kind=kind, record_id=uuid.uuid4(), action="create", tenant_id=None)
    with services.db.read() as conn:
        ids = {kind: int(conn.scalar(select(func.max(changes.c.id)).where(changes.c.record_kind == kind)))
               for kind in ("actor", "engagement", "goal")}
        assert last_change_id(conn) == ids["engagement"]
        assert last_change_id(conn, {"actor"}) == ids["actor"]
        assert last_change_id(conn, {"actor", "goal"}) == max(ids["actor"], ids["goal"])
        assert last_change_id(conn, {"no such kind"}) == 0 and last_change_id(conn, ()) == 0
        assert last_changes(conn, {"goal", "actor", "no such kind"}) == (ids["actor"], ids["goal"], 0)
        assert last_changes(conn, {"goal"}, tenant_kinds={"actor"}, tenant_id=uuid.uuid4()) == (ids["goal"], 0)
        if conn.dialect.name == "sqlite":
            with services.db.count_queries() as counter:
                last_change_id(conn, {"actor", "goal"})
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {counter.statements[-1]}", ("actor", "goal")).all()
            steps = " ".join(str(row[-1]) for row in plan)
            assert steps.count("SEARCH changes USING COVERING INDEX ix_changes_kind") == 2, steps
            assert "SCAN changes" not in steps, steps
