"""The federation's commands on both engines: members, the dashboard as tables, JSON and CSV, a campaign
from a template to its Data Package, an organisation's inbox, missions and processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxenia.cli.main import app
from proxenia.config import Settings
from proxenia.services.container import Services
from tests.federation_world import FED, build_federation, share_records

runner = CliRunner()
COMMANDS = [["federations"], ["federations", "dashboard"], ["campaigns"], ["campaigns", "send"], ["missions"],
            ["processes"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_federation_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_an_office_runs_its_federation_from_the_terminal(
    services: Services, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = build_federation(services)
    share_records(world)
    monkeypatch.setenv("PROXENIA_DATABASE_URL", settings.database_url)
    office = ["--tenant", "us-office"]
    members = json.loads(runner.invoke(app, ["federations", "members", FED, *office, "--json"]).output)
    assert {m["tenant"] for m in members if m["status"] == "active"} == {"us-office", "la", "irvine", "austin"}
    flag = runner.invoke(app, ["federations", "flag", FED, "China", *office, "--note", "demo setting"])
    assert flag.exit_code == 0, flag.output
    board = json.loads(runner.invoke(app, ["federations", "dashboard", FED, *office, "--json"]).output)
    assert board["channels"]["rows"][0][0] == "CN" and board["channels"]["rows"][0][7] == "yes"
    assert "private" not in json.dumps(board)
    written = runner.invoke(app, ["federations", "dashboard", FED, *office, "--section", "countries",
                                  "--csv", str(tmp_path / "csv")])
    assert written.exit_code == 0 and (tmp_path / "csv" / f"{FED}-countries.csv").exists()
    assert runner.invoke(app, ["federations", "dashboard", FED, "--tenant", "la"]).exit_code == 1
    created = runner.invoke(app, ["campaigns", "create", FED, *office, "--template", "climate"])
    assert created.exit_code == 0, created.output
    (campaign,) = json.loads(runner.invoke(app, ["campaigns", "list", FED, *office, "--json"]).output)
    late = runner.invoke(app, ["campaigns", "send", campaign["id"], *office, "--to", "la", "--deadline", "2020-01-01"])
    assert late.exit_code == 1 and "'deadline'" in late.output and "2020-01-01 is in the past" in late.output
    sent = runner.invoke(app, ["campaigns", "send", campaign["id"], *office, "--to", "la", "--to", "austin",
                               "--deadline", "2099-01-01"])
    assert "Sent to 2 members" in sent.output
    assert "Climate" in runner.invoke(app, ["campaigns", "inbox", "--tenant", "la"]).output
    assert "Reminded 2 members" in runner.invoke(app, ["campaigns", "remind", campaign["id"], *office]).output
    track = json.loads(runner.invoke(app, ["campaigns", "track", campaign["id"], *office, "--json"]).output)
    assert track["completion"] == 0 and {r["reminders"] for r in track["recipients"]} == {1}
    exported = runner.invoke(app, ["campaigns", "export", campaign["id"], *office, "-o", str(tmp_path / "pkg")])
    assert exported.exit_code == 0 and json.loads((tmp_path / "pkg" / "datapackage.json").read_text())["resources"]
    assert runner.invoke(app, ["missions", "list"]).exit_code == 0
    assert runner.invoke(app, ["processes", "list", "--federation", FED, *office]).exit_code == 0
