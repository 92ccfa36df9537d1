"""SPID loaded as practices adopted by US states, by year, on SQLite and PostgreSQL: counts, idempotence,
real rows, and the library's list endpoint within its query budget with all of SPID in it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.kinds import Visibility
from proxenia.domain.practices import PracticeFilter, PracticeStatus
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.spid import adoption_id, practice_id
from proxenia.services.reference.places import country_drafts, region_id, subdivision_drafts
from proxenia.store.actors import ActorRepository
from proxenia.store.tenants import REFERENCE_TENANT_ID, TenantRepository

ANON = Viewer.anonymous()


@pytest.fixture
def us_states(services: Services) -> None:
    """The real United States and its ISO 3166-2 subdivisions (the registry's regions)."""
    system = Viewer.system("tests")
    with services.db.begin() as conn:
        TenantRepository(conn).ensure_reference()
        actors = ActorRepository(conn)
        actors.create_many(
            system,
            [d for d in country_drafts() if d.country_code == "US"],
            tenant_id=REFERENCE_TENANT_ID,
            summary="tests",
        )
        regions = [d for d in subdivision_drafts() if d.country_code == "US"]
        actors.create_many(system, regions, tenant_id=REFERENCE_TENANT_ID, summary="tests")


def test_spid_loads_469_policies_and_11328_adoptions_once(services: Services, us_states: None) -> None:
    report = services.spid.load()
    assert report.created == {"SPID practices (US state policies)": 469, "SPID adoptions by US states": 11_328}
    assert report.unresolved == {}
    again = services.spid.load()
    assert not again.changed and again.notes == ["SPID policies already loaded; nothing changed"]
    forced = services.spid.load(force=True)
    assert forced.existing == {"SPID practices (US state policies)": 469, "SPID adoptions by US states": 11_328}

    detail = services.practices.detail(ANON, practice_id("aboldeapen"))
    p = detail.practice
    assert p.title == "Death Penalty Reform" and p.status is PracticeStatus.PUBLISHED
    assert p.visibility is Visibility.PUBLIC and p.tenant_id == REFERENCE_TENANT_ID
    assert p.policy_areas == ("pap.law_and_crime",) and p.start_date == "1846"
    assert p.originator is not None and p.originator.name == "Michigan"  # the only state adopting in 1846
    assert len(detail.adoptions) == 15
    first = detail.adoptions[0]
    assert (first.adopter.name, first.date, first.learned_from) == ("Michigan", "1846", None)
    assert first.id == adoption_id("aboldeapen", "MI") and first.adopter.id == region_id("US-MI")
    node = next(n for n in detail.lineage.nodes if n.label == "Rhode Island")
    assert node.relation == "source_not_recorded"  # SPID says when, never from whom


def test_the_library_lists_spid_within_its_query_budget(
    services: Services, us_states: None, client: TestClient
) -> None:
    services.spid.load()
    found = services.practice_search.search(ANON, PracticeFilter(query="abortion", source="spid"), ranking="fulltext")
    assert found.total > 5 and all("bort" in h.practice.title.lower() or h.matched for h in found.items)
    with services.db.count_queries() as counter:
        body = client.get("/api/v1/practices", params={"source": "spid", "limit": 100}).json()
    assert body["total"] == 469 and len(body["items"]) == 100
    assert counter.count <= 10, counter.statements
    with services.db.count_queries() as counter:
        body = client.get("/api/v1/practices", params={"q": "health insurance", "limit": 100, "ranking": "fulltext"})
    assert body.status_code == 200 and body.json()["total"] >= 1
    assert counter.count <= 10, counter.statements
