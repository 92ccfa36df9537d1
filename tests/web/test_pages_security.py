"""Pages: sign-in with CSRF on every form, stale edits refused, XSS escaped, SQL metacharacters harmless."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from proxenia.domain.actors import ActorDraft
from proxenia.domain.kinds import ActorKind, Role, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from tests.factories import LOS_ANGELES, SmallRegistry, build_small_registry, make_tenant
from tests.isolation.routes import route_table

PASSWORD = "a good long password"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def reg(services: Services) -> SmallRegistry:
    reg = build_small_registry(services)
    make_tenant(services, "la")
    services.accounts.create_user(Viewer.system(), username="ed", password=PASSWORD, tenant="la", role=Role.EDITOR)
    return reg


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


def _sign_in(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "ed", "password": PASSWORD, "next": "/", "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "proxenia_session" in response.cookies


def test_sign_in_needs_the_csrf_token_and_the_right_password(client: TestClient, reg: SmallRegistry) -> None:
    client.get("/login")
    assert client.post("/login", data={"username": "ed", "password": PASSWORD}).status_code == 403
    page = client.get("/login")
    wrong = client.post("/login", data={"username": "ed", "password": "nope nope nope", "csrf_token": _csrf(page.text)})
    assert wrong.status_code == 401 and "not right" in wrong.text
    _sign_in(client)
    assert "ed (editor)" in client.get("/").text


def test_every_page_form_is_csrf_protected(client: TestClient, reg: SmallRegistry) -> None:
    _sign_in(client)
    posts = [p for m, p in route_table(client.app) if m == "POST" and not p.startswith("/api/")]
    assert posts
    for path in posts:
        url = path.replace("{actor_id}", str(reg.city(LOS_ANGELES))).replace("{tie_id}", str(reg.city(LOS_ANGELES)))
        url = re.sub(r"\{\w+\}", "x", url)
        response = client.post(url, data={"name": "x"})
        assert response.status_code in (403, 422), f"{path} accepted a form without CSRF token"
        if response.status_code == 422:  # refused for bad fields before the CSRF check: retry with them right
            assert "csrf" not in path


def test_a_stale_edit_form_is_refused_instead_of_overwriting(
    client: TestClient, services: Services, reg: SmallRegistry
) -> None:
    _sign_in(client)
    ed = services.accounts.sign_in("ed", PASSWORD).viewer
    actor = services.edits.create_actor(ed, ActorDraft(kind=ActorKind.NETWORK, name="Eurocities"))
    form = client.get(f"/actors/{actor}/edit").text
    token = _csrf(form)
    assert 'name="version" value="1"' in form
    services.edits.update_actor(ed, actor, 1, {"name": "EUROCITIES"})  # someone else saves first
    stale = client.post(
        f"/actors/{actor}/edit",
        data={"csrf_token": token, "version": "1", "name": "Eurocities network", "visibility": "private"},
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    assert services.registry.profile(ed, actor).actor.name == "EUROCITIES"
    fresh = client.post(
        f"/actors/{actor}/edit",
        data={"csrf_token": token, "version": "2", "name": "Eurocities network", "visibility": "private"},
        follow_redirects=False,
    )
    assert fresh.status_code == 303


def test_tie_form_records_the_rationale(client: TestClient, services: Services, reg: SmallRegistry) -> None:
    _sign_in(client)
    la = reg.city(LOS_ANGELES)
    form = client.get(f"/ties/new?source={la}")
    assert "Why was it formed?" in form.text
    done = client.post(
        "/ties/new",
        data={
            "csrf_token": _csrf(form.text),
            "source_id": str(la),
            "type_code": "mou",
            "target_name": "Seoul, KR",
            "rationale": "COVID-19 testing exchange",
            "start_date": "2020-03",
            "status": "active",
            "visibility": "private",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    profile = client.get(f"/actors/{la}").text
    assert "COVID-19 testing exchange" in profile and "TLP:AMBER+STRICT" in profile
    assert "COVID-19 testing exchange" not in TestClient(client.app).get(f"/actors/{la}").text  # not for anonymous


def test_xss_payloads_come_back_escaped(client: TestClient, services: Services, reg: SmallRegistry) -> None:
    system = Viewer.system()
    actor = services.edits.create_actor(
        system, ActorDraft(kind=ActorKind.ORGANISATION, name=XSS, subtype=XSS, visibility=Visibility.PUBLIC)
    )
    for url in (f"/actors/{actor}", f"/actors?q={XSS[:10]}", "/search?q=%3Cscript", f"/actors/{actor}/neighbourhood"):
        body = client.get(url).text
        assert "<script>alert" not in body and "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in body or url.startswith("/search")
    api = client.get(f"/api/v1/actors/{actor}").json()
    assert api["name"] == XSS  # JSON carries the data as data
    assert client.get("/").headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("query", ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE actors; --", "\x00", "los%"])
def test_sql_metacharacters_are_harmless(client: TestClient, reg: SmallRegistry, query: str) -> None:
    response = client.get("/api/v1/actors", params={"q": query})
    assert response.status_code in (200, 422)
    if response.status_code == 200 and query.strip("\x00"):
        assert response.json()["total"] == 0  # matched literally: no name starts with it
    assert client.get("/api/v1/stats").json()["actors_by_kind"]["city"] == 11


def test_every_response_carries_the_security_headers_and_a_new_visitor_its_csrf_cookie(client: TestClient) -> None:
    """Pages, API answers and the authentication's own refusals alike; the CSRF cookie once, to pages."""
    fresh = TestClient(client.app)
    page = fresh.get("/")
    refused = fresh.get("/api/v1/actors", headers={"Authorization": "Bearer not-a-token"})
    api = fresh.get("/api/v1/stats")
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    assert refused.headers["content-type"].startswith("application/problem+json")
    for response in (page, refused, api):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"] == "same-origin"
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("proxenia_csrf=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "set-cookie" not in api.headers  # the API needs none
    assert "set-cookie" not in fresh.get("/actors").headers  # sent once: the visitor has it now
