"""Answers to a questionnaire: read from the API's JSON or a form's text, then checked against the
question (required, ranges, choices, dates) and against the registry (a list that drops or invents
records, a count that differs from the registry's). Errors block a submission; warnings are shown to
the member and to the office."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from proxenia.domain.campaigns import Question, QuestionKind, RecordItem
from proxenia.domain.dates import PartialDate

MAX_TEXT = 10_000
MAX_ITEMS = 2_000


@dataclass(frozen=True)
class AnswerProblem:
    key: str
    message: str
    severity: str = "error"  # "error" blocks a submission, "warning" does not

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def _number(raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise ValueError("is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().replace(",", "").replace(" ", "")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _items(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise ValueError("is a list of records")
    if len(raw) > MAX_ITEMS:
        raise ValueError(f"lists at most {MAX_ITEMS} records")
    out = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ValueError("each record is an object with a name (and actor_id, country_code, since, tie_id)")
        try:
            item = RecordItem.of(dict(entry))
        except ValueError:
            raise ValueError("a record names an id that is not a UUID") from None
        if not item.name.strip() and item.actor_id is None and item.tie_id is None:
            raise ValueError("each record needs a name, an actor or a tie")
        if len(item.name) > 300:
            raise ValueError(f"the record '{item.name[:40]}…' has a name longer than 300 characters")
        out.append(item.as_json())
    return out


def normalise(question: Question, raw: Any) -> Any:
    """The value to store for an answer (None when unanswered), or ``ValueError`` in plain words."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = question.kind
    if kind is QuestionKind.NUMBER:
        return _number(raw)
    if kind is QuestionKind.RECORDS:
        return _items(raw) or None
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise ValueError("is a single value")
    text = str(raw).strip()
    if kind is QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"'{text}' is not a date (YYYY-MM-DD)") from None
    if len(text) > MAX_TEXT:
        raise ValueError(f"is longer than {MAX_TEXT:,} characters")
    if "\x00" in text:
        raise ValueError("contains a NUL byte")
    return text


def normalise_all(questions: Sequence[Question], raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[AnswerProblem]]:
    """Every answer normalised; answers to unknown keys are refused, unreadable ones reported."""
    known = {q.key: q for q in questions}
    answers: dict[str, Any] = {}
    problems = [AnswerProblem(k, "is not a question of this campaign") for k in raw if k not in known]
    for key, value in raw.items():
        if key not in known:
            continue
        try:
            normalised = normalise(known[key], value)
        except ValueError as exc:
            problems.append(AnswerProblem(key, str(exc)))
            continue
        if normalised is not None:
            answers[key] = normalised
    return answers, problems


def _range(q: Question, value: float, what: str) -> list[AnswerProblem]:
    out = []
    if q.min_value is not None and value < q.min_value:
        out.append(AnswerProblem(q.key, f"{what} must be at least {_fmt(q.min_value)}"))
    if q.max_value is not None and value > q.max_value:
        out.append(AnswerProblem(q.key, f"{what} must be at most {_fmt(q.max_value)}"))
    return out


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_answers(
    questions: Sequence[Question], answers: Mapping[str, Any], registry: Mapping[str, Sequence[RecordItem]]
) -> list[AnswerProblem]:
    """Problems of stored answers; ``registry`` holds the member's records per source (for consistency)."""
    problems: list[AnswerProblem] = []
    for q in questions:
        value = answers.get(q.key)
        if value is None or value == []:
            if q.required:
                problems.append(AnswerProblem(q.key, "is required"))
            continue
        if q.kind is QuestionKind.NUMBER:
            problems += _range(q, float(value), "the number")
            if q.source is not None and q.source in registry and len(registry[q.source]) != value:
                problems.append(
                    AnswerProblem(q.key, f"the registry lists {len(registry[q.source])} ({q.source_label}); "
                                         f"you reported {value}", "warning")
                )
        elif q.kind is QuestionKind.CHOICE and value not in q.choices:
            problems.append(AnswerProblem(q.key, f"'{value}' is not one of the choices"))
        elif q.kind is QuestionKind.DATE:
            problems += _range(q, float(dt.date.fromisoformat(value).year), "the year")
        elif q.kind is QuestionKind.RECORDS:
            problems += _check_items(q, [RecordItem.of(v) for v in value], registry.get(q.source or "", ()))
    return problems


def _check_items(q: Question, items: Iterable[RecordItem], known: Sequence[RecordItem]) -> list[AnswerProblem]:
    problems: list[AnswerProblem] = []
    known_ties = {k.tie_id for k in known if k.tie_id}
    known_actors = {k.actor_id for k in known if k.actor_id}
    listed: set[uuid.UUID] = set()
    for item in items:
        if item.tie_id is not None:
            if item.tie_id not in known_ties:
                problems.append(AnswerProblem(q.key, f"'{item.name}' is not one of {q.source_label} in the registry"))
            listed.add(item.tie_id)
        elif item.actor_id is None:
            problems.append(
                AnswerProblem(q.key, f"'{item.name}' is not matched to an actor of the registry; kept as written",
                              "warning")
            )
        elif item.actor_id in known_actors:
            problems.append(AnswerProblem(q.key, f"'{item.name}' is already in the registry", "warning"))
        if item.since:
            try:
                PartialDate.parse(item.since)
            except ValueError as exc:
                problems.append(AnswerProblem(q.key, f"'{item.name}': {exc}"))
    dropped = known_ties - listed
    if dropped:
        problems.append(
            AnswerProblem(q.key, f"{len(dropped)} of {q.source_label} in the registry are not listed "
                                 "(ended? say so in a comment)", "warning")
        )
    return problems


def blocking(problems: Iterable[AnswerProblem]) -> list[AnswerProblem]:
    return [p for p in problems if p.is_error]
