"""Practices as GeoJSON: each practice a point at the place of the government that originated it.

A practice whose originator is not recorded, not readable or has no coordinates has no place: it is left
out of the features and counted in the collection's ``unplaced`` member, so a map can say how many it
cannot show. The collection is written a chunk at a time (a library of any size streams in constant
memory); its ``features`` come first, then ``unplaced`` and the credit of the places.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from proxenia.domain.practices import PracticeSummary
from proxenia.interop.registry_export import GEOJSON_CREDIT


def practice_feature(p: PracticeSummary, url_for: Callable[[uuid.UUID], str]) -> dict[str, Any] | None:
    """The practice as a point at its originator (None if it has no place). The properties follow the
    map's contract (``name``, ``kind``, ``kind_label``, ``url``) and add what a list shows."""
    origin = p.originator
    if origin is None or origin.latitude is None or origin.longitude is None:
        return None
    return {
        "type": "Feature",
        "id": str(p.id),
        "geometry": {"type": "Point", "coordinates": [origin.longitude, origin.latitude]},
        "properties": {
            "id": str(p.id),
            "name": p.title,
            "kind": "practice",
            "kind_label": f"Practice of {origin.name}",
            "url": url_for(p.id),
            "originator": origin.name,
            "originator_id": str(origin.id),
            "country_code": origin.country_code,
            "since": p.start_date,
            "policy_areas": list(p.policy_areas),
            "evidence_level": p.evidence_level.value if p.evidence_level else None,
            "adoptions": p.adoption_count,
            "status": p.status.value,
            "visibility": p.visibility.value,
        },
    }


def practices_geojson(
    batches: Iterable[Iterable[PracticeSummary]], url_for: Callable[[uuid.UUID], str]
) -> Iterator[str]:
    """A FeatureCollection of these practices, in chunks of text (one per batch); ``url_for`` gives each
    practice's page."""
    yield '{"type": "FeatureCollection", "features": ['
    first, unplaced = True, 0
    for batch in batches:
        parts: list[str] = []
        for practice in batch:
            feature = practice_feature(practice, url_for)
            if feature is None:
                unplaced += 1
                continue
            parts.append(("" if first and not parts else ",") + json.dumps(feature, ensure_ascii=False))
        if parts:
            first = False
            yield "".join(parts)
    yield f'], "unplaced": {unplaced}, "attribution": {json.dumps(GEOJSON_CREDIT)}}}'
