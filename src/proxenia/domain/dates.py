"""Partial dates (``2019``, ``2019-05``, ``2019-05-03``) that keep their precision, as Popolo does."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The years a day of a government's own records may fall in (the engagement log): a typo such as 9999-12-31
#: or 0201-05-03 is refused, not kept to skew every report that spans it.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ISO 8601 partial dates; raise ``ValueError`` with a plain message otherwise."""
        value = text.strip()
        match = _PATTERN.match(value)
        if not match:
            raise ValueError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}")
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a day of the calendar") from None
        return cls(year, month, day)

    @classmethod
    def parse_optional(cls, text: str | None) -> PartialDate | None:
        if text is None or not str(text).strip():
            return None
        return cls.parse(str(text))

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def normalise_date(text: str | None) -> str | None:
    """Validate a partial date string and return its canonical form (or None when empty)."""
    parsed = PartialDate.parse_optional(text)
    return str(parsed) if parsed else None


def year_range_problem(day: dt.date | None) -> str | None:
    """Why ``day`` cannot be a day of the records (outside ``EARLIEST_YEAR``..``LATEST_YEAR``), or None."""
    if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        return f"{day.isoformat()} is not between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
    return None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February falls on the 28th in a year that has none."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def period_problem(start: str | None, end: str | None) -> str | None:
    """Why a period cannot be (its end wholly before its start: ``2019`` to ``2018-12``), or None. Partial
    dates overlap when one could hold the other: ``2019-05`` to ``2019`` is a period."""
    first, last = PartialDate.parse_optional(start), PartialDate.parse_optional(end)
    if first and last and last.last_day() < first.first_day():
        return f"ends ({last}) before it starts ({first})"
    return None
