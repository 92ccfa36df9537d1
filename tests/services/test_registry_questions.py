"""The registry's questions on a small real registry, on SQLite and PostgreSQL, with query budgets."""

from __future__ import annotations

import uuid

import pytest

from proxenia.domain.actors import ActorDraft
from proxenia.domain.errors import InvalidInput, NotFound
from proxenia.domain.kinds import ActorKind, Role, TieStatus, Visibility
from proxenia.domain.ties import TieDraft
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.actors import ActorRepository
from proxenia.store.records import ChangeLog
from proxenia.store.tenants import REFERENCE_TENANT_ID
from tests.factories import (
    ATHENS,
    AUSTIN,
    BUSAN,
    LAHORE,
    LOS_ANGELES,
    SEOUL,
    SmallRegistry,
    build_small_registry,
    make_tenant,
    viewer_for,
)

ANON = Viewer.anonymous()


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


def test_search_is_accent_and_case_insensitive_prefix(services: Services, reg: SmallRegistry) -> None:
    assert services.registry.search_actors(ANON, "SAO PA").items[0].name == "São Paulo"
    assert services.registry.search_actors(ANON, "angeles").items[0].name == "Los Angeles"  # word prefix
    seoul = services.registry.search_actors(ANON, "서울")  # an alternative name in Korean
    assert [a.name for a in seoul.items] == ["Seoul"]


def test_search_filters_by_country_and_kind_and_counts(services: Services, reg: SmallRegistry) -> None:
    page = services.registry.search_actors(ANON, None, country="United States", kinds=[ActorKind.CITY])
    assert {a.name for a in page.items} == {"Los Angeles", "Irvine", "Austin"}
    assert page.total == 3
    assert services.registry.search_actors(ANON, None, kinds=[ActorKind.COUNTRY]).total == 7
    with pytest.raises(InvalidInput):
        services.registry.search_actors(ANON, "x", country="Atlantis")


def test_resolve_by_id_scheme_or_name(services: Services, reg: SmallRegistry) -> None:
    la = services.registry.resolve(ANON, "Los Angeles, US")
    assert la.id == reg.city(LOS_ANGELES)
    assert services.registry.resolve(ANON, f"geonames:{LOS_ANGELES}").id == la.id
    assert services.registry.resolve(ANON, str(la.id)).id == la.id
    with pytest.raises(NotFound):
        services.registry.resolve(ANON, "geonames:1")
    with services.db.count_queries() as counter, pytest.raises(NotFound, match="a name has at most 500") as refused:
        services.registry.resolve(ANON, "Los Angeles" * 1_000_000)  # a form posted by a script: not searched
    assert counter.count == 0 and len(refused.value.detail) < 200


def test_profile_groups_ties_and_shows_parents(services: Services, reg: SmallRegistry) -> None:
    with services.db.count_queries() as counter:
        profile = services.registry.profile(ANON, reg.city(LOS_ANGELES))
    assert counter.count <= 10, counter.statements
    [group] = profile.tie_groups
    assert group.type_code == "sister_city"
    assert {v.other.name for v in group.ties} == {"Busan", "Athens", "Guangzhou"}
    assert [p.name for p in profile.parent_chain] == ["United States"]


def test_touchpoints_of_an_actor_and_of_a_country(services: Services, reg: SmallRegistry) -> None:
    one = services.registry.touchpoints(ANON, "KR", actor_id=reg.city(LOS_ANGELES))
    assert one.total == 1 and one.by_type["sister city of"][0].view.other.name == "Busan"
    whole = services.registry.touchpoints(ANON, "GR", country="US")
    assert [t.origin.name for t in whole.by_type["sister city of"]] == ["Los Angeles"]
    with pytest.raises(InvalidInput, match=r"exactly one of an actor or a country \(both were given\)"):
        services.registry.touchpoints(ANON, "GR", actor_id=reg.city(LOS_ANGELES), country="US")
    with pytest.raises(InvalidInput, match=r"exactly one of an actor or a country \(neither was given\)"):
        services.registry.touchpoints(ANON, "GR")  # CLI QA: this one said "not both"


def test_shortest_chain_goes_through_shared_partners(services: Services, reg: SmallRegistry) -> None:
    chain = services.registry.chain(ANON, reg.city(LOS_ANGELES), reg.city(SEOUL))
    assert chain.found and chain.hops == 2
    assert [s.actor.name for s in chain.steps] == ["Los Angeles", "Athens", "Seoul"]
    assert services.registry.chain(ANON, reg.city(AUSTIN), reg.city(LAHORE)).found is False


