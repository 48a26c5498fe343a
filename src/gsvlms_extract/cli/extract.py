"""`gsvlms extract PATH... [--format jsonl|csv|table] [--output FILE]`. Parsing and wiring only."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gsvlms_extract.errors import GsvlmsError


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _render_table(cases, stream) -> None:
    from rich.console import Console
    from rich.table import Table

    from gsvlms_extract.schema import record_to_row

    table = Table(show_lines=False)
    columns = [
        "source",
        "#",
        "gsv_lms",
        "sex",
        "age_years",
        "side",
        "region",
        "size_mm",
        "presentation",
        "pain",
        "operation",
        "adjuvant",
        "metastasis",
        "followup_months",
        "outcome",
    ]
    for column in columns:
        table.add_column(column, overflow="fold")
    for case in cases:
        row = record_to_row(case)
        table.add_row(
            Path(case.source).name,
            str(case.patient_index),
            "yes" if case.is_gsv_lms else "no",
            *(row[name] for name in columns[3:]),
        )
    Console(file=stream, width=200).print(table)


def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Report files or folders (.txt .md .pdf; folders recursive)."),
    ],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="jsonl (with evidence), csv or table.")
    ] = OutputFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    patterns: Annotated[
        Path | None, typer.Option("--patterns", help="Use the rule files in this folder.")
    ] = None,
) -> None:
    """Extract one row per patient, every value with the words it came from."""
    from gsvlms_extract.extract import extract_paths
    from gsvlms_extract.extract.serialize import case_to_csv_row, case_to_json, csv_columns
    from gsvlms_extract.nlp import build_pipeline

    try:
        nlp = build_pipeline(patterns)
    except GsvlmsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    run = extract_paths(paths, nlp=nlp, progress=sys.stderr.isatty())
    buffer = io.StringIO()
    if format is OutputFormat.jsonl:
        for case in run.cases:
            buffer.write(json.dumps(case_to_json(case), ensure_ascii=False) + "\n")
    elif format is OutputFormat.csv:
        writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\n")
        writer.writeheader()
        for case in run.cases:
            writer.writerow(case_to_csv_row(case))
    else:
        _render_table(run.cases, buffer)
    if output is not None:
        try:
            output.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: {output}: cannot write ({exc.strerror})", err=True)
            raise typer.Exit(1) from None
    else:
        sys.stdout.write(buffer.getvalue())
    for path, reason in run.failures:
        typer.echo(f"error: {path}: {reason}", err=True)
    if run.failures:
        raise typer.Exit(1)
