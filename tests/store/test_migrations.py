"""The migrations and the tables in store/tables agree (Alembic's compare, like `alembic check`)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from proxenia.domain.actors import ActorDraft, Identifier
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import reference_id, unnamed_signatory_name
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store import migrate
from proxenia.store.actors import ActorRepository
from proxenia.store.fulltext import include_name
from proxenia.store.practice_texts import PracticeTexts
from proxenia.store.tables import metadata, practice_search
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository
from tests.factories import make_tenant, viewer_for
from tests.practice_library import create_practices


def test_models_and_migrations_agree(services: Services) -> None:
    with services.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(context, metadata)
    assert diff == [], f"tables and migrations differ; add a migration: {diff}"


def test_database_is_at_head_and_upgrade_is_idempotent(services: Services) -> None:
    assert migrate.is_current(services.db)
    migrate.upgrade(services.db)
    assert migrate.current_revision(services.db) == migrate.head_revision(services.db)


def test_changes_of_practice_documents_are_numbered_through_a_downgrade_and_an_upgrade(services: Services) -> None:
    owner = make_tenant(services, "owner")
    first, second = create_practices(
        services, owner, [("flood barrier", Visibility.PUBLIC), ("heat plan", Visibility.PUBLIC)]
    )

    def migrate_to(revision: str) -> None:
        cfg = migrate.alembic_config(services.db)
        with services.db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.upgrade if revision == "head" else command.downgrade)(cfg, revision)

    migrate_to("0008")
    with services.db.begin() as conn:  # the stamp still moves without the changes table
        before = conn.exec_driver_sql("SELECT stamp FROM practice_index_stamps WHERE name = 'documents'").scalar_one()
        conn.execute(sa.delete(practice_search).where(practice_search.c.practice_id == second))
        after = conn.exec_driver_sql("SELECT stamp FROM practice_index_stamps WHERE name = 'documents'").scalar_one()
    assert after > before
    migrate_to("head")  # every document there is counted as changed at the current stamp
    with services.db.read() as conn:
        texts = PracticeTexts(conn)
        stamp = texts.stamp()
        assert [uuid.UUID(hex=k) for k, _, _ in texts.changes_since(stamp.change - 1)] == [first]
    services.practices.delete(Viewer.system("test"), first)
    [third] = create_practices(services, owner, [("tree planting", Visibility.PUBLIC)])
    with services.db.read() as conn:
        texts = PracticeTexts(conn)
        changed = {uuid.UUID(hex=k): (n, doc) for k, n, doc in texts.changes_since(stamp.change)}
        assert changed.keys() == {first, third} and changed[first][1] is None and "tree" in str(changed[third][1])
        assert max(n for n, _ in changed.values()) == texts.stamp().change
    assert second not in changed


def test_an_analysed_database_upgraded_past_0010_knows_the_new_index(services: Services) -> None:
    if services.db.dialect != "sqlite":
        return  # PostgreSQL's autovacuum analyses on its own
    owner = viewer_for(services, make_tenant(services, "owner"))
    for name in ("Alpha", "Beta", "Gamma"):
        services.edits.create_actor(owner, ActorDraft(kind=ActorKind.ORGANISATION, name=name))
    cfg = migrate.alembic_config(services.db)
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    services.db.optimize()
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with services.db.read() as conn:
        indexes = set(conn.exec_driver_sql("SELECT idx FROM sqlite_stat1 WHERE tbl = 'actors'").scalars())
    assert "ix_actors_access" in indexes


def test_a_signatory_loaded_without_a_name_is_named_by_the_upgrade_past_0012(services: Services) -> None:
    """Databases loaded before 0012 hold Covenant signatory 14991 with an empty name (the JRC row has none)."""
    system = Viewer.system("test")
    cfg = migrate.alembic_config(services.db)
    with services.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011")
    signatory = reference_id("com", "14991")
    with services.db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        draft = ActorDraft(
            id=signatory,
            kind=ActorKind.CITY,
            name="",
            country_code="IT",
            resolved=False,
            identifiers=(Identifier("com", "14991"),),
            visibility=Visibility.PUBLIC,
        )
        ActorRepository(conn).create_many(system, [draft], tenant_id=REFERENCE_TENANT_ID, summary="old load")
    migrate.upgrade(services.db)
    named = services.registry.resolve(Viewer.anonymous(), "com:14991")
    assert named.id == signatory and named.name == unnamed_signatory_name("14991")
    assert [a.id for a in services.registry.search_actors(Viewer.anonymous(), "signatory 14991").items] == [signatory]
