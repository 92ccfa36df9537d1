"""Reading spreadsheets: a header that names a column twice is refused (one of the two columns would be
read and the other dropped without a word); empty header cells may repeat."""

from __future__ import annotations

import pytest

from proxenia.domain.errors import InvalidInput
from proxenia.interop.tables import read_csv_bytes


def test_a_column_named_twice_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_csv_bytes("log.csv", b"kind,title,start_date,title\nmeeting,Port call,2026-03-02,Harbour call\n")
    problem = refused.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("log.csv", 1, "title")
    assert "names 'title' twice" in problem.message


def test_unnamed_columns_may_repeat() -> None:
    sheet = read_csv_bytes("log.csv", b"kind,title,,\nmeeting,Port call,,\n")
    assert sheet.rows[0][1]["title"] == "Port call"
