"""Near-duplicate engagements: the same event logged twice (often by two departments), found among one
counterpart's engagements of the same days by their titles."""

from __future__ import annotations

import bisect
import string
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from proxenia.analytics.grouping import Groups, refs
from proxenia.domain.findings import EngagementFact, Finding, FindingKind

if TYPE_CHECKING:
    from proxenia.analytics.diagnostics import DiagnosticsInput

_PUNCTUATION = string.punctuation + "–—“”‘’«»"
_STOP = frozenset({"a", "an", "and", "at", "by", "de", "for", "from", "in", "of", "on", "the", "to", "with", "about",
                   "into", "des", "del", "der", "und", "les", "la", "le", "el", "avec", ""})
WORD_SHARE = 0.6  # near-duplicate titles share at least this share of the shorter title's words
MAX_SPAN_DAYS = 14  # a long programme is compared with what starts in its first two weeks only


def _bag(title: str) -> frozenset[str]:
    """The words of a title, without case, surrounding punctuation or the commonest short words."""
    return frozenset([w.strip(_PUNCTUATION) for w in title.lower().split()]) - _STOP


def _cached_bag(cache: dict[str, frozenset[str]], fact: EngagementFact) -> frozenset[str]:
    found = cache.get(fact.id)
    if found is None:
        found = cache[fact.id] = _bag(fact.title)
    return found


def _without(bag: frozenset[str], name: frozenset[str]) -> frozenset[str]:
    """The bag without the counterpart's name (most titles do not name it: no new set then)."""
    return bag if bag.isdisjoint(name) else bag - name


Pairs = tuple[tuple[str, str], ...]


class SweptCounterpart(NamedTuple):
    """One counterpart's engagements as swept (the very fact objects, in order), its name, what was found."""

    members: list[EngagementFact]
    name: str
    pairs: Pairs


class OverlapMemo:
    """What the sweep found per counterpart, kept from one report to the next: a counterpart whose
    engagements, name and thresholds are as they were is not swept again, so a report after one engagement
    is logged sweeps only that engagement's counterparts. Holds only the counterparts of the last report.

    The engagements are compared as lists of facts: the facts kept from one report to the next are the very
    same objects (the facts keeper never changes a fact in place: a changed engagement is a new fact), so
    the comparison is one pointer test per engagement; facts read again compare field by field."""

    def __init__(self) -> None:
        self.thresholds: tuple[int, float] | None = None
        self.found: dict[str, SweptCounterpart] = {}


def overlaps(
    data: DiagnosticsInput, by_actor: dict[str, list[EngagementFact]], memo: OverlapMemo | None = None
) -> list[Finding]:
    """Near-duplicates: the same counterpart, dates that overlap or lie at most ``overlap_days`` apart, and
    similar titles.

    Each counterpart's engagements come sorted by date, so a sweep meets only the ones a few days apart.
    A pair is a candidate when the titles share ``WORD_SHARE`` of the shorter one's words (the counterpart's
    own name left out: it is shared by construction), and a near-duplicate when rapidfuzz's
    ``token_set_ratio`` reaches the threshold. Cross-referenced engagements know of each other.
    """
    days, cutoff = data.options.overlap_days, data.options.title_similarity
    groups = Groups()
    by_id: dict[str, EngagementFact] = {}
    kept = memo.found if memo is not None and memo.thresholds == (days, cutoff) else {}
    found: dict[str, SweptCounterpart] = {}
    bags: dict[str, frozenset[str]] = {}
    for actor, members in by_actor.items():
        if len(members) < 2:
            continue
        name = data.actor_names.get(actor, "")
        known = kept.get(actor)
        if known is not None and known.name == name and known.members == members:
            pairs = known.pairs
        else:
            pairs = _sweep(members, _bag(name), days, cutoff, bags)
        found[actor] = SweptCounterpart(list(members), name, pairs)
        if pairs:
            facts = {f.id: f for f in members}
            for a, b in pairs:
                groups.union(a, b)
                by_id[a], by_id[b] = facts[a], facts[b]
    if memo is not None:
        memo.thresholds, memo.found = (days, cutoff), found
    return [_overlap_finding(data, [by_id[i] for i in cluster]) for cluster in groups.groups(by_id)]


def _sweep(
    members: list[EngagementFact], name: frozenset[str], days: int, cutoff: float, bags: dict[str, frozenset[str]]
) -> Pairs:
    """The near-duplicate pairs among one counterpart's engagements (sorted by date)."""
    n = len(members)
    starts = [f.start_day for f in members]
    local: list[frozenset[str] | None] = [None] * n
    pairs: list[tuple[str, str]] = []
    for i in range(n - 1):
        f = members[i]
        last_day = min(f.end_day, f.start_day + MAX_SPAN_DAYS)  # the date ranges overlap, or nearly
        end = bisect.bisect_right(starts, last_day + days, i + 1)
        if end == i + 1:
            continue
        wf = local[i]
        if wf is None:
            wf = local[i] = _without(_cached_bag(bags, f), name)
        if not wf:
            continue
        for j in range(i + 1, end):
            wg = local[j]
            if wg is None:
                wg = local[j] = _without(_cached_bag(bags, members[j]), name)
            if wf.isdisjoint(wg):
                continue
            common = len(wf & wg)
            if common < WORD_SHARE * len(wf) and common < WORD_SHARE * len(wg):
                continue
            g = members[j]
            if g.id in f.related or f.id in g.related:
                continue  # known to each other
            if fuzz.token_set_ratio(f.title, g.title, processor=default_process, score_cutoff=cutoff):
                pairs.append((f.id, g.id))
    return tuple(pairs)


def _overlap_finding(data: DiagnosticsInput, facts: list[EngagementFact]) -> Finding:
    shared = set.intersection(*(set(f.actors) for f in facts))
    who = ", ".join(sorted(data.actor_names.get(a, "?") for a in shared)) or "the same counterparts"
    first, last = min(f.start_date for f in facts), max(f.start_date for f in facts)
    deps = sorted({data.department_names.get(d, "?") for f in facts for d in f.departments[:1]})
    return Finding(
        kind=FindingKind.OVERLAP,
        title=f"{len(facts)} near-duplicate engagements with {who}",
        detail=f"Between {first} and {last}, logged by {', '.join(deps) or 'no department'}: "
        + "; ".join(f"“{f.title}” ({f.start_date})" for f in sorted(facts, key=lambda f: f.start_date)[:5]),
        suggested_action="If they are one event, keep one record and merge the others into it; if they are "
        "separate, cross-reference them so the next reader knows.",
        records=refs(facts),
        severity=2 if len(deps) > 1 else 1,
    )
