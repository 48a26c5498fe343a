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

from gsvlms_extract.cli.common import fail, one_line_errors, quiet

STDIN = "-"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _render_table(cases, stream) -> None:
    from rich.console import Console
    from rich.table import Table

    from gsvlms_extract.fields import table_columns
    from gsvlms_extract.schema import record_to_row

    table = Table(show_lines=False)
    columns = table_columns()
    for header in ("source", "#", "gsv_lms", *(header for header, _ in columns)):
        table.add_column(header, overflow="fold")
    for case in cases:
        row = record_to_row(case)
        table.add_row(
            Path(case.source).name,
            str(case.patient_index),
            "yes" if case.is_gsv_lms else "no",
            *(row[name] for _, name in columns),
        )
    Console(file=stream, width=200).print(table)


def _from_stdin(nlp):  # noqa: ANN001, ANN202 - spaCy Language, ExtractionRun
    from gsvlms_extract.extract import ExtractionRun, extract_document
    from gsvlms_extract.ingest import document_from_stream

    run = ExtractionRun()
    document = document_from_stream(sys.stdin.buffer, "<stdin>")
    run.cases.extend(extract_document(document, nlp))
    run.documents = 1
    return run


def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Report files or folders (.txt .md .pdf; folders recursive); - reads one "
            "report from stdin.",
            show_default=False,
        ),
    ],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="jsonl (with evidence), csv or table.")
    ] = OutputFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    patterns: Annotated[
        Path | None,
        typer.Option(
            "--patterns", envvar="GSVLMS_PATTERNS", help="Use the rule files in this folder."
        ),
    ] = None,
) -> None:
    """Extract one row per patient, every value with the words it came from.

    Files that cannot be read are listed on stderr as "error: FILE: reason"; the others still
    come out, and the exit status is 1.
    """
    from gsvlms_extract.extract import extract_paths
    from gsvlms_extract.extract.serialize import case_to_csv_row, case_to_json, csv_columns
    from gsvlms_extract.nlp import build_pipeline
    from gsvlms_extract.spreadsheet import neutralize

    with one_line_errors():
        try:
            nlp = build_pipeline(patterns)
        except (ValueError, KeyError, TypeError) as exc:  # spaCy refusing a rule pattern
            where = patterns or "patterns"
            raise fail(f"{where}: invalid rule pattern ({str(exc).strip()})") from None
        if paths == [STDIN]:
            run = _from_stdin(nlp)
        else:
            if STDIN in paths:
                raise fail("- (stdin) cannot be combined with files")
            run = extract_paths(paths, nlp=nlp, progress=sys.stderr.isatty() and not quiet())
    buffer = io.StringIO()
    if format is OutputFormat.jsonl:
        for case in run.cases:
            buffer.write(json.dumps(case_to_json(case), ensure_ascii=False) + "\n")
    elif format is OutputFormat.csv:
        writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\n")
        writer.writeheader()
        for case in run.cases:  # file names and free text must not run as formulas
            writer.writerow({k: neutralize(v) for k, v in case_to_csv_row(case).items()})
    else:
        _render_table(run.cases, buffer)
    if output is not None:
        try:
            output.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise fail(f"{output}: cannot write ({exc.strerror})") from None
    else:
        sys.stdout.write(buffer.getvalue())
    for path, reason in run.failures:
        typer.echo(f"error: {path}: {reason}", err=True)
    if run.failures:
        raise typer.Exit(1)
