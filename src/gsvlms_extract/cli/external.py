"""`gsvlms evaluate-external`: score extraction on an external labelled set (real reports)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from gsvlms_extract.errors import GsvlmsError


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def evaluate_external(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Folder with <id>.txt reports and labels.yaml "
            "[default: corpus/external/maccrobat2020-dev].",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the machine-readable result here.")
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Problems listed in the terminal.")] = 10,
    progress: Annotated[bool, typer.Option("--progress", help="Show extraction progress.")] = False,
) -> None:
    """Score age, sex, size and outcome on real case reports labelled from human annotations."""
    from gsvlms_extract.reconcile.external import DEFAULT_EXTERNAL_SET, evaluate_external

    where = path or DEFAULT_EXTERNAL_SET
    try:
        score = evaluate_external(where, progress=progress)
    except GsvlmsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    console = Console()
    table = Table(
        title=f"gsvlms evaluate-external: {where}",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        collapse_padding=True,
        pad_edge=False,
    )
    columns = ("labelled", "emitted", "right", "wrong", "missed", "acc", "unstated", "emitted*")
    table.add_column("field", no_wrap=True, min_width=9)
    for name in columns:
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for name, counts in score.fields.items():
        table.add_row(
            name,
            *(
                str(n) if n or counts.labelled else "-"
                for n in (counts.labelled, counts.emitted, counts.right, counts.wrong)
            ),
            str(counts.missed) if counts.labelled else "-",
            _percent(counts.accuracy),
            str(counts.unstated),
            str(counts.unstated_emitted),
        )
    console.print(table)
    console.print(
        "emitted* = values emitted for facts the annotation shows the text does not state; "
        "unjudged values (no label): "
        + ", ".join(f"{n} {c.unjudged_emitted}" for n, c in score.fields.items())
    )
    console.print(
        f"{score.documents} documents, {score.patients} patients "
        f"({score.extra_patients} extra), {score.gsv_lms_flagged} flagged GSV-LMS, "
        f"{len(score.failures)} failed"
    )
    for problem in score.problems[:top]:
        console.print(
            f"{problem.doc_id} {problem.field} {problem.kind}: got {problem.got!r}, "
            f"label {problem.expected!r} [{problem.rule_id}] {problem.sentence or ''}",
            markup=False,
            highlight=False,
        )
    for failed, reason in score.failures:
        typer.echo(f"error: {failed}: {reason}", err=True)
    if json_out is not None:
        try:
            json_out.write_text(json.dumps(score.to_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: {json_out}: {exc.strerror}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"wrote {json_out}")
    if score.failures:
        raise typer.Exit(1)
