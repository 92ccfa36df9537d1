"""SPID, the State Policy Innovation and Diffusion database (v1.0; Boehmke et al. 2018, Harvard
Dataverse doi:10.7910/DVN/CVYSR7), as shipped in the R package NetworkInference (MIT licence).

Reads the policies, the state adoptions by year and the state names in ``proxenia/data/spid``, or
files of the same shape given by path (the engine's evaluation replays such files).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from proxenia.interop.reference.files import data_path

CITATION = (
    "SPID v1.0: Boehmke, Brockway, Desmarais, Harden, LaCombe, Linder and Wallach (2018), State Policy "
    "Innovation and Diffusion database, Harvard Dataverse doi:10.7910/DVN/CVYSR7 (via the R package "
    "NetworkInference, MIT licence)"
)


@dataclass(frozen=True)
class SpidPolicy:
    row: int
    policy: str
    source: str
    first_year: int | None
    last_year: int | None
    adopt_count: int | None
    description: str
    major_topic: str


@dataclass(frozen=True)
class SpidAdoption:
    row: int
    state_name: str
    policy: str
    year: int | None  # None when the row's year is not a number (counted, never dropped silently)


@dataclass(frozen=True)
class UsState:
    code: str
    name: str
    fips: str
    geonameid: int | None


def files() -> list[Path]:
    return [data_path("spid", name) for name in ("spid_policies.csv", "spid_adoptions.csv", "us_states.csv")]


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def policies(path: Path | None = None) -> Iterator[SpidPolicy]:
    with (path or data_path("spid", "spid_policies.csv")).open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            yield SpidPolicy(
                row=index,
                policy=row["policy"].strip(),
                source=(row.get("source") or "").strip(),
                first_year=_int(row.get("first_year")),
                last_year=_int(row.get("last_year")),
                adopt_count=_int(row.get("adopt_count")),
                description=(row.get("description") or "").strip(),
                major_topic=(row.get("majortopic") or "").strip(),
            )


def adoptions(path: Path | None = None) -> Iterator[SpidAdoption]:
    with (path or data_path("spid", "spid_adoptions.csv")).open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            yield SpidAdoption(
                row=index,
                state_name=row["statenam"].strip(),
                policy=row["policy"].strip(),
                year=_int(row.get("adopt_year")),
            )


def us_states() -> list[UsState]:
    with data_path("spid", "us_states.csv").open(encoding="utf-8", newline="") as handle:
        return [
            UsState(
                code=r["code"].strip(), name=r["name"].strip(), fips=r["fips"].strip(), geonameid=_int(r["geonameid"])
            )
            for r in csv.DictReader(handle)
        ]
