"""Countries, subdivisions, agreements and cities as reference actors (public, owned by the reference tenant)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping

from proxenia.domain.actors import ActorDraft, Identifier
from proxenia.domain.kinds import ActorKind, Visibility
from proxenia.domain.names import match_key, reference_id
from proxenia.domain.resolution import Candidate, PlaceIndex
from proxenia.interop.reference import countries as country_data
from proxenia.interop.reference.cities import CityRecord, GeoNamesCities, subdivision_code
from proxenia.interop.regions import Admin1Aggregate, CityTable

#: Agreements that reference data and the source documents name; pledges point to them.
AGREEMENTS = (
    (
        "covenant-of-mayors",
        "Covenant of Mayors for Climate & Energy",
        "EU initiative of local authorities committing to climate and energy targets (data: JRC GCoM MyCovenant).",
    ),
    ("paris-agreement", "Paris Agreement", "UNFCCC agreement on climate change, adopted 2015."),
    ("agenda-2030", "2030 Agenda for Sustainable Development", "UN General Assembly resolution 70/1: the 17 SDGs."),
    ("montreal-protocol", "Montreal Protocol", "Montreal Protocol on Substances that Deplete the Ozone Layer (1987)."),
)

#: GeoNames table the subdivisions' centres are computed from (places of this many inhabitants or more).
CENTRE_MIN_POPULATION: CityTable = 15000


def country_id(alpha2: str) -> uuid.UUID:
    return reference_id("iso3166-1", alpha2)


def region_id(code: str) -> uuid.UUID:
    return reference_id("iso3166-2", code)


def place_id(geonameid: int) -> uuid.UUID:
    return reference_id("geonames", str(geonameid))


def agreement_id(slug: str) -> uuid.UUID:
    return reference_id("agreement", slug)


def unresolved_id(country_code: str | None, name: str) -> uuid.UUID:
    return reference_id("unresolved", f"{country_code or '??'}:{match_key(name)}")


def country_drafts() -> list[ActorDraft]:
    drafts = []
    for c in country_data.countries():
        idents = [
            Identifier("iso3166-1", c.alpha2),
            Identifier("iso3166-1-alpha3", c.alpha3),
            Identifier("m49", c.numeric),
        ]
        if c.geonameid:
            idents.append(Identifier("geonames", str(c.geonameid)))
        attributes = dict(c.attributes)
        if c.official_name:
            attributes["official_name"] = c.official_name
        drafts.append(
            ActorDraft(
                id=country_id(c.alpha2),
                kind=ActorKind.COUNTRY,
                name=c.name,
                country_code=c.alpha2,
                latitude=c.latitude,
                longitude=c.longitude,
                population=c.population,
                attributes=attributes,
                other_names=tuple(n for n in (c.official_name,) if n),
                identifiers=tuple(idents),
                visibility=Visibility.PUBLIC,
            )
        )
    return drafts


def subdivision_drafts(centres: Mapping[str, Admin1Aggregate] | None = None) -> list[ActorDraft]:
    """ISO 3166-2 subdivisions; those in ``centres`` (see ``subdivision_centres``) are placed at theirs, and
    say so in their ``location_basis`` attribute."""
    centres = centres or {}
    drafts = []
    for s in country_data.subdivisions():
        parent = region_id(s.parent_code) if s.parent_code else country_id(s.country_code)
        centre = centres.get(s.code)
        drafts.append(
            ActorDraft(
                id=region_id(s.code),
                kind=ActorKind.REGION,
                name=s.name,
                subtype=s.type.lower(),
                country_code=s.country_code,
                subdivision_code=s.code,
                parent_id=parent,
                latitude=centre.latitude if centre else None,
                longitude=centre.longitude if centre else None,
                attributes={"location_basis": location_basis(centre)} if centre else {},
                identifiers=(Identifier("iso3166-2", s.code),),
                visibility=Visibility.PUBLIC,
            )
        )
    return drafts


def location_basis(centre: Admin1Aggregate) -> str:
    places = "its only GeoNames place" if centre.n_places == 1 else f"its {centre.n_places:,} GeoNames places"
    return f"population-weighted centre of {places} of {CENTRE_MIN_POPULATION:,}+ inhabitants"


def agreement_drafts() -> list[ActorDraft]:
    return [
        ActorDraft(
            id=agreement_id(slug),
            kind=ActorKind.AGREEMENT,
            name=name,
            attributes={"description": text, "slug": slug},
            visibility=Visibility.PUBLIC,
        )
        for slug, name, text in AGREEMENTS
    ]


def city_draft(city: CityRecord, subdivision_codes: set[str], country_codes: set[str]) -> ActorDraft:
    sub = subdivision_code(city, subdivision_codes)
    parent = region_id(sub) if sub else country_id(city.country_code) if city.country_code in country_codes else None
    return ActorDraft(
        id=place_id(city.geonameid),
        kind=ActorKind.CITY,
        name=city.name,
        country_code=city.country_code,
        subdivision_code=sub,
        latitude=city.latitude,
        longitude=city.longitude,
        population=city.population or None,
        parent_id=parent,
        attributes={"timezone": city.timezone, "geonames_admin1": city.admin1_code},
        other_names=city.alternate_names,
        identifiers=(Identifier("geonames", str(city.geonameid)),),
        visibility=Visibility.PUBLIC,
    )


class PlaceResolver:
    """Resolves names to GeoNames places, country by country, building each index on first use."""

    def __init__(self, cities: GeoNamesCities) -> None:
        self._cities = cities
        self._by_country: dict[str, list[CityRecord]] | None = None
        self._indexes: dict[str, PlaceIndex] = {}

    def _countries(self) -> dict[str, list[CityRecord]]:
        if self._by_country is None:
            grouped: dict[str, list[CityRecord]] = defaultdict(list)
            for place in self._cities.all_places.values():
                grouped[place.country_code].append(place)
            self._by_country = grouped
        return self._by_country

    def index(self, country_code: str) -> PlaceIndex:
        if country_code not in self._indexes:
            idx = PlaceIndex()
            for p in self._countries().get(country_code, ()):
                latin = [n for n in p.alternate_names if n.isascii() or _latin(n)]
                idx.add(
                    Candidate(place_id(p.geonameid), p.name, p.country_code, p.latitude, p.longitude, p.population),
                    latin,
                )
            self._indexes[country_code] = idx
        return self._indexes[country_code]

    def place(self, actor_id: uuid.UUID) -> CityRecord | None:
        return self._places_by_id().get(actor_id)

    def _places_by_id(self) -> dict[uuid.UUID, CityRecord]:
        if not hasattr(self, "_by_id"):
            self._by_id = {place_id(p.geonameid): p for p in self._cities.all_places.values()}
        return self._by_id

    def by_geonameids(self, ids: Iterable[int]) -> dict[int, CityRecord]:
        return self._cities.by_ids(ids)


def _latin(text: str) -> bool:
    import unicodedata

    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)
