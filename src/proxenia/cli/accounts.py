"""``proxenia users …``, ``proxenia tenants …``, ``proxenia backup|restore`` and ``proxenia audit``."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, parse_id, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.kinds import Role
from proxenia.domain.viewer import Viewer

users_app = typer.Typer(
    help="Accounts: create users (and the installation's administrator), reset passwords.", no_args_is_help=True
)
tenants_app = typer.Typer(
    help="Organisations using the installation; export or take in one's whole archive.", no_args_is_help=True
)
OPERATOR = Viewer.system("cli")


def _password(given: str | None) -> str:
    if given:
        return given
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise typer.BadParameter("the two passwords differ")
    return first


@users_app.command("create")
@report_errors
def users_create(
    username: Annotated[str, typer.Argument(help="Sign-in name (one word).")],
    tenant: Annotated[
        str | None, typer.Option(help="The organisation (tenant slug) the user belongs to; required without --admin.")
    ] = None,
    role: Annotated[Role, typer.Option(help="viewer, editor or admin within the organisation.")] = Role.VIEWER,
    admin: Annotated[bool, typer.Option("--admin", help="Make an installation administrator.")] = False,
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    password: Annotated[str | None, typer.Option(help="Password (asked for when omitted).", hidden=True)] = None,
) -> None:
    """Create a user; with --admin, an administrator of the whole installation."""
    secret = _password(password)
    with open_services() as services:
        user_id = services.accounts.create_user(
            OPERATOR,
            username=username,
            password=secret,
            display_name=name,
            tenant=tenant,
            role=Role.ADMIN if admin else role,
            installation_admin=admin,
        )
    console.print(f"Created user {username} ({user_id}){' — installation administrator' if admin else ''}.")


@users_app.command("list")
@report_errors
def users_list(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users with their organisation and role."""
    with open_services() as services:
        users = services.accounts.users(OPERATOR)
    if json_output:
        print_json(
            [
                {
                    "username": u.username,
                    "name": u.display_name,
                    "tenant": u.tenant_slug,
                    "role": u.role.value,
                    "installation_admin": u.is_installation_admin,
                    "active": u.is_active,
                }
                for u in users
            ]
        )
        return
    print_table(
        "Users",
        ["username", "name", "organisation", "role", "installation admin"],
        [
            (u.username, u.display_name, u.tenant_slug or "", u.role.value, "yes" if u.is_installation_admin else "")
            for u in users
        ],
    )


@users_app.command("reset-password")
@report_errors
def users_reset(username: str, password: Annotated[str | None, typer.Option(hidden=True)] = None) -> None:
    """Set a temporary password; the user must change it at next sign-in."""
    secret = _password(password)
    with open_services() as services:
        services.accounts.reset_password(OPERATOR, username, secret)
    console.print(f"Password of {username} reset.")


@tenants_app.command("create")
@report_errors
def tenants_create(
    slug: Annotated[str, typer.Argument(help="Short unique name: lower-case letters, digits, hyphens (los-angeles).")],
    name: Annotated[str, typer.Option(help="Full name of the organisation.")],
    kind: Annotated[str, typer.Option(help="government, network, national_office or organisation.")] = "government",
) -> None:
    """Add an organisation (tenant) to the installation."""
    with open_services() as services:
        tenant = services.tenancy.create_tenant(OPERATOR, slug=slug, name=name, kind=kind)
    console.print(f"Created {tenant.name} ({tenant.slug}, {tenant.id}).")


@tenants_app.command("list")
@report_errors
def tenants_list() -> None:
    """List the organisations on this installation."""
    with open_services() as services:
        tenants = services.tenancy.tenants(OPERATOR)
    print_table("Organisations", ["slug", "name", "kind", "id"], [(t.slug, t.name, t.kind, t.id) for t in tenants])


@tenants_app.command("export")
@report_errors
def tenants_export(slug: str, output: Annotated[Path, typer.Option("--output", "-o")]) -> None:
    """Everything one organisation owns, with its history, in one archive another installation can take in."""
    with open_services() as services:
        counts = services.backups.export_tenant(OPERATOR, output, slug)
    print_table(f"Archive of {slug}: {output}", ["table", "rows"], [(k, f"{v:,}") for k, v in counts.items() if v])


@tenants_app.command("import")
@report_errors
def tenants_import(path: Path) -> None:
    """Take in an organisation's archive made by `proxenia tenants export` (on any installation)."""
    with open_services() as services:
        counts = services.backups.import_tenant(OPERATOR, path)
    print_table(f"Imported {path}", ["table", "rows added"], [(k, f"{v:,}") for k, v in counts.items() if v])


@report_errors
def backup(output: Annotated[Path, typer.Argument(help="The backup file to write (.zip).")]) -> None:
    """Back up the whole installation into one file."""
    with open_services() as services:
        counts = services.backups.backup(OPERATOR, output)
    console.print(f"Backed up {sum(counts.values()):,} rows of {len(counts)} tables to {output}.")


@report_errors
def restore(path: Annotated[Path, typer.Argument(help="A backup made by `proxenia backup`.")]) -> None:
    """Restore a backup into an empty database (PROXENIA_DATABASE_URL)."""
    with open_services() as services:
        counts = services.backups.restore(OPERATOR, path)
    console.print(f"Restored {sum(counts.values()):,} rows of {len(counts)} tables.")


@report_errors
def audit(
    record: Annotated[str | None, typer.Option(help="A record id.")] = None,
    user: Annotated[str | None, typer.Option(help="A username.")] = None,
    kind: Annotated[str | None, typer.Option(help="actor, tie, person, post, user, ...")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The audit trail: who changed what, when, before and after."""
    with open_services() as services:
        entries = services.audit.history(
            OPERATOR, record_id=parse_id(record, "record"), username=user, kind=kind, limit=limit
        )
    if json_output:
        print_json(entries)
        return
    print_table(
        "Audit trail (newest first)",
        ["when", "who", "what", "record", "summary"],
        [
            (
                e.at.strftime("%Y-%m-%d %H:%M"),
                e.username or "",
                f"{e.action} {e.record_kind}",
                str(e.record_id or ""),
                e.summary or ", ".join(sorted((e.after or {}).keys()))[:60],
            )
            for e in entries
        ],
    )
