"""Engagements as an iCalendar feed (RFC 5545, with the ``icalendar`` library): one all-day event per
engagement, so that a department's calendar shows the international programme beside its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from proxenia.domain.engagements import EngagementSummary

PRODUCT_ID = "-//Proxenia//Engagement log//EN"


def engagements_calendar(items: Iterable[EngagementSummary], *, base_url: str, name: str) -> bytes:
    """``base_url`` makes each event's link absolute (the server's own address)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for e in items:
        event = Event()
        event.add("uid", f"engagement-{e.id}@proxenia")
        event.add("dtstamp", stamp)
        event.add("summary", e.title)
        event.add("dtstart", e.start_date)
        last = max(e.end_date, e.start_date)
        if last < dt.date.max:
            event.add("dtend", last + dt.timedelta(days=1))  # all-day: the end is exclusive
        else:  # the day after 9999-12-31 cannot be written: the same days as a duration (RFC 5545, 3.6.1)
            event.add("duration", last - e.start_date + dt.timedelta(days=1))
        event.add("categories", [e.kind.value.replace("_", " ")])
        event.add("class", "PUBLIC" if e.visibility.value == "public" else "CONFIDENTIAL")
        lines = [f"Kind: {e.kind.value.replace('_', ' ')}", f"Sharing: {e.visibility.tlp}"]
        if e.department_name:
            lines.append(f"Department: {e.department_name}")
        names = [p.name for p in e.counterparts if p.name]
        if names:
            lines.append("With: " + ", ".join(names))
        if e.open_follow_ups:
            lines.append(f"Open follow-ups: {e.open_follow_ups}")
        event.add("description", "\n".join(lines))
        event.add("url", f"{base_url.rstrip('/')}/engagements/{e.id}")
        calendar.add_component(event)
    return calendar.to_ical()
