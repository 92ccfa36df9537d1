"""Who is asking: bearer API tokens or the session cookie, resolved once per request.

Sets ``request.state.viewer`` (anonymous when nobody signed in), ``csrf_token`` and ``tenant_name``.
Cookie-authenticated changes to the API must carry the ``X-CSRF-Token`` header; page forms carry a
hidden ``csrf_token`` field, checked by the pages' router.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from proxenia.api.problems import problem
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services

SESSION_COOKIE = "proxenia_session"
CSRF_COOKIE = "proxenia_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def install_authentication(app: FastAPI) -> None:
    @app.middleware("http")
    async def authenticate(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        services: Services = request.app.state.services
        viewer = Viewer.anonymous()
        csrf = ""
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            found = await run_in_threadpool(services.accounts.token_viewer, header[7:].strip())
            if found is None:
                return problem(
                    401,
                    "Authentication required",
                    "the API token is unknown, expired or revoked",
                    request,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            viewer = found
        elif request.cookies.get(SESSION_COOKIE):
            session = await run_in_threadpool(services.accounts.session, request.cookies[SESSION_COOKIE])
            if session is not None:
                viewer, csrf = session
                if (
                    request.url.path.startswith("/api/")
                    and request.method not in SAFE_METHODS
                    and request.headers.get("x-csrf-token") != csrf
                ):
                    return problem(
                        403, "Permission denied", "send the X-CSRF-Token header with cookie sign-in", request
                    )
        fresh_csrf = None
        if not csrf:
            csrf = request.cookies.get(CSRF_COOKIE) or ""
            if not csrf and not request.url.path.startswith(("/api/", "/static/")):
                csrf = fresh_csrf = secrets.token_urlsafe(24)
        request.state.viewer = viewer
        request.state.csrf_token = csrf
        request.state.tenant_name = (
            await run_in_threadpool(services.accounts.tenant_name, viewer) if not viewer.is_anonymous else None
        )
        response = await call_next(request)
        if fresh_csrf:
            response.set_cookie(
                CSRF_COOKIE, fresh_csrf, httponly=True, samesite="lax", secure=services.settings.secure_cookies
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        return response
