"""Entity resolution: is this incoming name the same place or organisation as one we know?

External identifiers decide first (the caller checks them); then the name within the country,
using location to separate homonyms; then a fuzzy name match. Ambiguity is reported, not guessed.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from proxenia.domain.geo import distance_km
from proxenia.domain.names import match_key

NEAR_KM = 30.0
FUZZY_MIN = 92.0


class MatchStatus(StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class Candidate:
    id: uuid.UUID
    name: str
    country_code: str | None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None


@dataclass(frozen=True)
class Match:
    status: MatchStatus
    id: uuid.UUID | None = None
    how: str = ""
    candidates: tuple[Candidate, ...] = ()


@dataclass
class PlaceIndex:
    """Known places by (country, name key), with every alternative name."""

    _by_key: dict[tuple[str | None, str], list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    _keys_by_country: dict[str | None, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, candidate: Candidate, names: Iterable[str]) -> None:
        for key in {match_key(n) for n in (candidate.name, *names) if n}:
            if not key:
                continue
            bucket = self._by_key[(candidate.country_code, key)]
            if not any(c.id == candidate.id for c in bucket):
                if not bucket:
                    self._keys_by_country[candidate.country_code].append(key)
                bucket.append(candidate)

    def match(
        self,
        name: str,
        country_code: str | None,
        latitude: float | None = None,
        longitude: float | None = None,
        *,
        fuzzy: bool = True,
    ) -> Match:
        key = match_key(name)
        found = list(self._by_key.get((country_code, key), ()))
        how = "name"
        if not found and fuzzy and key:
            choices = self._keys_by_country.get(country_code, [])
            best = process.extract(key, choices, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_MIN)
            for choice, _score, _ in best:
                found.extend(self._by_key[(country_code, choice)])
            how = "fuzzy name"
        if not found:
            return Match(MatchStatus.UNMATCHED)
        unique = list({c.id: c for c in found}.values())
        if len(unique) == 1:
            only = unique[0]
            if _far(only, latitude, longitude) and how == "fuzzy name":
                return Match(MatchStatus.AMBIGUOUS, candidates=(only,), how="fuzzy name, far away")
            return Match(MatchStatus.MATCHED, only.id, how)
        if latitude is not None and longitude is not None:
            near = sorted(
                (
                    (distance_km(latitude, longitude, c.latitude, c.longitude), c)
                    for c in unique
                    if c.latitude is not None and c.longitude is not None
                ),
                key=lambda pair: pair[0],
            )
            close = [c for d, c in near if d <= NEAR_KM]
            if len(close) == 1 or (close and near[0][0] * 3 < (near[1][0] if len(near) > 1 else 1e9)):
                return Match(MatchStatus.MATCHED, close[0].id, how + " and location")
        return Match(MatchStatus.AMBIGUOUS, candidates=tuple(unique), how=how)


def _far(c: Candidate, latitude: float | None, longitude: float | None) -> bool:
    if None in (latitude, longitude, c.latitude, c.longitude):
        return False
    return distance_km(latitude, longitude, c.latitude, c.longitude) > 100  # type: ignore[arg-type]
