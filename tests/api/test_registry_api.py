"""The registry API in-process: pages with totals, problem+json errors, ETag/If-Match, OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import ATHENS, LOS_ANGELES, SEOUL, SmallRegistry, bearer_headers, build_small_registry


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


def test_search_pages_carry_a_total(client: TestClient, reg: SmallRegistry) -> None:
    body = client.get("/api/v1/actors", params={"country": "US", "limit": 2}).json()
    assert body["total"] == 4 and len(body["items"]) == 2 and body["limit"] == 2
    assert body["items"][0]["tlp"] == "TLP:CLEAR"
    second = client.get("/api/v1/actors", params={"country": "US", "limit": 2, "offset": 2}).json()
    assert {i["id"] for i in body["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_errors_are_problem_json(client: TestClient, reg: SmallRegistry) -> None:
    r = client.get("/api/v1/actors", params={"country": "Atlantis"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["column"] == "country"
    r = client.get("/api/v1/actors", params={"limit": 0})
    assert r.status_code == 422 and r.json()["title"] == "Invalid input"
    r = client.get("/api/v1/actors/00000000-0000-4000-8000-00000000dead")
    assert r.status_code == 404 and r.json()["type"].endswith("/not-found")


def test_profile_ties_touchpoints_paths_channels(client: TestClient, reg: SmallRegistry) -> None:
    la = reg.city(LOS_ANGELES)
    profile = client.get(f"/api/v1/actors/{la}/profile").json()
    assert profile["tie_groups"][0]["count"] == 3
    assert client.get(f"/api/v1/actors/{la}/touchpoints", params={"country": "KR"}).json()["total"] == 1
    chain = client.get("/api/v1/paths", params={"from": str(la), "to": str(reg.city(SEOUL))}).json()
    assert chain["hops"] == 2 and chain["steps"][1]["actor"]["id"] == str(reg.city(ATHENS))
    channels = client.get("/api/v1/countries/US/channels/KR").json()
    assert channels["total"] == 1 and channels["groups"][0]["label"] == "sister city of"
    hood = client.get(f"/api/v1/actors/{la}/neighbourhood").json()
    assert sum(n["root"] for n in hood["nodes"]) == 1
    geo = client.get(f"/api/v1/actors/{la}/map")
    assert geo.headers["content-type"] == "application/geo+json" and len(geo.json()["features"]) == 7


def test_reading_an_actor_or_its_ties_does_not_build_the_profile(
    client: TestClient, reg: SmallRegistry, services: Services
) -> None:
    """A record read is the record (names, identifiers): five statements with BEGIN, however many ties and
    parents it has; its ties as many (each end read once), in the profile's order."""
    la = reg.city(LOS_ANGELES)
    with services.db.count_queries() as counter:
        actor = client.get(f"/api/v1/actors/{la}")
    assert actor.status_code == 200 and actor.json()["name"] == "Los Angeles" and actor.headers["ETag"]
    assert counter.count <= 5, counter.statements
    profile = client.get(f"/api/v1/actors/{la}/profile").json()
    with services.db.count_queries() as counter:
        ties = client.get(f"/api/v1/actors/{la}/ties").json()
    assert counter.count <= 5, counter.statements
    in_profile = [t["tie"]["id"] for g in profile["tie_groups"] for t in g["ties"]]
    assert [t["tie"]["id"] for t in ties] == in_profile + [t["tie"]["id"] for t in profile["pledges"]]
    missing = "00000000-0000-4000-8000-00000000dead"
    assert client.get(f"/api/v1/actors/{missing}/ties").status_code == 404


def test_an_actor_is_read_with_every_name_it_has(client: TestClient, services: Services, reg: SmallRegistry) -> None:
    """No list of an actor is cut short (the API kept 200 other names; a PATCH of the list read back lost the
    rest): London has hundreds of names in GeoNames."""
    names = tuple(f"Name {i:03d}" for i in range(250))
    actor = services.edits.create_actor(Viewer.system("tests"), ActorDraft(
        kind=ActorKind.CITY, name="Many-named", country_code="GB", other_names=names, visibility=Visibility.PUBLIC))
    assert client.get(f"/api/v1/actors/{actor}").json()["other_names"] == list(names)


def test_writes_need_a_signed_in_editor(client: TestClient, reg: SmallRegistry) -> None:
    r = client.post("/api/v1/actors", json={"kind": "network", "name": "C40"})
    assert r.status_code in (401, 403) and r.headers["content-type"] == "application/problem+json"


def test_changes_without_if_match_or_with_a_stale_etag_are_refused(
    client: TestClient, reg: SmallRegistry, services: Services
) -> None:
    la = reg.city(LOS_ANGELES)
    r = client.get(f"/api/v1/actors/{la}")
    assert r.headers["etag"] == 'W/"1"'
    editor = bearer_headers(services, "la-city", "la-editor")  # anonymous, it is a 401 before anything else
    assert client.patch(f"/api/v1/actors/{la}", json={"population": 1}, headers=editor).status_code == 428


def test_openapi_schema_lists_the_registry(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/actors",
        "/api/v1/actors/{actor_id}/profile",
        "/api/v1/paths",
        "/api/v1/countries/{country_a}/channels/{country_b}",
        "/api/v1/stats",
        "/api/v1/tie-types",
    ):
        assert path in spec["paths"], path
    assert all(p.startswith("/api/v1/") for p in spec["paths"])
