"""Request bodies held to the upload limit (``Settings.max_upload_bytes``) before they are read.

Form parsing reads a request's whole body, spooling its files to disk, before any route (or its sign-in
check) runs; a body larger than a file of the limit and its form could be is answered 413 as soon as its
``Content-Length`` says so, or as soon as that much came, instead. Files within it are then read by
``services.uploads.read_upload``, which holds each one to the limit exactly. The refusal is an
``HTTPException`` raised where the body is read, so the pages answer it with a page in plain words and
the API with a problem, as any other error.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from proxenia.services.uploads import FORM_MARGIN_BYTES, body_too_large, too_large


def install_upload_limit(app: FastAPI) -> None:
    app.add_middleware(UploadLimitMiddleware)


class UploadLimitMiddleware:
    """A plain ASGI middleware (as ``AuthenticationMiddleware``): it only wraps ``receive``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit: int = scope["app"].state.settings.max_upload_bytes
        refusal = body_too_large(Headers(scope=scope).get("content-length"), limit)
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            if refusal is not None:
                raise HTTPException(413, refusal.detail)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit + FORM_MARGIN_BYTES:
                    raise HTTPException(413, too_large(limit).detail)
            return message

        await self.app(scope, limited_receive, send)
