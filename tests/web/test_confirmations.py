"""Confirmation before anything destructive: every form that deletes, closes, revokes, removes or resets
asks first (``data-confirm``, which static/js/app.js turns into a confirmation dialog that adds
``confirmed=yes``), and every route behind such a form asks on a page when the answer is missing (no
JavaScript), changing nothing until it is yes."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "proxenia" / "web" / "templates"
DESTRUCTIVE = re.compile(r'<form[^>]*action="[^"]*/(delete|close|revoke|reset)[^"]*"[^>]*>', re.S)
CLOSING_BUTTON = re.compile(r"<button[^>]*value=\"\{\{ m\.value \}\}\"[^>]*>", re.S)


def test_every_destructive_form_asks_for_confirmation() -> None:
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for match in DESTRUCTIVE.finditer(template.read_text(encoding="utf-8")):
            found.append(template.name)
            assert "data-confirm=" in match.group(0), f"{template.relative_to(TEMPLATES)}: {match.group(0)}"
    assert len(found) >= 6, found  # ties, engagements, tokens, campaigns, flags, passwords


def test_closing_a_request_for_help_asks_first() -> None:
    html = (TEMPLATES / "requests" / "request.html").read_text(encoding="utf-8")
    [button] = CLOSING_BUTTON.findall(html)
    assert "data-confirm=" in button and "closed" in button


def test_every_route_behind_a_confirmed_form_asks_without_javascript() -> None:
    from fastapi.routing import APIRoute

    from proxenia.app import create_app
    from proxenia.config import Settings

    app = create_app(Settings(database_url="sqlite://", environment="test", secret_key="t" * 40))
    guarded = set()
    for route in _routes(app.routes):
        if isinstance(route, APIRoute) and any("confirm_first" in getattr(d.call, "__qualname__", "")
                                               for d in route.dependant.dependencies):
            guarded.add(route.path_format)
    actions = set()
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for form in re.finditer(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', text, re.S):
            if "data-confirm=" in form.group(0):
                actions.add(re.sub(r"\{\{[^}]*\}\}", "{}", form.group(1)))
    shapes = {re.sub(r"\{[^}]*\}", "{}", p) for p in guarded}
    assert len(actions) >= 7 and actions <= shapes, actions - shapes


def _routes(routes: list[object]) -> list[object]:
    out: list[object] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out += _routes(inner.routes) if inner is not None else [route]
    return out
