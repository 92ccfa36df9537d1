"""CSV readers name the file, row and column of bad input."""

from __future__ import annotations

import pytest

from proxenia.analytics.diffusion import DiffusionDataError, read_adoptions, read_practices
from proxenia.domain.errors import InvalidInput


def write(tmp_path, text: str):
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_good_files(tmp_path):
    path = write(tmp_path, "statenam,policy,adopt_year,extra\nOhio,p1,1990,x\nIowa,p1,1991.0,y\n")
    records = read_adoptions(path)
    assert [(r.government, r.practice, r.year) for r in records] == [("Ohio", "p1", 1990), ("Iowa", "p1", 1991)]
    practices = read_practices(
        write(tmp_path, 'policy,source,description,majortopic\np1,s,"Two\nlines",Health\np2,s,Other,\n')
    )
    assert practices["p1"].topic == "Health" and practices["p1"].description == "Two\nlines"
    assert practices["p2"].topic is None


def test_missing_column_is_named(tmp_path):
    path = write(tmp_path, "statenam,policy\nOhio,p1\n")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(path)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, InvalidInput)
    assert (err.path, err.row, err.column) == (str(path), 1, "adopt_year")
    assert "adopt_year" in str(err) and str(path) in str(err)


def test_non_integer_year_names_row_and_column(tmp_path):
    path = write(tmp_path, "statenam,policy,adopt_year\nOhio,p1,1990\nIowa,p1,nineteen\n")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(path)
    assert (info.value.row, info.value.column) == (3, "adopt_year")
    assert "row 3" in str(info.value) and "'nineteen'" in str(info.value)
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(write(tmp_path, "statenam,policy,adopt_year\nOhio,p1,1990.5\n"))
    assert (info.value.row, info.value.column) == (2, "adopt_year")


def test_empty_values_and_duplicates(tmp_path):
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(write(tmp_path, "statenam,policy,adopt_year\n,p1,1990\n"))
    assert (info.value.row, info.value.column) == (2, "statenam")
    with pytest.raises(DiffusionDataError) as info:
        read_practices(write(tmp_path, "policy,description,majortopic\np1,a,b\np1,c,d\n"))
    assert (info.value.row, info.value.column) == (3, "policy")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(tmp_path / "absent.csv")
    assert info.value.path == str(tmp_path / "absent.csv")


def test_a_byte_that_is_not_utf8_is_named_in_its_row_and_column(tmp_path):
    """Thousands of rows in (past the first read buffers): the row and column the byte is in."""
    path = tmp_path / "data.csv"
    rows = [b"statenam,policy,adopt_year"] + [b"Ohio,p%d,1990" % i for i in range(5000)]
    rows[4321] = b"Ohio,caf\xe9,1990"
    path.write_bytes(b"\n".join(rows) + b"\n")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(path)
    assert (info.value.row, info.value.column) == (4322, "policy") and "0xE9" in str(info.value)
    path.write_bytes(b"state\xffnam,policy,adopt_year\nOhio,p1,1990\n")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(path)
    assert info.value.row == 1 and "not UTF-8" in str(info.value)


def test_a_year_after_the_current_one_is_refused(tmp_path):
    path = write(tmp_path, "statenam,policy,adopt_year\nOhio,p1,1990\nIowa,p1,2027\n")
    with pytest.raises(DiffusionDataError) as info:
        read_adoptions(path, latest_year=2026)
    assert (info.value.row, info.value.column) == (3, "adopt_year") and "in the future" in str(info.value)
    assert [r.year for r in read_adoptions(path, latest_year=2027)] == [1990, 2027]
