"""The official UN list of the 17 Sustainable Development Goals and their 169 targets, read from the
open-sdg translation files shipped in ``proxenia/data/sdg`` (keys such as ``8-10-title``; codes stay
strings, so ``8.10`` never becomes ``8.1``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from proxenia.domain.goals import code_sort_key
from proxenia.interop.reference.files import checksum, data_path

_GOAL_KEY = re.compile(r"^(\d{1,2})-(short|title)$")
_TARGET_KEY = re.compile(r"^(\d{1,2})-(\d{1,2}|[a-z])-title$")
SOURCE = "UN General Assembly resolution 71/313 (global indicator framework), via open-sdg/sdg-translations (MIT)"


@dataclass(frozen=True)
class SdgEntry:
    code: str
    title: str
    short_title: str | None = None
    parent_code: str | None = None


def _load(path: Path) -> dict[str, str]:
    # BaseLoader keeps every key and value a string (no '8.10' -> 8.1 surprises anywhere).
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.BaseLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} is not a mapping")
    return {str(k): " ".join(str(v).split()) for k, v in data.items()}


def sdg_files() -> list[Path]:
    return [data_path("sdg", "global_goals.yml"), data_path("sdg", "global_targets.yml")]


def sdg_checksum() -> str:
    return checksum(*sdg_files(), extra="sdg-v1")


def sdg_entries() -> list[SdgEntry]:
    """The 17 goals then the 169 targets, in the UN's order."""
    goals_file, targets_file = sdg_files()
    goals: dict[str, dict[str, str]] = {}
    for key, text in _load(goals_file).items():
        match = _GOAL_KEY.match(key)
        if match:
            goals.setdefault(match.group(1), {})[match.group(2)] = text
    entries = [
        SdgEntry(code, parts.get("title", parts.get("short", "")), parts.get("short"))
        for code, parts in sorted(goals.items(), key=lambda kv: int(kv[0]))
    ]
    targets = []
    for key, text in _load(targets_file).items():
        match = _TARGET_KEY.match(key)
        if match and match.group(1) in goals:
            targets.append(SdgEntry(f"{match.group(1)}.{match.group(2)}", text, None, match.group(1)))
    return entries + sorted(targets, key=lambda t: code_sort_key(t.code))
