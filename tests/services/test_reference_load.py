"""The real reference data: loaded with counts, unresolved rows kept and counted, idempotent."""

from __future__ import annotations

import pytest

from proxenia.config import Settings
from proxenia.domain.kinds import ActorKind
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services, build_services

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
