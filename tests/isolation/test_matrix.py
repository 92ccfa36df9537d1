"""The isolation matrix: every route × every persona × every sharing level, on SQLite and PostgreSQL.

Generated from the application's route table: a route added without an entry in ``spec.py`` fails.
For every read, the response must never contain the marker of a record the persona may not read —
not in a list, a count, a search snippet, a graph, a path, a map or an export.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.domain.kinds import Visibility
from proxenia.services.container import build_services
from tests.conftest import fresh_database_url
from tests.isolation.routes import route_table
from tests.isolation.spec import ROUTE_SPECS, Spec
from tests.isolation.world import CAN_READ, CAN_WRITE, PERSONAS, World, build_world

REFUSED = {401, 403, 404, 405, 409, 412, 422, 428}
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def matrix(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, TestClient]]:
    tmp: Path = tmp_path_factory.mktemp("matrix")
    url = fresh_database_url(request.param, request, tmp)
    settings = Settings(database_url=url, environment="test", secret_key="m" * 40, login_attempts_per_minute=10_000)
    services = build_services(settings)
    world = build_world(services)
    with TestClient(create_app(settings, services=services)) as client:
        yield world, client
    services.close()


def _headers(world: World, persona: str) -> dict[str, str]:
    token = world.tokens.get(persona)
    return {"Authorization": f"Bearer {token}"} if token else {}


def _url(world: World, method: str, path: str, spec: Spec, vis: Visibility) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in spec.path:
            return spec.path[name]
        kind = spec.record_kind or name.removesuffix("_id")
        return str(world.records[kind][vis])

    url = _PARAM.sub(value, path)
    if spec.query is not None:
        from urllib.parse import urlencode

        url += "?" + urlencode(spec.query(world, vis), doseq=True)
    return url


def _forbidden_markers(world: World, persona: str) -> list[str]:
    return [world.marker(kind, vis) for kind in world.markers for vis in Visibility if vis not in CAN_READ[persona]]


def _routes() -> list[tuple[str, str]]:
    app = create_app(Settings(database_url="sqlite://", environment="test"))
    return sorted(set(route_table(app)))


ROUTES = _routes()


def test_every_route_has_an_entry() -> None:
    missing = [r for r in ROUTES if r not in ROUTE_SPECS]
    assert not missing, f"add these routes to tests/isolation/spec.py: {missing}"
    stale = [r for r in ROUTE_SPECS if r not in ROUTES]
    assert not stale, f"these entries name routes that no longer exist: {stale}"


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_route_isolation(matrix: tuple[World, TestClient], method: str, path: str) -> None:
    world, client = matrix
    spec = ROUTE_SPECS[(method, path)]
    for persona in PERSONAS:
        headers = _headers(world, persona)
        for vis in Visibility:
            url = _url(world, method, path, spec, vis)
            if method == "GET":
                _check_read(world, client, spec, persona, vis, url, headers)
            else:
                _check_write(world, client, spec, persona, vis, method, url, headers)
            if spec.record_kind is None and spec.query is None:
                break  # the same URL for every level: once is enough


def _check_read(
    world: World, client: TestClient, spec: Spec, persona: str, vis: Visibility, url: str, headers: dict[str, str]
) -> None:
    response = client.get(url, headers=headers, follow_redirects=False)
    body = response.text
    where = f"{persona} GET {url} ({vis.value})"
    assert response.status_code < 500, f"{where}: {response.status_code} {body[:300]}"
    leaked = [m for m in _forbidden_markers(world, persona) if m in body]
    assert not leaked, f"{where} leaked {leaked}"
    if spec.kind == "record_signed_in" and persona == "anonymous":
        assert response.status_code == 401, f"{where}: {response.status_code}"
    elif spec.kind in ("record", "record_signed_in"):
        expected = 200 if vis in CAN_READ[persona] else 404
        assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected}"
    elif spec.kind in ("signed_in", "admin") and persona == "anonymous":
        assert response.status_code in (401, 403, 303, 307), f"{where}: {response.status_code}"
    elif spec.kind == "admin" and persona not in ("admin", "other_viewer"):
        assert response.status_code == 403, f"{where}: {response.status_code}"
    elif spec.kind in ("list", "open"):
        assert response.status_code == 200, f"{where}: {response.status_code} {body[:200]}"


def _body(method: str, path: str, world: World, vis: Visibility) -> dict[str, object]:
    target = str(world.records["actor"][vis])
    samples: dict[str, dict[str, object]] = {
        "/api/v1/actors": {"kind": "network", "name": "Matrix network"},
        "/api/v1/ties": {
            "type": "mou",
            "source_id": target,
            "target_id": str(world.records["actor"][Visibility.PUBLIC]),
        },
        "/api/v1/people": {"name": "Matrix person"},
        "/api/v1/posts": {"person_id": str(world.records["person"][vis]), "organization_id": target, "role": "x"},
        "/api/v1/tokens": {"name": "x", "scopes": ["read"]},
        "/api/v1/sharing/partners": {"tenant": "outsider"},
    }
    if path.endswith("/merge"):
        return {"duplicate_id": str(world.records["actor"][Visibility.PUBLIC])}
    if method == "PATCH":
        return {"notes": "changed"} if "ties" in path else {"name": "changed"}
    return samples.get(path, {})


def _check_write(
    world: World,
    client: TestClient,
    spec: Spec,
    persona: str,
    vis: Visibility,
    method: str,
    url: str,
    headers: dict[str, str],
) -> None:
    path = url.split("?")[0]
    where = f"{persona} {method} {url} ({vis.value})"
    allowed = {
        "change": persona in CAN_WRITE and vis in CAN_READ[persona],
        "create": persona in CAN_WRITE or persona == "other_viewer",
        "self": persona != "anonymous",
        "admin_write": persona in ("admin", "other_viewer"),
        "open_write": True,
    }[spec.kind]
    if allowed:
        return  # success paths are tested per resource; the matrix checks the refusals
    headers = {**headers, "If-Match": 'W/"1"'}
    if path.startswith("/api/"):
        response = client.request(method, url, json=_body(method, path, world, vis), headers=headers)
    else:
        response = client.request(method, url, data={"name": "x", "password": "x" * 12}, headers=headers)
    assert response.status_code in REFUSED, f"{where}: {response.status_code} {response.text[:200]}"
    if spec.record_kind and vis in CAN_READ["owner_viewer"]:
        owner = world.tokens["owner_viewer"]
        still = client.get(
            f"/api/v1/{spec.record_kind}s/{world.records[spec.record_kind][vis]}",
            headers={"Authorization": f"Bearer {owner}"},
        )
        assert still.status_code == 200 and world.marker(spec.record_kind, vis) in still.text, where


def test_markers_are_unique() -> None:
    assert len({uuid.uuid4() for _ in range(3)}) == 3
