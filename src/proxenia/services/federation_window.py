"""Moving a federation's kept aggregates to a new day without recounting them.

The dashboard's window (the last five calendar years up to today) and its "recent" cut-off (two years
back) move every day. Only the engagements dated in the slices between the old and the new bounds
count differently, and an engagement's contribution to every figure is its own (counts of distinct
engagements, each owned by one member): so the kept shares are moved by subtracting what those slices
counted under the old bounds and adding what they count under the new ones — a day's engagements read,
not five years', and only the members with engagements in those slices touched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict

from proxenia.analytics.federation_totals import EngagementDelta
from proxenia.domain.federation_dashboard import DashboardWindow
from proxenia.store.federation_facts import Scope
from proxenia.store.federation_partitions import MemberFactReader

#: Beyond this share of the window in slices (a dashboard left unread for years), a full read is cheaper.
MAX_SHIFT_SHARE = 0.5

Bounds = tuple[DashboardWindow, dt.date]  # the window and the recent cut-off


def slices(old: Bounds, new: Bounds) -> list[tuple[dt.date, dt.date]]:
    """The disjoint date ranges (inclusive) in which an engagement counts differently under the two bounds."""
    (ow, orecent), (nw, nrecent) = old, new
    day = dt.timedelta(days=1)
    ranges = []
    for a, b in ((ow.date_from, nw.date_from), (orecent, nrecent)):  # [lower, upper) moved
        if a != b:
            ranges.append((min(a, b), max(a, b) - day))
    if ow.date_to != nw.date_to:  # (lower, upper] moved
        ranges.append((min(ow.date_to, nw.date_to) + day, max(ow.date_to, nw.date_to)))
    merged: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + day:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def worth_shifting(old: Bounds, new: Bounds) -> bool:
    """Is moving cheaper than counting afresh? (New Year moves the window's start by a year: still is.)"""
    days = sum((hi - lo).days + 1 for lo, hi in slices(old, new))
    return days <= MAX_SHIFT_SHARE * ((new[0].date_to - new[0].date_from).days + 1)


def deltas(
    reader: MemberFactReader, scope: Scope, priorities: frozenset[uuid.UUID], old: Bounds, new: Bounds
) -> dict[uuid.UUID, EngagementDelta]:
    """member -> how its engagement counts change from the old bounds to the new ones."""
    out: dict[uuid.UUID, EngagementDelta] = defaultdict(EngagementDelta)
    for lo, hi in slices(old, new):
        for (window, recent), sign in ((old, -1), (new, 1)):
            start, end = max(window.date_from, lo), min(window.date_to, hi)
            if start > end:
                continue
            for member, code, kind, year, is_recent, n in reader.engagement_rows(scope, start, end, recent):
                out[member].engagements[(code, kind, year, is_recent)] += sign * n
            for member, n in reader.engagement_totals(scope, start, end).items():
                out[member].total += sign * n
            per_goal, aligned = reader.engagements_per_goal(scope, priorities, start, end)
            for (member, goal), n in per_goal.items():
                out[member].goal_engagements[goal] += sign * n
            for member, n in aligned.items():
                out[member].aligned += sign * n
    return dict(out)
