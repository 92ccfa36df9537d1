"""Errors as problem+json (RFC 9457), for every error the API can answer with."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from proxenia.domain.errors import InvalidInput, ProxeniaError

PROBLEM_TYPES = "https://proxenia.org/problems/"
MEDIA_TYPE = "application/problem+json"
#: The challenge every 401 carries (RFC 9110 requires one): API tokens are bearer tokens.
CHALLENGE = {"WWW-Authenticate": "Bearer"}
log = logging.getLogger("proxenia.api")


def problem(
    status: int,
    title: str,
    detail: str,
    request: Request,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPES + title.lower().replace(" ", "-"),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _routes(routes: Any) -> Any:
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)
        elif hasattr(route, "path_regex") and getattr(route, "methods", None):
            yield route


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method some route accepts at ``path`` (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in _routes(app.routes):
        if route.path_regex.match(path):
            methods |= set(route.methods)
    return sorted(methods)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProxeniaError)
    async def _domain(request: Request, exc: ProxeniaError) -> JSONResponse:
        errors = None
        if isinstance(exc, InvalidInput):
            errors = [{k: v for k, v in p.__dict__.items() if v is not None} for p in exc.problems]
        return problem(exc.status, exc.title, exc.detail, request, errors, CHALLENGE if exc.status == 401 else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"message": e.get("msg", "invalid"), "column": ".".join(str(p) for p in e.get("loc", ()) if p != "body")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"message": "invalid request", "column": ""}
        return problem(422, "Invalid input", f"{first['column']}: {first['message']}", request, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {
            404: "Not found",
            405: "Method not allowed",
            401: "Authentication required",
            403: "Permission denied",
            413: "Too large",
        }.get(exc.status_code, "Error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(m for m in allowed_methods(request.app, request.url.path) if m != "HEAD")
        return problem(exc.status_code, title, str(exc.detail), request, headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(500, "Internal error", "something went wrong on the server; it has been logged", request)


class ProblemPublic(BaseModel):
    """An RFC 9457 problem detail."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, Any]] | None = None


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {MEDIA_TYPE: {"schema": ProblemPublic.model_json_schema()}}}


#: The error responses every operation may give, documented as problem+json.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _problem_response("Bad request"),
    401: _problem_response("Authentication required"),
    403: _problem_response("Permission denied"),
    404: _problem_response("Not found (or not shared with you)"),
    409: _problem_response("Conflict: changed by someone else, or a duplicate"),
    412: _problem_response("Precondition failed: the If-Match ETag is not one this API gave"),
    428: _problem_response("Precondition required: send If-Match with the ETag you read"),
    422: _problem_response("Invalid input, with the field of every problem"),
    429: _problem_response("Too many attempts"),
}
#: What an operation taking a file may answer besides.
UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: _problem_response("Too large: the file is larger than the upload limit (PROXENIA_MAX_UPLOAD_BYTES)"),
}
