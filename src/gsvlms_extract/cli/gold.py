"""`gsvlms gold build|correct|audit`: parse options, call `gsvlms_extract.gold`, print results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.cli.common import GoldOpt, diagnostics, one_line_errors

gold_app = typer.Typer(
    help="Build the gold standard from the review article; audit its prose.",
    no_args_is_help=True,
)


@gold_app.command()
def build(
    source: Annotated[
        Path | None,
        typer.Argument(
            help="The review article (text or PDF). "
            "[default: corpus/seed/gsv_lms_review_2024.txt here, else the packaged copy]",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory. [default: $GSVLMS_GOLD_DIR, else ./gold]",
            show_default=False,
        ),
    ] = None,
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            help="Curator verdicts. [default: gold/corrections.yaml here, else the packaged "
            "verdicts]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Parse Table 1 into table1_raw.csv, table1.csv and anomalies.csv."""
    from gsvlms_extract.gold.build import build_gold
    from gsvlms_extract.gold.paths import default_source, local_dir

    with one_line_errors():
        result = build_gold(
            source or default_source(),
            out or local_dir(),
            corrections if corrections is not None else "",
        )
    console = Console(width=160)
    for applied in result.applied:
        c = applied.correction
        status = "applied" if applied.changed else "already in effect"
        console.print(
            f"correction {status}: case {c.case} {c.field} = {c.value!r} "
            f"(printed {applied.raw!r}, rules gave {applied.normalized!r}); {c.reason}",
            markup=False,
            highlight=False,
        )
    table = Table(title=f"{len(result.anomalies)} anomalies in Table 1 (curator to review)")
    for column in ("case", "column", "raw", "problem"):
        table.add_column(column, overflow="fold")
    for a in result.anomalies:
        table.add_row(str(a.case), a.column, a.raw, a.problem)
    console.print(table)
    for path in result.written:
        diagnostics(f"wrote {path}")
    console.print(f"{len(result.records)} cases", highlight=False)


@gold_app.command()
def correct(
    case: Annotated[int, typer.Argument(help="Case number in Table 1.")],
    field: Annotated[str, typer.Argument(help="CaseRecord field, e.g. metastasis.")],
    value: Annotated[
        str,
        typer.Argument(
            help="Value in CSV cell form: 'liver;lung', 'none' (empty list), 'true', 60, NA."
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", help="Why (one sentence a curator can check).")
    ],
    source: Annotated[
        str, typer.Option("--source", help="What the verdict rests on (article, page, cell).")
    ] = "curator verdict",
    corrections: Annotated[
        Path | None,
        typer.Option(
            "--corrections",
            help="Verdict file. [default: gold/corrections.yaml under $GSVLMS_GOLD_DIR or here; "
            "created from the packaged verdicts the first time]",
            show_default=False,
        ),
    ] = None,
    gold: GoldOpt = None,
    registry: Annotated[
        str | None,
        typer.Option(
            "--registry",
            help="Also record the verdict as a registry decision (the same record the review "
            "writes), settling a matching open conflict.",
        ),
    ] = None,
) -> None:
    """Record a curator's verdict on one cell; honoured by the next build and by load_gold.

    The case must be in the gold table (--gold, else table1.csv beside the verdict file, else
    the default table) and the value must fit the field's vocabulary and range.
    """
    from gsvlms_extract.gold.corrections import add_correction
    from gsvlms_extract.gold.load import read_table
    from gsvlms_extract.gold.paths import TABLE, default_path, writable_corrections

    with one_line_errors():
        path = corrections if corrections is not None else writable_corrections()
        if gold is None:
            beside = path.parent / TABLE
            gold = beside if beside.exists() else default_path(TABLE)
        added = add_correction(
            path, case, field, value, reason, source, gold=read_table(gold), table=gold
        )
        if registry is not None:
            from gsvlms_extract.registry import open_registry
            from gsvlms_extract.registry.decisions import record_correction

            record_correction(open_registry(registry), added)
    typer.echo(f"{path}: case {added.case} {added.field} = {added.value!r}")
    if registry is not None:
        typer.echo(f"registry: case {added.case} {added.field} decided")


@gold_app.command()
def audit(
    gold: GoldOpt = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="The review's claims. [default: gold/review_claims.yaml here, else packaged]",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write results as JSON.")
    ] = None,
) -> None:
    """Recompute every summary statistic the review states and say which reproduce."""
    from gsvlms_extract.gold.audit import audit_claims, write_json
    from gsvlms_extract.gold.claims import load_claims
    from gsvlms_extract.gold.load import load_gold
    from gsvlms_extract.gold.paths import CLAIMS, TABLE, default_path

    with one_line_errors():
        gold = gold or default_path(TABLE)
        records = load_gold(gold, None)
        spec = load_claims(claims or default_path(CLAIMS))
        results = audit_claims(records, spec)
        if json_out is not None:
            write_json(json_out, spec, results)
    console = Console(width=200)
    for line in spec.conventions:
        console.print(f"convention: {line}", markup=False, highlight=False)
    table = Table(title=f"Review claims recomputed from {gold}")
    for column in ("id", "quote", "printed", "recomputed", "reproduces", "difference", "note"):
        table.add_column(column, overflow="fold")
    for r in results:
        table.add_row(
            r.id,
            r.quote_short,
            r.printed,
            r.recomputed_text,
            "yes" if r.reproduces else "NO",
            r.difference_text,
            r.note,
        )
    console.print(table)
    failed = [r.id for r in results if not r.reproduces]
    console.print(
        f"{len(results) - len(failed)} of {len(results)} claims reproduce; "
        f"not reproduced: {', '.join(failed) or 'none'}",
        markup=False,
        highlight=False,
    )
