"""``proxenia requests …``: requests for help from the terminal (list, show, ask, respond, close, proposals)."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.cli.practices import practice_ref
from proxenia.domain.help_requests import HelpRequestDraft, HelpResponseDraft, RequestStatus
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.viewer import Viewer

requests_app = typer.Typer(help="Requests for help: ask, answer, close; see what is proposed.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _viewer() -> Viewer:
    return Viewer.system("cli")


@requests_app.command("list")
@report_errors
def list_requests(
    status: Annotated[list[RequestStatus] | None, typer.Option(help="Only these statuses (repeatable).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    json_output: JSON = False,
) -> None:
    """Requests for help, newest first."""
    with open_services() as services:
        page = services.help_requests.search(_viewer(), statuses=tuple(status or ()), page=PageRequest(limit=limit))
    if json_output:
        print_json({"total": page.total, "items": page.items})
        return
    print_table(
        f"{page.total:,} requests",
        ["title", "asked by", "needed by", "status", "responses", "id"],
        [(r.title, r.asker.name, r.needed_by or "", r.status.value, r.response_count, r.id) for r in page.items],
    )


@requests_app.command("show")
@report_errors
def show(request_id: Annotated[uuid.UUID, typer.Argument(help="The request's id.")], json_output: JSON = False) -> None:
    """A request with its responses and the practices and peers proposed for it."""
    with open_services() as services:
        found = services.help_requests.get(_viewer(), request_id)
        proposals = services.help_requests.proposals(_viewer(), request_id)
    if json_output:
        print_json({"request": found, "proposals": proposals})
        return
    console.print(
        f"[bold]{found.title}[/] — {found.asker.name}, {found.status.value}; needed by {found.needed_by or '—'}"
    )
    console.print(found.text)
    print_table(
        "Responses",
        ["from", "answer", "practice"],
        [
            (x.responder.name if x.responder else x.author or "", x.text, x.practice_title or "")
            for x in found.responses
        ],
    )
    print_table(
        f"Proposed practices ({proposals.provider})",
        ["practice", "score", "why"],
        [(r.practice.title, f"{r.score:.2f}", "; ".join(str(f) for f in r.factors)) for r in proposals.practices],
    )
    print_table(
        "Peers to ask",
        ["government", "score", "why"],
        [(r.actor.name, f"{r.score:.2f}", "; ".join(str(f) for f in r.factors)) for r in proposals.peers],
    )


@requests_app.command("ask")
@report_errors
def ask(
    asker: Annotated[str, typer.Argument(help="The government asking: id, scheme:value or 'Name, country'.")],
    title: Annotated[str, typer.Argument(help="What is needed, in a line.")],
    text: Annotated[str, typer.Option(help="Details.")] = "",
    area: Annotated[str | None, typer.Option(help="Policy area code.")] = None,
    needed_by: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    visibility: Annotated[Visibility, typer.Option()] = Visibility.PRIVATE,
) -> None:
    """Ask for help on behalf of a government."""
    with open_services() as services:
        asker_id = services.registry.resolve(_viewer(), asker).id
        new_id = services.help_requests.ask(
            _viewer(),
            HelpRequestDraft(
                asker_id=asker_id,
                title=title,
                text=text or title,
                policy_area=area,
                needed_by=needed_by,
                visibility=visibility,
            ),
        )
    console.print(f"Request for help {new_id} is open.")


@requests_app.command("respond")
@report_errors
def respond(
    request_id: Annotated[uuid.UUID, typer.Argument(help="The request's id.")],
    text: Annotated[str, typer.Argument(help="The answer.")],
    responder: Annotated[str | None, typer.Option(help="The actor answering.")] = None,
    practice: Annotated[str | None, typer.Option(help="A practice proposed: id or words of its title.")] = None,
    visibility: Annotated[Visibility, typer.Option()] = Visibility.PRIVATE,
) -> None:
    """Record a response to a request (an open request becomes answered)."""
    with open_services() as services:
        responder_id = services.registry.resolve(_viewer(), responder).id if responder else None
        practice_id = practice_ref(services, practice) if practice else None
        services.help_requests.respond(
            _viewer(),
            HelpResponseDraft(
                request_id=request_id,
                text=text,
                responder_id=responder_id,
                practice_id=practice_id,
                visibility=visibility,
            ),
        )
    console.print("Response recorded.")


@requests_app.command("close")
@report_errors
def close(request_id: Annotated[uuid.UUID, typer.Argument(help="The request's id.")]) -> None:
    """Close a request."""
    with open_services() as services:
        services.help_requests.set_status(_viewer(), request_id, RequestStatus.CLOSED)
    console.print("Request closed.")
