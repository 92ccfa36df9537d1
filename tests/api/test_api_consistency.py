"""The API answers alike wherever the same thing goes wrong (found by a QA pass over /api/v1):

- an anonymous change is a 401 with its challenge on every route (some gave 404, others 422 or 401);
- a query parameter an operation does not take (``sort``, ``order_by``) is a 422 naming it, not ignored;
- an unknown value of an enum-like filter (the audit trail's ``kind``, requests' ``area``) is a 422 naming it,
  not an empty list;
- ``If-Match: *`` matches whatever version the record is at (RFC 9110) instead of a 412;
- a viewer may not write: a duplicate tie of theirs is a 403, not a 409 telling what exists;
- an engagement dated 9999-12-31 is refused, naming the field, from the API and from an import alike.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import proxenia.store
from proxenia.domain.dates import EARLIEST_YEAR, LATEST_YEAR, year_range_problem
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.store.audit_kinds import AUDIT_KINDS
from proxenia.store.records import RecordRepository
from tests.factories import BUSAN, LOS_ANGELES, SEOUL, TEST_PASSWORD, build_small_registry
from tests.government import Government, build_government

PROBLEM = "application/problem+json"
CHANGES = ("post", "put", "patch", "delete")
ZERO = "00000000-0000-4000-8000-000000000000"
_PARAM = re.compile(r"\{[^}]+\}")


def _operations(client: TestClient, methods: tuple[str, ...]) -> list[tuple[str, str]]:
    schema: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    )


def _url(path: str) -> str:
    """A URL of the operation: every path parameter an id (the refusals come before any record is read)."""
    return _PARAM.sub(ZERO, path).replace(f"registry.{ZERO}", "registry.json")


def _token(services: Services, username: str, role: Role, tenant: str = "la-city") -> dict[str, str]:
    services.accounts.create_user(Viewer.system(), username=username, password=TEST_PASSWORD, tenant=tenant, role=role)
    viewer = services.accounts.sign_in(username, TEST_PASSWORD).viewer
    scopes = ["read", "write"] if role.can_edit else ["read"]
    return {"Authorization": "Bearer " + services.accounts.create_token(viewer, "tests", scopes).secret}


@pytest.fixture
def gov(services: Services) -> Government:
    return build_government(services)


@pytest.fixture
def editor(services: Services, gov: Government) -> dict[str, str]:
    return _token(services, "consistency-editor", Role.EDITOR)


@pytest.fixture
def viewer(services: Services, gov: Government) -> dict[str, str]:
    return _token(services, "consistency-viewer", Role.VIEWER)


# -- 1. anonymous changes ----------------------------------------------------------------------------------
def test_every_anonymous_change_is_401_with_its_challenge(client: TestClient) -> None:
    operations = _operations(client, CHANGES)
    assert len(operations) > 50  # the walk reaches every write of the schema
    wrong = {}
    for method, path in operations:
        answer = client.request(method, _url(path), json={}, headers={"If-Match": 'W/"1"'})
        if (
            answer.status_code != 401
            or answer.headers["content-type"] != PROBLEM
            or answer.headers.get("www-authenticate") != "Bearer"
        ):
            wrong[f"{method} {path}"] = (answer.status_code, answer.headers.get("www-authenticate"))
    assert not wrong, wrong


def test_an_expired_session_cookie_is_anonymous_too(client: TestClient) -> None:
    client.cookies.set("proxenia_session", "no-such-session")
    answer = client.patch(f"/api/v1/actors/{ZERO}", json={"name": "x"}, headers={"If-Match": 'W/"1"'})
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


def test_unknown_paths_and_methods_keep_their_answers(client: TestClient) -> None:
    assert client.post("/api/v1/no-such-thing", json={}).status_code == 404
    wrong_method = client.post("/api/v1/stats", json={})
    assert wrong_method.status_code == 405 and wrong_method.headers["content-type"] == PROBLEM
    assert client.get("/api/v1/actors").status_code == 200  # anonymous reads stay open


def test_a_401_raised_by_a_service_carries_the_challenge_too(client: TestClient) -> None:
    answer = client.get("/api/v1/tokens")
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


# -- 2. query parameters an operation does not take ----------------------------------------------------
def test_sort_and_order_by_are_refused_by_every_operation_naming_what_it_takes(client: TestClient) -> None:
    schema: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    wrong = {}
    for _method, path in _operations(client, ("get",)):
        declared = {p["name"] for p in schema["paths"][path]["get"].get("parameters", ()) if p["in"] == "query"}
        for name in ("sort", "order_by"):
            answer = client.get(_url(path), params={name: "name"})
            body = answer.json() if answer.headers["content-type"] == PROBLEM else {}
            errors = body.get("errors", [{}])
            taken = re.search(r"those taken: (.*)\)$", errors[0].get("message", ""))
            named = set(taken.group(1).split(", ")) - {"none"} if taken else None
            if answer.status_code != 422 or errors[0].get("column") != name or named != declared:
                wrong[f"GET {path}?{name}"] = (answer.status_code, errors[0], declared)
    assert not wrong, wrong


def test_declared_parameters_still_pass(client: TestClient, services: Services) -> None:
    build_small_registry(services)
    listed = client.get("/api/v1/actors", params={"country": "US", "limit": 2, "offset": 0, "q": "lo"})
    assert listed.status_code == 200, listed.text
    assert client.get("/api/v1/practices", params={"area": "public_health", "any_status": True}).status_code == 200


# -- 3. enum-like filters ------------------------------------------------------------------------------
def test_an_unknown_audit_kind_is_refused_naming_it(client: TestClient, editor: dict[str, str]) -> None:
    answer = client.get("/api/v1/audit", params={"kind": "nope"}, headers=editor)
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    problem = answer.json()["errors"][0]
    assert problem["column"] == "kind" and "'nope'" in problem["message"] and "tie" in problem["message"]
    assert client.get("/api/v1/audit", params={"kind": "actor"}, headers=editor).status_code == 200
    assert client.get("/api/v1/audit", params={"kind": "request for help"}, headers=editor).status_code == 200


def test_an_unknown_policy_area_of_requests_for_help_is_refused_naming_it(client: TestClient) -> None:
    answer = client.get("/api/v1/requests-for-help", params={"area": "nope"})
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    problem = answer.json()["errors"][0]
    assert problem["column"] == "area" and "'nope'" in problem["message"] and "public_health" in problem["message"]
    for area in ("public_health", "Public_Health "):
        assert client.get("/api/v1/requests-for-help", params={"area": area}).status_code == 200


def test_an_unknown_policy_area_of_a_recommendation_is_refused_naming_its_parameter(client: TestClient) -> None:
    """The error names ``area``, the parameter sent (the API's, the CLI's ``--area`` and the page's)."""
    answer = client.get("/api/v1/practices/recommendations", params={"q": "testing", "area": "nope"})
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    problem = answer.json()["errors"][0]
    assert problem["column"] == "area" and "'nope'" in problem["message"]


def test_every_kind_the_audit_trail_is_written_with_is_a_known_kind() -> None:
    """The ``kind`` filter's vocabulary (store/audit_kinds.py) keeps up with the store's writers: every
    repository's kind, and every kind passed to ``ChangeLog.record`` as a literal or a module constant."""
    for module in pkgutil.walk_packages(proxenia.store.__path__, "proxenia.store."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    written: set[str] = set()
    pending = list(RecordRepository.__subclasses__())
    while pending:
        repo = pending.pop()
        pending.extend(repo.__subclasses__())
        written.add(repo.kind)
    for source in Path(proxenia.store.__path__[0]).glob("*.py"):
        module = importlib.import_module(f"proxenia.store.{source.stem}")
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record":
                for keyword in node.keywords:
                    if keyword.arg != "kind":
                        continue
                    if isinstance(keyword.value, ast.Constant):
                        written.add(keyword.value.value)
                    elif isinstance(keyword.value, ast.Name):
                        written.add(getattr(module, keyword.value.id))
    assert "user" in written and "tie" in written
    assert written - AUDIT_KINDS == set()


# -- 4. If-Match: * -----------------------------------------------------------------------------------
def test_if_match_star_matches_the_current_version(client: TestClient, editor: dict[str, str]) -> None:
    created = client.post("/api/v1/actors", json={"kind": "network", "name": "Star network"}, headers=editor)
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert client.patch(location, json={"name": "Changed"}, headers={**editor, "If-Match": 'W/"1"'}).status_code == 200
    star = client.patch(location, json={"name": "Changed again"}, headers={**editor, "If-Match": "*"})
    assert star.status_code == 200, star.text
    assert star.headers["etag"] == 'W/"3"' and client.get(location, headers=editor).json()["name"] == "Changed again"
    stale = client.patch(location, json={"name": "Lost"}, headers={**editor, "If-Match": 'W/"1"'})
    assert stale.status_code == 409  # a real ETag is still checked
    assert client.patch(location, json={"name": "x"}, headers={**editor, "If-Match": "nope"}).status_code == 412
    assert client.patch(location, json={"name": "x"}, headers=editor).status_code == 428
    assert client.delete(location, headers={**editor, "If-Match": " * "}).status_code == 204
    assert client.get(location, headers=editor).status_code == 404


def test_the_schema_says_what_if_match_star_does(client: TestClient) -> None:
    schema: dict[str, Any] = client.app.openapi()  # type: ignore[attr-defined]
    parameters = [p for p in schema["paths"]["/api/v1/actors/{actor_id}"]["patch"]["parameters"] if p["in"] == "header"]
    assert [p["name"] for p in parameters] == ["If-Match"] and "`*`" in parameters[0]["description"]


# -- 5. permission before duplicate -------------------------------------------------------------------
def test_a_viewer_s_duplicate_tie_is_forbidden_not_a_conflict(
    client: TestClient, gov: Government, editor: dict[str, str], viewer: dict[str, str]
) -> None:
    tie = {"type": "mou", "source_id": str(gov.reg.city(LOS_ANGELES)), "target_id": str(gov.reg.city(BUSAN))}
    assert client.post("/api/v1/ties", json=tie, headers=editor).status_code == 201
    assert client.post("/api/v1/ties", json=tie, headers=editor).status_code == 409  # the editor's duplicate
    refused = client.post("/api/v1/ties", json=tie, headers=viewer)
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == PROBLEM and "viewer" in refused.json()["detail"]
    fresh = {**tie, "target_id": str(gov.reg.city(SEOUL))}
    assert client.post("/api/v1/ties", json=fresh, headers=viewer).status_code == 403


def test_a_viewer_s_actor_with_a_taken_identifier_is_forbidden_not_a_conflict(
    client: TestClient, gov: Government, viewer: dict[str, str]
) -> None:
    actor = {"kind": "city", "name": "Los Angeles again", "identifiers": [{"scheme": "geonames", "value": "5368361"}]}
    refused = client.post("/api/v1/actors", json=actor, headers=viewer)
    assert refused.status_code == 403, refused.text


# -- 6. dates of the engagement log -------------------------------------------------------------------
def test_the_years_a_day_may_fall_in() -> None:
    assert year_range_problem(None) is None
    assert year_range_problem(dt.date(EARLIEST_YEAR, 1, 1)) is None
    assert year_range_problem(dt.date(LATEST_YEAR, 12, 31)) is None
    assert year_range_problem(dt.date(EARLIEST_YEAR - 1, 12, 31)) is not None
    assert "9999-12-31" in (year_range_problem(dt.date(9999, 12, 31)) or "")


def _engagement(gov: Government, **fields: object) -> dict[str, object]:
    return {
        "kind": "meeting",
        "title": "Call with Busan",
        "start_date": "2026-03-02",
        "department_id": str(gov.departments["intl"]),
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "column"),
    [
        ({"start_date": "9999-12-31"}, "start_date"),
        ({"end_date": "9999-12-31"}, "end_date"),
        ({"start_date": "0201-05-03", "end_date": "2026-03-02"}, "start_date"),
        ({"follow_ups": [{"action": "Write", "due_date": "9999-12-31"}]}, "follow_ups"),
    ],
)
def test_an_engagement_dated_out_of_the_years_is_refused_naming_the_field(
    client: TestClient, gov: Government, editor: dict[str, str], fields: dict[str, object], column: str
) -> None:
    answer = client.post("/api/v1/engagements", json=_engagement(gov, **fields), headers=editor)
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM, answer.text
    assert column in [e.get("column") for e in answer.json()["errors"]]
    created = client.post("/api/v1/engagements", json=_engagement(gov), headers=editor)
    location = created.headers["location"]
    replaced = client.put(location, json=_engagement(gov, **fields), headers={**editor, "If-Match": 'W/"1"'})
    assert replaced.status_code == 422 and column in [e.get("column") for e in replaced.json()["errors"]]


def test_an_imported_engagement_dated_out_of_the_years_is_refused_naming_its_row(
    client: TestClient, gov: Government, editor: dict[str, str]
) -> None:
    sheet = "title,start_date,kind,department\nCall with Busan,2026-03-02,call,intl\nTypo,9999-12-31,call,intl\n"
    answer = client.post(
        "/api/v1/engagement-imports",
        files={"file": ("log.csv", sheet.encode(), "text/csv")},
        data={"dry_run": "true"},
        headers=editor,
    )
    assert answer.status_code == 422, answer.text
    problems = answer.json()["errors"]
    assert any(p.get("row") == 3 and "9999-12-31" in p["message"] for p in problems), problems
