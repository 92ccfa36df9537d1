"""Engines, connections and transactions for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from proxenia.domain.errors import DatabaseUnavailable

__all__ = ["Connection", "Database", "QueryCounter"]

BUSY_TIMEOUT_MS = 30_000  # how long a SQLite write waits for the lock before it fails
WRITE_IF_FREE_WAIT_MS = 200  # how long PostgreSQL waits for a row lock in write_if_free


class QueryCounter:
    """Counts the SQL statements an engine runs, for query-count budgets in tests."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []


class Database:
    """One database: its engine and the transactions services run in."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 5) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except exc.ArgumentError:
            raise DatabaseUnavailable(
                f"PROXENIA_DATABASE_URL '{_hide_password(url)}' is not a database URL "
                "(sqlite:///path/to/file.db or postgresql+psycopg://user@host/name)"
            ) from None
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_size"] = pool_size
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (exc.NoSuchModuleError, ImportError) as error:
            raise DatabaseUnavailable(
                f"PROXENIA_DATABASE_URL names a database Proxenia cannot drive ({parsed.drivername}): {error}; "
                "use sqlite:/// or postgresql+psycopg://"
            ) from None
        self._counters: list[QueryCounter] = []
        self._lock = threading.Lock()
        # SQLite reads the planner's statistics when a connection loads the schema, and never again: after
        # an ANALYZE, pooled connections are replaced (at their next checkout) so that every query plans
        # with the new statistics.
        self._statistics_generation = 0
        self._statistics_seen: int | None = None  # fingerprint of sqlite_stat1 at the last refresh
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            if parsed.database and parsed.database != ":memory:":  # a new connection to memory is a new database
                event.listen(self.engine, "connect", self._stamp_statistics)
                event.listen(self.engine, "checkout", self._check_statistics)
            event.listen(self.engine, "begin", _sqlite_begin)
        event.listen(self.engine, "before_cursor_execute", self._count)

    def ensure_reachable(self) -> None:
        """Connect once, so that a server that does not answer, or a file that is not a database, is one clear
        error before any work starts."""
        try:
            with self.engine.connect() as conn:
                if self.is_sqlite:
                    conn.exec_driver_sql("PRAGMA schema_version").scalar()
        except (exc.OperationalError, exc.InterfaceError, exc.DatabaseError) as error:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise DatabaseUnavailable(
                f"cannot use the database at {_hide_password(self.url)}: {reason}"
            ) from None

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextlib.contextmanager
    def begin(self) -> Iterator[Connection]:
        """A read-write transaction: committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    def write_if_free(self, work: Callable[[Connection], None]) -> bool:
        """Run ``work`` in a read-write transaction unless that means waiting for another writer (SQLite's
        single write lock, a row lock on PostgreSQL); False if it gave up, with nothing written. For notes
        that may be skipped, such as when a token was last used: a read must not queue behind an import."""
        with self.engine.connect() as conn:
            try:
                with conn.begin():
                    if self.is_sqlite:
                        conn.exec_driver_sql("PRAGMA busy_timeout=0")  # the connection's, until set back below
                    else:
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_IF_FREE_WAIT_MS}ms'")
                    work(conn)
                return True
            except exc.OperationalError:
                return False
            finally:
                if self.is_sqlite:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                    conn.rollback()

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only unit of work (rolled back at the end)."""
        with self.engine.connect() as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    @contextlib.contextmanager
    def count_queries(self) -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with self._lock:
            self._counters.append(counter)
        try:
            yield counter
        finally:
            with self._lock:
                self._counters.remove(counter)

    def _count(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        for counter in self._counters:
            counter.count += 1
            counter.statements.append(statement)

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk load, so that it keeps choosing the right indexes."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        self._statistics_changed()

    def refresh_statistics(self) -> list[str]:
        """Analyse the SQLite tables never analysed, or whose size changed tenfold since they were (what
        ``PRAGMA optimize=0x10002`` does from SQLite 3.46): without current statistics the planner reads
        every readable practice to find a few by id. Returns the tables analysed. PostgreSQL's autovacuum
        keeps its own statistics."""
        if not self.is_sqlite:
            return []
        with self.read() as conn:  # counting reads only: the write below is taken only if something is stale
            tables = list(
                conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
                ).scalars()
            )
            statistics = _statistics(conn)
            analysed: dict[str, int] = {}
            for table, _, stat in statistics:
                analysed[table] = max(analysed.get(table, 0), int(str(stat).split()[0]))
            stale = []
            for table in tables:
                rows = int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0)
                before = analysed.get(table)
                if rows >= 100 and (before is None or not before / 10 <= rows <= before * 10):
                    stale.append(table)
        if stale:
            with self.engine.begin() as conn:
                for table in stale:
                    conn.exec_driver_sql(f'ANALYZE "{table}"')
                statistics = _statistics(conn)
        # new statistics, whether this process or another one analysed
        fingerprint = hash(tuple(statistics))
        if fingerprint != self._statistics_seen:
            self._statistics_seen = fingerprint
            self._statistics_changed()
        return stale

    def _statistics_changed(self) -> None:
        with self._lock:
            self._statistics_generation += 1

    def _stamp_statistics(self, _dbapi_connection: Any, record: Any) -> None:
        record.info["statistics"] = self._statistics_generation

    def _check_statistics(self, _dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("statistics") != self._statistics_generation:
            # the pool discards this connection and checks out a new one, which loads the statistics
            raise exc.DisconnectionError("the planner's statistics changed since this connection loaded them")

    def dispose(self) -> None:
        self.engine.dispose()


#: Bytes of an SQLite database read through a memory mapping (address space, not memory: the OS pages).
MMAP_BYTES = 1 << 30


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (pysqlite's own transaction handling is off).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    # Read pages in place from the file mapping (the OS page cache) rather than copying each into the
    # connection's cache: a full-text ranking streams through many index pages and would otherwise evict
    # the rows read right after it, each read back with a system call.
    cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    cursor.close()


def _statistics(conn: Connection) -> list[tuple[str, str, str]]:
    """Every row of sqlite_stat1 (none before the first ANALYZE), in a stable order."""
    if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        return []
    rows = conn.exec_driver_sql("SELECT tbl, coalesce(idx, ''), stat FROM sqlite_stat1 ORDER BY tbl, idx")
    return [(str(t), str(i), str(s)) for t, i, s in rows]


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url
