"""Free-form JSON fields (an actor's or a tie's ``attributes``) hold JSON: Python's parser reads ``NaN`` and
``Infinity``, which JSON has not (PostgreSQL refuses them in jsonb, SQLite kept them and the API gave them
back as ``null``), and a NUL byte nested in them is no text either (found by attacking the API). Refused as
a 422 problem naming the field, in-process on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, SEOUL, SmallRegistry, bearer_headers, build_small_registry


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    return build_small_registry(services)


@pytest.fixture
def editor(services: Services, reg: SmallRegistry) -> dict[str, str]:
    return {**bearer_headers(services, "los-angeles", "la-editor"), "Content-Type": "application/json"}


def _raw(body: dict[str, object], value: str) -> str:
    """The body as JSON text with ``value`` (not JSON that ``json.dumps`` would write) in place of ``"@"``."""
    return json.dumps(body).replace('"@"', value)


def _refused(answer: httpx.Response, column: str) -> None:
    assert answer.status_code == 422, answer.text[:500]
    assert answer.headers["content-type"] == "application/problem+json"
    assert column in [e.get("column") for e in answer.json()["errors"]], answer.text[:500]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", '{"deep": [1, NaN]}', '"nul \\u0000 byte"',
                                   '{"key \\u0000": 1}'])
def test_an_actor_s_attributes_are_json(client: TestClient, editor: dict[str, str], value: str) -> None:
    body = _raw({"kind": "organisation", "name": "Sister Cities", "attributes": {"a": "@"}}, value)
    _refused(client.post("/api/v1/actors", headers=editor, content=body), "attributes")
    created = client.post("/api/v1/actors", headers=editor, json={"kind": "organisation", "name": "Sister Cities"})
    assert created.status_code == 201, created.text
    actor = created.json()["id"]
    changes = {**editor, "If-Match": created.headers["ETag"]}
    _refused(client.patch(f"/api/v1/actors/{actor}", headers=changes, content=_raw({"attributes": {"a": "@"}}, value)),
             "attributes")
    assert client.get(f"/api/v1/actors/{actor}", headers=editor).json()["attributes"] == {}


def test_a_tie_s_attributes_are_json(client: TestClient, editor: dict[str, str], reg: SmallRegistry) -> None:
    ends = {"type": "mou", "source_id": str(reg.city(LOS_ANGELES)), "target_id": str(reg.city(SEOUL))}
    _refused(client.post("/api/v1/ties", headers=editor, content=_raw({**ends, "attributes": {"x": "@"}}, "NaN")),
             "attributes")
    kept = client.post("/api/v1/ties", headers=editor, json={**ends, "attributes": {"x": 1.5, "y": [None]}})
    assert kept.status_code == 201, kept.text
    assert client.get(f"/api/v1/ties/{kept.json()['id']}", headers=editor).json()["attributes"] == {"x": 1.5,
                                                                                                    "y": [None]}
