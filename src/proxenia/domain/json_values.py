"""What a JSON column can hold: JSON has no ``NaN`` or infinities, and text never holds a NUL byte.

Python's ``json`` module reads and writes ``NaN`` and ``Infinity``, and ``"\\u0000"`` decodes to a NUL
character; PostgreSQL refuses all three (a server error when written), and SQLite would keep what no reader
can parse back. Every way in — an API body, a form, an imported file — is checked with :func:`json_flaw`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def json_flaw(value: Any) -> str | None:
    """What makes ``value`` (and anything nested in it, keys included) unfit for a JSON column, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a JSON number"
    if isinstance(value, str):
        return "contains a NUL byte" if "\x00" in value else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            flaw = json_flaw(key) or json_flaw(item)
            if flaw:
                return flaw
    elif isinstance(value, list | tuple):
        for item in value:
            flaw = json_flaw(item)
            if flaw:
                return flaw
    return None
