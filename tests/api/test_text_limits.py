"""The API keeps the limits the services hold, where its own schemas set none (a sub-type or notes changed
with PATCH, a population beyond the world's, an adoption with thousands of stakeholders): a 422 problem
naming the field, not a value too long for its column (a server error on PostgreSQL) or kept whole. In-process
on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from proxenia.services.container import Services
from tests.factories import AUSTIN, LOS_ANGELES, SEOUL, SmallRegistry, bearer_headers, build_small_registry


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


@pytest.fixture
def editor(services: Services, reg: SmallRegistry) -> dict[str, str]:
    return {**bearer_headers(services, "los-angeles", "la-editor")}


def _refused(answer: httpx.Response, column: str, message: str) -> None:
    assert answer.status_code == 422, answer.text[:500]
    assert answer.headers["content-type"] == "application/problem+json"
    errors = [{"column": e.get("column"), "message": e.get("message")} for e in answer.json()["errors"]]
    assert {"column": column, "message": message} in errors, errors


def test_an_actor_keeps_its_limits_over_the_api(client: TestClient, editor: dict[str, str]) -> None:
    created = client.post("/api/v1/actors", headers=editor, json={"kind": "organisation", "name": "Sister Cities"})
    assert created.status_code == 201, created.text
    actor = created.json()["id"]
    changes = {**editor, "If-Match": created.headers["ETag"]}
    _refused(client.patch(f"/api/v1/actors/{actor}", headers=changes, json={"subtype": "s" * 65}),
             "subtype", "is longer than 64 characters")
    _refused(client.patch(f"/api/v1/actors/{actor}", headers=changes, json={"population": 10**12}),
             "population", "1,000,000,000,000 is more people than live on Earth")
    _refused(client.post("/api/v1/actors", headers=editor,
                         json={"kind": "city", "name": "Atlantis", "population": 10**15}),
             "population", "1,000,000,000,000,000 is more people than live on Earth")
    assert client.get(f"/api/v1/actors/{actor}", headers=editor).headers["ETag"] == created.headers["ETag"]  # unchanged


def test_a_tie_keeps_its_limits_over_the_api(client: TestClient, editor: dict[str, str], reg: SmallRegistry) -> None:
    created = client.post("/api/v1/ties", headers=editor, json={
        "type": "mou", "source_id": str(reg.city(LOS_ANGELES)), "target_id": str(reg.city(SEOUL))})
    assert created.status_code == 201, created.text
    tie = created.json()["id"]
    changes = {**editor, "If-Match": created.headers["ETag"]}
    for column, limit in (("source_ref", 2000), ("notes", 10_000)):
        _refused(client.patch(f"/api/v1/ties/{tie}", headers=changes, json={column: "x" * (limit + 1)}),
                 column, f"is longer than {limit:,} characters")


def test_an_adoption_keeps_its_limits_over_the_api(
    client: TestClient, editor: dict[str, str], reg: SmallRegistry
) -> None:
    practice = client.post("/api/v1/practices", headers=editor, json={"title": "Heat shelters"})
    assert practice.status_code == 201, practice.text
    adoption = {"practice_id": practice.json()["id"], "adopter_id": str(reg.city(AUSTIN))}
    many = [{"name": f"Office {i}"} for i in range(201)]
    _refused(client.post("/api/v1/adoptions", headers=editor, json={**adoption, "stakeholders": many}),
             "stakeholders", "lists more than 200 stakeholders")
    assert client.post("/api/v1/adoptions", headers=editor, json={**adoption, "stakeholders": many[:3]}
                       ).status_code == 201
