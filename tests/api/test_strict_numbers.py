"""Every number the API takes is a JSON number: pydantic's lax mode would read ``true`` as 1 (found by
fuzzing on coordinates). Checked over every request model of every API module, so a new field cannot
forget it; output models (``…Public``, ``Created``) are what the API writes, not what it reads."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Any

from pydantic import BaseModel

import proxenia.api


def _is_strict(marker: Any) -> bool:
    return bool(getattr(marker, "strict", False)) or any(_is_strict(m) for m in getattr(marker, "metadata", ()))


def _loose(annotation: Any, strict: bool) -> bool:
    """Does the annotation take a number that lax mode would coerce from a boolean?"""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *markers = typing.get_args(annotation)
        return _loose(base, strict or any(_is_strict(m) for m in markers))
    if annotation in (int, float):
        return not strict
    return any(_loose(a, strict) for a in typing.get_args(annotation))


def request_models() -> list[type[BaseModel]]:
    found = []
    for info in pkgutil.iter_modules(proxenia.api.__path__):
        module = importlib.import_module(f"proxenia.api.{info.name}")
        for name, cls in vars(module).items():
            if (inspect.isclass(cls) and issubclass(cls, BaseModel) and cls.__module__ == module.__name__
                    and not name.endswith("Public") and "Public[" not in name and name != "Created"):
                found.append(cls)
    return found


def test_every_number_a_request_takes_is_strict() -> None:
    models = request_models()
    assert len(models) > 20  # the walk found the API's request models
    loose = [f"{m.__module__}.{m.__name__}.{name}" for m in models for name, field in m.model_fields.items()
             if _loose(field.annotation, bool(m.model_config.get("strict")) or _is_strict(field))]
    assert loose == []
