"""The real CLI: every command has --help; queries print tables or JSON; failed imports exit 1."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxenia.cli.main import app, run

runner = CliRunner()
COMMANDS = [
    [],
    ["init"],
    ["demo"],
    ["serve"],
    ["import"],
    ["export"],
    ["stats"],
    ["actors", "search"],
    ["actors", "show"],
    ["actors", "merge"],
    ["ties", "path"],
    ["ties", "channels"],
    ["ties", "touchpoints"],
    ["ties", "neighbours"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "proxenia")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_the_installed_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "proxenia", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("proxenia ")


def test_a_command_starts_without_the_numerical_libraries_it_does_not_use() -> None:
    """scipy's solvers, sparse matrices and trees cost ~0.3 s of every command's start: they are imported
    where a model, an index or a tree is built, not when the CLI is loaded."""
    probe = "import json, sys, proxenia.cli.main; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {name.split(".")[1] for name in json.loads(result.stdout) if name.startswith("scipy.")}
    assert not loaded & {"sparse", "optimize", "spatial", "linalg", "stats"}, loaded


@pytest.fixture
def ref_env(reference_copy: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PROXENIA_DATABASE_URL", reference_copy)
    return reference_copy


@pytest.mark.slow
def test_queries_print_tables_and_json(ref_env: str) -> None:
    result = runner.invoke(app, ["actors", "search", "los angeles", "--country", "US", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["items"][0]["name"] == "Los Angeles"
    table = runner.invoke(app, ["actors", "show", "Los Angeles, US"])
    assert "sister city of" in table.output and "Busan" in table.output
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    assert stats["actors_by_kind"]["city"] >= 30_000 and stats["ties_by_type"]["sister_city"] >= 20_000
    assert stats["unresolved_actors"] > 0
    path = json.loads(runner.invoke(app, ["ties", "path", "Austin, US", "Lahore, PK", "--json"]).output)
    assert path["found"] and path["steps"][0]["actor"]["name"] == "Austin"
    channels = runner.invoke(app, ["ties", "channels", "US", "KR"])
    assert channels.exit_code == 0 and "channels between US and KR" in channels.output


@pytest.mark.slow
def test_failed_import_exits_1_and_export_round_trips(ref_env: str, tmp_path: Path) -> None:
    bad = tmp_path / "ties.csv"
    bad.write_text("type,source_id,target_id\nsister_city,geonames:5368361,nowhere\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "ties.csv, row 2, column 'target_id'" in result.output and "Nothing was written" in result.output
    out = tmp_path / "geo.geojson"
    result = runner.invoke(app, ["export", "--format", "geojson", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["type"] == "FeatureCollection"


def test_the_command_leaves_what_it_kept_to_the_operating_system_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run`` freezes the collector's objects when a command ends, whether it succeeded or not: a large
    report's kept objects are not traversed once more at exit."""
    monkeypatch.setattr(sys, "argv", ["proxenia", "stats", "--no-such-option"])
    before = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit) as exited:
            run()
        assert exited.value.code != 0
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_bad_files_and_ids_on_the_command_line_are_errors_not_tracebacks(
    ref_env: str, tmp_path: Path
) -> None:
    """CLI QA met tracebacks for each of these; each is now a clear message and exit status 1."""
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("hello")
    for args, says in (
        (["audit", "--record", "notauuid"], "is not a record id"),
        (["restore", str(tmp_path / "missing.zip")], "No such file"),
        (["tenants", "import", str(not_zip)], "not a zip archive"),
        (["backup", str(tmp_path / "no-folder" / "x.zip")], "no such folder"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        said = " ".join(result.output.split())  # Rich wraps long lines
        assert says in said and "Traceback" not in said, (args, result.output)
    assert not list(tmp_path.rglob("*.partial"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "is not a database URL"),
        ("foo://bar", "cannot drive (foo)"),
        ("postgresql+psycopg://someone:secret@127.0.0.1:1/nowhere", "Connection refused"),
        ("sqlite:///{not_a_database}", "file is not a database"),
    ],
    ids=["malformed", "unknown driver", "server not answering", "not a database file"],
)
def test_a_database_that_cannot_be_used_is_one_clear_error(
    url: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("these are notes, not a database\n" * 200)
    monkeypatch.setenv("PROXENIA_DATABASE_URL", url.format(not_a_database=not_a_database))
    result = runner.invoke(app, ["stats"])
    said = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "Database unavailable" in said and says in said, result.output
    assert "secret" not in said  # the password never reaches the terminal


def test_unknown_filters_bad_slugs_orphans_and_missing_options_are_clear_errors(ref_env: str) -> None:
    """CLI QA: each of these was taken silently (an empty result, a tenant or user that should not exist),
    or refused with the wrong reason; each is now an error saying what is accepted, and nothing is written."""
    password = ["--password", "a long enough password"]
    for args, says in (
        (["practices", "search", "--area", "bogus", "--no-semantic"], "policy area 'bogus' (known: public_health,"),
        (["practices", "search", "--country", "ZZ", "--no-semantic"], "unknown country 'ZZ'"),
        (["missions", "list", "--sending-country", "ZZ"], "unknown country 'ZZ'"),
        (["ties", "touchpoints", "KR"], "give exactly one of an actor or a country (neither was given)"),
        (["ties", "touchpoints", "KR", "--actor", "Los Angeles, US", "--country", "US"], "(both were given)"),
        (["tenants", "create", "Bad Slug!", "--name", "Bad"], "'Bad Slug!' is not a slug"),
        (["tenants", "create", "mirror", "--name", "Mirror", "--kind", "reference"], "the installation's own"),
        (["users", "create", "orphan", *password], "say which organisation the user belongs to"),
    ):
        result = runner.invoke(app, args)
        said = " ".join(result.output.split())  # Rich wraps long lines
        assert result.exit_code == 1 and says in said and "Traceback" not in said, (args, result.output)
    assert runner.invoke(app, ["practices", "search", "--country", "us", "--area", "Public_Health",
                               "--no-semantic"]).exit_code == 0
    tenants = runner.invoke(app, ["tenants", "list"]).output
    users = runner.invoke(app, ["users", "list", "--json"]).output
    assert "mirror" not in tenants and "Bad Slug" not in tenants and "orphan" not in users
