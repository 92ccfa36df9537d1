"""``proxenia campaigns …``: reporting campaigns from the terminal — create one from a template, send it,
track completion, remind, aggregate, export (CSV and a Data Package), and read an organisation's inbox."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, parse_day, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.campaigns import TEMPLATES, CampaignDraft
from proxenia.interop.campaign_package import write_folder
from proxenia.services.acting import operator_as
from proxenia.services.campaign_tables import campaign_export

campaigns_app = typer.Typer(help="Reporting campaigns: send, track, remind, aggregate, export.",
                            no_args_is_help=True)
TENANT = Annotated[str, typer.Option("--tenant", help="The organisation acting (its slug).")]
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@campaigns_app.command("create")
@report_errors
def campaigns_create(
    federation: str, tenant: TENANT,
    template: Annotated[str, typer.Option(help=f"One of {', '.join(TEMPLATES)}.")] = "engagement",
    title: Annotated[str | None, typer.Option(help="Title (default: the template's).")] = None,
) -> None:
    """The office designs a campaign from a template (a draft until it is sent)."""
    if template not in TEMPLATES:
        raise typer.BadParameter(f"unknown template '{template}' (known: {', '.join(TEMPLATES)})")
    name, description, questions = TEMPLATES[template]
    with open_services() as services:
        new_id = services.campaigns.create(operator_as(services.db, tenant), federation, CampaignDraft(
            federation_id=uuid.uuid4(), title=title or name, description=description, questions=questions))
    console.print(f"Created the campaign {new_id} ({len(questions)} questions).")


@campaigns_app.command("list")
@report_errors
def campaigns_list(federation: str, tenant: TENANT, json_output: JSON = False) -> None:
    """The campaigns of a federation."""
    with open_services() as services:
        found = services.campaigns.campaigns(operator_as(services.db, tenant), federation)
    rows = [(c.id, c.title, c.status.value, c.deadline or "", len(c.questions)) for c in found]
    if json_output:
        print_json([dict(zip(("id", "title", "status", "deadline", "questions"), r, strict=True)) for r in rows])
        return
    print_table("Campaigns", ["id", "title", "status", "deadline", "questions"], rows)


@campaigns_app.command("send")
@report_errors
def campaigns_send(
    campaign: uuid.UUID, tenant: TENANT,
    to: Annotated[list[str], typer.Option("--to", help="A member (tenant slug), repeatable.")],
    deadline: Annotated[str, typer.Option(help="YYYY-MM-DD")],
) -> None:
    """Send a campaign to members with a deadline."""
    with open_services() as services:
        count = services.campaigns.send(operator_as(services.db, tenant), campaign, to,
                                        deadline=parse_day(deadline, "deadline"))
    console.print(f"Sent to {count} members.")


@campaigns_app.command("track")
@report_errors
def campaigns_track(campaign: uuid.UUID, tenant: TENANT, json_output: JSON = False) -> None:
    """Completion: who submitted, who is overdue, reminders sent."""
    with open_services() as services:
        tracking = services.campaigns.tracking(operator_as(services.db, tenant), campaign)
    rows = [(r.name, r.status.value, r.submitted_at or "", r.reminders) for r in tracking.recipients]
    if json_output:
        print_json({"completion": tracking.completion, "recipients": [
            dict(zip(("member", "status", "submitted_at", "reminders"), r, strict=True)) for r in rows]})
        return
    print_table(f"{tracking.campaign.title}: {tracking.submitted} of {len(rows)} submitted",
                ["member", "status", "submitted", "reminders"], rows)


@campaigns_app.command("remind")
@report_errors
def campaigns_remind(campaign: uuid.UUID, tenant: TENANT,
                     note: Annotated[str, typer.Option(help="The message.")] = "") -> None:
    """Remind the members who have not submitted (shown in their inbox; no e-mail is sent)."""
    with open_services() as services:
        count = services.campaigns.remind(operator_as(services.db, tenant), campaign, note=note)
    console.print(f"Reminded {count} members.")


@campaigns_app.command("aggregate")
@report_errors
def campaigns_aggregate(campaign: uuid.UUID, tenant: TENANT, json_output: JSON = False) -> None:
    """Every question summarised over the submitted responses."""
    with open_services() as services:
        result = services.campaigns.aggregate(operator_as(services.db, tenant), campaign)
    if json_output:
        print_json({"responses": result.responses, "recipients": result.recipients, "questions": [
            {"key": s.question.key, "answered": s.answered, "figures": dict(s.figures),
             "bars": {b.label: b.value for b in s.bars}} for s in result.summaries]})
        return
    console.print(f"{result.responses} responses of {result.recipients} members.")
    for s in result.summaries:
        print_table(s.question.label, ["figure", "value"],
                    [("answered", s.answered), *s.figures, *((b.label, f"{b.value:g}") for b in s.bars)])


@campaigns_app.command("export")
@report_errors
def campaigns_export(campaign: uuid.UUID, tenant: TENANT,
                     output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write.")]) -> None:
    """The answers as CSV files with a Frictionless datapackage.json."""
    with open_services() as services:
        found = campaign_export(services.campaigns, operator_as(services.db, tenant), campaign)
    counts = write_folder(output, found.descriptor, found.tables)
    print_table(f"Exported to {output}", ["file", "rows"], [(f"{k}.csv", v) for k, v in counts.items()])


@campaigns_app.command("inbox")
@report_errors
def campaigns_inbox(tenant: TENANT) -> None:
    """What the offices sent an organisation: campaigns to answer, reminders, routings."""
    with open_services() as services:
        inbox = services.campaign_responses.inbox(operator_as(services.db, tenant))
    print_table("Campaigns", ["campaign", "from", "deadline", "your answer"],
                [(i.campaign.title, i.federation_name, i.campaign.deadline or "",
                  i.response.status.value if i.response else "not started") for i in inbox.campaigns])
    print_table("Messages", ["kind", "subject", "sent"],
                [(m.kind.value, m.subject, m.created_at.date() if m.created_at else "") for m in inbox.messages])
