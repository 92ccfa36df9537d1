"""``proxenia engine …``: the transferability engine — evaluate it on a diffusion data set, train it on
the installation's adoption history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from proxenia.cli.context import console, err_console, open_services, report_errors
from proxenia.cli.output import RichProgress, print_json, print_table
from proxenia.domain.errors import InvalidInput
from proxenia.services.practices.engine_evaluation import evaluate_files

engine_app = typer.Typer(
    help="The transferability engine: who adopts a practice next, learned from adoption history.",
    no_args_is_help=True,
)
JSON = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _fmt_interval(value: float | None, interval: list[float] | None) -> str:
    return _fmt(value) if interval is None else f"{_fmt(value)} [{interval[0]:.3f}, {interval[1]:.3f}]"


def _fmt_lead(interval: list[float] | None) -> str:
    return "n/a" if interval is None else f"{interval[0]:+.3f} to {interval[1]:+.3f}"


def _print_notes(notes: list[str]) -> None:
    for note in notes:  # on standard error: the JSON on standard output stays one object
        err_console.print(f"[bold]Note:[/] {note}")


@engine_app.command("evaluate")
@report_errors
def evaluate(
    adoptions: Annotated[
        Path, typer.Option("--adoptions", help="A: the practices to predict (statenam,policy,adopt_year).")
    ],
    policies: Annotated[
        Path, typer.Option("--policies", help="P: practice descriptions (policy,...,description,majortopic).")
    ],
    history: Annotated[Path, typer.Option("--history", help="H: the training history (statenam,policy,adopt_year).")],
    json_output: JSON = False,
    intervals: Annotated[
        bool,
        typer.Option(
            "--intervals",
            help="Add 95% bootstrap intervals over the practices: of every figure, and of the engine's lead "
            'over each baseline (JSON: an "intervals" object).',
        ),
    ] = False,
) -> None:
    """Score the engine on a diffusion data set (AUC, hit@5, MRR beside three baselines).

    At every adoption year of A's practices, every government of A and H that had not adopted yet is
    ranked using earlier adoptions only; the engine is compared with random, nearest-neighbours and
    innovativeness rankings."""
    notes: list[str] = []
    try:
        result = evaluate_files(adoptions, policies, history, progress=None if json_output else RichProgress(),
                                intervals=intervals, notes=notes)
    except InvalidInput as exc:  # a bad file: say where (file, row, column), exit 1
        _print_notes(notes)  # what the reading changed before it failed may be why it failed
        for problem in exc.problems:
            err_console.print(f"[bold red]Error:[/] {problem}")
        raise typer.Exit(1) from None
    _print_notes(notes)
    if json_output:
        print_json(result)
        return
    metrics = ("auc", "hit5", "mrr")
    bounds = result.get("intervals")
    rankers = [("engine", result["engine"], bounds["engine"] if bounds else None)]
    rankers += [
        (f"baseline: {name}", values, bounds["baselines"][name] if bounds else None)
        for name, values in result["baselines"].items()
    ]
    rows: list[tuple[Any, ...]] = [
        (label, *(_fmt_interval(values[m], spans[m] if spans else None) for m in metrics))
        for label, values, spans in rankers
    ]
    print_table(f"Who adopts next: {result['events']:,} events", ["ranking", "AUC", "hit@5", "MRR"], rows)
    if bounds:
        print_table(
            f"The engine's lead: {bounds['level']:.0%} intervals over {bounds['samples']:,} resamples of the "
            f"{bounds['practices']:,} practices",
            ["over", "AUC", "hit@5", "MRR"],
            [(name, *(_fmt_lead(lead[m]) for m in metrics)) for name, lead in bounds["engine_minus"].items()],
        )


@engine_app.command("train")
@report_errors
def train(json_output: JSON = False) -> None:
    """Learn from every adoption the installation holds and save the model in the data folder.

    Recommendations (for a challenge, and of who adopts a practice next) then come from the engine,
    with their reasons; until then the text-match ranking serves."""
    with open_services() as services:
        report = services.engine.train(None if json_output else RichProgress())
    if json_output:
        print_json(report)
        return
    print_table(
        "Learned from",
        ["what", "count"],
        [
            ("adoptions (dated)", f"{report.adoptions:,}"),
            ("practices", f"{report.practices:,}"),
            ("governments", f"{report.governments:,}"),
            ("training events", f"{report.events:,}"),
        ],
    )
    print_table(
        "What drives adoption (learned weights, most important first)",
        ["factor", "weight", "importance"],
        [(w.label, f"{w.weight:+.3f}", f"{w.importance:.3f}") for w in report.weights],
    )
    console.print(f"Model saved to {report.path}")
