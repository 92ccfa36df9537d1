"""The aggregate of a campaign: per question, what was answered, its figures, a chart's bars and the
table behind the chart (one row per member). Plain Python over the answers the office may read."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from proxenia.domain.campaigns import Question, QuestionKind, RecordItem
from proxenia.domain.countries import country_name

TOP_BARS = 15
BINS = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


@dataclass
class QuestionSummary:
    question: Question
    answered: int
    unanswered: int
    figures: list[tuple[str, str]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    chart_title: str = ""
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def max_bar(self) -> float:
        return max((b.value for b in self.bars), default=0.0)


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def answer_text(question: Question, value: Any) -> str:
    """An answer as one cell of a table or a CSV file."""
    if value is None or value == []:
        return ""
    if question.kind is QuestionKind.RECORDS:
        items = [RecordItem.of(v) for v in value]
        return "; ".join(
            f"{i.name}{f' ({i.country_code})' if i.country_code else ''}{f' since {i.since}' if i.since else ''}"
            f"{' [new]' if i.is_new else ''}"
            for i in items
        )
    if question.kind is QuestionKind.NUMBER:
        return _num(float(value))
    return str(value)


def _numbers(q: Question, values: list[float], s: QuestionSummary) -> None:
    s.figures = [
        ("Total", _num(sum(values))),
        ("Mean", _num(statistics.fmean(values))),
        ("Median", _num(statistics.median(values))),
        ("Lowest", _num(min(values))),
        ("Highest", _num(max(values))),
    ]
    low, high = min(values), max(values)
    if low == high:
        s.bars = [Bar(_num(low), float(len(values)))]
    else:
        width = (high - low) / BINS
        counts = Counter(min(BINS - 1, int((v - low) / width)) for v in values)
        s.bars = [Bar(f"{_num(low + i * width)}–{_num(low + (i + 1) * width)}", float(counts.get(i, 0)))
                  for i in range(BINS)]
    s.chart_title = "Members per range of answers"


def _choices(q: Question, values: list[str], s: QuestionSummary) -> None:
    counts = Counter(values)
    s.bars = [Bar(c, float(counts.get(c, 0))) for c in q.choices]
    s.bars += [Bar(f"{c} (not a choice)", float(n)) for c, n in counts.items() if c not in q.choices]
    top = counts.most_common(1)
    if top:
        s.figures = [("Most frequent", f"{top[0][0]} ({top[0][1]})")]
    s.chart_title = "Members per choice"


def _dates(values: list[str], s: QuestionSummary) -> None:
    days = sorted(dt.date.fromisoformat(v) for v in values)
    s.figures = [("Earliest", days[0].isoformat()), ("Latest", days[-1].isoformat())]
    years = Counter(d.year for d in days)
    s.bars = [Bar(str(y), float(n)) for y, n in sorted(years.items())]
    s.chart_title = "Members per year"


def _records(values: list[list[dict[str, Any]]], s: QuestionSummary) -> None:
    items = [RecordItem.of(v) for entry in values for v in entry]
    new = sum(1 for i in items if i.is_new)
    s.figures = [
        ("Records listed", f"{len(items):,}"),
        ("From the registry", f"{len(items) - new:,}"),
        ("Newly reported", f"{new:,}"),
    ]
    countries = Counter(i.country_code or "" for i in items)
    s.bars = [Bar(country_name(c) if c else "Country unknown", float(n)) for c, n in countries.most_common(TOP_BARS)]
    s.chart_title = "Records per country (top 15)"


def aggregate(
    questions: Sequence[Question], responses: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[QuestionSummary]:
    """One summary per question over ``responses`` (member name, answers)."""
    out = []
    for q in questions:
        present = [(name, a[q.key]) for name, a in responses if a.get(q.key) not in (None, [], "")]
        s = QuestionSummary(q, answered=len(present), unanswered=len(responses) - len(present))
        s.rows = [(name, answer_text(q, value)) for name, value in present]
        values = [v for _, v in present]
        if values:
            if q.kind is QuestionKind.NUMBER:
                _numbers(q, [float(v) for v in values], s)
            elif q.kind is QuestionKind.CHOICE:
                _choices(q, [str(v) for v in values], s)
            elif q.kind is QuestionKind.DATE:
                _dates([str(v) for v in values], s)
            elif q.kind is QuestionKind.RECORDS:
                _records(values, s)
        out.append(s)
    return out
