"""Twin-town pairs from English Wikipedia's lists (CC BY-SA 4.0, Wikipedia contributors)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from proxenia.interop.reference.files import data_path

LICENCE = "CC BY-SA 4.0; Wikipedia contributors, via github.com/Hekman/twincities"


@dataclass(frozen=True)
class TwinEnd:
    name: str
    country_name: str
    country_code: str | None
    geonameid: int | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class TwinPair:
    row: int
    first: TwinEnd
    second: TwinEnd

    @property
    def source_ref(self) -> str:
        return f"Wikipedia: List of twin towns and sister cities in {self.first.country_name}"


def _end(row: dict[str, str], n: str) -> TwinEnd:
    gid = row.get(f"geonameid_{n}") or ""
    matched = row.get(f"match_{n}") == "matched" and gid.strip().isdigit()
    return TwinEnd(
        name=row[f"city{n}"].strip(),
        country_name=row[f"country{n}"].strip(),
        country_code=(row.get(f"iso2_{n}") or "").strip().upper() or None,
        geonameid=int(gid) if matched else None,
        latitude=_float(row.get(f"lat{n}")),
        longitude=_float(row.get(f"lng{n}")),
    )


def pairs() -> Iterator[TwinPair]:
    path = data_path("twin_towns", "twin_towns_wikipedia.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle), start=2):
            yield TwinPair(row=index, first=_end(row, "1"), second=_end(row, "2"))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
