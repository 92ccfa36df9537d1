"""`proxenia engine …` from the real CLI: evaluate on a slice of the real SPID files (15 held-out
policies, a history of other policies), clear errors for bad files; train on a database's history."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxenia.cli.main import app
from proxenia.config import Settings
from proxenia.services.container import build_services
from proxenia.services.practices.engine import engine_model_path
from tests.conftest import fresh_database_url
from tests.services.test_engine import build_history

SPID = Path("/work/shared/data/spid")
runner = CliRunner()


@pytest.mark.parametrize("command", [["engine"], ["engine", "evaluate"], ["engine", "train"]], ids=" ".join)
def test_every_engine_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["statenam", "policy", "adopt_year"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def spid_slice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A: 15 SPID policies held out; H: 120 other SPID policies (a random split, nothing chosen by hand)."""
    if not (SPID / "spid_adoptions.csv").exists():
        pytest.skip("the SPID data set is not in ../shared/data/spid")
    with (SPID / "spid_adoptions.csv").open(newline="", encoding="utf-8") as handle:
        rows = [[r["statenam"], r["policy"], r["adopt_year"]] for r in csv.DictReader(handle)]
    policies = sorted({r[1] for r in rows})
    random.Random(7).shuffle(policies)
    held, history = set(policies[:15]), set(policies[15:135])
    folder = tmp_path_factory.mktemp("spid-slice")
    a = _write(folder / "A.csv", [r for r in rows if r[1] in held])
    h = _write(folder / "H.csv", [r for r in rows if r[1] in history])
    return a, SPID / "spid_policies.csv", h


def test_evaluate_prints_one_json_object_and_the_engine_beats_random(spid_slice: tuple[Path, Path, Path]) -> None:
    a, p, h = spid_slice
    result = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p), "--history", str(h),
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"events", "engine", "baselines"}
    assert set(data["baselines"]) == {"random", "neighbours", "innovativeness"}
    for metrics in [data["engine"], *data["baselines"].values()]:
        assert set(metrics) == {"auc", "hit5", "mrr"}
        assert all(0.0 <= v <= 1.0 for v in metrics.values())
    assert data["events"] > 20
    assert data["engine"]["auc"] > data["baselines"]["random"]["auc"] == 0.5
    assert data["engine"]["hit5"] > data["baselines"]["random"]["hit5"]


def test_evaluate_prints_a_table(spid_slice: tuple[Path, Path, Path]) -> None:
    a, p, h = spid_slice
    result = runner.invoke(
        app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p), "--history", str(h)]
    )
    assert result.exit_code == 0, result.output
    for word in ("engine", "random", "neighbours", "innovativeness", "AUC", "hit@5", "MRR", "events"):
        assert word in result.output