def test_the_public_graph_is_kept_through_other_writes_and_patched_from_changed_ties(
    services: Services, reg: SmallRegistry
) -> None:
    la, lahore, system = reg.city(LOS_ANGELES), reg.city(LAHORE), Viewer.system()
    assert services.registry.chain(ANON, la, lahore).found is False
    graph = services.registry.graph_index._graph
    assert graph is not None and not graph.overlay
    with services.db.begin() as conn:  # an engagement and a practice written: not what the graph is made of
        for kind in ("engagement", "practice"):
            ChangeLog(conn).record(system, kind=kind, record_id=uuid.uuid4(), action="create", tenant_id=None)
    assert services.registry.chain(ANON, la, lahore).found is False
    assert services.registry.graph_index._graph is graph
    tie = services.edits.create_tie(
        system, TieDraft(type_code="partnership", source_id=la, target_id=lahore, visibility=Visibility.PUBLIC)
    )
    with services.db.count_queries() as counter:
        assert services.registry.chain(ANON, la, lahore).hops == 1
    patched = services.registry.graph_index._graph
    assert patched is not None and patched.node_ids is graph.node_ids  # the arrays kept, the new tie beside
    assert [e[0] for e in patched.overlay if {e[1], e[2]} == {la.hex, lahore.hex}] == [tie.hex]
    assert counter.count <= 10, counter.statements
    services.edits.update_tie(system, tie, None, {"visibility": Visibility.PRIVATE})
    assert services.registry.chain(ANON, la, lahore).found is False
    assert services.registry.chain(system, la, lahore).hops == 1  # the system reads it as an extra edge
    services.edits.update_actor(system, reg.city(ATHENS), None, {"visibility": Visibility.PRIVATE})
    assert services.registry.chain(ANON, la, reg.city(SEOUL)).found is False  # it went through Athens
    assert services.registry.graph_index._graph.node_ids is graph.node_ids  # type: ignore[union-attr]
    with services.db.begin() as conn:  # a bulk import names no record: the graph is read whole
        draft = ActorDraft(kind=ActorKind.CITY, name="Lahore Cantonment", country_code="PK")
        ActorRepository(conn).create_many(system, [draft], tenant_id=REFERENCE_TENANT_ID, summary="test")
    assert services.registry.chain(ANON, la, reg.city(BUSAN)).hops == 1
    rebuilt = services.registry.graph_index._graph
    assert rebuilt is not None and rebuilt.node_ids is not graph.node_ids and not rebuilt.overlay


def test_chain_never_passes_through_what_the_viewer_cannot_see(services: Services, reg: SmallRegistry) -> None:
    owner = viewer_for(services, make_tenant(services, "austin-office"))
    services.edits.create_tie(
        owner,
        TieDraft(
            type_code="partnership",
            source_id=reg.city(AUSTIN),
            target_id=reg.city(LAHORE),
            visibility=Visibility.PRIVATE,
            rationale="Climate and water partnership",
        ),
    )
    assert services.registry.chain(owner, reg.city(AUSTIN), reg.city(LAHORE)).hops == 1
    assert services.registry.chain(ANON, reg.city(AUSTIN), reg.city(LAHORE)).found is False
    outsider = viewer_for(services, make_tenant(services, "elsewhere"), Role.ADMIN)
    assert services.registry.chain(outsider, reg.city(AUSTIN), reg.city(LAHORE)).found is False
    assert services.registry.channels(outsider, "US", "PK").total == 0
    assert services.registry.channels(owner, "US", "PK").total == 1


def test_channels_are_ties_below_national_level(services: Services, reg: SmallRegistry) -> None:
    system = Viewer.system()
    services.edits.create_tie(
        system,
        TieDraft(type_code="mou", source_id=reg.country("US"), target_id=reg.city(BUSAN), visibility=Visibility.PUBLIC),
    )
    channels = services.registry.channels(ANON, "US", "KR")
    assert channels.total == 1  # the country-level MoU is not a subnational channel
    assert channels.by_type["sister city of"][0].origin.name == "Los Angeles"


def test_neighbourhood_to_depth_two(services: Services, reg: SmallRegistry) -> None:
    with services.db.count_queries() as counter:
        hood = services.registry.neighbourhood(ANON, reg.city(LOS_ANGELES), depth=2)
    assert counter.count <= 12, counter.statements
    depth = {a.name: d for a, d in hood.nodes}
    assert depth["Los Angeles"] == 0 and depth["Athens"] == 1 and depth["Seoul"] == 2
    assert {e.label for e in hood.edges} == {"sister city of"}


def test_stats_count_by_kind_and_type(services: Services, reg: SmallRegistry) -> None:
    stats = services.registry.stats(ANON)
    assert stats.actors_by_kind == {"country": 7, "city": 11}
    assert stats.ties_by_type == {"sister_city": 7}


def test_ties_record_why_and_can_end(services: Services, reg: SmallRegistry) -> None:
    owner = viewer_for(services, make_tenant(services, "la"))
    tie_id = services.edits.create_tie(
        owner,
        TieDraft(
            type_code="friendship_city",
            source_id=reg.city(LOS_ANGELES),
            target_id=reg.city(ATHENS),
            start_date="2019-05",
            rationale="Olympic host cities 2028 and 2004",
            visibility=Visibility.PRIVATE,
        ),
    )
    services.edits.update_tie(owner, tie_id, 1, {"status": "ended", "end_date": "2023"})
    tie = services.edits.get_tie(owner, tie_id)
    assert (tie.status, tie.start_date, tie.end_date, tie.rationale) == (
        TieStatus.ENDED,
        "2019-05",
        "2023",
        "Olympic host cities 2028 and 2004",
    )
    with pytest.raises(InvalidInput, match="not a date"):
        services.edits.update_tie(owner, tie_id, 2, {"end_date": "last year"})


def test_a_tie_ending_before_it_starts_and_a_negative_population_are_refused(
    services: Services, reg: SmallRegistry
) -> None:
    """QA saved both through the pages; the service names the field and writes nothing."""
    system = Viewer.system("tests")
    la, lahore = reg.city(LOS_ANGELES), reg.city(LAHORE)
    backwards = TieDraft(type_code="partnership", source_id=la, target_id=lahore, visibility=Visibility.PUBLIC,
                         start_date="2019", end_date="2018-12")
    with pytest.raises(InvalidInput, match="ends \\(2018-12\\) before it starts") as refused:
        services.edits.create_tie(system, backwards)
    assert refused.value.problems[0].column == "end_date"
    assert services.edits.create_tie(system, TieDraft(**{**backwards.__dict__, "end_date": "2019-06"}))
    with pytest.raises(InvalidInput, match="negative") as negative:
        services.edits.create_actor(system, ActorDraft(kind=ActorKind.CITY, name="Nowhere", population=-5))
    assert negative.value.problems[0].column == "population"
    with pytest.raises(InvalidInput, match="negative"):
        services.edits.update_actor(system, la, None, {"population": -5})
