"""UuidMemo: 32 hex digits → the one ``uuid.UUID`` for them, made once; ids it was given are handed back."""

from __future__ import annotations

import uuid

import pytest

from proxenia.store.hex_ids import UuidMemo


def test_each_id_is_made_once_and_known_ids_are_the_objects_given() -> None:
    given = uuid.uuid4()
    memo = UuidMemo([given])
    assert memo(given.hex) is given
    other = uuid.uuid4()
    first = memo(other.hex)
    assert first == other and first is not other and memo(other.hex) is first
    assert memo.maybe(None) is None and memo.maybe(other.hex) is first
    assert len(memo) == 2


def test_digits_that_are_not_an_id_are_refused() -> None:
    with pytest.raises(ValueError):
        UuidMemo()("not-an-id")
