"""Fixtures: settings, fresh SQLite and PostgreSQL databases per test, services, app client, CLI runner.

PostgreSQL is a real throwaway server the suite starts itself (initdb + pg_ctl into a temporary
directory). Each test gets a fresh database copied from a migrated template, on both engines.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.services.container import Services, build_services
from proxenia.store.database import Database
from proxenia.store.migrate import upgrade
from tests.support.postgres import PostgresServer, find_binaries

ENGINES = ("sqlite", "postgres")
_counter = itertools.count()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "engine" in getattr(item, "fixturenames", ()) and "[postgres" in item.nodeid:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = find_binaries()
    if bindir is None:
        if os.environ.get("PROXENIA_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) are required but were not found")
        pytest.skip("PostgreSQL binaries not found")
    server = PostgresServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    admin = sa.create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE proxenia_template")
    admin.dispose()
    db = Database(pg_server.url("proxenia_template"))
    upgrade(db)
    db.dispose()
    return "proxenia_template"


def fresh_database_url(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if engine == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / f"test-{next(_counter)}.db"
        shutil.copy(template, target)
        return f"sqlite:///{target}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    template_name: str = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    admin.dispose()
    return server.url(name)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database_url(engine, request, tmp_path)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment="test", secret_key="test-secret-" + "x" * 32)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def db(services: Services) -> Database:
    return services.db


@pytest.fixture
def client(settings: Settings, services: Services) -> Iterator[TestClient]:
    app = create_app(settings, services=services)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def reference_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with the whole reference data, loaded once by the real `proxenia init` command."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("reference") / "reference.db"
    env = {**os.environ, "PROXENIA_DATABASE_URL": f"sqlite:///{path}"}
    result = subprocess.run(
        [sys.executable, "-m", "proxenia", "init"], env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def copy_sqlite(source: Path, target: Path) -> str:
    """Copy a SQLite database (with its write-ahead log, if any); returns the copy's URL."""
    shutil.copy(source, target)
    for suffix in ("-wal", "-shm"):
        side = Path(str(source) + suffix)
        if side.exists():
            shutil.copy(side, Path(str(target) + suffix))
    return f"sqlite:///{target}"


@pytest.fixture
def reference_copy(reference_sqlite: Path, tmp_path: Path) -> str:
    """A fresh copy of the reference database for one test; returns its URL."""
    return copy_sqlite(reference_sqlite, tmp_path / "reference-copy.db")
