"""The engagement, intake, briefing, goals and portfolio commands: --help everywhere, and a real run on a
small real registry (log, list, import, brief to PDF, diagnose, balance, compare)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from proxenia.cli.main import app
from proxenia.config import Settings
from proxenia.services.container import build_services
from tests.conftest import fresh_database_url
from tests.government import build_government

runner = CliRunner()
COMMANDS = [["engagements", c] for c in ("list", "show", "log", "import")] + [
    ["intake", "list"], ["intake", "screen"], ["brief"], ["goals", "list"], ["goals", "load-sdgs"],
    *[["portfolio", c] for c in ("diagnose", "heatmap", "balance", "variant", "compare")],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output, result.output


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = fresh_database_url("sqlite", request, tmp_path)
    services = build_services(Settings(database_url=url, environment="test"))
    build_government(services)
    services.close()
    monkeypatch.setenv("PROXENIA_DATABASE_URL", url)
    yield url


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_log_list_import_brief_diagnose_and_balance(database: str, tmp_path: Path) -> None:
    assert "186 loaded now" in run("goals", "load-sdgs")
    run("engagements", "log", "Call with Busan", "--tenant", "la-city", "--kind", "call", "--date", "2026-01-05",
        "--department", "econ", "--with", "Busan, KR")
    sheet = tmp_path / "log.csv"
    sheet.write_text("Subject,Type,Date,Office,With\nSeoul visit,outbound visit,2026-02-01,intl,\"Seoul, KR\"\n")
    assert "Imported 1" in run("engagements", "import", str(sheet), "--tenant", "la-city", "--map", "title=Subject",
                               "--map", "kind=Type", "--map", "start_date=Date", "--map", "department=Office",
                               "--map", "counterparts=With")
    listed = json.loads(run("engagements", "list", "--tenant", "la-city", "--json"))
    assert listed["total"] == 2
    pdf = tmp_path / "busan.pdf"
    assert "Wrote" in run("brief", "Busan, KR", "--tenant", "la-city", "--pdf", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Korea" in run("brief", "KR", "--tenant", "la-city")
    findings = json.loads(run("portfolio", "diagnose", "--tenant", "la-city", "--as-of", "2026-03-01", "--json"))
    assert findings["engagements_read"] == 2
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({
        "goals": [{"key": "g", "label": "Trade"}],
        "activities": [{"key": "a", "name": "Mission", "department": "econ", "periods": ["2026-05"],
                        "staff_days": 5, "budget": 900, "contributions": {"g": 1}, "mandatory": True}],
        "capacities": [{"department": "econ", "period": "2026-05", "staff_days": 3, "budget": 1000}],
    }))
    infeasible = runner.invoke(app, ["portfolio", "balance", str(plan), "--tenant", "la-city", "--name", "Plan"])
    assert infeasible.exit_code == 0 and "infeasible" in infeasible.output
    assert "staff-days of econ in 2026-05" in infeasible.output
    bad = runner.invoke(app, ["engagements", "log", "x", "--tenant", "la-city", "--date", "someday"])
    assert bad.exit_code == 1 and "is not a date" in bad.output
    scenario = json.loads(run("portfolio", "balance", str(plan), "--tenant", "la-city", "--json"))["id"]
    alone = runner.invoke(app, ["portfolio", "compare", scenario, "--tenant", "la-city"])  # "two to six"
    assert alone.exit_code == 1 and "compare two to six different scenarios" in alone.output, alone.output
    korean = json.loads(run("engagements", "list", "--tenant", "la-city", "--country", "kr", "--json"))  # any case
    assert {e["title"] for e in korean["items"]} == {"Call with Busan", "Seoul visit"}
    unknown = runner.invoke(app, ["engagements", "list", "--tenant", "la-city", "--country", "ZZ"])
    assert unknown.exit_code == 1 and "unknown country 'ZZ'" in unknown.output
