"""Browser tests: a live server on a real database, driven in Debian's headless Chromium by Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium. Every page visited is checked with
axe-core (no moderate, serious or critical violation), for requests to hosts other than the server, and
for a page wider than the window.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import uvicorn

from proxenia.app import create_app
from proxenia.config import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
AXE = sorted((Path(__file__).parent / "vendor").glob("axe-core@*/axe.min.js"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    for candidate in (os.environ.get("PROXENIA_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.port = _free_port()
        self.app = create_app(settings)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(reference_copy: str) -> Iterator[LiveServer]:
    settings = Settings(database_url=reference_copy, environment="test", secret_key="b" * 40)
    with LiveServer(settings) as server:
        services = server.app.state.services
        services.demo.load(services)
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("PROXENIA_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required for the browser tests but was not found (apt install chromium)")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Journey:
    """A page plus the checks every journey makes: external requests, axe-core, a final screenshot."""

    def __init__(self, page: object, base: str, name: str) -> None:
        self.page = page
        self.base = base
        self.name = name
        self.external: list[str] = []
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        host = urlparse(base).netloc
        page.on("request", lambda r: self._request(r.url, host))  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))  # type: ignore[attr-defined]
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]

    def _request(self, url: str, host: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != host:
            self.external.append(url)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")  # type: ignore[attr-defined]
        self.check_accessibility()
        self.check_width()

    def check_width(self) -> None:
        """The page never scrolls sideways: a table wider than the window scrolls inside its own region."""
        extra = self.page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert extra <= 0, f"{self.page.url} is {extra}px wider than the window"  # type: ignore[attr-defined]

    def check_accessibility(self) -> None:
        assert AXE, "axe-core is not vendored in tests/browser/vendor (run scripts/vendor)"
        self.page.add_script_tag(path=str(AXE[-1]))  # type: ignore[attr-defined]
        result = self.page.evaluate(  # type: ignore[attr-defined]
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("moderate", "serious", "critical")
        ]
        assert not serious, f"accessibility violations on {self.page.url}: {serious}"  # type: ignore[attr-defined]

    def finish(self) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}.png"), full_page=True)  # type: ignore[attr-defined]
        assert not self.external, f"pages requested other hosts: {self.external}"
        assert not self.failed, f"requests failed: {self.failed}"


@pytest.fixture
def journey(browser: object, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Journey]:
    # bypass_csp lets the test inject axe-core; the page itself keeps its Content-Security-Policy.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    yield Journey(page, live_server.url, request.node.name)
    context.close()
