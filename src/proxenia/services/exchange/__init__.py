"""Import and export of the registry: CSV, JSON (Popolo names), GeoJSON, Data Package."""

from proxenia.services.exchange.service import ExchangeService, ImportReport

__all__ = ["ExchangeService", "ImportReport"]
