"""``proxenia federations …``, ``proxenia missions …`` and ``proxenia processes …``: the multilevel
federation from the terminal, the installation's operator acting for the organisation named by --tenant."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.federation import CountryFlagDraft, MembershipAction
from proxenia.domain.kinds import Visibility
from proxenia.domain.missions import MissionDraft
from proxenia.domain.viewer import Viewer
from proxenia.interop.tables import write_csv
from proxenia.services.acting import operator_as
from proxenia.services.federation_tables import SECTIONS, channels_table, dashboard_table

federations_app = typer.Typer(help="Federations: members, the office's dashboard, country flags.",
                              no_args_is_help=True)
missions_app = typer.Typer(help="Missions and the places they serve.", no_args_is_help=True)
processes_app = typer.Typer(help="Summits and multilateral processes.", no_args_is_help=True)
TENANT = Annotated[str, typer.Option("--tenant", help="The organisation acting (its slug).")]
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@federations_app.command("list")
@report_errors
def federations_list(tenant: TENANT, json_output: JSON = False) -> None:
    """The federations an organisation runs, belongs to or was invited to."""
    with open_services() as services:
        found = services.federations.mine(operator_as(services.db, tenant))
    rows = [(f.slug, f.name, f.office_name, "office" if office else status.value) for f, status, office in found]
    if json_output:
        print_json([dict(zip(("slug", "name", "office", "status"), r, strict=True)) for r in rows])
        return
    print_table("Federations", ["slug", "name", "office", "this organisation"], rows)


@federations_app.command("create")
@report_errors
def federations_create(
    slug: Annotated[str, typer.Argument(help="Short name, e.g. us-cities.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    office: Annotated[str, typer.Option(help="The office running it (a national office or a network).")],
) -> None:
    """Create a federation run by an office."""
    with open_services() as services:
        created = services.federations.create(Viewer.system("cli"), slug=slug, name=name, office=office)
    console.print(f"Created {created.name} ({created.slug}), run by {created.office_name}.")


@federations_app.command("invite")
@report_errors
def federations_invite(
    federation: str,
    member: Annotated[str, typer.Argument(help="The government invited (its tenant slug).")],
    tenant: TENANT,
    actor: Annotated[str | None, typer.Option(help="The registry actor standing for it, e.g. 'Austin, US'.")] = None,
) -> None:
    """The office invites a government."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        actor_id = services.registry.resolve(viewer, actor).id if actor else None
        services.federations.invite(viewer, federation, member, actor_id=actor_id)
    console.print(f"{member} is invited to {federation}.")


@federations_app.command("respond")
@report_errors
def federations_respond(federation: str, action: MembershipAction, tenant: TENANT) -> None:
    """An invited or member government accepts, declines or leaves."""
    with open_services() as services:
        status = services.federations.respond(operator_as(services.db, tenant), federation, action)
    console.print(f"{tenant} in {federation}: {status.label.lower()}.")


@federations_app.command("members")
@report_errors
def federations_members(federation: str, tenant: TENANT, json_output: JSON = False) -> None:
    """The members of a federation and their status."""
    with open_services() as services:
        detail = services.federations.detail(operator_as(services.db, tenant), federation)
    rows = [(m.slug, m.name, m.actor_name or "", m.status.value) for m in detail.members]
    if json_output:
        print_json([dict(zip(("tenant", "name", "actor", "status"), r, strict=True)) for r in rows])
        return
    print_table(detail.federation.name, ["tenant", "name", "stands for", "status"], rows)


@federations_app.command("dashboard")
@report_errors
def federations_dashboard(
    federation: str,
    tenant: TENANT,
    section: Annotated[str | None, typer.Option(help=f"One of {', '.join(SECTIONS)} (default: all).")] = None,
    csv: Annotated[Path | None, typer.Option("--csv", help="Write the section(s) as CSV into this folder.")] = None,
    json_output: JSON = False,
) -> None:
    """The office's dashboard: every chart as a table (what the members shared, nothing more)."""
    names = [section] if section else list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise typer.BadParameter(f"unknown section {unknown[0]} (known: {', '.join(SECTIONS)})")
    with open_services() as services:
        board = services.federation_dashboard.dashboard(operator_as(services.db, tenant), federation)
    tables = {n: dashboard_table(board, n) for n in names}
    if csv is not None:
        csv.mkdir(parents=True, exist_ok=True)
        for n, (header, rows) in tables.items():
            write_csv(csv / f"{federation}-{n}.csv", header, rows)
        console.print(f"Wrote {len(tables)} CSV files to {csv}.")
    elif json_output:
        print_json({n: {"header": h, "rows": r} for n, (h, r) in tables.items()})
    else:
        console.print(f"{board.federation_name}: {board.members} active members, {board.engagements:,} shared "
                      f"engagements from {board.window.date_from} to {board.window.date_to}.")
        for n, (header, rows) in tables.items():
            print_table(SECTIONS[n], header, rows[:30])


