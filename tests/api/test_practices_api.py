"""The practice exchange API in-process on SQLite and PostgreSQL: record, curate, adopt, lineage, ask for
help, respond, recommendations with explanations; ETag/If-Match, problem+json, query budgets."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import AUSTIN, LOS_ANGELES, SEOUL, SmallRegistry, build_small_registry, make_tenant

PASSWORD = "a long test password"


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


def token(services: Services, username: str, tenant: str, role: Role = Role.EDITOR) -> dict[str, str]:
    system = Viewer.system("tests")
    if not any(t.slug == tenant for t in services.tenancy.tenants(system)):
        make_tenant(services, tenant, kind="network" if tenant == "c40" else "government")
    services.accounts.create_user(system, username=username, password=PASSWORD, tenant=tenant, role=role)
    viewer = services.accounts.sign_in(username, PASSWORD).viewer
    secret = services.accounts.create_token(viewer, "tests", ["read", "write"] if role.can_edit else ["read"]).secret
    return {"Authorization": f"Bearer {secret}"}


def test_a_practice_from_draft_to_published_over_the_api(
    client: TestClient, services: Services, reg: SmallRegistry
) -> None:
    seoul = token(services, "seoul-editor", "seoul")
    c40 = token(services, "c40-editor", "c40")
    curator = next(t.id for t in services.tenancy.tenants(Viewer.system()) if t.slug == "c40")
    body = {
        "title": "Drive-through COVID-19 testing sites",
        "summary": "Seoul's model of drive-through testing sites.",
        "policy_areas": ["public_health"],
        "originator_id": str(reg.city(SEOUL)),
        "curator_tenant_id": str(curator),
        "contacts": [{"name": "International relations office"}],
        "visibility": "public",
    }
    assert client.post("/api/v1/practices", json=body).status_code == 401
    r = client.post("/api/v1/practices", json=body, headers=seoul)
    assert r.status_code == 201 and r.headers["etag"] == 'W/"1"'
    practice = r.headers["location"]
    got = client.get(practice)
    assert got.json()["status"] == "draft" and got.json()["context"]["country_code"] == "KR"
    bad = client.post("/api/v1/practices", json={**body, "policy_areas": ["astrology"]}, headers=seoul)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["column"] == "policy_areas"
    assert client.patch(practice, json={"outcomes": "x"}, headers=seoul).status_code == 428
    r = client.patch(practice, json={"outcomes": "Tested in cars"}, headers={**seoul, "If-Match": 'W/"1"'})
    assert r.status_code == 200 and r.headers["etag"] == 'W/"2"'
    step = client.post(f"{practice}/curation", json={"step": "submit"}, headers={**seoul, "If-Match": 'W/"2"'})
    assert step.status_code == 200
    assert [p["title"] for p in client.get("/api/v1/practices/curation-queue", headers=c40).json()] == [body["title"]]
    refused = client.post(f"{practice}/curation", json={"step": "validate"}, headers={**seoul, "If-Match": 'W/"3"'})
    assert refused.status_code == 403
    for n, name in ((3, "validate"), (4, "publish")):
        r = client.post(f"{practice}/curation", json={"step": name}, headers={**c40, "If-Match": f'W/"{n}"'})
        assert r.status_code == 200, r.text
    listed = client.get("/api/v1/practices", params={"q": "drive-through", "ranking": "fulltext"}).json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "published" and listed["ranking"] == "fulltext"
    assert client.get("/api/v1/policy-areas").json()[0]["code"] == "public_health"


def test_adoptions_lineage_requests_and_recommendations_over_the_api(
    client: TestClient, services: Services, reg: SmallRegistry
) -> None:
    la = token(services, "la-editor", "los-angeles")
    practice_id = client.post(
        "/api/v1/practices",
        json={
            "title": "Drive-through COVID-19 testing sites",
            "originator_id": str(reg.city(SEOUL)),
            "policy_areas": ["public_health"],
            "visibility": "public",
        },
        headers=la,
    ).json()["id"]
    adoption = client.post(
        "/api/v1/adoptions",
        json={
            "practice_id": practice_id,
            "adopter_id": str(reg.city(LOS_ANGELES)),
            "learned_from_id": str(reg.city(SEOUL)),
            "date": "2020",
            "visibility": "public",
        },
        headers=la,
    )
    assert adoption.status_code == 201, adoption.text
    shared = client.post(
        f"/api/v1/practices/{practice_id}/shares",
        json={
            "from_actor_id": str(reg.city(LOS_ANGELES)),
            "recipients": "Other cities in the US (not named)",
            "date": "2020",
            "visibility": "public",
        },
        headers=la,
    )
    assert shared.status_code == 201
    transfer = client.post(
        "/api/v1/adoptions",
        json={
            "practice_id": practice_id,
            "adopter_id": str(reg.city(AUSTIN)),
            "learned_from_id": str(reg.city(LOS_ANGELES)),
            "status": "in_progress",
        },
        headers=la,
    ).json()["id"]
    assert (
        client.post(
            f"/api/v1/adoptions/{transfer}/steps", json={"phase": "understand", "title": "Visit"}, headers=la
        ).status_code
        == 201
    )
    assert (
        client.post(f"/api/v1/adoptions/{transfer}/follow-ups", json={"result": "Opened"}, headers=la).status_code
        == 201
    )
    detail = client.get(f"/api/v1/adoptions/{transfer}", headers=la).json()
    assert detail["steps"][0]["phase"] == "understand" and detail["followups"][0]["result"] == "Opened"
    assert client.get(f"/api/v1/adoptions/{transfer}").status_code == 404  # private to Los Angeles

    lineage = client.get(f"/api/v1/practices/{practice_id}/lineage").json()
    labels = [n["label"] for n in lineage["nodes"]]
    assert labels == [
        "Drive-through COVID-19 testing sites",
        "Seoul",
        "Los Angeles (2020)",
        "Other cities in the US (not named) (2020)",
    ]
    assert [e["type"] for e in lineage["edges"]] == ["originated", "learned_from", "shared_with"]
    actor = client.get(f"/api/v1/actors/{reg.city(SEOUL)}/lineage").json()
    assert [a["adopter"]["name"] for a in actor["went_to"]] == ["Los Angeles"]

    asked = client.post(
        "/api/v1/requests-for-help",
        json={
            "asker_id": str(reg.city(LOS_ANGELES)),
            "title": "Mass COVID-19 testing",
            "text": "Testing at scale",
            "policy_area": "public_health",
            "visibility": "public",
        },
        headers=la,
    )
    assert asked.status_code == 201
    request = asked.headers["location"]
    proposals = client.get(f"{request}/proposals", headers=la).json()
    assert proposals["provider"] == "text-match" and proposals["notes"] == [
        "No practice matches these words or policy areas yet."
    ]
    seoul = token(services, "seoul-editor", "seoul")
    answer = client.post(
        f"{request}/responses", json={"text": "Come and see", "practice_id": practice_id}, headers=seoul
    )
    assert answer.status_code == 201
    assert client.get(request).json()["status"] == "answered"
    closed = client.patch(request, json={"status": "closed"}, headers={**la, "If-Match": 'W/"2"'})
    assert closed.status_code == 200, closed.text
    recs = client.get("/api/v1/practices/recommendations", params={"q": "covid testing"}).json()
    assert recs["practices"] == []  # drafts are not in the library yet
    next_up = client.get(f"/api/v1/practices/{practice_id}/next-adopters").json()
    assert next_up and next_up[0]["explanation"]
    with services.db.count_queries() as counter:
        assert client.get("/api/v1/requests-for-help", params={"limit": 100}).status_code == 200
    assert counter.count <= 10, counter.statements
    with services.db.count_queries() as counter:
        assert client.get("/api/v1/practices", params={"any_status": True, "limit": 100}).status_code == 200
    assert counter.count <= 10, counter.statements


def test_openapi_lists_the_practice_exchange(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/practices",
        "/api/v1/practices/{practice_id}/lineage",
        "/api/v1/adoptions",
        "/api/v1/requests-for-help",
        "/api/v1/requests-for-help/{request_id}/proposals",
        "/api/v1/practices/recommendations",
        "/api/v1/practices/{practice_id}/next-adopters",
    ):
        assert path in paths, path
