"""Bulk writes on SQLite and PostgreSQL: rows go through the driver's executemany in batches; every row
arrives, and a batch that fails stops the write and the transaction leaves nothing behind."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import func, select

from proxenia.services.container import Services
from proxenia.store import bulk
from proxenia.store.tables import tie_types


def _rows(codes: list[str]) -> list[dict[str, object]]:
    return [{"code": code, "label": f"Tie {code}", "inverse_label": f"Tie {code}", "directed": False,
             "description": "bulk test"} for code in codes]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(bulk, "BATCH", 4)  # 10 rows: three batches
    return 4


def _count(services: Services) -> int:
    with services.db.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(tie_types).where(
            tie_types.c.description == "bulk test")) or 0)


def test_every_batch_arrives(services: Services, small_batches: int) -> None:
    codes = [f"bulk_{i}" for i in range(10)]
    with services.db.begin() as conn:
        assert bulk.insert_rows(conn, tie_types, _rows(codes)) == 10
    with services.db.read() as conn:
        found = set(conn.scalars(select(tie_types.c.code).where(tie_types.c.description == "bulk test")))
    assert found == set(codes)


def test_a_failing_batch_stops_the_write_and_nothing_is_kept(services: Services, small_batches: int) -> None:
    codes = [f"bulk_{i}" for i in range(10)]
    codes[6] = codes[5]  # the second batch repeats a key
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)), services.db.begin() as conn:
        bulk.insert_rows(conn, tie_types, _rows(codes))
    assert _count(services) == 0
    with services.db.begin() as conn:  # the connection is usable again
        assert bulk.insert_rows(conn, tie_types, _rows(["bulk_ok"])) == 1
    assert _count(services) == 1
