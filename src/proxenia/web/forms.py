"""Form handling shared by the pages: CSRF protection on every unsafe request, notices after redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from proxenia.domain.errors import PermissionDenied

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
NOTICES = {
    "signed-out": ("success", "You are signed out."),
    "password-changed": ("success", "Your password is changed."),
    "token-revoked": ("success", "The token is revoked; programs using it can no longer sign in."),
    "user-created": ("success", "The user is created. Give them their temporary password in person."),
    "password-reset": ("success", "The password is reset; the user must change it at next sign-in."),
    "saved": ("success", "Saved."),
    "deleted": ("success", "Deleted."),
    "imported": ("success", "The file is imported."),
}


async def csrf_protect(request: Request) -> None:
    """Every form that changes something carries the CSRF token of the session (or of the visitor)."""
    if request.method in SAFE:
        return
    expected = getattr(request.state, "csrf_token", "")
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not expected or sent != expected:
        raise PermissionDenied("this form has expired or did not come from Proxenia; reload the page and try again")


async def with_form(work: Callable[..., Response], request: Request, *args: Any) -> Response:
    """For a route that reads its posted form whole (numbered or repeated fields): the form is read on the
    event loop, ``work(request, form, *args)`` (services, the database) on a worker thread, as FastAPI runs
    a plain ``def`` route. Run on the loop, a slow save or import held up every other request."""
    form = await request.form()
    return await run_in_threadpool(work, request, form, *args)


def notices(request: Request) -> list[tuple[str, str]]:
    code = request.query_params.get("notice")
    return [NOTICES[code]] if code in NOTICES else []


def redirect(url: str, notice: str | None = None) -> RedirectResponse:
    if notice:
        path, hash_, fragment = url.partition("#")
        path += ("&" if "?" in path else "?") + f"notice={notice}"
        url = path + hash_ + fragment
    return RedirectResponse(url, status_code=303)