def test_evaluate_with_intervals_over_the_practices(spid_slice: tuple[Path, Path, Path]) -> None:
    a, p, h = spid_slice
    files = ["--adoptions", str(a), "--policies", str(p), "--history", str(h)]
    result = runner.invoke(app, ["engine", "evaluate", *files, "--intervals", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    bounds = data["intervals"]
    assert bounds["practices"] <= 15 and bounds["level"] == 0.95 and bounds["samples"] == 2000
    for metric in ("auc", "hit5", "mrr"):
        low, high = bounds["engine"][metric]
        assert low <= data["engine"][metric] <= high
        for name, lead in bounds["engine_minus"].items():
            difference = data["engine"][metric] - data["baselines"][name][metric]
            assert lead[metric][0] <= difference + 1e-3 and difference - 1e-3 <= lead[metric][1]
    assert bounds["baselines"]["random"]["auc"] == [0.5, 0.5]
    table = runner.invoke(app, ["engine", "evaluate", *files, "--intervals"])
    assert table.exit_code == 0, table.output
    assert "The engine's lead" in table.output and "innovativeness" in table.output


def test_names_that_are_not_us_states_still_work(spid_slice: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """No context for any government: the geographic features are neutral, the ranking still runs."""
    a, p, h = spid_slice
    renamed = []
    for source in (a, h):
        with source.open(newline="", encoding="utf-8") as handle:
            rows = [[f"Land of {r['statenam']}", r["policy"], r["adopt_year"]] for r in csv.DictReader(handle)]
        renamed.append(_write(tmp_path / source.name, rows))
    result = runner.invoke(
        app, ["engine", "evaluate", "--adoptions", str(renamed[0]), "--policies", str(p), "--history", str(renamed[1]),
              "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["engine"]["auc"] > 0.5 and data["baselines"]["neighbours"]["auc"] == pytest.approx(0.5)


def test_names_spelled_two_ways_and_practices_in_both_files_are_read_as_meant(
    spid_slice: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A's names in lower case, H's as SPID spells them: the same states, the same figures, and a note on
    standard error saying what was merged (standard output stays one JSON object). A's practices also in H
    are left out of H; practices P does not describe have no topic; each is noted."""
    a, p, h = spid_slice
    with a.open(newline="", encoding="utf-8") as handle:
        rows = [[f" {r['statenam'].lower()} ", r["policy"], r["adopt_year"]] for r in csv.DictReader(handle)]
    lower = _write(tmp_path / "A-lower.csv", rows)
    files = ["--policies", str(p), "--history", str(h), "--json"]
    as_spelt = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), *files])
    lowered = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(lower), *files])
    assert lowered.exit_code == 0, lowered.output
    assert json.loads(lowered.stdout) == json.loads(as_spelt.stdout)
    assert "taken as one government" in lowered.stderr and "taken as one" not in as_spelt.stderr
    whole = tmp_path / "H-and-A.csv"  # A's practices also in H: left out of the history, and said so
    whole.write_text(h.read_text(encoding="utf-8") + "".join(a.read_text(encoding="utf-8").splitlines(True)[1:]),
                     encoding="utf-8")
    overlapping = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p),
                                      "--history", str(whole), "--json"])
    assert json.loads(overlapping.stdout) == json.loads(as_spelt.stdout)
    assert "also in H-and-A.csv" in overlapping.stderr and "left out of the history" in overlapping.stderr
    bare = tmp_path / "P-bare.csv"  # no practice described: evaluated without topics, and said so
    bare.write_text("policy,description,majortopic\nnone_of_these,Not a SPID policy,Health\n", encoding="utf-8")
    untopical = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(bare),
                                    "--history", str(h), "--json"])
    assert untopical.exit_code == 0, untopical.output
    assert "not described in P-bare.csv (no topic for them)" in untopical.stderr


def test_bad_files_name_the_file_row_and_field(spid_slice: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, p, h = spid_slice
    bad = tmp_path / "bad.csv"
    bad.write_text("statenam,policy,adopt_year\nOhio,x,1990\nOhio,y,19x5\n", encoding="utf-8")
    result = runner.invoke(
        app, ["engine", "evaluate", "--adoptions", str(bad), "--policies", str(p), "--history", str(h)]
    )
    assert result.exit_code == 1
    assert "bad.csv" in result.output and "row 3" in result.output and "adopt_year" in result.output
    for year in ("1e10", "99999999999999999999999", "-1950"):  # an int32 overflow traceback before (CLI QA)
        bad.write_text(f"statenam,policy,adopt_year\nOhio,x,1990\nOhio,y,{year}\n", encoding="utf-8")
        result = runner.invoke(
            app, ["engine", "evaluate", "--adoptions", str(bad), "--policies", str(p), "--history", str(h)]
        )
        assert result.exit_code == 1 and "row 3" in result.output and "adopt_year" in result.output, result.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("state,policy,year\n", encoding="utf-8")
    result = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p), "--history",
                                 str(wrong), "--json"])
    assert result.exit_code == 1 and "wrong.csv" in result.output and "statenam" in result.output
    missing = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(tmp_path / "none.csv"), "--policies", str(p),
                                  "--history", str(h)])
    assert missing.exit_code == 1 and "none.csv" in missing.output


def test_a_bad_byte_a_future_year_and_an_emptied_history_are_said_where_they_are(
    spid_slice: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """CLI QA: a byte that is not UTF-8 deep in a file was put rows early (a decode fails a read buffer at a
    time); an adopt_year of 3000 was taken; a history holding only A's practices failed without the note
    saying they were left out of it."""
    a, p, h = spid_slice
    lines = h.read_bytes().split(b"\n")
    deep = len(lines) * 3 // 4  # thousands of lines in, many read buffers after the first
    assert deep > 1000
    lines[deep] = lines[deep].replace(b",", b",\xe9", 1)  # a Latin-1 'é' at the start of the policy
    latin = tmp_path / "H-latin1.csv"
    latin.write_bytes(b"\n".join(lines))
    result = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p),
                                 "--history", str(latin)])
    said = " ".join(result.output.split())  # Rich wraps long lines
    assert result.exit_code == 1 and "H-latin1.csv" in said and "Traceback" not in said
    assert f"row {deep + 1}, column 'policy': not UTF-8 text: byte 0xE9" in said, said
    future = tmp_path / "A-future.csv"
    future.write_text(a.read_text(encoding="utf-8") + "Ohio,from_the_future,3000\n", encoding="utf-8")
    rows = len(future.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(future), "--policies", str(p),
                                 "--history", str(h)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and f"row {rows}, column 'adopt_year': adopt_year 3000 is in the future" in said
    emptied = runner.invoke(app, ["engine", "evaluate", "--adoptions", str(a), "--policies", str(p),
                                  "--history", str(a), "--json"])
    assert emptied.exit_code == 1 and emptied.stdout == ""
    noted = " ".join(emptied.stderr.split())
    assert "also in A.csv" in noted and "left out of the history" in noted and "nothing to learn from" in noted


def test_train_learns_from_the_database_and_saves_the_model(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_url = fresh_database_url("sqlite", request, tmp_path)  # PostgreSQL: see tests/services/test_engine.py
    settings = Settings(database_url=database_url, data_dir=tmp_path / "data")
    services = build_services(settings)
    try:
        build_history(services)
    finally:
        services.close()
    monkeypatch.setenv("PROXENIA_DATABASE_URL", database_url)
    monkeypatch.setenv("PROXENIA_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["engine", "train", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["governments"] == 11 and report["practices"] >= 8 and report["adoptions"] == 82
    assert {w["name"] for w in report["weights"]} >= {"pathway", "neighbours", "innovativeness"}
    assert Path(report["path"]) == engine_model_path(settings) and Path(report["path"]).is_file()
    table = runner.invoke(app, ["engine", "train"])
    assert table.exit_code == 0 and "What drives adoption" in table.output and "Model saved" in table.output
