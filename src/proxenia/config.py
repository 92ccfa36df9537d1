"""Settings: typed, read from the environment (``PROXENIA_*``), validated at start.

Outside development, default or short secrets are refused.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-change-me"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("proxenia", appauthor=False))


def default_database_url() -> str:
    path = Path(platformdirs.user_data_dir("proxenia", appauthor=False)) / "proxenia.db"
    return f"sqlite:///{path}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROXENIA_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    environment: Literal["development", "test", "production"] = "development"
    secret_key: str = DEV_SECRET
    base_url: str = "http://127.0.0.1:8000"
    session_max_age_seconds: int = 60 * 60 * 12
    login_attempts_per_minute: int = 10
    secure_cookies: bool = False
    semantic_search: bool = True
    echo_sql: bool = False
    data_dir: Path = Field(default_factory=default_data_dir)  # trained models (the transferability engine)
    #: Count every federation's dashboard in the background at start, so an office's first view is served
    #: from kept figures (a national federation's first count takes tens of seconds); off in tests.
    warm_federation_dashboards: bool = True
    #: Diagnose in the background at start the portfolio of every organisation with at least this many
    #: engagements, so its first view is served from a kept report (200,000 engagements take ~5 s to read
    #: and diagnose); 0 turns it off.
    warm_portfolio_min_engagements: int = Field(default=20_000, ge=0)
    #: How often a server re-checks the planner's statistics (SQLite tables never analysed or grown tenfold
    #: since): a library that grows without a restart keeps its lookups indexed. 0 turns it off.
    statistics_interval_seconds: float = Field(default=3600.0, ge=0)
    #: The most rows a list's download (CSV, iCalendar, GeoJSON) holds; one that stops there says so in its
    #: ``Proxenia-Truncated`` header and on the list's page. Beyond it: the API's pages, `proxenia export`
    #: (the registry) or `proxenia tenants export` (an organisation's records).
    download_max_rows: int = Field(default=100_000, ge=1)
    #: The most bytes an uploaded file (an engagement or a registry import) may hold; a larger one is refused
    #: (413) as soon as that much came, and a request whose body is larger still is refused before it is read.
    max_upload_bytes: int = Field(default=50 * 1024 * 1024, ge=1)

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment == "production" and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "PROXENIA_SECRET_KEY must be set to a random value of 32+ characters in production "
                f"(for example: {secrets.token_urlsafe(32)})"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
