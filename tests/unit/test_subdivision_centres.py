"""Subdivision centres from GeoNames: only where GeoNames' admin1 code is the ISO 3166-2 code itself."""

from __future__ import annotations

import pycountry

from proxenia.interop.regions import admin1_aggregates, subdivision_centres

ISO_CODES = {s.code for s in pycountry.subdivisions}


def test_letter_codes_that_are_iso_codes_get_the_population_weighted_centre() -> None:
    centres = subdivision_centres(ISO_CODES)
    assert {"US-CA", "US-TX", "US-DC", "CH-ZH", "GB-SCT", "BE-BRU"} <= set(centres)
    california = centres["US-CA"]
    assert 32.5 < california.latitude < 42 and -124.5 < california.longitude < -114
    assert california.n_places > 100 and california.population > 20_000_000
    assert centres["US-CA"] == admin1_aggregates("US")["CA"]  # one computation, whichever way it is asked
    zurich = centres["CH-ZH"]
    assert 47.2 < zurich.latitude < 47.7 and 8.3 < zurich.longitude < 8.9


def test_numeric_codes_and_unknown_codes_are_never_guessed() -> None:
    centres = subdivision_centres(ISO_CODES)
    assert not any(code.startswith(("FR-", "DE-", "IT-", "CA-")) for code in centres)  # GeoNames numbers these
    assert all(code in ISO_CODES for code in centres)
    assert subdivision_centres({"US-CA"}).keys() == {"US-CA"}
    assert subdivision_centres(set()) == {}
