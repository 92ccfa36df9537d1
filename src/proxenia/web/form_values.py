"""Reading a form's typed values (an id, an enum member, a number) that a page's own form always sends well
formed: a tampered or damaged one is refused as that field's input error (422), not a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from proxenia.domain.errors import InvalidInput, Problem

T = TypeVar("T")


def form_value(text: str, column: str, parse: Callable[[str], T]) -> T | None:
    """``parse(text)`` (``uuid.UUID``, an enum, ``int``...), or None when the field is blank."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse(text)
    except ValueError:
        raise InvalidInput(Problem("is not a valid value", column=column)) from None
