"""Portfolio diagnostics over one government's engagements: silos, overlaps, conflicts, gaps and dormant
ties. Each finding names the records behind it and suggests an action. Linear in the number of
engagements (grouped by counterpart, person and department), so 200,000 engagements take seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import time
from collections import defaultdict
from dataclasses import dataclass, field

from proxenia.analytics.grouping import MAX_RECORDS, Groups, as_uuid, recent_refs, ref, refs
from proxenia.analytics.overlaps import OverlapMemo, overlaps
from proxenia.domain.dates import years_before
from proxenia.domain.findings import (
    DiagnosticsOptions,
    DiagnosticsReport,
    EngagementFact,
    Finding,
    FindingKind,
    RecordRef,
)
from proxenia.domain.names import fold


@dataclass(frozen=True)
class TieFact:
    id: str
    partner_id: str
    partner_name: str
    type_label: str
    status: str
    start_date: str | None


@dataclass(frozen=True)
class GoalFact:
    id: str
    label: str
    parent_id: str | None = None


@dataclass(frozen=True)
class CapacityFact:
    department_id: str
    period: str  # YYYY-MM
    staff_days: float
    budget: float
    currency: str


@dataclass
class DiagnosticsInput:
    """Everything the diagnostics read; ids are hex strings throughout (see ``EngagementFact``)."""

    facts: list[EngagementFact]
    options: DiagnosticsOptions
    actor_names: dict[str, str] = field(default_factory=dict)
    person_names: dict[str, str] = field(default_factory=dict)
    department_names: dict[str, str] = field(default_factory=dict)
    goals: list[GoalFact] = field(default_factory=list)
    goals_served: set[str] = field(default_factory=set)  # goals an engagement of the window serves
    alignments: dict[str, list[str]] = field(default_factory=dict)  # goal -> tie ids
    home_ties: list[TieFact] = field(default_factory=list)
    aligned_ties: dict[str, TieFact] = field(default_factory=dict)
    last_engagement: dict[str, tuple[dt.date, str]] = field(default_factory=dict)  # partner -> (date, engagement)
    capacities: list[CapacityFact] = field(default_factory=list)


def diagnose(data: DiagnosticsInput, memo: OverlapMemo | None = None) -> DiagnosticsReport:
    """Every finding over the window's facts. ``memo``: what the near-duplicate sweep found for the same
    government's last report, reused for the counterparts whose engagements are unchanged."""
    started = time.perf_counter()
    report = DiagnosticsReport(options=data.options, engagements_read=len(data.facts))
    if any(a.start_day > b.start_day for a, b in itertools.pairwise(data.facts)):  # the store sorts them already
        data.facts = sorted(data.facts, key=lambda f: f.start_day)
    by_actor: dict[str, list[EngagementFact]] = defaultdict(list)
    for f in data.facts:  # oldest first, so every counterpart's and person's list comes sorted by date
        for actor in f.actors:
            by_actor[actor].append(f)
    _latest_from_facts(data, by_actor)
    report.findings += silos(data, by_actor)
    report.findings += overlaps(data, by_actor, memo)
    report.findings += conflicts(data)
    report.findings += gaps(data)
    report.findings += dormant_ties(data)
    report.seconds = time.perf_counter() - started
    return report


def _latest_from_facts(data: DiagnosticsInput, by_actor: dict[str, list[EngagementFact]]) -> None:
    """The last engagement with each tie partner, from the window's facts where they have any (the caller
    supplies the older ones, for partners with no engagement in the window)."""
    partners = {t.partner_id for t in data.home_ties} | {t.partner_id for t in data.aligned_ties.values()}
    for partner in partners:
        facts = by_actor.get(partner)
        if not facts:
            continue
        latest = max(facts, key=lambda f: f.start_date)
        known = data.last_engagement.get(partner)
        if known is None or latest.start_date > known[0]:
            data.last_engagement[partner] = (latest.start_date, latest.id)


