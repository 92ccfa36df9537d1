"""The practice exchange from the real CLI: every command has --help; on the reference data (which
`proxenia init` loads with SPID) and the demo's source-document cases, queries print tables or JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from proxenia.cli.main import app
from proxenia.config import Settings
from proxenia.services.container import build_services

runner = CliRunner()
COMMANDS = [
    ["practices"],
    ["practices", "search"],
    ["practices", "show"],
    ["practices", "add"],
    ["practices", "submit"],
    ["practices", "validate"],
    ["practices", "publish"],
    ["practices", "recommend"],
    ["practices", "next-adopters"],
    ["practices", "embed"],
    ["adoptions", "add"],
    ["lineage"],
    ["requests", "list"],
    ["requests", "show"],
    ["requests", "ask"],
    ["requests", "respond"],
    ["requests", "close"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_practice_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.fixture
def demo_env(reference_copy: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PROXENIA_DATABASE_URL", reference_copy)
    monkeypatch.setenv("PROXENIA_SEMANTIC_SEARCH", "false")
    services = build_services(Settings(database_url=reference_copy, semantic_search=False))
    try:
        services.demo.load(services)
    finally:
        services.close()
    return reference_copy


@pytest.mark.slow
def test_spid_and_the_source_cases_from_the_command_line(demo_env: str) -> None:
    spid = json.loads(runner.invoke(app, ["practices", "search", "--source", "spid", "--limit", "5", "--json"]).output)
    assert spid["total"] == 469
    tree = runner.invoke(app, ["lineage", "drive-through testing"])
    assert tree.exit_code == 0, tree.output
    assert "Seoul" in tree.output and "Los Angeles (2020)" in tree.output and "does not name them" in tree.output
    answer = runner.invoke(
        app, ["practices", "recommend", "mass COVID-19 testing", "--actor", "Los Angeles, US", "--json"]
    )
    data = json.loads(answer.output)
    assert data["practices"][0]["practice"]["title"] == "Drive-through COVID-19 testing sites"
    assert data["peers"][0]["actor"]["name"] == "Seoul"
    added = runner.invoke(
        app, ["adoptions", "add", "hospital spaces", "Austin, US", "--from", "Los Angeles, US", "--status", "planned"]
    )
    assert added.exit_code == 0, added.output
    asked = runner.invoke(
        app, ["requests", "ask", "Los Angeles, US", "Mass COVID-19 testing", "--area", "public_health"]
    )
    assert asked.exit_code == 0, asked.output
    listed = json.loads(runner.invoke(app, ["requests", "list", "--json"]).output)
    assert listed["total"] == 1 and listed["items"][0]["status"] == "open"
    bad = runner.invoke(app, ["adoptions", "add", "hospital spaces", "Austin, US", "--date", "soon"])
    assert bad.exit_code == 1 and "date" in bad.output
