"""`gsvlms evaluate`: score extraction against Table 1; terminal, JSON and HTML reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gsvlms_extract.cli.common import EXIT_FAILED, GoldOpt, diagnostics, fail, one_line_errors
from gsvlms_extract.reconcile.link import DEFAULT_THRESHOLD

DEFAULT_CORPUS = Path("corpus")


def evaluate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report files or folders. [default: the development corpus: corpus/ in the "
            "working directory without its separately measured parts test/, dev_real/, "
            "external/, pdf_producers/]",
            show_default=False,
        ),
    ] = None,
    gold: GoldOpt = None,
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            help="Curator verdicts (applied). [default: the default verdicts, or "
            "corrections.yaml beside --gold, if any]",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the JSON report here.")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write the HTML report here.")
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Link confidence threshold (0-1).")
    ] = DEFAULT_THRESHOLD,
    top: Annotated[int, typer.Option("--top", help="Disagreements shown in the terminal.")] = 10,
    progress: Annotated[bool, typer.Option("--progress", help="Show extraction progress.")] = False,
    registry: Annotated[
        str | None,
        typer.Option(
            "--registry",
            help="Also apply the registry's curator decisions on Table 1 cases as verdicts.",
        ),
    ] = None,
) -> None:
    """Extract the reports, link each patient to a Table 1 case and score every field.

    Exit status 1 when a report could not be read (it is listed on stderr; the others are
    scored).
    """
    from gsvlms_extract.reconcile.run import SEPARATE_PARTS, evaluate_paths
    from gsvlms_extract.reports import build_report, render_terminal, write_html, write_json

    if not paths and not DEFAULT_CORPUS.is_dir():
        raise fail(
            f"{DEFAULT_CORPUS}: no such folder here; name the report files or folders to "
            "evaluate (gsvlms evaluate DIR...)"
        )
    with one_line_errors():
        extra = []
        if registry is not None:
            from gsvlms_extract.registry import open_registry
            from gsvlms_extract.registry.decisions import registry_corrections

            extra = registry_corrections(open_registry(registry, write=False))
        evaluation = evaluate_paths(
            paths or [DEFAULT_CORPUS],
            gold=gold,
            corrections=corrections if corrections is not None else "",
            threshold=threshold,
            progress=progress,
            skip_dirs=() if paths else SEPARATE_PARTS,
            extra_verdicts=extra,
        )
        report = build_report(evaluation)
        render_terminal(report, Console(), top=top)
        if json_out is not None:
            write_json(report, json_out)
            diagnostics(f"wrote {json_out}")
        if html_out is not None:
            write_html(report, html_out)
            diagnostics(f"wrote {html_out}")
    for path, reason in evaluation.failures:
        typer.echo(f"error: {path}: {reason}", err=True)
    if evaluation.failures:
        raise typer.Exit(EXIT_FAILED)
