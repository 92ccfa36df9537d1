"""Proxenia: an open platform for city and state diplomacy."""

__version__ = "0.1.0"
__all__ = ["__version__"]
