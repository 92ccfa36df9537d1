"""Portfolio diagnostics over one government's engagements: silos, overlaps, conflicts, gaps and dormant
ties. Each finding names the records behind it and suggests an action. Linear in the number of
engagements (grouped by counterpart, person and department), so 200,000 engagements take seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from proxenia.domain.findings import (
    DiagnosticsOptions,
    DiagnosticsReport,
    EngagementFact,
    Finding,
    FindingKind,
    RecordRef,
)
from proxenia.domain.names import fold

MAX_RECORDS = 12


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


class _Groups:
    """Union-find over ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self, keys: Iterable[str]) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            out[self.find(k)].append(k)
        return list(out.values())


def _uuid(hex_id: str | None) -> uuid.UUID | None:
    return uuid.UUID(hex_id) if hex_id else None


def _ref(f: EngagementFact) -> RecordRef:
    return RecordRef("engagement", _uuid(f.id), f.title, f.start_date)


def _refs(facts: Iterable[EngagementFact]) -> tuple[RecordRef, ...]:
    ordered = sorted(facts, key=lambda f: (f.start_date, f.title), reverse=True)
    return tuple(_ref(f) for f in ordered[:MAX_RECORDS])


def diagnose(data: DiagnosticsInput) -> DiagnosticsReport:
    started = time.perf_counter()
    report = DiagnosticsReport(options=data.options, engagements_read=len(data.facts))
    by_actor: dict[str, list[EngagementFact]] = defaultdict(list)
    for f in data.facts:
        for actor in f.actors:
            by_actor[actor].append(f)
    report.findings += silos(data, by_actor)
    report.findings += overlaps(data, by_actor)
    report.findings += conflicts(data)
    report.findings += gaps(data)
    report.findings += dormant_ties(data)
    report.seconds = time.perf_counter() - started
    return report


def silos(data: DiagnosticsInput, by_actor: dict[str, list[EngagementFact]]) -> list[Finding]:
    out: list[Finding] = []
    dep = data.department_names
    for actor, facts in by_actor.items():
        departments = {d for f in facts for d in f.departments}
        if len(departments) < 2:
            continue
        groups = _Groups()
        by_id = {f.id: f for f in facts}
        for f in facts:
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
            records=_refs(facts),
            subject=RecordRef("actor", _uuid(actor), name),
            severity=2 if len(departments) > 2 or len(facts) > 5 else 1,
        ))
    return out


_TOKEN = re.compile(r"[^\W_]{3,}")
BLOCK_LIMIT = 40  # a word shared by more engagements of one counterpart in a few days tells nothing


def _similar_pairs(facts: list[EngagementFact], days: int, cutoff: int) -> set[tuple[int, int]]:
    """Index pairs (i < j) of ``facts`` starting at most ``days`` apart whose titles are similar.

    Candidates come from blocks: the same word in titles of the same few days. A word in more than
    ``BLOCK_LIMIT`` titles of a block ("meeting", "visit") proposes nothing by itself, so a counterpart
    with tens of thousands of engagements costs little more than a quiet one; candidates are then
    scored with rapidfuzz's ``token_set_ratio``."""
    width = days + 1
    blocks: dict[tuple[int, str], list[int]] = defaultdict(list)
    ordinals = [f.start_date.toordinal() for f in facts]
    titles = [f.title.lower() for f in facts]
    for i, title in enumerate(titles):
        bucket = ordinals[i] // width
        for word in set(_TOKEN.findall(title)):
            blocks[(bucket, word)].append(i)
            blocks[(bucket + 1, word)].append(i)  # meets the next bucket's titles too
    seen: set[tuple[int, int]] = set()
    found: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                pair = (i, j) if i < j else (j, i)
                if pair in seen or abs(ordinals[i] - ordinals[j]) > days:
                    continue
                seen.add(pair)
                if fuzz.token_set_ratio(titles[i], titles[j], score_cutoff=cutoff):
                    found.add(pair)
    return found


def overlaps(data: DiagnosticsInput, by_actor: dict[str, list[EngagementFact]]) -> list[Finding]:
    opts = data.options
    groups = _Groups()
    facts_by_id: dict[str, EngagementFact] = {}
    for facts in by_actor.values():
        if len(facts) < 2:
            continue
        for i, j in _similar_pairs(facts, opts.overlap_days, opts.title_similarity):
            f, g = facts[i], facts[j]
            if g.id in f.related or f.id in g.related:
                continue  # known to each other
            groups.union(f.id, g.id)
            facts_by_id[f.id], facts_by_id[g.id] = f, g
    out: list[Finding] = []
    for cluster in groups.groups(facts_by_id):
        facts = [facts_by_id[i] for i in cluster]
        shared = set.intersection(*(set(f.actors) for f in facts))
        who = ", ".join(sorted(data.actor_names.get(a, "?") for a in shared)) or "the same counterparts"
        first, last = min(f.start_date for f in facts), max(f.start_date for f in facts)
        deps = sorted({data.department_names.get(d, "?") for f in facts for d in f.departments[:1]})
        out.append(Finding(
            kind=FindingKind.OVERLAP,
            title=f"{len(facts)} near-duplicate engagements with {who}",
            detail=f"Between {first} and {last}, logged by {', '.join(deps) or 'no department'}: "
            + "; ".join(f"“{f.title}” ({f.start_date})" for f in sorted(facts, key=lambda f: f.start_date)[:5]),
            suggested_action="If they are one event, keep one record and merge the others into it; if they are "
            "separate, cross-reference them so the next reader knows.",
            records=_refs(facts),
            severity=2 if len(deps) > 1 else 1,
        ))
    return out


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
        ordered = sorted(facts, key=lambda f: f.start_date)
        clashes: list[tuple[EngagementFact, EngagementFact]] = []
        for i, f in enumerate(ordered):
            for g in ordered[i + 1:]:
                if g.start_date > f.end_date:
                    break
                if f.place and g.place and _place(f.place) != _place(g.place):
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
            records=_refs(involved.values()),
            subject=RecordRef("person", _uuid(person), name),
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
            records=tuple(_ref(f) for f in heavy[:MAX_RECORDS]),
            subject=RecordRef("department", _uuid(cap.department_id), name),
            severity=2,
        ))
    return out


def _dormant(data: DiagnosticsInput, tie: TieFact) -> tuple[bool, tuple[dt.date, str] | None]:
    last = data.last_engagement.get(tie.partner_id)
    limit = data.options.as_of.replace(year=data.options.as_of.year - data.options.dormant_years)
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
            RecordRef("goal", _uuid(g.id), g.label),
            *(RecordRef("tie", _uuid(t.id), f"{t.type_label} {t.partner_name}") for t in ties),
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
            subject=RecordRef("goal", _uuid(g.id), g.label),
            severity=2 if not ties else 1,
        ))
    return out


def dormant_ties(data: DiagnosticsInput) -> list[Finding]:
    out: list[Finding] = []
    for tie in data.home_ties:
        dormant, last = _dormant(data, tie)
        if not dormant:
            continue
        records = [RecordRef("tie", _uuid(tie.id), f"{tie.type_label} {tie.partner_name}"),
                   RecordRef("actor", _uuid(tie.partner_id), tie.partner_name)]
        if last is not None:
            records.append(RecordRef("engagement", _uuid(last[1]), "last engagement", last[0]))
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
            subject=RecordRef("tie", _uuid(tie.id), tie.partner_name),
            severity=1 if last is not None else 2,
        ))
    return sorted(out, key=lambda f: (-f.severity, f.title))
