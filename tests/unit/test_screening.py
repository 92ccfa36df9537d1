"""Screening incoming requests: each rule's verdict and its explanation, and 'review' when data is missing."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from proxenia.domain.engagements import Money
from proxenia.domain.kinds import Visibility
from proxenia.domain.proposals import IntakeRule, ProposalDraft, ProposalKind, RiskEntry, RuleKind, Verdict
from proxenia.domain.screening import EarlierContact, PlaceFacts, ScreeningContext, screen

D = dt.date
BUSAN_ID = uuid.uuid4()
IRVINE = PlaceFacts("Irvine", 307_670, "US", "High income")


def request(**kw: object) -> ProposalDraft:
    base: dict[str, object] = dict(kind=ProposalKind.DELEGATION_VISIT, requester_name="Busan", purpose="port visit",
                                   received_on=D(2026, 3, 1), requester_actor_id=BUSAN_ID, topics=("Ports",),
                                   proposed_start=D(2026, 4, 1), cost_to_us=Money(Decimal("0"), "USD"))
    return ProposalDraft(**{**base, **kw})  # type: ignore[arg-type]


def verdict(rule: RuleKind, p: ProposalDraft, ctx: ScreeningContext, **params: object) -> tuple[Verdict, str]:
    [v] = screen(p, [IntakeRule(rule, dict(params))], ctx).verdicts
    return v.verdict, v.explanation


CTX = ScreeningContext(today=D(2026, 3, 1), requester=PlaceFacts("Busan", 3_678_555, "KR", "High income"), home=IRVINE)


def test_lead_time_is_four_weeks_by_default() -> None:
    assert verdict(RuleKind.LEAD_TIME, request(), CTX)[0] is Verdict.PASS
    v, why = verdict(RuleKind.LEAD_TIME, request(proposed_start=D(2026, 3, 15)), CTX)
    assert v is Verdict.FAIL and "14 days" in why and "28" in why
    assert verdict(RuleKind.LEAD_TIME, request(proposed_start=None), CTX)[0] is Verdict.REVIEW


def test_no_repeat_topic_from_the_same_requester_within_two_years() -> None:
    earlier = ScreeningContext(today=D(2026, 3, 1), earlier=[EarlierContact(D(2025, 1, 5), ("ports",), "visit 2025")])
    v, why = verdict(RuleKind.REPEAT_TOPIC, request(), earlier)
    assert v is Verdict.FAIL and "visit 2025" in why and "ports" in why
    old = ScreeningContext(today=D(2026, 3, 1), earlier=[EarlierContact(D(2023, 1, 5), ("ports",), "visit 2023")])
    assert verdict(RuleKind.REPEAT_TOPIC, request(), old)[0] is Verdict.PASS
    assert verdict(RuleKind.REPEAT_TOPIC, request(), earlier, years=1)[0] is Verdict.PASS


def test_similar_size_and_economy() -> None:
    v, why = verdict(RuleKind.SIMILARITY, request(), CTX)
    assert v is Verdict.FAIL and "×12.0" in why  # Busan is twelve times Irvine
    assert verdict(RuleKind.SIMILARITY, request(), CTX, max_population_ratio=20)[0] is Verdict.PASS
    poorer = ScreeningContext(today=CTX.today, requester=PlaceFacts("X", 300_000, "PK", "Lower middle income"),
                              home=IRVINE)
    v, why = verdict(RuleKind.SIMILARITY, request(), poorer)
    assert v is Verdict.FAIL and "Lower middle income" in why
    unknown = ScreeningContext(today=CTX.today, requester=PlaceFacts("X", None, "KR", None), home=IRVINE)
    assert verdict(RuleKind.SIMILARITY, request(), unknown)[0] is Verdict.REVIEW
    industries = verdict(RuleKind.SIMILARITY, request(requester_industries=("Shipping",)), CTX,
                         max_population_ratio=20, industries=["biotech"])
    assert industries[0] is Verdict.FAIL and "no industry in common" in industries[1]


def test_partner_risk_lists_by_actor_or_country() -> None:
    entry = RiskEntry(id=uuid.uuid4(), reason="sanctions", country_code="KR", tenant_id=uuid.uuid4(),
                      visibility=Visibility.FEDERATION)
    listed = ScreeningContext(today=CTX.today, requester=CTX.requester, home=IRVINE, risk_entries=[entry])
    v, why = verdict(RuleKind.RISK_LIST, request(), listed)
    assert v is Verdict.FAIL and "sanctions" in why
    assert verdict(RuleKind.RISK_LIST, request(), CTX)[0] is Verdict.PASS


def test_no_added_cost_and_overall_verdicts() -> None:
    assert verdict(RuleKind.NO_ADDED_COST, request(cost_to_us=Money(Decimal("250"), "USD")), CTX)[0] is Verdict.FAIL
    assert verdict(RuleKind.NO_ADDED_COST, request(cost_to_us=None), CTX)[0] is Verdict.REVIEW
    rules = [IntakeRule(RuleKind.LEAD_TIME), IntakeRule(RuleKind.NO_ADDED_COST, enabled=False)]
    result = screen(request(), rules, CTX)
    assert len(result.verdicts) == 1 and result.overall is Verdict.PASS
