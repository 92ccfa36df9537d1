"""The demo followed link by link, signed out and as each of its users: every page it links to answers
without a server error, no link it draws leads nowhere (404), and no two landmarks of a page (search
forms, scrolling tables) share a name, which screen readers list them by. Pages of one shape
(``/actors/{id}``) are visited at most twice each, so the crawl stays a few hundred pages on the real
reference data."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from proxenia.app import create_app
from proxenia.config import Settings
from proxenia.services.demo import DEMO_PASSWORD
from tests.conftest import copy_sqlite

BASE = "http://testserver"
USERS = (None, "admin", "la-admin", "la-editor", "seoul-editor", "c40-editor", "office-analyst")
PER_SHAPE = 2
MAX_PAGES = 400  # per user: the demo has about 130 page shapes for the busiest user
SKIP = ("/logout", "/static/", "/api/v1/openapi")
LANDMARK = re.compile(r'<[^>]*role="(search|region)"[^>]*aria-label="([^"]+)"')
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")


def shape(path: str) -> str:
    """A page's kind: its path with ids (and query values) left out."""
    parts = urlsplit(path)
    query = re.sub(r"=[^&]*", "=", parts.query)
    return ID.sub("{id}", parts.path) + (f"?{query}" if query else "")


def links(html: str, here: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)"', html):
        url = urljoin(here, href.replace("&amp;", "&"))
        if url.startswith(BASE) and not any(s in url for s in SKIP):
            found.append(url[len(BASE):])
    return found


def crawl(client: TestClient) -> tuple[int, list[str]]:
    """Pages visited, and what went wrong (status and the page that linked there)."""
    queue: list[tuple[str, str]] = [("/", "(start)")]
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    visited, problems = 0, []
    while queue and visited < MAX_PAGES:
        path, referrer = queue.pop(0)
        if path in seen or shapes[shape(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape(path)] += 1
        response = client.get(path)
        visited += 1
        if response.status_code >= 500 or response.status_code == 404:
            problems.append(f"{response.status_code} {path} (linked from {referrer})")
        if "text/html" in response.headers.get("content-type", ""):
            named = Counter(LANDMARK.findall(response.text))
            problems += [f"two {role} landmarks named '{name}' on {path}" for (role, name), n in named.items() if n > 1]
            queue.extend((link, path) for link in links(response.text, str(response.url)) if link not in seen)
    return visited, problems


@pytest.fixture(scope="module")
def demo(reference_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo, loaded once for the module's crawls (they only read)."""
    url = copy_sqlite(reference_sqlite, tmp_path_factory.mktemp("demo") / "demo.db")
    settings = Settings(database_url=url, environment="test", secret_key="d" * 40)
    with TestClient(create_app(settings)) as client:
        client.app.state.services.demo.load(client.app.state.services)  # type: ignore[attr-defined]
    return settings


@pytest.mark.parametrize("user", USERS)
def test_every_link_of_the_demo_leads_to_a_page(demo: Settings, user: str | None) -> None:
    with TestClient(create_app(demo), base_url=BASE) as client:
        if user is not None:
            form = client.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert token, "the sign-in form carries no CSRF token"
            signed = client.post("/login", data={"username": user, "password": DEMO_PASSWORD,
                                                 "csrf_token": token.group(1)})
            assert signed.status_code == 200 and "Sign out" in signed.text, f"{user} could not sign in"
        visited, problems = crawl(client)
    assert visited > 30, f"only {visited} pages reached as {user or 'a visitor'}"
    assert not problems, f"as {user or 'a visitor'}: " + "; ".join(problems[:20])