@federations_app.command("channels")
@report_errors
def federations_channels(federation: str, country: str, tenant: TENANT, json_output: JSON = False) -> None:
    """The members' channels with one country, with their recent engagements."""
    with open_services() as services:
        detail = services.federation_dashboard.channels(operator_as(services.db, tenant), federation, country)
    header, rows = channels_table(detail)
    if json_output:
        print_json({"flagged": detail.summary.flagged, "header": header, "rows": rows})
        return
    flag = " — flagged as strained by the office" if detail.summary.flagged else ""
    print_table(f"Channels with {detail.summary.country_code}{flag}", header, rows)


@federations_app.command("flag")
@report_errors
def federations_flag(
    federation: str, country: str, tenant: TENANT, note: Annotated[str, typer.Option(help="Why.")] = "",
    visibility: Annotated[Visibility, typer.Option(help="Who may see the flag.")] = Visibility.PRIVATE,
) -> None:
    """The office flags a country as strained (its own judgement, private unless shared)."""
    with open_services() as services:
        services.federations.flag_country(operator_as(services.db, tenant), federation,
                                          CountryFlagDraft(country_code=country, note=note, visibility=visibility))
    console.print(f"Flagged {country} in {federation}.")


@missions_app.command("list")
@report_errors
def missions_list(
    sending_country: Annotated[str | None, typer.Option(help="Only the missions of this country (ISO code).")] = None,
    tenant: Annotated[str | None, typer.Option("--tenant", help="Read as this organisation.")] = None,
    json_output: JSON = False,
) -> None:
    """Missions and the places they serve."""
    with open_services() as services:
        found = services.missions.missions(operator_as(services.db, tenant), sending_country=sending_country)
    rows = [(m.mission.name, m.sending_country or "", m.subtype or "", ", ".join(a.name for a in m.locales),
             "illustrative" if m.illustrative else "") for m in found]
    if json_output:
        print_json([dict(zip(("name", "of", "kind", "serves", "note"), r, strict=True)) for r in rows])
        return
    print_table("Missions", ["mission", "of", "kind", "serves", "note"], rows)


@missions_app.command("for")
@report_errors
def missions_for(actor: str, tenant: TENANT) -> None:
    """The foreign missions serving an actor, and its own country's missions serving its partners."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        found = services.missions.for_actor(viewer, services.registry.resolve(viewer, actor).id)
    print_table(f"Foreign missions serving {found.actor.name}", ["mission", "of"],
                [(m.mission.name, m.sending_country or "") for m in found.serving])
    print_table("Missions serving its partners", ["partner", "tie", "missions"],
                [(p.partner.name, p.tie_label, "; ".join(m.mission.name for m in p.missions)) for p in found.partners])


@missions_app.command("add")
@report_errors
def missions_add(
    name: str, tenant: TENANT,
    subtype: Annotated[str, typer.Option(help="embassy, consulate or trade_office")],
    sending_country: Annotated[str, typer.Option(help="The country it represents (ISO code).")],
    host_country: Annotated[str, typer.Option(help="The country it is in (ISO code).")],
    serves: Annotated[list[str], typer.Option(help="A place it serves (repeatable), e.g. 'Guangzhou, CN'.")],
    source: Annotated[str | None, typer.Option(help="Where it is documented.")] = None,
    illustrative: Annotated[bool, typer.Option(help="An example, not a documented fact.")] = False,
    visibility: Annotated[Visibility, typer.Option()] = Visibility.PRIVATE,
) -> None:
    """Record a mission and the places it serves."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        places = tuple(services.registry.resolve(viewer, s).id for s in serves)
        new_id: uuid.UUID = services.missions.create(viewer, MissionDraft(
            name=name, subtype=subtype, sending_country=sending_country.upper(), host_country=host_country.upper(),
            serves=places, source_ref=source, illustrative=illustrative, visibility=visibility))
    console.print(f"Recorded {name} ({new_id}).")


@processes_app.command("list")
@report_errors
def processes_list(federation: Annotated[str | None, typer.Option(help="The members' participations.")] = None,
                   tenant: Annotated[str | None, typer.Option("--tenant")] = None) -> None:
    """Summits and processes (with --federation: the members taking part, as the office sees them)."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        if federation:
            found = services.processes.for_federation(viewer, federation)
            print_table("Members in multilateral processes", ["process", "member", "role"],
                        [(f.process.name, p.tenant_name, p.role.value) for f in found for p in f.participations])
            return
        print_table("Processes", ["name", "kind", "when", "id"],
                    [(p.name, p.kind.value, p.start_date or "", p.id) for p in services.processes.processes(viewer)])
