"""Loading the real reference data: countries, subdivisions, cities, twin towns, Covenant pledges."""

from proxenia.services.reference.loader import ReferenceService
from proxenia.services.reference.report import LoadReport

__all__ = ["LoadReport", "ReferenceService"]
