"""The page renderer: Jinja2 environment, filters, the layout's context, and errors shown as pages."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from proxenia import __version__
from proxenia.domain.countries import country_name
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.viewer import Viewer
from proxenia.web.forms import Refused, notices

TEMPLATES = Path(__file__).parent / "templates"


def _number(value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinity stored before it was refused
        return str(value)


def _kind_label(value: Any) -> str:
    try:
        return ActorKind(str(value)).label
    except ValueError:
        return str(value)


def _tlp(value: Any) -> dict[str, str]:
    vis = Visibility(str(value))
    return {"label": vis.tlp, "css": vis.css, "name": vis.value}


STATIC = Path(__file__).parent / "static"


def vendored(package: str, file: str) -> str:
    """URL of a vendored file, whatever pinned version ``scripts/vendor`` put there."""
    matches = sorted((STATIC / "vendor").glob(f"{package}@*"))
    if not matches:
        return f"/static/vendor/{package}/{file}"
    return f"/static/vendor/{matches[-1].name}/{file}"


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.filters["number"] = _number
    env.filters["country_name"] = country_name
    env.filters["kind_label"] = _kind_label
    env.filters["tlp"] = _tlp
    env.globals["version"] = __version__
    env.globals["Visibility"] = Visibility
    env.globals["vendor"] = vendored
    return templates


def templates_for(app: Any) -> Jinja2Templates:
    return app.state.templates


def viewer_of(request: Request) -> Viewer:
    return getattr(request.state, "viewer", None) or Viewer.anonymous()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """``template`` with the context every page has; a page sent back with a form (``refused``, a
    ``web.forms.Refused``) answers with its status."""
    templates = templates_for(request.app)
    context.setdefault("viewer", viewer_of(request))
    context.setdefault("nav", "")
    context.setdefault("breadcrumbs", [])
    context.setdefault("csrf_token", getattr(request.state, "csrf_token", ""))
    context.setdefault("tenant_name", getattr(request.state, "tenant_name", None))
    context.setdefault("flashes", notices(request))
    context.setdefault("download_max_rows", request.app.state.settings.download_max_rows)
    refused = context.setdefault("refused", None)
    if isinstance(refused, Refused):
        status_code = refused.status
    return templates.TemplateResponse(request, template, context, status_code=status_code)


async def _call(handler: Any, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    if inspect.isawaitable(result):
        result = await result
    return result


def install_page_errors(app: FastAPI) -> None:
    """Pages answer errors with a page in plain words; the API keeps problem+json."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    from proxenia.domain.errors import ProxeniaError

    previous_domain = app.exception_handlers.get(ProxeniaError)
    previous_validation = app.exception_handlers.get(RequestValidationError)
    previous_http = app.exception_handlers.get(HTTPException)

    async def domain(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/") or previous_domain is None:
            assert previous_domain is not None
            return await _call(previous_domain, request, exc)
        assert isinstance(exc, ProxeniaError)
        return render(
            request,
            "error.html",
            status_code=exc.status,
            title=exc.title,
            detail=exc.detail,
            problems=getattr(exc, "problems", []),
        )

    async def validation(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/") or previous_validation is None:
            assert previous_validation is not None
            return await _call(previous_validation, request, exc)
        assert isinstance(exc, RequestValidationError)
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return render(
            request, "error.html", status_code=422, title="Some values were not accepted", detail=detail, problems=[]
        )

    async def http(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(("/api/", "/static/")) or previous_http is None:
            assert previous_http is not None
            return await _call(previous_http, request, exc)
        assert isinstance(exc, HTTPException)
        title = {404: "Page not found", 413: "Too large"}.get(exc.status_code, "Something went wrong")
        detail = "There is no page at this address." if exc.status_code == 404 else str(exc.detail)
        return render(request, "error.html", status_code=exc.status_code, title=title, detail=detail, problems=[])

    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(ProxeniaError, domain)
    app.add_exception_handler(RequestValidationError, validation)
