"""Values out of range are refused with a plain message (a ValueError or a problem naming the field), never
let through to fail later: amounts of money that are not finite or too large to store, questionnaire ranges
that are not finite, windows that would start before the calendar does; and what is already stored (a
date at the calendar's end, an infinite bound) is still shown."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from icalendar import Calendar

from proxenia.domain.campaigns import CampaignDraft, Question, QuestionKind, check_campaign
from proxenia.domain.engagements import (
    MONEY_LIMIT,
    EngagementKind,
    EngagementOrigin,
    EngagementSummary,
    parse_money,
)
from proxenia.domain.errors import InvalidInput
from proxenia.domain.kinds import Visibility
from proxenia.interop.calendar_export import engagements_calendar
from proxenia.services.portfolio import _check_as_of
from proxenia.web.rendering import _number


@pytest.mark.parametrize("text", ["nan", "NaN", "snan", "-nan", "inf", "Infinity", "-inf"])
def test_an_amount_that_is_not_finite_is_not_money(text: str) -> None:
    with pytest.raises(ValueError, match=f"'{text}' is not an amount of money"):
        parse_money(text, "USD")


@pytest.mark.parametrize("text", ["1e300", "1e20", "99999999999999999999", "1000000000000000",
                                  "999999999999999.999"])
def test_an_amount_too_large_to_store_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is too large: an amount of money must be below 1,000,000,000,000,000"):
        parse_money(text, "USD")


def test_the_largest_amounts_fit_the_stored_minor_units() -> None:
    money = parse_money("999,999,999,999,999.99", "usd")
    assert money is not None and money.amount == Decimal("999999999999999.99")
    assert money.minor < 2**63 and MONEY_LIMIT * 100 < 2**63
    with pytest.raises(ValueError, match="cannot be negative"):
        parse_money("-1", "USD")


@pytest.mark.parametrize(("low", "high"), [(float("-inf"), float("inf")), (float("nan"), 5.0), (0.0, float("nan"))])
def test_a_number_question_needs_a_finite_range(low: float, high: float) -> None:
    draft = CampaignDraft(federation_id=uuid.UUID(int=0), title="Survey", description="", topic="", deadline=None,
                          questions=(Question("staff", QuestionKind.NUMBER, "Staff", min_value=low,
                                              max_value=high),))
    problems = check_campaign(draft)
    assert problems and all(p.column == "questions[1]" for p in problems)
    assert all("question 'staff'" in p.message and "must be a finite number" in p.message for p in problems)


def test_an_infinite_bound_already_stored_is_shown_as_text() -> None:
    assert [_number(v) for v in (float("inf"), float("-inf"), float("nan"), 1234.0)] == ["inf", "-inf", "nan",
                                                                                         "1,234"]


def test_a_window_before_the_first_day_of_the_calendar_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        _check_as_of(dt.date.min, 365, 3)
    assert refused.value.problems[0].column == "as_of"
    assert "0001-01-01 is too early" in refused.value.problems[0].message
    _check_as_of(dt.date(4, 1, 1), 365, 3)
    _check_as_of(dt.date.max, 3650, 50)


def test_an_engagement_on_the_last_day_of_the_calendar_is_exported() -> None:
    def summary(start: dt.date, end: dt.date) -> EngagementSummary:
        return EngagementSummary(id=uuid.uuid4(), kind=EngagementKind.MEETING, title="Far away", start_date=start,
                                 end_date=end, department_id=None, department_name=None, counterparts=(),
                                 visibility=Visibility.PRIVATE, tenant_id=uuid.uuid4(),
                                 origin=EngagementOrigin.FORM)

    feed = engagements_calendar([summary(dt.date.max, dt.date.max), summary(dt.date(9999, 12, 30), dt.date.max),
                                 summary(dt.date(2026, 3, 2), dt.date(2026, 3, 3))], base_url="http://x", name="t")
    events = Calendar.from_ical(feed).walk("VEVENT")
    assert [e.decoded("duration").days for e in events[:2]] == [1, 2] and "DTEND" not in events[0]
    assert events[2].decoded("dtend") == dt.date(2026, 3, 4)
