"""Countries and subdivisions: ISO 3166 from pycountry, World Bank classification, GeoNames ids."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pycountry

from proxenia.interop.reference.files import data_path, geonames_data_dir


@dataclass(frozen=True)
class CountryRecord:
    alpha2: str
    alpha3: str
    numeric: str
    name: str
    official_name: str | None
    geonameid: int | None
    population: int | None
    latitude: float | None
    longitude: float | None
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SubdivisionRecord:
    code: str
    country_code: str
    name: str
    type: str
    parent_code: str | None


def world_bank() -> dict[str, dict[str, str]]:
    """World Bank classification by ISO alpha-2 code."""
    path = data_path("countries", "wb_country_classification.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["iso2c"]: row for row in csv.DictReader(handle) if row.get("iso2c")}


def countries() -> Iterator[CountryRecord]:
    wb = world_bank()
    geonames = json.loads((geonames_data_dir() / "countries.json").read_text(encoding="utf-8"))
    for country in pycountry.countries:
        alpha2 = country.alpha_2
        bank = wb.get(alpha2, {})
        gn = geonames.get(alpha2, {})
        attributes: dict[str, object] = {}
        if bank:
            attributes.update(
                wb_region=bank["region"], income_group=bank["income"], lending=bank["lending"], capital=bank["capital"]
            )
        if gn.get("continentcode"):
            attributes["continent"] = gn["continentcode"]
        if gn.get("neighbours"):
            attributes["neighbours"] = [n for n in gn["neighbours"].split(",") if n]
        lat = _float(bank.get("latitude"))
        lon = _float(bank.get("longitude"))
        yield CountryRecord(
            alpha2=alpha2,
            alpha3=country.alpha_3,
            numeric=country.numeric,
            name=getattr(country, "common_name", None) or country.name,
            official_name=getattr(country, "official_name", None),
            geonameid=int(gn["geonameid"]) if gn.get("geonameid") else None,
            population=int(gn["population"]) if gn.get("population") else None,
            latitude=lat,
            longitude=lon,
            attributes=attributes,
        )


def subdivisions() -> Iterator[SubdivisionRecord]:
    for sub in pycountry.subdivisions:
        yield SubdivisionRecord(
            code=sub.code,
            country_code=sub.country_code,
            name=sub.name,
            type=sub.type,
            parent_code=sub.parent_code,
        )


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None
