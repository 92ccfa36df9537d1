"""``proxenia brief``, ``proxenia portfolio …`` (diagnostics, heat map, balancing scenarios) and
``proxenia goals …``."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Annotated

import typer

from proxenia.cli.context import console, open_services, parse_day, report_errors
from proxenia.cli.output import print_json, print_table
from proxenia.domain.balancing import Adjustments
from proxenia.domain.countries import country_code
from proxenia.domain.errors import InvalidInput, Problem
from proxenia.domain.goals import GoalKind
from proxenia.domain.portfolio import result_from_json
from proxenia.services.acting import operator_as
from proxenia.services.scenarios import parse_plan

portfolio_app = typer.Typer(help="The policy-driven portfolio: diagnostics, heat map, balancing scenarios.",
                            no_args_is_help=True)
goals_app = typer.Typer(help="Goals: the SDGs, your priorities, national priorities.", no_args_is_help=True)
JSON = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
TENANT = Annotated[str, typer.Option(help="The organisation (tenant slug); the command acts as its administrator.")]


@report_errors
def brief(
    subject: Annotated[str, typer.Argument(help="An actor (id, scheme:value, 'Name, CC') or a country (code, name).")],
    tenant: Annotated[str | None, typer.Option(help="Whose briefing (tenant slug): adds its ties and departments.")]
    = None,
    country: Annotated[bool, typer.Option("--country", help="Read SUBJECT as a country.")] = False,
    pdf: Annotated[Path | None, typer.Option(help="Write the printable PDF to this file.")] = None,
    json_output: JSON = False,
) -> None:
    """The briefing book of an actor or a country: ties, timeline, people, networks, pledges, follow-ups, and
    who in your government has dealt with them."""
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        code = None
        if country or len(subject.strip()) == 2:
            code = country_code(subject)
        if code:
            book = services.briefings.for_country(viewer, code)
        else:
            book = services.briefings.for_actor(viewer, services.registry.resolve(viewer, subject).id)
        if pdf is not None:
            pdf.write_bytes(services.briefings.pdf(book))
    if pdf is not None:
        console.print(f"Wrote {pdf} ({pdf.stat().st_size:,} bytes).")
        return
    if json_output:
        print_json(book)
        return
    console.print(f"[bold]{book.title}[/] — {book.subtitle}; prepared {book.generated_on}"
                  f"{' for ' + book.generated_for if book.generated_for else ''}")
    for note in book.notes:
        console.print(note)
    for section in book.tie_sections:
        print_table(f"{section.label} ({len(section.ties)})", ["with", "since", "age", "status", "why"], [
            (t.other.name, t.start_date or "", t.age_years if t.age_years is not None else "", t.status,
             t.rationale or "") for t in section.ties])
    print_table(f"Timeline ({book.timeline_total})", ["date", "what", "department", "with"], [
        (e.start_date, e.title, e.department_name or "", ", ".join(p.name for p in e.counterparts))
        for e in book.timeline[:30]])
    print_table("Open follow-ups", ["due", "action", "owner", "from"],
                [(f.due_date or "", f.action, f.owner or "", f.engagement_title) for f in book.follow_ups])
    print_table("Who in our government dealt with them", ["department", "engagements", "last", "logged by"],
                [(d.department, d.engagements, d.last_date, ", ".join(d.people)) for d in book.departments])
    console.print("Practices exchanged: " + ("the practice exchange is not connected yet" if book.practices is None
                                             else str(len(book.practices))))


@portfolio_app.command("diagnose")
@report_errors
def diagnose(
    tenant: TENANT,
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    window_days: Annotated[int | None, typer.Option(min=30, max=3650)] = None,
    json_output: JSON = False,
) -> None:
    """Silos, overlaps, conflicts, gaps and dormant ties, each with the records behind it."""
    day = _date(as_of)
    with open_services() as services:
        report = services.portfolio.diagnose(operator_as(services.db, tenant), as_of=day, window_days=window_days)
    if json_output:
        print_json(report)
        return
    console.print(f"{report.engagements_read:,} engagements read in {report.seconds:.2f} s; findings: {report.counts}")
    for f in report.findings[:200]:
        console.print(f"[bold]{f.kind.label[:-1] if f.kind.label.endswith('s') else f.kind.label}:[/] {f.title}")
        console.print(f"  {f.detail}\n  suggested: {f.suggested_action}")
        console.print("  records: " + "; ".join(f"{r.kind} {r.label}" + (f" ({r.on})" if r.on else "")
                                                for r in f.records[:6]))
    if len(report.findings) > 200:
        console.print(f"… and {len(report.findings) - 200:,} more findings: --json prints them all.")


@portfolio_app.command("heatmap")
@report_errors
def heatmap(tenant: TENANT, window_days: Annotated[int | None, typer.Option(min=30, max=3650)] = None,
            json_output: JSON = False) -> None:
    """Engagements per department and goal over the window."""
    with open_services() as services:
        m = services.portfolio.heat_map(operator_as(services.db, tenant), window_days=window_days)
    if json_output:
        print_json({"departments": m.departments, "goals": m.goals,
                    "cells": [{"department": str(d), "goal": str(g), **c.__dict__} for (d, g), c in m.cells.items()]})
        return
    print_table(f"Departments × goals, {m.date_from} to {m.date_to}", ["department", *[g[1][:24] for g in m.goals]],
                [(name, *[m.cell(dep, g[0]).engagements or "" for g in m.goals]) for dep, name in m.departments])


@portfolio_app.command("balance")
@report_errors
def balance(
    plan_file: Annotated[Path, typer.Argument(help="JSON: {currency, activities, capacities, goals}.")],
    tenant: TENANT,
    name: Annotated[str, typer.Option(help="The scenario's name.")] = "Plan",
    budget_factor: Annotated[float, typer.Option(min=0, max=10, help="0.8 = budgets cut by 20 %.")] = 1.0,
    staff_factor: Annotated[float, typer.Option(min=0, max=10)] = 1.0,
    json_output: JSON = False,
) -> None:
    """Solve a plan with the MILP solver and save it as a scenario; infeasible plans say which constraints
    conflict."""
    try:
        data = json.loads(plan_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(Problem(f"cannot read the plan: {exc}", file=str(plan_file))) from None
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        new_id = services.scenarios.create(viewer, name=name, plan=parse_plan(data),
                                           adjustments=Adjustments(budget_factor, staff_factor))
        scenario = services.scenarios.get(viewer, new_id)
    _print_result(new_id, scenario.name, scenario.result or {}, json_output)


@portfolio_app.command("variant")
@report_errors
def variant(
    scenario_id: Annotated[uuid.UUID, typer.Argument(help="The scenario to vary.")],
    tenant: TENANT,
    name: Annotated[str, typer.Option(help="The variant's name.")],
    budget_factor: Annotated[float, typer.Option(min=0, max=10)] = 1.0,
    staff_factor: Annotated[float, typer.Option(min=0, max=10)] = 1.0,
    weight: Annotated[list[str] | None, typer.Option(help="goal=weight: make a goal of the plan a priority.")] = None,
    json_output: JSON = False,
) -> None:
    """Solve a variant of a saved scenario (budget −20 %, a new priority) and save it."""
    weights = {}
    for item in weight or ():
        key, _, value = item.partition("=")
        try:
            weights[key.strip()] = float(value)
        except ValueError:
            raise InvalidInput(Problem(f"'{item}' is not goal=weight", column="--weight")) from None
    with open_services() as services:
        viewer = operator_as(services.db, tenant)
        new_id = services.scenarios.variant(viewer, scenario_id, name=name, budget_factor=budget_factor,
                                            staff_factor=staff_factor, goal_weights=weights)
        scenario = services.scenarios.get(viewer, new_id)
    _print_result(new_id, scenario.name, scenario.result or {}, json_output)


@portfolio_app.command("compare")
@report_errors
def compare(ids: Annotated[list[uuid.UUID], typer.Argument(help="Two to six scenario ids.")], tenant: TENANT,
            json_output: JSON = False) -> None:
    """Scenarios side by side: coverage of each goal, totals, activities whose level differs."""
    with open_services() as services:
        c = services.scenarios.compare(operator_as(services.db, tenant), ids)
    if json_output:
        print_json(c)
        return
    names = [col.name for col in c.columns]
    print_table("Totals", ["", *names], [
        ("status", *[col.result.status for col in c.columns]),
        ("goal coverage", *[f"{100 * col.result.score:.1f} %" for col in c.columns]),
        ("optimality gap", *[f"{100 * col.result.gap:.3f} %" if col.result.feasible else "-" for col in c.columns]),
        ("budget used", *[f"{col.result.total_budget:,.0f}" for col in c.columns]),
    ])
    print_table("Coverage (share of target)", ["goal", *names], [
        (label, *[f"{100 * g.share:.0f} %" if (g := c.coverage(col, key)) else "-" for col in c.columns])
        for key, label in c.goals])
    print_table("Activities that differ", ["activity", *names], [
        (n, *[(f"{a.level:g}" if a.selected else "not run") if (a := c.level(col, key)) else "-" for col in c.columns])
        for key, n in c.activities])


def _print_result(scenario_id: uuid.UUID, name: str, data: dict[str, object], json_output: bool) -> None:
    if json_output:
        print_json({"id": str(scenario_id), "name": name, "result": data})
        return
    r = result_from_json(data)
    console.print(f"Scenario {scenario_id} ({name}): {r.status} by {r.solver} in {r.seconds:.2f} s")
    if r.feasible:
        console.print(f"weighted goal coverage {100 * r.score:.1f} %, optimality gap {100 * r.gap:.3f} %")
    for c in r.conflicts:
        console.print(f"[red]conflict:[/] {c.message}")


@goals_app.command("list")
@report_errors
def goals_list(
    kind: Annotated[list[GoalKind] | None, typer.Option(help="Only these kinds (repeatable).")] = None,
    tenant: Annotated[str | None, typer.Option(help="As this organisation (adds its own goals).")] = None,
    json_output: JSON = False,
) -> None:
    """Goals: SDG goals and targets (codes are text: 8.10 is not 8.1), priorities, national priorities."""
    with open_services() as services:
        found = services.goals.goals(operator_as(services.db, tenant), kinds=tuple(kind or ()))
    if json_output:
        print_json(found)
        return
    print_table(f"{len(found)} goals", ["kind", "code", "title"], [(g.kind.value, g.code, g.title[:90]) for g in found])


@goals_app.command("load-sdgs")
@report_errors
def goals_load(force: Annotated[bool, typer.Option(help="Check every record again.")] = False) -> None:
    """Load the 17 SDGs and their 169 targets (also done by `proxenia init`); idempotent."""
    with open_services() as services:
        report = services.goals.load_sdgs(force=force)
    console.print(f"SDG goals and targets: {report['created']} loaded now, {report['existing']} already there.")


def _date(text: str | None) -> dt.date | None:
    return parse_day(text, "as_of")

