"""Name folding and identifier rules used for search and entity resolution."""

from __future__ import annotations

import re
import unicodedata
import uuid

# Letters that Unicode does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "‘": "'",
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "–": "-",
        "—": "-",
    }
)
_SPACES = re.compile(r"[\s\u00a0]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUNCT = re.compile(r"[.,;:()\[\]\"'/]+")

#: The namespace of Proxenia's deterministic ids for reference records.
ID_NAMESPACE = uuid.UUID("6f1f0b0e-4a77-4d2e-9a43-70726f78656e")

IDENTIFIER_SCHEMES = (
    "iso3166-1",
    "iso3166-1-alpha3",
    "iso3166-2",
    "m49",
    "geonames",
    "wikidata",
    "ror",
    "unlocode",
    "com",
    "gcom",
    "spid",
)
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")


def fold(text: str) -> str:
    """Accent- and case-insensitive form of a name: ``'São Paulo'`` → ``'sao paulo'``."""
    text = _CONTROLS.sub("", text).translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFC", stripped.translate(_SPECIAL).casefold())
    return _SPACES.sub(" ", stripped).strip()


def match_key(text: str) -> str:
    """A looser key for resolution: folded, punctuation removed, hyphens as spaces."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text).replace("-", " "))).strip()


def reference_id(scheme: str, value: str) -> uuid.UUID:
    """The stable id of a reference record known by an external identifier."""
    return uuid.uuid5(ID_NAMESPACE, f"{scheme}:{value}")


def unnamed_signatory_name(organisation_id: str) -> str:
    """The name shown for a Covenant of Mayors signatory whose source row has no name (one in the 2008–2018
    release). Its identifier and place are real; only the label is ours, and it says so."""
    return f"Covenant of Mayors signatory {organisation_id} (no name in the source)"


def validate_identifier(scheme: str, value: str) -> str | None:
    """Return a message when ``value`` is not a valid identifier of ``scheme``; None when fine."""
    if scheme not in IDENTIFIER_SCHEMES:
        return f"unknown identifier scheme '{scheme}' (known: {', '.join(IDENTIFIER_SCHEMES)})"
    if scheme == "wikidata" and not _WIKIDATA.match(value):
        return f"'{value}' is not a Wikidata QID (e.g. Q65)"
    if scheme == "geonames" and not value.isdigit():
        return f"'{value}' is not a GeoNames id (digits only)"
    if scheme == "iso3166-1" and not re.fullmatch(r"[A-Z]{2}", value):
        return f"'{value}' is not an ISO 3166-1 alpha-2 code"
    if scheme == "iso3166-2" and not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", value):
        return f"'{value}' is not an ISO 3166-2 code (e.g. US-CA)"
    return None
