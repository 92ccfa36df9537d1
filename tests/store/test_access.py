"""The permission filter in the store: every sharing level, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, insert, select

from proxenia.domain.actors import ActorDraft
from proxenia.domain.errors import Conflict, NotFound, PermissionDenied
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.access import readable, viewer_mode, viewer_params
from proxenia.store.actors import ActorRepository, _search_statements
from proxenia.store.tables import actors, changes, federation_members, federations, sharing_agreements, ties
from tests.factories import make_tenant, viewer_for


@pytest.fixture
def world(services: Services) -> dict[str, uuid.UUID]:
    """An owner city, a partner it shares with, a federation peer, and an outsider."""
    ids = {slug: make_tenant(services, slug) for slug in ("owner", "partner", "peer", "outsider")}
    with services.db.begin() as conn:
        conn.execute(
            insert(sharing_agreements).values(id=uuid.uuid4(), tenant_id=ids["owner"], partner_tenant_id=ids["partner"])
        )
        fed = uuid.uuid4()
        conn.execute(insert(federations).values(id=fed, slug="fed", name="Federation", office_tenant_id=ids["peer"]))
        conn.execute(
            insert(federation_members),
            [
                {"federation_id": fed, "tenant_id": ids["owner"], "status": "active"},
                {"federation_id": fed, "tenant_id": ids["peer"], "status": "active"},
                {"federation_id": fed, "tenant_id": ids["outsider"], "status": "invited"},
            ],
        )
    owner = viewer_for(services, ids["owner"])
    for vis in Visibility:
        aid = services.edits.create_actor(
            owner, ActorDraft(kind=ActorKind.ORGANISATION, name=f"Org {vis.value}", visibility=vis)
        )
        ids[vis.value] = aid
    return ids


EXPECTED = {
    "anonymous": {"public"},
    "outsider": {"public"},
    "partner": {"public", "federation", "partners"},
    "peer": {"public", "federation"},
    "owner": {"public", "federation", "partners", "private"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_viewer_reads_exactly_what_is_shared_with_it(
    services: Services, world: dict[str, uuid.UUID], who: str
) -> None:
    viewer = Viewer.anonymous() if who == "anonymous" else viewer_for(services, world[who], Role.VIEWER)
    page = services.registry.search_actors(viewer, "Org")
    assert {a.name.removeprefix("Org ") for a in page.items} == EXPECTED[who]
    assert page.total == len(EXPECTED[who])  # counts leak nothing either
    for vis in Visibility:
        if vis.value in EXPECTED[who]:
            assert services.registry.profile(viewer, world[vis.value]).actor.visibility is vis
        else:
            with pytest.raises(NotFound):
                services.registry.profile(viewer, world[vis.value])


def test_only_the_owner_editor_changes_a_record(services: Services, world: dict[str, uuid.UUID]) -> None:
    target = world["public"]
    for viewer in (
        Viewer.anonymous(),
        viewer_for(services, world["partner"]),
        viewer_for(services, world["owner"], Role.VIEWER),
    ):
        with pytest.raises(PermissionDenied):
            services.edits.update_actor(viewer, target, 1, {"name": "Renamed"})
    owner = viewer_for(services, world["owner"], Role.EDITOR)
    assert services.edits.update_actor(owner, target, 1, {"name": "Renamed"}) == 2


def test_stale_version_is_refused_and_nothing_is_lost(services: Services, world: dict[str, uuid.UUID]) -> None:
    owner = viewer_for(services, world["owner"])
    services.edits.update_actor(owner, world["private"], 1, {"population": 10})
    with pytest.raises(Conflict, match="changed by someone else"):
        services.edits.update_actor(owner, world["private"], 1, {"population": 20})
    assert services.registry.profile(owner, world["private"]).actor.population == 10


def test_every_change_is_in_the_audit_trail(services: Services, world: dict[str, uuid.UUID]) -> None:
    owner = viewer_for(services, world["owner"], username="alice")
    services.edits.update_actor(owner, world["partners"], 1, {"name": "Org renamed"})
    with services.db.read() as conn:
        rows = conn.execute(
            changes.select().where(changes.c.record_id == world["partners"]).order_by(changes.c.id)
        ).all()
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[-1].username == "alice"
    assert rows[-1].before == {"name": "Org partners"} and rows[-1].after == {"name": "Org renamed"}


def test_repositories_take_the_viewer_on_every_read() -> None:
    """A store read without a viewer would bypass the filter: every public read method names one."""
    import inspect

    from proxenia.store import actors, people, ties

    exempt = {"ensure_defaults", "existing_ids", "redirect", "create", "create_many", "update", "delete"}
    for module in (actors, people, ties):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__name__.endswith("Repository") or cls.__module__ != module.__name__:
                continue
            for name, fn in inspect.getmembers(cls, inspect.isfunction):
                if name.startswith("_") or name in exempt:
                    continue
                assert "viewer" in inspect.signature(fn).parameters, f"{cls.__name__}.{name} takes no viewer"


def test_actor_repository_reads_are_filtered(services: Services, world: dict[str, uuid.UUID]) -> None:
    with services.db.read() as conn:
        repo = ActorRepository(conn)
        assert set(repo.summaries(Viewer.anonymous(), [world[v.value] for v in Visibility])) == {world["public"]}
        assert repo.count_by_kind(Viewer.anonymous()) == {"organisation": 1}


def test_a_filtered_name_search_counts_from_an_index_alone(services: Services, world: dict[str, uuid.UUID]) -> None:
    """The unfiltered count of a name search reads the key's index only; the filtered one needs each match's
    visibility and tenant, which ``ix_actors_access`` holds beside the key, so it reads no table row either
    (without it, a viewer's search cost a quarter more than the installation's at 1,000,000 records)."""
    if services.db.dialect != "sqlite":
        pytest.skip("SQLite's plan: PostgreSQL chooses index-only scans from its visibility map")
    viewer = viewer_for(services, world["owner"])
    services.db.optimize()  # the planner's statistics, as every load and every server start keeps them
    with services.db.read() as conn:
        count, _ = _search_statements(viewer_mode(viewer), False, False, False)
        compiled = count.compile(conn)
        params = compiled.construct_params(
            {"low": "org", "high": "org\U0010ffff", "folded": "org", **viewer_params(viewer)}
        )
        sql = compiled.string.replace("__[POSTCOMPILE_visibility_2]", "?, ?")
        values: list[object] = []
        for key in compiled.positiontup or []:
            value = params[key]
            if isinstance(value, list | tuple):
                values.extend(value)
            else:
                values.append(value.hex if isinstance(value, uuid.UUID) else value)
        plan = " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple(values)))
    assert "SEARCH actors USING COVERING INDEX ix_actors_access" in plan, plan


def test_the_registry_counts_read_indexes_alone(services: Services, world: dict[str, uuid.UUID]) -> None:
    """Actors by kind, unresolved actors and ties by type, as the public statistics page asks for them: each
    scan reads an index holding the filter's columns, not every row of the table (migration 0010)."""
    if services.db.dialect != "sqlite":
        pytest.skip("SQLite's plan: PostgreSQL chooses index-only scans from its visibility map")
    services.db.optimize()
    anonymous = Viewer.anonymous()
    statements = {
        "ix_actors_kind_population": [
            select(actors.c.kind, func.count()).where(readable(actors, anonymous)).group_by(actors.c.kind),
            select(func.count()).select_from(actors).where(~actors.c.resolved, readable(actors, anonymous)),
        ],
        "ix_ties_access": [
            select(ties.c.type_code, func.count()).where(readable(ties, anonymous)).group_by(ties.c.type_code),
        ],
    }
    with services.db.read() as conn:
        for index, queries in statements.items():
            for query in queries:
                sql = query.compile(conn, compile_kwargs={"literal_binds": True})
                plan = " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
                assert f"COVERING INDEX {index}" in plan, plan
