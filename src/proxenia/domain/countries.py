"""ISO 3166 country codes from what people type: 'US', 'USA', 'United States', 'Korea, Republic of'."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.names import fold

# Names people use that pycountry's fuzzy search does not know.
_COMMON = {
    "uk": "GB",
    "united kingdom": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "turkey": "TR",
    "taiwan": "TW",
    "palestine": "PS",
    "state of palestine": "PS",
    "ivory coast": "CI",
    "usa": "US",
    "united states of america": "US",
    "the netherlands": "NL",
    "holland": "NL",
    "macedonia": "MK",
    "cape verde": "CV",
    "east timor": "TL",
    "swaziland": "SZ",
    "brunei": "BN",
    "micronesia": "FM",
    "vatican city": "VA",
    "kosovo": "XK",
    "people's republic of china": "CN",
    "republic of china": "TW",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
}


@lru_cache(maxsize=4096)
def _lookup(text: str) -> str | None:
    key = fold(text)
    if not key:
        return None
    if key in _COMMON:
        return _COMMON[key]
    if len(key) == 2 and pycountry.countries.get(alpha_2=key.upper()):
        return key.upper()
    if key.upper() == "XK":
        return "XK"
    if len(key) == 3:
        found = pycountry.countries.get(alpha_3=key.upper())
        if found:
            return str(found.alpha_2)
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")}
        if key in {fold(n) for n in names if n}:
            return str(country.alpha_2)
    return None


def country_code(text: str, *, field: str = "country") -> str:
    """The ISO 3166-1 alpha-2 code for ``text``; ``InvalidInput`` naming the field when unknown."""
    code = _lookup(text.strip())
    if code is None:
        raise InvalidInput(Problem(f"unknown country '{text}' (use an ISO 3166-1 code such as US or FR)", column=field))
    return code


def optional_country_code(text: str | None, *, field: str = "country") -> str | None:
    """``country_code`` for an optional filter: None (or blank) is no filter; an unknown country is an error."""
    return country_code(text, field=field) if text is not None and text.strip() else None


def is_country_code(code: str) -> bool:
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str | None) -> str:
    if not code:
        return ""
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return "Kosovo" if code == "XK" else code
    return str(getattr(found, "common_name", None) or found.name)
