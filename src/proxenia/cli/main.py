"""The ``proxenia`` command: set-up, serving, imports and exports; sub-commands for each area."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Annotated

import typer

from proxenia import __version__
from proxenia.cli import accounts as accounts_cli
from proxenia.cli import campaigns as campaigns_cli
from proxenia.cli import engagements as engagements_cli
from proxenia.cli import engine as engine_cli
from proxenia.cli import federations as federations_cli
from proxenia.cli import portfolio as portfolio_cli
from proxenia.cli import practices as practices_cli
from proxenia.cli import registry as registry_cli
from proxenia.cli import requests_for_help as requests_cli
from proxenia.cli.context import console, open_services, report_errors
from proxenia.cli.output import RichProgress, print_json, print_table
from proxenia.domain.kinds import Visibility
from proxenia.domain.viewer import Viewer

app = typer.Typer(
    name="proxenia",
    help="Proxenia: an open platform for city and state diplomacy.\n\n"
    "The database comes from PROXENIA_DATABASE_URL (default: a SQLite file in your user data folder).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(registry_cli.actors_app, name="actors")
app.add_typer(registry_cli.ties_app, name="ties")
app.add_typer(accounts_cli.users_app, name="users")
app.add_typer(accounts_cli.tenants_app, name="tenants")
app.add_typer(federations_cli.federations_app, name="federations")
app.add_typer(campaigns_cli.campaigns_app, name="campaigns")
app.add_typer(federations_cli.missions_app, name="missions")
app.add_typer(federations_cli.processes_app, name="processes")
app.command("backup")(accounts_cli.backup)
app.command("restore")(accounts_cli.restore)
app.command("audit")(accounts_cli.audit)
app.add_typer(practices_cli.practices_app, name="practices")
app.add_typer(practices_cli.adoptions_app, name="adoptions")
app.add_typer(requests_cli.requests_app, name="requests")
app.add_typer(engine_cli.engine_app, name="engine")
app.command("lineage")(practices_cli.lineage)
app.add_typer(engagements_cli.engagements_app, name="engagements")
app.add_typer(engagements_cli.intake_app, name="intake")
app.command("brief")(portfolio_cli.brief)
app.add_typer(portfolio_cli.portfolio_app, name="portfolio")
app.add_typer(portfolio_cli.goals_app, name="goals")


def _version(value: bool) -> None:
    if value:
        console.print(f"proxenia {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Proxenia command line."""


def _print_load_report(report: dict[str, dict[str, int]]) -> None:
    rows = [(k, f"{v:,}", "") for k, v in report.get("created", {}).items()]
    rows += [(k, "", f"{v:,}") for k, v in report.get("existing", {}).items()]
    if rows:
        print_table("Reference data", ["data set", "loaded now", "already present"], rows)
    unresolved = report.get("unresolved", {})
    if unresolved:
        print_table(
            "Kept as unresolved (not dropped)", ["rows", "count"], [(k, f"{v:,}") for k, v in unresolved.items()]
        )
    located = report.get("located", {})
    if located:
        print_table(
            "Given coordinates (were unplaced)", ["data set", "count"], [(k, f"{v:,}") for k, v in located.items()]
        )
    resolution = report.get("resolution", {})
    if resolution:
        print_table("Resolution", ["how", "count"], [(k, f"{v:,}") for k, v in resolution.items()])


