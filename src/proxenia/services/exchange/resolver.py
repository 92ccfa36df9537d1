"""Resolving imported actors against the registry: identifiers first, then name, country and place.

Ambiguous matches are not guessed: the import stops and names the candidates, so a person decides
(by adding an id or an identifier to the row).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from proxenia.domain.errors import Problem
from proxenia.domain.geo import distance_km
from proxenia.domain.names import fold
from proxenia.domain.viewer import Viewer
from proxenia.services.exchange.incoming import Incoming
from proxenia.store.actors import ActorRepository

NEAR_KM = 30.0
FUZZY_MIN = 90.0


@dataclass(frozen=True)
class Outcome:
    existing: uuid.UUID | None = None
    label: str = ""
    how: str = ""
    problem: Problem | None = None


class ActorResolver:
    def __init__(self, actors: ActorRepository, viewer: Viewer) -> None:
        self.actors = actors
        self.viewer = viewer
        self._fuzzy_cache: dict[str | None, list[tuple[uuid.UUID, str]]] = {}
        self._seen: dict[tuple[str | None, str], int] = {}
        self._seen_identifiers: dict[tuple[str, str], int] = {}

    def resolve(self, record: Incoming) -> Outcome:
        v = record.values
        pairs = v.get("identifiers") or []
        for scheme, value in pairs:
            earlier = self._seen_identifiers.setdefault((scheme, value), record.row)
            if earlier != record.row:
                return Outcome(problem=record.problem(
                    f"{scheme} id {value} appears twice in this import (also row {earlier}); one actor per identifier",
                    "identifiers"))
        if pairs:
            found = self.actors.ids_by_identifiers(self.viewer, pairs)
            distinct = set(found.values())
            if len(distinct) > 1:
                return Outcome(
                    problem=record.problem(
                        f"its identifiers point to {len(distinct)} different actors: {', '.join(map(str, distinct))}",
                        "identifiers",
                    )
                )
            if distinct:
                (scheme, value), actor_id = next(iter(found.items()))
                return Outcome(existing=actor_id, label=str(actor_id), how=f"same {scheme} id {value}")
        key = (v.get("country_code"), fold(v.get("name") or ""))
        if key in self._seen:
            return Outcome(
                problem=record.problem(
                    f"'{v.get('name')}' appears twice in this import (also row {self._seen[key]}); "
                    "merge the rows or give each an identifier",
                    "name",
                )
            )
        self._seen[key] = record.row
        candidates = self.actors.by_exact_name(self.viewer, key[1], key[0]) if key[1] else []
        if v.get("kind"):
            same_kind = [c for c in candidates if c.kind.value == v["kind"]]
            candidates = same_kind or candidates
        how = "same name and country"
        if not candidates:
            # Rows that carry their own identifiers are distinct actors unless a name matches exactly.
            return Outcome() if pairs else self._fuzzy(record)
        if len(candidates) > 1 and v.get("latitude") is not None and v.get("longitude") is not None:
            near = [
                c
                for c in candidates
                if c.latitude is not None
                and c.longitude is not None
                and distance_km(v["latitude"], v["longitude"], c.latitude, c.longitude) <= NEAR_KM
            ]
            if len(near) == 1:
                candidates, how = near, "same name, country and place"
        if len(candidates) == 1:
            c = candidates[0]
            return Outcome(existing=c.id, label=f"{c.name} ({c.country_code or '-'}, {c.id})", how=how)
        listing = "; ".join(
            f"{c.name} ({c.kind.value}, population {c.population or '?'}, id {c.id})" for c in candidates[:5]
        )
        return Outcome(
            problem=record.problem(
                f"ambiguous: '{v.get('name')}' matches {len(candidates)} actors: {listing}. "
                "Add the intended id or an identifier (geonames:..., wikidata:...) to the row",
                "name",
            )
        )

    def _fuzzy(self, record: Incoming) -> Outcome:
        v = record.values
        country = v.get("country_code")
        if country not in self._fuzzy_cache:
            self._fuzzy_cache[country] = self.actors.names_in_country(self.viewer, country) if country else []
        choices = self._fuzzy_cache[country]
        if not choices:
            return Outcome()
        best = process.extract(
            fold(v["name"]), [n for _, n in choices], scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_MIN
        )
        if not best:
            return Outcome()
        names = ", ".join(f"'{choices[i][1]}' (id {choices[i][0]})" for _, _, i in best)
        return Outcome(
            problem=record.problem(
                f"possible duplicate: '{v['name']}' is close to {names}. Use that id to link to it, or add an "
                "identifier to create a separate actor",
                "name",
            )
        )
