"""``--json`` output: what the encoder cannot write itself (dataclasses, UUIDs, enums, dates, sets, keys that
are not text) comes out as plain JSON, written as is: one line when piped, nothing wrapped or coloured."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import uuid

import pytest

from proxenia.cli.output import print_json, to_jsonable


class Colour(enum.Enum):
    RED = "red"


class Size(enum.StrEnum):
    LARGE = "large"


@dataclasses.dataclass
class Inner:
    on: dt.date
    tags: frozenset[str]


@dataclasses.dataclass
class Outer:
    id: uuid.UUID
    colour: Colour
    size: Size
    inner: list[Inner]
    title: str


ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
LONG = "Délégation " + "très longue " * 40  # longer than any terminal line: must not be wrapped


def expected() -> dict[str, object]:
    return {"id": str(ID), "colour": "red", "size": "large", "title": LONG,
            "inner": [{"on": "2026-06-30", "tags": ["water"]}]}


def test_dataclasses_uuids_enums_dates_and_sets_print_as_plain_json_on_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_json(Outer(ID, Colour.RED, Size.LARGE, [Inner(dt.date(2026, 6, 30), frozenset({"water"}))], LONG))
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.endswith("}\n")  # piped: one line, no wrapping
    assert "\x1b[" not in out  # no colour codes
    assert json.loads(out) == expected()


def test_keys_the_encoder_cannot_write_are_turned_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    value = {ID: {dt.date(2026, 1, 2): 3}, "plain": {1, 2}}
    print_json(value)
    assert json.loads(capsys.readouterr().out) == {str(ID): {"2026-01-02": 3}, "plain": [1, 2]}
    assert to_jsonable(value) == {str(ID): {"2026-01-02": 3}, "plain": [1, 2]}