@app.command()
@report_errors
def init(
    force: Annotated[bool, typer.Option(help="Reload even when the reference data is already loaded.")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
) -> None:
    """Create or upgrade the database and load the real reference data (idempotent)."""
    with open_services() as services:
        report = services.reference.load(None if json_output else RichProgress(), force=force)
        # SPID: US state policies as practices adopted by states, by year (the engine's history).
        spid_report = services.spid.load(None if json_output else RichProgress(), force=force)
        # The 17 SDGs and their 169 targets, as goals (idempotent).
        sdg_report = services.goals.load_sdgs(force=force)
    if json_output:
        print_json({**report.as_dict(), "spid": spid_report.as_dict(), "sdg_goals_and_targets": sdg_report})
        return
    _print_load_report(report.as_dict())  # type: ignore[arg-type]
    _print_load_report(spid_report.as_dict())  # type: ignore[arg-type]
    console.print(f"SDG goals and targets: {sdg_report['created']} loaded now, {sdg_report['existing']} already there")
    for note in report.notes + spid_report.notes:
        console.print(note)


@app.command()
@report_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the API."""
    import uvicorn

    from proxenia.app import create_app
    from proxenia.config import Settings

    settings = Settings()
    application = create_app(settings)
    application.state.services.setup.migrate()
    console.print(
        f"Proxenia is running at [bold]http://{host}:{port}/[/]  (API: http://{host}:{port}/api/v1/openapi.json)"
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
@report_errors
def demo(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare the demo database, then stop.")] = False,
) -> None:
    """Load the reference data and the demo content into an embedded SQLite database, then serve it."""
    if "PROXENIA_DATABASE_URL" not in os.environ:
        import platformdirs

        path = Path(platformdirs.user_data_dir("proxenia", appauthor=False)) / "demo.db"
        os.environ["PROXENIA_DATABASE_URL"] = f"sqlite:///{path}"
    console.print(f"Demo database: {os.environ['PROXENIA_DATABASE_URL']}")
    with open_services() as services:
        report = services.reference.load(RichProgress())
        _print_load_report(report.as_dict())  # type: ignore[arg-type]
        _print_load_report(services.spid.load(RichProgress()).as_dict())  # type: ignore[arg-type]
        demo_report = services.demo.load(services, RichProgress())
        for line in demo_report:
            console.print(line)
        if services.practice_search.semantic:  # with the [semantic] extra: rank practices by meaning at once
            services.practice_search.refresh_embeddings(progress=RichProgress())
    if no_serve:
        return
    serve(host=host, port=port)


@app.command()
@report_errors
def stats(json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of actors by kind, ties by type, and unresolved rows."""
    with open_services() as services:
        result = services.registry.stats(Viewer.system("cli"))
    if json_output:
        print_json(result)
        return
    print_table("Actors", ["kind", "count"], [(k, f"{v:,}") for k, v in sorted(result.actors_by_kind.items())])
    print_table("Ties", ["type", "count"], [(k, f"{v:,}") for k, v in sorted(result.ties_by_type.items())])
    print_table(
        "Unresolved",
        ["what", "count"],
        [("actors kept unresolved", f"{result.unresolved_actors:,}")]
        + [(k, f"{v:,}") for k, v in result.unresolved_rows.items()],
    )


@app.command("import")
@report_errors
def import_(
    path: Annotated[Path, typer.Argument(help="A CSV, XLSX or JSON file, or a folder of them (e.g. an export).")],
    tenant: Annotated[str | None, typer.Option(help="Owner tenant (slug) for rows that do not name one.")] = None,
    visibility: Annotated[Visibility | None, typer.Option(help="Sharing level for rows that do not say.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and resolve, write nothing.")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import actors, people, posts and ties: every row is validated first; all or nothing."""
    with open_services() as services:
        report = services.exchange.import_path(
            Viewer.system("cli import"), path, tenant=tenant, visibility=visibility, dry_run=dry_run
        )
    if json_output:
        print_json(report.as_dict())
        return
    verb = "Would import" if dry_run else "Imported"
    print_table(
        verb,
        ["records", "created", "already present"],
        [
            (k, report.created.get(k, 0), report.already_present.get(k, 0))
            for k in sorted({*report.created, *report.already_present})
        ],
    )
    for line in report.matched[:50]:
        console.print(f"matched: {line}")


@app.command()
@report_errors
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder (csv) or file (json, geojson) to write.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json or geojson")] = "csv",
    tenant: Annotated[str | None, typer.Option(help="Only the records this tenant owns.")] = None,
) -> None:
    """Export the registry: CSV (one file per record kind, with datapackage.json), JSON or GeoJSON."""
    with open_services() as services:
        counts = services.exchange.export(Viewer.system("cli export"), fmt, output, tenant=tenant)
    print_table(f"Exported to {output}", ["records", "count"], [(k, f"{v:,}") for k, v in counts.items()])


def run() -> None:
    try:
        app()
    finally:
        # What a command kept (a report over 200,000 engagements leaves a million objects, held in reference
        # cycles) is left to the operating system: the collector's last pass over it at exit took 2 s.
        gc.freeze()
