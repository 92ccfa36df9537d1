from __future__ import annotations

import uuid

from proxenia.domain.resolution import Candidate, MatchStatus, PlaceIndex


def _index() -> tuple[PlaceIndex, dict[str, uuid.UUID]]:
    ids = {k: uuid.uuid4() for k in ("portland_or", "portland_me", "koln", "milano")}
    idx = PlaceIndex()
    idx.add(Candidate(ids["portland_or"], "Portland", "US", 45.52, -122.68, 652503), [])
    idx.add(Candidate(ids["portland_me"], "Portland", "US", 43.66, -70.25, 66881), [])
    idx.add(Candidate(ids["koln"], "Köln", "DE", 50.94, 6.96, 963395), ["Cologne", "Koeln"])
    idx.add(Candidate(ids["milano"], "Milan", "IT", 45.46, 9.19, 1371498), ["Milano"])
    return idx, ids


def test_alternative_names_resolve() -> None:
    idx, ids = _index()
    assert idx.match("Cologne", "DE").id == ids["koln"]
    assert idx.match("MILANO", "IT").id == ids["milano"]


def test_homonyms_are_separated_by_location_or_reported() -> None:
    idx, ids = _index()
    assert idx.match("Portland", "US", 45.5, -122.6).id == ids["portland_or"]
    ambiguous = idx.match("Portland", "US")
    assert ambiguous.status is MatchStatus.AMBIGUOUS
    assert {c.id for c in ambiguous.candidates} == {ids["portland_or"], ids["portland_me"]}


def test_country_scopes_the_match_and_fuzzy_is_optional() -> None:
    idx, _ = _index()
    assert idx.match("Milan", "US").status is MatchStatus.UNMATCHED
    assert idx.match("Millano", "IT").status is MatchStatus.MATCHED
    assert idx.match("Millano", "IT", fuzzy=False).status is MatchStatus.UNMATCHED
