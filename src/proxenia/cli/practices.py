"""``proxenia practices …``, ``proxenia adoptions add`` and ``proxenia lineage``: the practice exchange
from the terminal (the installation's operator acting)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

import typer
from rich.tree import Tree

from proxenia.cli.context import console, open_services, report_errors
from proxenia.cli.output import RichProgress, print_json, print_table
from proxenia.domain.adoptions import AdoptionDraft, AdoptionStatus
from proxenia.domain.errors import NotFound
from proxenia.domain.kinds import Visibility
from proxenia.domain.paging import PageRequest
from proxenia.domain.policy_areas import area_label
from proxenia.domain.practices import CurationStep, EvidenceLevel, PracticeDraft, PracticeFilter, PracticeStatus
from proxenia.domain.recommendations import Challenge
from proxenia.domain.viewer import Viewer
from proxenia.services.container import Services
from proxenia.services.practices.lineage import RELATIONS, ROOT

practices_app = typer.Typer(help="Search, show, record and curate practices; who has solved X.", no_args_is_help=True)
adoptions_app = typer.Typer(help="Record adoptions of practices.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
_UUID = re.compile(r"^[0-9a-fA-F-]{32,36}$")


def _viewer() -> Viewer:
    return Viewer.system("cli")


def practice_ref(services: Services, ref: str) -> uuid.UUID:
    """A practice from its id, or the best full-text match for what was typed."""
    if _UUID.match(ref.strip()):
        return uuid.UUID(ref.strip())
    found = services.practice_search.search(
        _viewer(), PracticeFilter(query=ref, statuses=()), PageRequest(limit=1), ranking="fulltext"
    )
    if not found.items:
        raise NotFound(f"no practice matches '{ref}'")
    return found.items[0].practice.id


@practices_app.command("search")
@report_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.")] = "",
    area: Annotated[list[str] | None, typer.Option(help="Policy area code (repeatable), e.g. public_health.")] = None,
    status: Annotated[list[PracticeStatus] | None, typer.Option(help="Statuses (default: published).")] = None,
    source: Annotated[str | None, typer.Option(help="A data set, e.g. spid.")] = None,
    country: Annotated[str | None, typer.Option(help="The originator's country (ISO code).")] = None,
    semantic: Annotated[bool, typer.Option(help="Rank by meaning when the [semantic] extra is installed.")] = True,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    json_output: JSON = False,
) -> None:
    """Search the library: full text with filters (or meaning, with the [semantic] extra)."""
    f = PracticeFilter(
        query=query,
        policy_areas=tuple(area or ()),
        statuses=tuple(status or (PracticeStatus.PUBLISHED,)),
        source=source,
        country_code=country,
    )
    with open_services() as services:
        result = services.practice_search.search(
            _viewer(), f, PageRequest(limit=limit), ranking="auto" if semantic else "fulltext"
        )
    if json_output:
        print_json({"total": result.total, "ranking": result.ranking, "items": result.items})
        return
    for note in result.notes:
        console.print(note)
    print_table(
        f"{result.total:,} practices ({result.ranking})",
        ["title", "originated by", "since", "areas", "adoptions", "id"],
        [
            (
                h.practice.title,
                h.practice.originator.name if h.practice.originator else "",
                h.practice.start_date or "",
                ", ".join(area_label(a) for a in h.practice.policy_areas),
                h.practice.adoption_count,
                h.practice.id,
            )
            for h in result.items
        ],
    )


@practices_app.command("show")
@report_errors
def show(
    practice: Annotated[str, typer.Argument(help="Id, or words of its title.")], json_output: JSON = False
) -> None:
    """A practice: what it is, its context, its adoptions and lineage."""
    with open_services() as services:
        detail = services.practices.detail(_viewer(), practice_ref(services, practice))
    if json_output:
        print_json(detail)
        return
    p = detail.practice
    console.print(f"[bold]{p.title}[/] — {p.status.label} ({p.visibility.tlp})  id {p.id}")
    for label, value in (
        ("Summary", p.summary),
        ("Problem", p.problem),
        ("Approach", p.approach),
        ("Resources", p.resources),
        ("Outcomes", p.outcomes),
    ):
        if value:
            console.print(f"[bold]{label}:[/] {value}")
    evidence = p.evidence_level.label if p.evidence_level else "not stated"
    origin = p.originator.name if p.originator else "not recorded"
    console.print(f"[bold]Originated by:[/] {origin}; since {p.start_date or 'not stated'}; evidence {evidence}")
    console.print(f"[bold]Areas:[/] {', '.join(area_label(a) for a in p.policy_areas) or '—'}")
    console.print(f"[bold]Context:[/] {p.context.as_dict()}")
    if p.source_ref:
        console.print(f"[bold]Source:[/] {p.source_ref}")
    print_table(
        "Adoptions",
        ["adopted by", "learned from", "when", "status"],
        [
            (a.adopter.name, a.learned_from.name if a.learned_from else "", a.date or "", a.status.value)
            for a in detail.adoptions
        ],
    )


def _curate(practice: str, step: CurationStep, note: str, curator: str | None = None) -> None:
    with open_services() as services:
        pid = practice_ref(services, practice)
        if curator:
            tenant = next((t for t in services.tenancy.tenants(Viewer.system("cli")) if t.slug == curator), None)
            if tenant is None:
                raise NotFound(f"no organisation with slug '{curator}'")
            services.practices.update(_viewer(), pid, None, {"curator_tenant_id": tenant.id})
        services.practices.curate(_viewer(), pid, step, None, note)
        status = services.practices.detail(_viewer(), pid).practice.status
    console.print(f"{step.value}: the practice is now {status.label.lower()}.")


@practices_app.command("submit")
@report_errors
def submit(
    practice: Annotated[str, typer.Argument(help="Id, or words of its title.")],
    curator: Annotated[str | None, typer.Option(help="Slug of the network or office curating the library.")] = None,
) -> None:
    """Submit a draft practice for review."""
    _curate(practice, CurationStep.SUBMIT, "", curator)


@practices_app.command("validate")
@report_errors
def validate(
    practice: Annotated[str, typer.Argument(help="Id, or words of its title.")],
    note: Annotated[str, typer.Option(help="The reviewer's note.")] = "",
) -> None:
    """Validate a submitted practice (as its curator)."""
    _curate(practice, CurationStep.VALIDATE, note)


@practices_app.command("publish")
@report_errors
def publish(practice: Annotated[str, typer.Argument(help="Id, or words of its title.")]) -> None:
    """Publish a validated practice to the library."""
    _curate(practice, CurationStep.PUBLISH, "")


@practices_app.command("add")
@report_errors
def add(
    title: Annotated[str, typer.Argument(help="The practice's title.")],
    originator: Annotated[
        str | None, typer.Option(help="Originating actor: id, scheme:value or 'Name, country'.")
    ] = None,
    summary: Annotated[str, typer.Option()] = "",
    problem: Annotated[str, typer.Option()] = "",
    approach: Annotated[str, typer.Option()] = "",
    area: Annotated[list[str] | None, typer.Option(help="Policy area code (repeatable).")] = None,
    since: Annotated[str | None, typer.Option(help="Start date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    evidence: Annotated[EvidenceLevel | None, typer.Option()] = None,
    source: Annotated[str | None, typer.Option(help="Where this is stated.")] = None,
    visibility: Annotated[Visibility, typer.Option()] = Visibility.PRIVATE,
) -> None:
    """Record a practice as a draft (owned by the reference tenant when run by the operator)."""
    with open_services() as services:
        origin = services.registry.resolve(_viewer(), originator).id if originator else None
        new_id = services.practices.create(
            _viewer(),
            PracticeDraft(
                title=title,
                summary=summary,
                problem=problem,
                approach=approach,
                policy_areas=tuple(area or ()),
                originator_id=origin,
                start_date=since,
                evidence_level=evidence,
                source_ref=source,
                visibility=visibility,
            ),
        )
    console.print(f"Recorded the draft practice {new_id}")


@practices_app.command("recommend")
@report_errors
def recommend(
    challenge: Annotated[str, typer.Argument(help="The challenge in words, e.g. 'mass COVID-19 testing'.")],
    actor: Annotated[
        str | None, typer.Option(help="The government asking: id, scheme:value or 'Name, country'.")
    ] = None,
    area: Annotated[list[str] | None, typer.Option(help="Policy area code (repeatable).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=50)] = 10,
    json_output: JSON = False,
) -> None:
    """Who has solved this? Practices and peers for a challenge, each with its explanation."""
    with open_services() as services:
        actor_id = services.registry.resolve(_viewer(), actor).id if actor else None
        answer = services.recommendations.recommend(
            _viewer(), Challenge(text=challenge, policy_areas=tuple(area or ()), actor_id=actor_id), limit=limit
        )
    if json_output:
        print_json(answer)
        return
    print_table(
        f"Practices ({answer.provider})",
        ["practice", "score", "why"],
        [(r.practice.title, f"{r.score:.2f}", "; ".join(str(f) for f in r.factors)) for r in answer.practices],
    )
    print_table(
        "Peers to ask",
        ["government", "score", "why"],
        [(r.actor.name, f"{r.score:.2f}", "; ".join(str(f) for f in r.factors)) for r in answer.peers],
    )


@practices_app.command("next-adopters")
@report_errors
def next_adopters(
    practice: Annotated[str, typer.Argument(help="Id, or words of its title.")],
    limit: Annotated[int, typer.Option(min=1, max=50)] = 10,
    json_output: JSON = False,
) -> None:
    """Who may adopt a practice next: whom to share it with, and why."""
    with open_services() as services:
        ranked = services.recommendations.next_adopters(_viewer(), practice_ref(services, practice), limit=limit)
    if json_output:
        print_json(ranked)
        return
    print_table(
        "Whom to share it with",
        ["government", "score", "why"],
        [(r.actor.name, f"{r.score:.2f}", "; ".join(str(f) for f in r.factors)) for r in ranked],
    )


@practices_app.command("embed")
@report_errors
def embed() -> None:
    """Embed every practice for ranking by meaning (needs the [semantic] extra; later edits embed themselves)."""
    with open_services() as services:
        if not services.practice_search.semantic:
            console.print(
                "The [semantic] extra is not installed (or PROXENIA_SEMANTIC_SEARCH=false): full text serves."
            )
            return
        count = services.practice_search.refresh_embeddings(progress=RichProgress())
    console.print(f"Embedded {count:,} practices.")


@adoptions_app.command("add")
@report_errors
def add_adoption(
    practice: Annotated[str, typer.Argument(help="The practice: id, or words of its title.")],
    adopter: Annotated[str, typer.Argument(help="Who adopted it: id, scheme:value or 'Name, country'.")],
    learned_from: Annotated[
        str | None, typer.Option("--from", help="Whom it was learned from (not always the originator).")
    ] = None,
    date: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    adapted: Annotated[str, typer.Option(help="What was adapted.")] = "",
    outcome: Annotated[str, typer.Option()] = "",
    status: Annotated[AdoptionStatus, typer.Option()] = AdoptionStatus.ADOPTED,
    source: Annotated[str | None, typer.Option(help="Where this is stated.")] = None,
    visibility: Annotated[Visibility, typer.Option()] = Visibility.PRIVATE,
) -> None:
    """Record that a government adopted a practice (or is transferring it: --status in_progress)."""
    with open_services() as services:
        pid = practice_ref(services, practice)
        adopter_id = services.registry.resolve(_viewer(), adopter).id
        teacher = services.registry.resolve(_viewer(), learned_from).id if learned_from else None
        new_id = services.adoptions.record(
            _viewer(),
            AdoptionDraft(
                practice_id=pid,
                adopter_id=adopter_id,
                learned_from_id=teacher,
                date=date,
                adaptations=adapted,
                outcome=outcome,
                status=status,
                source_ref=source,
                visibility=visibility,
            ),
        )
    console.print(f"Recorded the adoption {new_id}")


@report_errors
def lineage(
    practice: Annotated[str, typer.Argument(help="The practice: id, or words of its title.")],
    json_output: JSON = False,
) -> None:
    """The lineage of a practice: who learned it from whom, drawn as a tree."""
    with open_services() as services:
        detail = services.practices.detail(_viewer(), practice_ref(services, practice))
    if json_output:
        print_json(detail.lineage)
        return
    nodes = {n.key: n for n in detail.lineage.nodes}
    root = Tree(f"[bold]{nodes[ROOT].label}[/]")
    branches = {ROOT: root}
    for n in detail.lineage.nodes:
        if n.parent is None:
            continue
        when = f" ({n.date})" if n.date else ""
        branches[n.key] = branches[n.parent].add(f"{n.label}{when} [dim]— {RELATIONS.get(n.relation, n.relation)}[/]")
    console.print(root)
