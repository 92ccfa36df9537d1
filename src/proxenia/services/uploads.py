"""The most an uploaded file may be (``Settings.max_upload_bytes``), the same for the pages and the API: a
file is read a chunk at a time and refused (``TooLarge``, 413) as soon as it passes the limit, so a huge
one is never held in memory whole. ``body_too_large`` answers the same before a request's body is read."""

from __future__ import annotations

from typing import Protocol

from proxenia.domain.errors import TooLarge

CHUNK_BYTES = 1024 * 1024
#: What a form may carry besides its file (the other fields, the multipart boundaries).
FORM_MARGIN_BYTES = 1024 * 1024


class Upload(Protocol):
    """An uploaded file as the web framework hands it over (``UploadFile``)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


def size_text(size: int) -> str:
    """A size in plain words: ``50 MB``, ``1.5 MB``, ``200 KB``, ``900 bytes``."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"


def too_large(limit: int, filename: str | None = None) -> TooLarge:
    what = f"the file '{filename}'" if filename else "the upload"
    return TooLarge(
        f"{what} is larger than {size_text(limit)}, the most Proxenia accepts in one upload: split it into smaller "
        "files, or ask the administrator to raise the limit (PROXENIA_MAX_UPLOAD_BYTES)"
    )


async def read_upload(file: Upload, limit: int) -> bytes:
    """The file's bytes, read a chunk at a time; ``TooLarge`` as soon as more than ``limit`` bytes came."""
    chunks: list[bytes] = []
    total = 0
    while chunk := await file.read(min(CHUNK_BYTES, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            raise too_large(limit, file.filename)
        chunks.append(chunk)
    return b"".join(chunks)


def body_too_large(content_length: str | None, limit: int) -> TooLarge | None:
    """The refusal of a request whose declared length (``Content-Length``) is more than a file of ``limit``
    bytes and its form could be, before any of it is read; None when it may be read."""
    try:
        declared = int(content_length or "")
    except ValueError:
        return None
    return too_large(limit) if declared > limit + FORM_MARGIN_BYTES else None
