"""Uploads held to one limit (``Settings.max_upload_bytes``), the same for the import page and the API: a file
over it is refused (413) naming the limit, the page as the import form again with the problem above it, the
API as a problem; a request whose body is far over it is refused before it is read, whoever sent it; the
file is read a chunk at a time and no further than the limit. In-process on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import html as html_lib
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from proxenia.config import Settings
from proxenia.domain.errors import TooLarge
from proxenia.services.container import Services
from proxenia.services.uploads import FORM_MARGIN_BYTES, read_upload, size_text
from tests.government import sign_in_clerk

LIMIT = 4096
PASSWORD = "a long test password"
T = TypeVar("T")
SHEET = "kind,title,start_date,department\nmeeting,Port call,2026-03-02,intl\n"
NAMED = "larger than 4 KB, the most Proxenia accepts in one upload"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, environment="test", secret_key="test-secret-" + "x" * 32,
                    max_upload_bytes=LIMIT)


@pytest.fixture
def clerk(client: TestClient, services: Services) -> TestClient:
    sign_in_clerk(client, services, PASSWORD)
    return client


@pytest.fixture
def token(clerk: TestClient, services: Services) -> dict[str, str]:
    viewer = services.accounts.sign_in("clerk", PASSWORD).viewer
    return {"Authorization": "Bearer " + services.accounts.create_token(viewer, "tests", ["read", "write"]).secret}


def _text(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _csrf(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/engagements/import").text)
    assert match
    return match.group(1)


def _sheet(size: int) -> bytes:
    """A spreadsheet of exactly ``size`` bytes: rows of port calls, the last one's title padded."""
    row = "meeting,Port call,2026-03-02,intl\n"
    rows = (size - len(SHEET) - 100) // len(row)
    text = SHEET + row * rows
    return (text + row.replace("Port call", "Port call" + "!" * (size - len(text) - len(row)))).encode()


def test_the_import_page_refuses_a_file_over_the_limit(clerk: TestClient) -> None:
    token = _csrf(clerk)
    checked = clerk.post("/engagements/import", data={"csrf_token": token, "dry_run": "true"},
                         files={"file": ("log.csv", _sheet(LIMIT), "text/csv")})
    assert checked.status_code == 200, _text(checked.text)[:800]  # up to the limit, the file is read
    refused = clerk.post("/engagements/import", data={"csrf_token": token, "map_place": "Where"},
                         files={"file": ("log.csv", _sheet(LIMIT + 1), "text/csv")})
    assert refused.status_code == 413
    assert 'action="/engagements/import"' in refused.text  # the form again, the mapping typed kept
    assert 'value="Where"' in refused.text
    assert f"the file 'log.csv' is {NAMED}" in _text(refused.text)
    assert "Port call" not in _text(clerk.get("/engagements").text)


@pytest.mark.parametrize("url", ["/api/v1/engagement-imports", "/api/v1/imports"])
def test_the_api_refuses_a_file_over_the_limit(clerk: TestClient, token: dict[str, str], url: str) -> None:
    refused = clerk.post(url, headers=token, files={"file": ("log.csv", _sheet(LIMIT + 1), "text/csv")})
    assert refused.status_code == 413 and refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["title"] == "Too large" and problem["type"].endswith("/too-large")
    assert NAMED in problem["detail"] and "PROXENIA_MAX_UPLOAD_BYTES" in problem["detail"]
    assert "413" in clerk.get("/api/v1/openapi.json").json()["paths"][url]["post"]["responses"]


@pytest.mark.parametrize("url", ["/engagements/import", "/api/v1/engagement-imports", "/api/v1/imports"])
def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client: TestClient, url: str) -> None:
    """Nobody signed in: the page would refuse (401/403) once the form is read; the size is refused first. The
    API refuses an anonymous change (401) before reading a byte of it; a token's upload meets the size."""
    huge = b"x" * (LIMIT + FORM_MARGIN_BYTES + 1)
    refused = client.post(url, files={"file": ("huge.csv", huge, "text/csv")})
    if url.startswith("/api/"):
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
    else:
        assert refused.status_code == 413
        assert f"Too large Error: the upload is {NAMED}" in _text(refused.text)


@pytest.mark.parametrize("url", ["/api/v1/engagement-imports", "/api/v1/imports"])
def test_an_api_body_far_over_the_limit_is_refused_before_it_is_read(
    clerk: TestClient, token: dict[str, str], url: str
) -> None:
    huge = b"x" * (LIMIT + FORM_MARGIN_BYTES + 1)
    refused = clerk.post(url, headers=token, files={"file": ("huge.csv", huge, "text/csv")})
    assert refused.status_code == 413
    assert refused.json()["title"] == "Too large" and NAMED in refused.json()["detail"]


def test_a_body_without_a_length_stops_being_read_past_the_limit(client: TestClient) -> None:
    """Sent in chunks without ``Content-Length``: reading stops at the first chunk past the limit."""
    head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n\r\n'
    chunk, pulled, sent = b"x" * 65536, 0, []

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += 1
        body = head + chunk[len(head):] if pulled == 1 else chunk
        return {"type": "http.request", "body": body, "more_body": pulled < 1000}  # 64 MB in all

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/engagements/import", "raw_path": b"/engagements/import",
             "query_string": b"", "root_path": "", "scheme": "http", "server": ("testserver", 80),
             "client": ("testclient", 50000), "http_version": "1.1",
             "headers": [(b"content-type", b"multipart/form-data; boundary=x")]}
    _run(client.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    assert pulled == (LIMIT + FORM_MARGIN_BYTES) // len(chunk) + 1


class _Stream:
    """An upload of ``size`` bytes that counts what was handed out."""

    filename: str | None = "big.csv"

    def __init__(self, size: int) -> None:
        self.left, self.handed = size, 0

    async def read(self, size: int = -1) -> bytes:
        n = self.left if size < 0 else min(size, self.left)
        self.left -= n
        self.handed += n
        return b"x" * n


@pytest.mark.parametrize("size", [0, 1, LIMIT])
def test_a_file_up_to_the_limit_is_read_whole(size: int) -> None:
    assert _run(read_upload(_Stream(size), LIMIT)) == b"x" * size


def test_a_file_over_the_limit_is_read_no_further_than_the_limit() -> None:
    stream = _Stream(100 * 1024 * 1024)
    with pytest.raises(TooLarge) as refused:
        _run(read_upload(stream, LIMIT))
    assert stream.handed == LIMIT + 1
    assert refused.value.status == 413 and f"the file 'big.csv' is {NAMED}" in refused.value.detail


@pytest.mark.parametrize(("size", "text"), [(900, "900 bytes"), (4096, "4 KB"), (50 * 1024 * 1024, "50 MB"),
                                            (1536 * 1024, "1.5 MB"), (3 * 1024**3, "3 GB")])
def test_sizes_are_named_in_plain_words(size: int, text: str) -> None:
    assert size_text(size) == text


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: the browser tests' Playwright keeps an event loop running on the
    main thread, where ``asyncio.run`` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
