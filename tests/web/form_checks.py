"""Helpers of the tests that post a page's form as a script would (bypassing the browser's ``maxlength``,
``required`` and lists) and expect the same form back, what was typed kept and the problem named above it."""

from __future__ import annotations

import html as html_lib
import re

import httpx
from fastapi.testclient import TestClient

from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services

PASSWORD = "a long test password"
KEPT = "Kept as typed 7f3a"  # a value typed into another field, which must come back


def value_id(value: object) -> str:
    """A test id naming a long value by its length."""
    text = str(value)
    return f"{len(text)}-chars" if len(text) > 40 else text or "empty"


def page_text(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def sign_in(client: TestClient, services: Services, username: str, tenant: str, role: Role) -> TestClient:
    """A browser of its own, signed in through the sign-in page as a new user of ``tenant``."""
    services.accounts.create_user(Viewer.system("tests"), username=username, password=PASSWORD, tenant=tenant,
                                  role=role)
    browser = TestClient(client.app)
    browser.get("/login")
    done = browser.post("/login", data={"username": username, "password": PASSWORD, "next": "/",
                                        "csrf_token": browser.cookies.get("proxenia_csrf")}, follow_redirects=False)
    assert done.status_code == 303
    return browser


def post_form(client: TestClient, url: str, data: dict[str, str]) -> httpx.Response:
    """Post ``data`` to ``url`` with the session's CSRF token, as a script would."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert token, "the page carries no CSRF token"
    return client.post(url, data={**data, "csrf_token": token.group(1)}, follow_redirects=False)


def shown_again(answer: httpx.Response, action: str, problem: str, status: int = 422) -> str:
    """The form (posting to ``action``) again, with the problem above it and the typed values in it."""
    assert answer.status_code == status, page_text(answer.text)[:800]
    assert f'action="{action}"' in answer.text, "not the form again"
    text = page_text(answer.text)
    assert "Some values were not accepted" not in text
    assert problem in text, text[text.find("Error"):][:400]
    return answer.text