def silos(data: DiagnosticsInput, by_actor: dict[str, list[EngagementFact]]) -> list[Finding]:
    out: list[Finding] = []
    dep = data.department_names
    linked_by_actor: dict[str, list[EngagementFact]] = defaultdict(list)  # joint or cross-referenced: few
    for f in data.facts:
        if len(f.departments) > 1 or f.related:
            for actor in f.actors:
                linked_by_actor[actor].append(f)
    for actor, facts in by_actor.items():
        if len(facts) < 2:
            continue
        departments = set().union(*map(_departments, facts))
        if len(departments) < 2:
            continue
        linked = linked_by_actor.get(actor, [])
        groups = Groups()
        if linked:
            by_id = {f.id: f for f in facts}
            for f in linked:
                ds = f.departments
                for d in ds[1:]:
                    groups.union(ds[0], d)  # a joint engagement connects its departments
                for other in f.related:
                    g = by_id.get(other)
                    if g is not None and ds and g.departments:
                        groups.union(ds[0], g.departments[0])  # so does a cross-reference
        components = groups.groups(departments)
        if len(components) < 2:
            continue
        name = data.actor_names.get(actor, "a counterpart")
        labels = sorted(", ".join(sorted(dep.get(d, "(unknown department)") for d in c)) for c in components)
        out.append(Finding(
            kind=FindingKind.SILO,
            title=f"{name}: {len(departments)} departments, no coordination",
            detail=f"{len(facts)} engagements with {name} in the window by {' / '.join(labels)}, with no joint "
            "engagement or cross-reference between these groups.",
            suggested_action=f"Name a lead department for {name}, brief each other before the next contact, and "
            "log joint engagements (or cross-reference the existing ones).",
            records=recent_refs(facts),
            subject=RecordRef("actor", as_uuid(actor), name),
            severity=2 if len(departments) > 2 or len(facts) > 5 else 1,
        ))
    return out


_departments = operator.attrgetter("departments")


def conflicts(data: DiagnosticsInput) -> list[Finding]:
    return _double_bookings(data) + _over_capacity(data)


def _double_bookings(data: DiagnosticsInput) -> list[Finding]:
    by_person: dict[str, list[EngagementFact]] = defaultdict(list)
    for f in data.facts:
        for person in f.people:
            by_person[person].append(f)
    out: list[Finding] = []
    for person, facts in by_person.items():
        if len(facts) < 2:
            continue
        clashes: list[tuple[EngagementFact, EngagementFact]] = []
        for i, f in enumerate(facts):  # in date order, as the facts come
            if not f.place:
                continue
            for j in range(i + 1, len(facts)):
                g = facts[j]
                if g.start_day > f.end_day:
                    break
                if g.place and _place(f.place) != _place(g.place):
                    clashes.append((f, g))
        if not clashes:
            continue
        name = data.person_names.get(person, "A person")
        involved = {x.id: x for pair in clashes for x in pair}
        first = clashes[0]
        out.append(Finding(
            kind=FindingKind.CONFLICT,
            title=f"{name} is committed in two places at once",
            detail=f"{len(clashes)} clash(es), e.g. “{first[0].title}” in {first[0].place} "
            f"({first[0].start_date}–{first[0].end_date}) and “{first[1].title}” in {first[1].place} "
            f"({first[1].start_date}–{first[1].end_date}).",
            suggested_action=f"Send someone else to one of them, or move a date; tell {name}'s department.",
            records=refs(involved.values()),
            subject=RecordRef("person", as_uuid(person), name),
            severity=3,
        ))
    return out


@functools.lru_cache(maxsize=4096)
def _place(text: str) -> str:
    return fold(text)


