"""The real reference data: loaded with counts, unresolved rows kept and counted, idempotent."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.domain.kinds import ActorKind
from proxenia.domain.names import unnamed_signatory_name
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services
from proxenia.services.reference.places import region_id
from proxenia.store.actors import ActorRepository

pytestmark = pytest.mark.slow
ANON = Viewer.anonymous()


@pytest.fixture
def ref(reference_copy: str) -> Services:
    services = build_services(Settings(database_url=reference_copy, environment="test"))
    yield services
    services.close()


def test_thirty_thousand_places_and_twenty_thousand_sister_city_ties(ref: Services) -> None:
    stats = ref.registry.stats(ANON)
    assert stats.actors_by_kind["city"] >= 30_000
    assert stats.actors_by_kind["country"] == 249
    assert stats.actors_by_kind["region"] >= 5_000
    assert stats.ties_by_type["sister_city"] >= 20_000
    assert stats.ties_by_type["pledge"] == 9_765  # every Covenant signatory, resolved or not
    assert stats.unresolved_actors > 0
    assert stats.unresolved_rows["Covenant signatories"] > 0 and stats.unresolved_rows["twin-town ends (rows)"] > 0


def test_second_load_changes_nothing(ref: Services) -> None:
    before = ref.registry.stats(ANON)
    report = ref.reference.load()
    assert not report.changed
    forced = ref.reference.load(force=True)
    assert not forced.changed and forced.existing["ties"] > 30_000
    assert ref.registry.stats(ANON) == before


def test_real_places_and_ties_are_queryable(ref: Services) -> None:
    la = ref.registry.resolve(ANON, "Los Angeles, US")
    assert la.population and la.population > 3_000_000 and la.subdivision_code == "US-CA"
    profile = ref.registry.profile(ANON, la.id)
    assert [p.name for p in profile.parent_chain] == ["California", "United States"]
    partners = {v.other.name for g in profile.tie_groups for v in g.ties}
    assert {"Busan", "Athens", "Guangzhou"} <= partners
    sevilla = ref.registry.resolve(ANON, "Sevilla, ES")
    assert any(v.other.name.startswith("Covenant of Mayors") for v in ref.registry.profile(ANON, sevilla.id).pledges)
    assert ref.registry.channels(ANON, "US", "CN").total > 50
    unresolved = ref.registry.search_actors(ANON, None, resolved=False, kinds=[ActorKind.CITY])
    assert unresolved.total > 1000


def test_states_are_placed_at_their_geonames_centre_and_older_databases_get_it(
    ref: Services, reference_copy: str
) -> None:
    """US states, Swiss cantons, UK nations... (GeoNames' admin1 code is the ISO one) are placed at the
    population-weighted centre of their GeoNames places, saying so; an actor loaded unplaced by an earlier
    version is placed by the next load, through the change log, and coordinates already there stay."""
    system = Viewer.system("tests")
    california = ref.registry.resolve(ANON, "California, US")
    assert california.kind is ActorKind.REGION and california.latitude and california.longitude
    assert 32.5 < california.latitude < 42 and -124.5 < california.longitude < -114
    actor = ref.registry.profile(ANON, california.id).actor
    assert actor.attributes["location_basis"].startswith("population-weighted centre of its ")
    with TestClient(create_app(Settings(database_url=reference_copy, environment="test"), services=ref)) as web:
        page = web.get(f"/actors/{california.id}").text
    assert "population-weighted centre of its" in page and "Map of ties" in page
    scotland = ref.registry.resolve(ANON, "Scotland, GB")
    assert scotland.latitude and 55 < scotland.latitude < 59
    ile_de_france = ref.registry.profile(ANON, region_id("FR-IDF")).actor  # GeoNames numbers French regions
    assert ile_de_france.name == "Île-de-France" and ile_de_france.latitude is None

    with ref.db.begin() as conn:  # what a load by the previous version left: states without a place
        ActorRepository(conn).update(system, california.id, None, {"latitude": None, "longitude": None,
                                                                  "attributes": {}})
    assert ref.registry.resolve(ANON, "California, US").latitude is None
    report = ref.reference.load(force=True)
    assert report.located == {"regions and subdivisions": 1} and report.changed
    again = ref.registry.resolve(ANON, "California, US")
    assert (again.latitude, again.longitude) == (california.latitude, california.longitude)
    history = ref.audit.history(system, record_id=california.id)
    assert any(set(entry.after or {}) >= {"latitude", "longitude"} for entry in history)
    assert not ref.reference.load(force=True).located


def test_the_signatory_without_a_name_in_the_source_is_named_by_its_id(ref: Services) -> None:
    """Covenant signatory 14991 has an empty organisation_name in the JRC file. It is kept (its place, population
    and pledge are real), named by its id so that it can be found, listed and exported, and a full export of
    the registry can be imported back."""
    signatory = ref.registry.resolve(ANON, "com:14991")
    assert signatory.name == unnamed_signatory_name("14991") and signatory.country_code == "IT"
    found = ref.registry.search_actors(ANON, "signatory 14991")
    assert [a.id for a in found.items] == [signatory.id]
