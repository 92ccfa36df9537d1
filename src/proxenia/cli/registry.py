"""``proxenia actors …`` and ``proxenia ties …``: the registry's questions from the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.kinds import ActorKind
from proxenia.domain.paging import PageRequest
from proxenia.domain.viewer import Viewer

actors_app = typer.Typer(help="Search and show actors; merge duplicates.", no_args_is_help=True)
ties_app = typer.Typer(help="Chains of ties, channels between countries, touchpoints.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _viewer() -> Viewer:
    """The command line reads as the installation's operator."""
    return Viewer.system("cli")


@actors_app.command("search")
@report_errors
def actors_search(
    query: Annotated[str, typer.Argument(help="Name or its beginning; accents and case ignored.")] = "",
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 code or country name.")] = None,
    kind: Annotated[list[ActorKind] | None, typer.Option(help="Only these kinds (repeatable).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    json_output: JSON = False,
) -> None:
    """Search actors by name, country and kind."""
    with open_services() as services:
        page = services.registry.search_actors(
            _viewer(), query or None, country=country, kinds=kind or (), page=PageRequest(limit=limit)
        )
    if json_output:
        print_json({"total": page.total, "items": page.items})
        return
    print_table(
        f"{page.total:,} actors",
        ["name", "kind", "country", "population", "id"],
        [
            (
                a.name + ("" if a.resolved else " (unresolved)"),
                a.kind.value,
                a.country_code or "",
                f"{a.population:,}" if a.population else "",
                a.id,
            )
            for a in page.items
        ],
    )


@actors_app.command("show")
@report_errors
def actors_show(
    actor: Annotated[str, typer.Argument(help="Id, scheme:value (geonames:5368361) or 'Name, country'.")],
    json_output: JSON = False,
) -> None:
    """An actor's profile: facts, ties grouped by type, people, pledges."""
    with open_services() as services:
        found = services.registry.resolve(_viewer(), actor)
        profile = services.registry.profile(_viewer(), found.id)
    if json_output:
        print_json(profile)
        return
    a = profile.actor
    console.print(f"[bold]{a.name}[/] — {a.kind.label}, {a.country_code or 'no country'} ({a.visibility.tlp})")
    console.print(f"id {a.id}; " + "; ".join(f"{i.scheme}:{i.value}" for i in a.identifiers))
    if a.population:
        console.print(f"population {a.population:,}")
    if profile.parent_chain:
        console.print("part of: " + " → ".join(p.name for p in profile.parent_chain))
    for group in profile.tie_groups:
        print_table(
            f"{group.label} ({len(group.ties)})",
            ["with", "country", "status", "since", "why"],
            [
                (
                    v.other.name,
                    v.other.country_code or "",
                    v.tie.status.value,
                    v.tie.start_date or "",
                    v.tie.rationale or "",
                )
                for v in group.ties
            ],
        )
    if profile.pledges:
        print_table(
            "pledges", ["agreement", "since"], [(v.other.name, v.tie.start_date or "") for v in profile.pledges]
        )
    if profile.posts:
        print_table(
            "people",
            ["name", "post", "from", "to"],
            [(p.person_name, p.role, p.start_date or "", p.end_date or "") for p in profile.posts],
        )


@actors_app.command("merge")
@report_errors
def actors_merge(
    survivor: Annotated[str, typer.Argument(help="The actor to keep.")],
    duplicate: Annotated[str, typer.Argument(help="The duplicate to fold into it (its id keeps redirecting).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Merge a duplicate actor into another: ties, names, identifiers and history move over."""
    with open_services() as services:
        keep = services.registry.resolve(_viewer(), survivor)
        drop = services.registry.resolve(_viewer(), duplicate)
        if not yes:
            typer.confirm(f"Merge '{drop.name}' ({drop.id}) into '{keep.name}' ({keep.id})?", abort=True)
        moved = services.edits.merge_actors(_viewer(), keep.id, drop.id)
    console.print(f"Merged into {keep.name}: " + ", ".join(f"{v} {k}" for k, v in moved.items()))


@ties_app.command("path")
@report_errors
def ties_path(
    source: Annotated[str, typer.Argument(help="From: id, scheme:value or 'Name, country'.")],
    target: Annotated[str, typer.Argument(help="To: id, scheme:value or 'Name, country'.")],
    max_hops: Annotated[int, typer.Option(min=1, max=8)] = 6,
    json_output: JSON = False,
) -> None:
    """The shortest chain of ties between two actors."""
    with open_services() as services:
        a = services.registry.resolve(_viewer(), source)
        b = services.registry.resolve(_viewer(), target)
        chain = services.registry.chain(_viewer(), a.id, b.id, max_hops=max_hops)
    if json_output:
        print_json(chain)
        return
    if not chain.found:
        console.print(f"No chain of ties within {max_hops} hops between {a.name} and {b.name}.")
        raise typer.Exit(0)
    print_table(
        f"{chain.hops} ties from {a.name} to {b.name}",
        ["step", "actor", "country", "via"],
        [(i, s.actor.name, s.actor.country_code or "", s.via_label or "") for i, s in enumerate(chain.steps)],
    )


@ties_app.command("channels")
@report_errors
def ties_channels(
    country_a: Annotated[str, typer.Argument(help="First country (code or name).")],
    country_b: Annotated[str, typer.Argument(help="Second country (code or name).")],
    json_output: JSON = False,
) -> None:
    """Subnational channels between two countries: ties whose both ends are cities or regions."""
    with open_services() as services:
        result = services.registry.channels(_viewer(), country_a, country_b)
    if json_output:
        print_json(
            {
                "country_a": result.country_a,
                "country_b": result.country_b,
                "total": result.total,
                "by_type": {
                    k: [{"from": t.origin, "to": t.view.other, "tie": t.view.tie} for t in v]
                    for k, v in result.by_type.items()
                },
            }
        )
        return
    for label, items in result.by_type.items():
        print_table(
            f"{label} ({len(items)})",
            [result.country_a, result.country_b, "since"],
            [(t.origin.name, t.view.other.name, t.view.tie.start_date or "") for t in items],
        )
    console.print(f"{result.total:,} channels between {result.country_a} and {result.country_b}.")


@ties_app.command("touchpoints")
@report_errors
def ties_touchpoints(
    other_country: Annotated[str, typer.Argument(help="The other country (code or name).")],
    actor: Annotated[str | None, typer.Option(help="An actor: id, scheme:value or 'Name, country'.")] = None,
    country: Annotated[str | None, typer.Option(help="Or all actors of this country.")] = None,
    json_output: JSON = False,
) -> None:
    """Every tie between an actor (or all actors of a country) and another country."""
    with open_services() as services:
        actor_id = services.registry.resolve(_viewer(), actor).id if actor else None
        result = services.registry.touchpoints(_viewer(), other_country, actor_id=actor_id, country=country)
    if json_output:
        print_json(
            {
                "subject": result.subject,
                "other_country": result.other_country,
                "total": result.total,
                "by_type": {
                    k: [{"from": t.origin, "to": t.view.other, "tie": t.view.tie} for t in v]
                    for k, v in result.by_type.items()
                },
            }
        )
        return
    for label, items in result.by_type.items():
        print_table(
            f"{label} ({len(items)})",
            ["from", "to", "country", "since"],
            [(t.origin.name, t.view.other.name, t.view.other.country_code, t.view.tie.start_date or "") for t in items],
        )
    console.print(f"{result.total:,} touchpoints between {result.subject} and {result.other_country}.")


@ties_app.command("neighbours")
@report_errors
def ties_neighbours(
    actor: Annotated[str, typer.Argument(help="Id, scheme:value or 'Name, country'.")],
    depth: Annotated[int, typer.Option(min=1, max=3)] = 2,
    json_output: JSON = False,
) -> None:
    """An actor's neighbourhood: actors within N ties."""
    with open_services() as services:
        found = services.registry.resolve(_viewer(), actor)
        hood = services.registry.neighbourhood(_viewer(), found.id, depth=depth)
    if json_output:
        print_json(hood)
        return
    print_table(
        f"{len(hood.nodes)} actors within {depth} ties of {found.name}",
        ["depth", "actor", "country"],
        [(d, a.name, a.country_code or "") for a, d in hood.nodes],
    )