def _over_capacity(data: DiagnosticsInput) -> list[Finding]:
    if not data.capacities:
        return []
    load: dict[tuple[str, str], list[EngagementFact]] = defaultdict(list)
    for f in data.facts:
        if f.departments:
            load[(f.departments[0], f"{f.start_date:%Y-%m}")].append(f)
    out: list[Finding] = []
    for cap in data.capacities:
        facts = load.get((cap.department_id, cap.period), [])
        staff = sum(f.staff_days or 0 for f in facts)
        budget = sum((f.cost_minor or 0) / 100 for f in facts if f.currency == cap.currency)
        over = []
        if staff > cap.staff_days:
            over.append(f"{staff:,.1f} staff-days committed, {cap.staff_days:,.1f} available")
        if budget > cap.budget:
            over.append(f"{budget:,.2f} {cap.currency} committed, {cap.budget:,.2f} available")
        if not over:
            continue
        name = data.department_names.get(cap.department_id, "A department")
        heavy = sorted(facts, key=lambda f: -((f.staff_days or 0) + (f.cost_minor or 0) / 1e6))
        out.append(Finding(
            kind=FindingKind.CONFLICT,
            title=f"{name} over capacity in {cap.period}",
            detail="; ".join(over) + f" across {len(facts)} engagements.",
            suggested_action="Move or drop the lowest-value engagements of the month (the balancing page ranks "
            "them), or ask for more capacity.",
            records=tuple(ref(f) for f in heavy[:MAX_RECORDS]),
            subject=RecordRef("department", as_uuid(cap.department_id), name),
            severity=2,
        ))
    return out


def _dormant(data: DiagnosticsInput, tie: TieFact) -> tuple[bool, tuple[dt.date, str] | None]:
    last = data.last_engagement.get(tie.partner_id)
    limit = years_before(data.options.as_of, data.options.dormant_years)
    return tie.status == "dormant" or last is None or last[0] < limit, last


def gaps(data: DiagnosticsInput) -> list[Finding]:
    children: dict[str, list[str]] = defaultdict(list)
    for g in data.goals:
        if g.parent_id is not None:
            children[g.parent_id].append(g.id)

    def family(goal: str, depth: int = 0) -> list[str]:
        return [goal] + [d for c in children.get(goal, []) if depth < 5 for d in family(c, depth + 1)]

    out: list[Finding] = []
    for g in data.goals:
        ids = family(g.id)
        if any(i in data.goals_served for i in ids):
            continue
        ties = [data.aligned_ties[t] for i in ids for t in data.alignments.get(i, []) if t in data.aligned_ties]
        live = [t for t in ties if not _dormant(data, t)[0]]
        if live:
            continue
        records = (
            RecordRef("goal", as_uuid(g.id), g.label),
            *(RecordRef("tie", as_uuid(t.id), f"{t.type_label} {t.partner_name}") for t in ties),
        )
        why = (f"served only by dormant ties ({', '.join(t.partner_name for t in ties)})" if ties
               else "no engagement in the window and no tie aligned to it")
        out.append(Finding(
            kind=FindingKind.GAP,
            title=f"No activity for {g.label}",
            detail=f"{g.label}: {why}.",
            suggested_action="Plan an activity for it (a balancing scenario shows what it would displace), revive an "
            "aligned tie, or lower its weight if it is no longer a priority.",
            records=records,
            subject=RecordRef("goal", as_uuid(g.id), g.label),
            severity=2 if not ties else 1,
        ))
    return out


def dormant_ties(data: DiagnosticsInput) -> list[Finding]:
    out: list[Finding] = []
    for tie in data.home_ties:
        dormant, last = _dormant(data, tie)
        if not dormant:
            continue
        records = [RecordRef("tie", as_uuid(tie.id), f"{tie.type_label} {tie.partner_name}"),
                   RecordRef("actor", as_uuid(tie.partner_id), tie.partner_name)]
        if last is not None:
            records.append(RecordRef("engagement", as_uuid(last[1]), "last engagement", last[0]))
            since = f"the last engagement was on {last[0]}"
        else:
            since = "no engagement with them is logged"
        status = " (marked dormant)" if tie.status == "dormant" else ""
        out.append(Finding(
            kind=FindingKind.DORMANT_TIE,
            title=f"{tie.type_label.capitalize()} {tie.partner_name}{status}",
            detail=f"Tie since {tie.start_date or 'an unknown date'}; {since} "
            f"(more than {data.options.dormant_years} years counts as dormant).",
            suggested_action=f"Revive the tie with {tie.partner_name} through a project that serves a current goal, "
            "or end it formally and record why.",
            records=tuple(records),
            subject=RecordRef("tie", as_uuid(tie.id), tie.partner_name),
            severity=1 if last is not None else 2,
        ))
    return sorted(out, key=lambda f: (-f.severity, f.title))
