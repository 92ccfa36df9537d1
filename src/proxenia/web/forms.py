"""Form handling shared by the pages: CSRF protection on every unsafe request, notices after redirects, and
a posted form sent back with what was typed and the problem named above it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from proxenia.domain.errors import Conflict, InvalidInput, PermissionDenied, ProxeniaError

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


async def posted_form(request: Request) -> FormData:
    """The posted form, read whole on the event loop (the route itself runs on a worker thread)."""
    return await request.form()


#: A route's posted form, every field as sent: nothing is checked before the route runs, so that a value a
#: browser would have stopped (too long, left empty, not a number, not in the list) comes back as the form.
PostedForm = Annotated[FormData, Depends(posted_form)]
#: What a form is sent back for: its input (422) or a stale version (409); anything else is the error page.
SENT_BACK = (InvalidInput, Conflict)


def typed(form: FormData, fields: Mapping[str, str]) -> dict[str, str]:
    """Each of ``fields`` as posted, kept as typed (its default when not sent; a file sent instead is blank)."""
    out = {}
    for name, default in fields.items():
        value = form.get(name, default)
        out[name] = value if isinstance(value, str) else ""
    return out


@dataclass(frozen=True)
class Refused:
    """A posted form sent back: which form of the page (a page may hold several), what was typed, the problem
    named above it and the status. Templates show it with the macros ``form_problem`` and ``kept``."""

    form: str
    error: str
    values: Mapping[str, str] = field(default_factory=dict)
    status: int = 422


def refusal(exc: ProxeniaError, form: str, values: Mapping[str, str]) -> Refused:
    """``form`` sent back with ``values`` for ``exc``, naming every problem it carries."""
    problems = exc.problems if isinstance(exc, InvalidInput) else []
    error = "; ".join(str(p) for p in problems) if len(problems) > 1 else exc.detail
    return Refused(form, error, dict(values), exc.status)


def notices(request: Request) -> list[tuple[str, str]]:
    code = request.query_params.get("notice")
    return [NOTICES[code]] if code in NOTICES else []


def redirect(url: str, notice: str | None = None) -> RedirectResponse:
    if notice:
        path, hash_, fragment = url.partition("#")
        path += ("&" if "?" in path else "?") + f"notice={notice}"
        url = path + hash_ + fragment
    return RedirectResponse(url, status_code=303)
