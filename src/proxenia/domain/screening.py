"""Screening an incoming request against the tenant's rules: one verdict per rule, each explained.

Pure functions over what the service gathered (the requester, our own government, earlier contacts,
partner-risk entries). A rule lacking the data it needs answers ``review`` and says what is missing;
it never guesses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from proxenia.domain.dates import years_before
from proxenia.domain.engagements import policy_area
from proxenia.domain.proposals import (
    IntakeRule,
    Proposal,
    ProposalDraft,
    RiskEntry,
    RuleKind,
    RuleVerdict,
    Screening,
    Verdict,
)

Request = ProposalDraft | Proposal


@dataclass(frozen=True)
class PlaceFacts:
    """What the similarity rule compares: population (GeoNames) and the World Bank income group."""

    name: str
    population: int | None = None
    country_code: str | None = None
    income_group: str | None = None


@dataclass(frozen=True)
class EarlierContact:
    """An earlier request or engagement with the same requester."""

    on: dt.date
    topics: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class ScreeningContext:
    today: dt.date
    requester: PlaceFacts | None = None
    home: PlaceFacts | None = None
    earlier: Sequence[EarlierContact] = ()
    risk_entries: Sequence[RiskEntry] = ()


def _lead_time(rule: IntakeRule, p: Request, ctx: ScreeningContext) -> RuleVerdict:
    need = int(rule.param("min_days"))
    if p.proposed_start is None:
        return RuleVerdict(rule.kind, Verdict.REVIEW, f"no proposed date yet; {need} days' notice are required")
    notice = (p.proposed_start - p.received_on).days
    if notice >= need:
        return RuleVerdict(rule.kind, Verdict.PASS, f"received {notice} days ahead; {need} required")
    return RuleVerdict(
        rule.kind, Verdict.FAIL, f"received only {notice} days before {p.proposed_start}; {need} days are required"
    )


def _repeat_topic(rule: IntakeRule, p: Request, ctx: ScreeningContext) -> RuleVerdict:
    years = int(rule.param("years"))
    topics = {policy_area(t) for t in p.topics if t.strip()}
    if not topics:
        return RuleVerdict(rule.kind, Verdict.REVIEW, "the request names no topic to compare")
    since = years_before(p.received_on, years)
    repeats = [c for c in ctx.earlier if c.on >= since and topics & {policy_area(t) for t in c.topics}]
    if not repeats:
        return RuleVerdict(
            rule.kind,
            Verdict.PASS,
            f"no earlier request or engagement with them on {', '.join(sorted(topics))} since {since}",
        )
    shared = sorted(topics & {policy_area(t) for c in repeats for t in c.topics})
    return RuleVerdict(
        rule.kind,
        Verdict.FAIL,
        f"same topic ({', '.join(shared)}) within {years} years: " + "; ".join(c.label for c in repeats[:3]),
        tuple(c.label for c in repeats),
    )


def _similarity(rule: IntakeRule, p: Request, ctx: ScreeningContext) -> RuleVerdict:
    them, us = ctx.requester, ctx.home
    if them is None or us is None:
        missing = (
            "the requester is not linked to a place in the registry"
            if them is None
            else ("our own government is not linked to a place (portfolio settings)")
        )
        return RuleVerdict(rule.kind, Verdict.REVIEW, f"cannot compare: {missing}")
    reasons_fail: list[str] = []
    reasons_ok: list[str] = []
    unknown: list[str] = []
    ratio_max = float(rule.param("max_population_ratio"))
    if them.population and us.population:
        ratio = max(them.population, us.population) / min(them.population, us.population)
        text = f"population {them.population:,} vs our {us.population:,} (×{ratio:.1f}, at most ×{ratio_max:g})"
        (reasons_ok if ratio <= ratio_max else reasons_fail).append(text)
    else:
        unknown.append("population")
    if rule.param("same_income_group"):
        if them.income_group and us.income_group:
            text = f"economy: {them.income_group} vs our {us.income_group} (World Bank)"
            (reasons_ok if them.income_group == us.income_group else reasons_fail).append(text)
        else:
            unknown.append("World Bank income group")
    ours = {policy_area(i) for i in rule.param("industries") or []}
    theirs = {policy_area(i) for i in p.requester_industries}
    if ours and theirs:
        shared = sorted(ours & theirs)
        text = f"shared industries: {', '.join(shared)}" if shared else "no industry in common"
        (reasons_ok if shared else reasons_fail).append(text)
    elif ours:
        unknown.append("the requester's industries")
    if reasons_fail:
        return RuleVerdict(rule.kind, Verdict.FAIL, "not similar: " + "; ".join(reasons_fail + reasons_ok))
    if unknown:
        detail = "; ".join(reasons_ok) + "; " if reasons_ok else ""
        return RuleVerdict(rule.kind, Verdict.REVIEW, f"{detail}unknown: {', '.join(unknown)}")
    return RuleVerdict(rule.kind, Verdict.PASS, "similar: " + "; ".join(reasons_ok))


def _risk_list(rule: IntakeRule, p: Request, ctx: ScreeningContext) -> RuleVerdict:
    country = ctx.requester.country_code if ctx.requester else None
    hits = [
        e
        for e in ctx.risk_entries
        if (e.actor_id is not None and e.actor_id == p.requester_actor_id)
        or (e.actor_id is None and country is not None and e.country_code == country)
    ]
    if hits:
        labels = tuple(f"{e.actor_name or e.country_code}: {e.reason}" for e in hits)
        return RuleVerdict(rule.kind, Verdict.FAIL, "on a partner-risk list — " + "; ".join(labels), labels)
    if p.requester_actor_id is None:
        return RuleVerdict(rule.kind, Verdict.REVIEW, "the requester is not linked to the registry; check by hand")
    return RuleVerdict(
        rule.kind,
        Verdict.PASS,
        f"not on any partner-risk list shared with us ({len(ctx.risk_entries)} entries checked)",
    )


def _no_added_cost(rule: IntakeRule, p: Request, ctx: ScreeningContext) -> RuleVerdict:
    if p.cost_to_us is None:
        return RuleVerdict(rule.kind, Verdict.REVIEW, "the cost to us is not stated")
    if p.cost_to_us.amount > 0:
        return RuleVerdict(rule.kind, Verdict.FAIL, f"it would cost us {p.cost_to_us}")
    return RuleVerdict(rule.kind, Verdict.PASS, "no cost to us")


_RULES: dict[RuleKind, Callable[[IntakeRule, Request, ScreeningContext], RuleVerdict]] = {
    RuleKind.LEAD_TIME: _lead_time,
    RuleKind.REPEAT_TOPIC: _repeat_topic,
    RuleKind.SIMILARITY: _similarity,
    RuleKind.RISK_LIST: _risk_list,
    RuleKind.NO_ADDED_COST: _no_added_cost,
}


def screen(proposal: Request, rules: Sequence[IntakeRule], ctx: ScreeningContext) -> Screening:
    """One explained verdict per enabled rule, in the order the tenant listed them."""
    verdicts = tuple(_RULES[r.kind](r, proposal, ctx) for r in rules if r.enabled)
    return Screening(verdicts=verdicts, screened_on=ctx.today)
