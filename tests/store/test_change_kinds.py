"""The audit trail's last change, of all records or of some kinds (and of one tenant's), on SQLite and
PostgreSQL: what kept reads key on, read in one statement through ``ix_changes_kind``, and moved by a
change that commits after a later-numbered one."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Connection, func, select

from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.audit import TrailMark, changes_since, last_change_id, last_changes, trail_mark
from proxenia.store.records import ChangeLog
from proxenia.store.tables import changes

SYSTEM = Viewer.system("tests")


def _log(conn: Connection, kind: str, tenant_id: uuid.UUID | None = None) -> int:
    ChangeLog(conn).record(SYSTEM, kind=kind, record_id=uuid.uuid4(), action="create", tenant_id=tenant_id)
    return int(conn.scalar(select(func.max(changes.c.id)).where(changes.c.record_kind == kind)) or 0)


def test_the_last_change_of_some_kinds_is_one_seek_each(services: Services, engine: str) -> None:
    tenant = uuid.uuid4()
    with services.db.begin() as conn:
        for kind in ("actor", "engagement", "actor", "goal", "engagement"):
            _log(conn, kind)
        _log(conn, "goal", tenant)
    with services.db.read() as conn:
        ids = {kind: int(conn.scalar(select(func.max(changes.c.id)).where(changes.c.record_kind == kind)))
               for kind in ("actor", "engagement", "goal")}
        assert last_change_id(conn) == ids["goal"]
        stamp = last_changes(conn, {"goal", "actor", "no such kind"})
        mine = last_changes(conn, {"actor"}, tenant_kinds={"goal"}, tenant_id=tenant)
        theirs = last_changes(conn, {"actor"}, tenant_kinds={"goal"}, tenant_id=uuid.uuid4())
        assert last_changes(conn, ()) == ()
        actors = set(conn.scalars(select(changes.c.id).where(changes.c.record_kind == "actor")))
        assert trail_mark(conn, {"actor"}) == TrailMark(ids["goal"], frozenset(actors))
        assert trail_mark(conn, {"goal"}, tenant_id=tenant) == TrailMark(ids["goal"], frozenset({ids["goal"]}))
        assert trail_mark(conn, {"no such kind"}) == TrailMark(ids["goal"])
        since = changes_since(conn, TrailMark(0), {"engagement"})
        assert [r[1] for r in since.rows] == ["engagement"] * 2 and since.mark.last_id == ids["engagement"]
        assert changes_since(conn, since.mark, {"engagement"}).rows == []
        if engine == "sqlite":
            assert stamp == (ids["actor"], ids["goal"], 0)
            assert mine == (ids["actor"], ids["goal"]) and theirs == (ids["actor"], 0)
            with services.db.count_queries() as counter:
                last_changes(conn, {"actor", "goal"})
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {counter.statements[-1]}", ("actor", "goal")).all()
            steps = " ".join(str(row[-1]) for row in plan)
            assert steps.count("SEARCH changes USING COVERING INDEX ix_changes_kind") == 2, steps
            assert "SCAN changes" not in steps, steps
        else:  # each kind's last change, then how many of its changes lie just below it
            assert stamp == (ids["actor"], 2, ids["goal"], 2, 0, 0)
            assert mine == (ids["actor"], 2, ids["goal"], 1) and theirs == (ids["actor"], 2, 0, 0)


def test_a_change_committed_after_a_later_numbered_one_moves_the_stamp(services: Services, engine: str) -> None:
    if engine == "sqlite":
        pytest.skip("SQLite has one writer at a time: its changes commit in the order of their ids")
    with services.db.engine.connect() as slow:
        slow.begin()
        early = _log(slow, "adoption")  # numbered first, committed last
        with services.db.begin() as conn:
            late = _log(conn, "adoption")
        assert early < late
        with services.db.read() as conn:
            before = last_changes(conn, {"adoption"})
        slow.commit()
    with services.db.read() as conn:
        after = last_changes(conn, {"adoption"})
        assert int(conn.scalar(select(func.max(changes.c.id)).where(changes.c.record_kind == "adoption"))) == late
    assert after != before
