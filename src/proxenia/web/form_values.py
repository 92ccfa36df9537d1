"""Reading a form's typed values (an id, an enum member, a number) that a page's own form always sends well
formed: a tampered or damaged one is refused as that field's input error (422), not a server error."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TypeVar

from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.viewer import Viewer
from proxenia.services.registry import RegistryService

T = TypeVar("T")


def form_value(text: str, column: str, parse: Callable[[str], T], problem: str = "is not a valid value") -> T | None:
    """``parse(text)`` (``uuid.UUID``, an enum, ``int``...), or None when the field is blank."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse(text)
    except (ValueError, OverflowError):  # OverflowError: float() of an integer too large for a float
        raise InvalidInput(Problem(problem, column=column)) from None


def required_value(text: str, column: str, parse: Callable[[str], T], problem: str = "is not a valid value",
                   missing: str = "is required") -> T:
    """``form_value`` of a field that must be given."""
    value = form_value(text, column, parse, problem)
    if value is None:
        raise InvalidInput(Problem(missing, column=column))
    return value


def form_actor(registry: RegistryService, viewer: Viewer, values: Mapping[str, str], prefix: str) -> uuid.UUID | None:
    """The actor of a typeahead field: its hidden id ``{prefix}_id``, or the name typed in ``{prefix}_name``
    (``Name, country``) resolved; a name that matches no actor is that field's problem."""
    found = form_value(values.get(f"{prefix}_id", ""), f"{prefix}_id", uuid.UUID)
    name = values.get(f"{prefix}_name", "")
    if found is None and name.strip():
        try:
            found = registry.resolve(viewer, name).id
        except NotFound as exc:
            raise InvalidInput(Problem(exc.detail, column=f"{prefix}_name")) from None
    return found
