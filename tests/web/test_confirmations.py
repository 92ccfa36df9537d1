"""Confirmation before anything destructive: every form that deletes, closes, revokes, removes or resets
asks first (``data-confirm``, which static/js/app.js turns into a confirmation dialog)."""

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
