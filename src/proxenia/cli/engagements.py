"""``proxenia engagements …`` (log, list, show, import a spreadsheet), ``proxenia intake …`` (incoming
requests) and ``proxenia brief ACTOR|COUNTRY`` (a briefing book, on the terminal or as a PDF)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, parse_day, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.engagements import EngagementDraft, EngagementFilter, EngagementKind, EngagementOrigin, Participant
from proxenia.domain.errors import InvalidInput, NotFound, Problem
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import PageRequest
from proxenia.services.acting import operator_as

engagements_app = typer.Typer(help="The engagement log: log, list, show, import a spreadsheet.", no_args_is_help=True)
intake_app = typer.Typer(help="Incoming requests: list them, screen them against your rules.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
TENANT = Annotated[str | None, typer.Option(help="Act as this organisation (tenant slug), as its administrator.")]


@engagements_app.command("list")
@report_errors
def engagements_list(
    tenant: TENANT = None,
    q: Annotated[str | None, typer.Option(help="Words of the title.")] = None,
    country: Annotated[str | None, typer.Option(help="Only with actors of this country.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    json_output: JSON = False,
) -> None:
    """List engagements, most recent first."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        where = EngagementFilter(tenant_id=viewer.tenant_id, text=q, country_code=country)
        page = services.engagements.search(viewer, where, PageRequest(limit=limit))
    if json_output:
        print_json({"total": page.total, "items": page.items})
        return
    print_table(f"{page.total:,} engagements", ["date", "title", "kind", "department", "with", "id"], [
        (e.start_date, e.title, e.kind.label, e.department_name or "", ", ".join(p.name for p in e.counterparts),
         e.id) for e in page.items])


@engagements_app.command("show")
@report_errors
def engagements_show(engagement_id: Annotated[uuid.UUID, typer.Argument(help="The engagement's id.")],
                     tenant: TENANT = None, json_output: JSON = False) -> None:
    """One engagement with its participants, goals, cost, outcomes and follow-ups."""
    with open_services() as services:
        e = services.engagements.get(operator_as(services.db, tenant), engagement_id)
    if json_output:
        print_json(e)
        return
    console.print(f"[bold]{e.title}[/] — {e.kind.label}, {e.start_date}"
                  f"{'' if e.end_date == e.start_date else ' to ' + str(e.end_date)} ({e.visibility.tlp})")
    console.print(f"department: {e.department_name or '-'}; with: {', '.join(p.name for p in e.participants) or '-'}")
    if e.goals:
        console.print("goals: " + "; ".join(g.label for g in e.goals))
    if e.cost or e.staff_days is not None:
        console.print(f"cost: {e.cost or '-'}; staff-days: {e.staff_days if e.staff_days is not None else '-'}")
    if e.outcomes:
        console.print(f"outcomes: {e.outcomes}")
    if e.follow_ups:
        print_table("Follow-ups", ["action", "owner", "due", "status"],
                    [(f.action, f.owner or "", f.due_date or "", f.status.value) for f in e.follow_ups])


@engagements_app.command("log")
@report_errors
def engagements_log(
    title: Annotated[str, typer.Argument(help="What it was.")],
    tenant: Annotated[str, typer.Option(help="The organisation that logs it (tenant slug).")],
    kind: Annotated[EngagementKind, typer.Option(help="Kind of engagement.")] = EngagementKind.MEETING,
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    department: Annotated[str | None, typer.Option(help="Department (short name or name).")] = None,
    with_: Annotated[list[str] | None, typer.Option("--with", help="A counterpart: id, scheme:value or 'Name, CC'.")]
    = None,
    visibility: Annotated[Visibility, typer.Option(help="Sharing level.")] = Visibility.PRIVATE,
) -> None:
    """Log an engagement."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        departments = services.engagements.departments(viewer)
        chosen = None
        if department:
            chosen = next((d[0] for d in departments if department.lower() in (d[1].lower(), d[2].lower())), None)
            if chosen is None:
                known = ", ".join(d[1] for d in departments)
                raise InvalidInput(Problem(f"no department '{department}' (known: {known})", column="department"))
        start = parse_day(date, "date") or dt.date.today()
        participants = tuple(Participant(actor_id=services.registry.resolve(viewer, w).id) for w in with_ or ())
        new_id = services.engagements.log(viewer, EngagementDraft(
            kind=kind, title=title, start_date=start, department_id=chosen, participants=participants,
            origin=EngagementOrigin.API, visibility=visibility))
    console.print(f"Logged {new_id}.")


@engagements_app.command("import")
@report_errors
def engagements_import(
    path: Annotated[Path, typer.Argument(help="A CSV or XLSX file, one engagement per row.")],
    tenant: Annotated[str, typer.Option(help="The organisation the engagements belong to (tenant slug).")],
    map_: Annotated[list[str] | None, typer.Option("--map", help="field=Column, e.g. title=Subject (repeatable).")]
    = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check every row, write nothing.")] = False,
    json_output: JSON = False,
) -> None:
    """Import an engagement spreadsheet: every row is checked first; all rows or none. Problems name the row
    and the column."""
    mapping: dict[str, str] = {}
    for item in map_ or ():
        field, sep, column = item.partition("=")
        if not sep:
            raise InvalidInput(Problem(f"'{item}' is not field=Column", column="--map"))
        mapping[field.strip()] = column.strip()
    if not path.is_file():
        raise NotFound(f"no such file: {path}")
    with open_services() as services:
        report = services.engagement_import.import_file(operator_as(services.db, tenant), path.name,
                                                        path.read_bytes(), mapping, dry_run=dry_run)
    if json_output:
        print_json(report.as_dict())
        return
    console.print(f"{'Would import' if dry_run else 'Imported'} {report.rows if dry_run else report.created} "
                  f"engagements from {path.name}.")


@intake_app.command("list")
@report_errors
def intake_list(tenant: Annotated[str, typer.Option(help="The organisation (tenant slug).")],
                json_output: JSON = False) -> None:
    """Incoming requests with their screening verdict and status."""
    with open_services() as services:
        items, _ = services.intake.proposals(operator_as(services.db, tenant), limit=500)
    if json_output:
        print_json(items)
        return
    print_table("Incoming requests", ["received", "from", "request", "screening", "status", "id"], [
        (p.received_on, p.requester_name, p.purpose[:60], p.screening.overall.value if p.screening else "",
         p.status.value, p.id) for p in items])


@intake_app.command("screen")
@report_errors
def intake_screen(proposal_id: Annotated[uuid.UUID, typer.Argument(help="The request's id.")],
                  tenant: Annotated[str, typer.Option(help="The organisation (tenant slug).")],
                  json_output: JSON = False) -> None:
    """Screen a request against the organisation's rules; each verdict is explained."""
    with open_services() as services:
        result = services.intake.screen(operator_as(services.db, tenant), proposal_id)
    if json_output:
        print_json(result)
        return
    print_table(f"Screening: {result.overall.value}", ["rule", "verdict", "why"],
                [(v.rule.label, v.verdict.value, v.explanation) for v in result.verdicts])
