"""Confirmation before anything destructive, with or without JavaScript.

A destructive route declares ``confirm_first("Delete this engagement?")``. With JavaScript, the page's
``data-confirm`` dialog asks and adds ``confirmed=yes`` to the form it lets through; without JavaScript,
the form arrives without it and the route answers with a page that asks the same question, carrying the
form's fields on to a "Yes" button (or back, to leave things as they were). Nothing is changed until the
answer is yes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from proxenia.web.rendering import render

CONFIRMED = "confirmed"


class ConfirmationNeeded(Exception):
    def __init__(self, question: str, fields: list[tuple[str, str]]) -> None:
        super().__init__(question)
        self.question = question
        self.fields = fields


def confirm_first(question: str, when: Callable[[FormData], bool] | None = None) -> Any:
    """A dependency: the route runs only once the form says ``confirmed=yes`` (``when``: only for some
    submissions, e.g. the button that closes a request among those that move it on)."""

    async def dependency(request: Request) -> None:
        form = await request.form()
        if form.get(CONFIRMED) == "yes" or (when is not None and not when(form)):
            return
        fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != CONFIRMED]
        raise ConfirmationNeeded(question, fields)

    return Depends(dependency)


def install_confirmations(app: FastAPI) -> None:
    async def ask(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ConfirmationNeeded)
        back = request.headers.get("referer") or "/"
        if not back.startswith(str(request.base_url)):
            back = "/"
        return render(request, "confirm.html", question=exc.question, action=request.url.path, fields=exc.fields,
                      back=back, breadcrumbs=[("Home", "/"), ("Please confirm", None)])

    app.add_exception_handler(ConfirmationNeeded, ask)
