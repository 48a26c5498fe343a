"""`gsvlms gold build|correct|audit`: parse options, call `gsvlms_extract.gold`, print results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.gold.paths import (
    DEFAULT_CLAIMS,
    DEFAULT_CORRECTIONS,
    DEFAULT_GOLD_DIR,
    DEFAULT_SOURCE,
    DEFAULT_TABLE,
)

gold_app = typer.Typer(
    help="Build the gold standard from the review article; audit its prose.",
    no_args_is_help=True,
)


def _fail(exc: GsvlmsError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


@gold_app.command()
def build(
    source: Annotated[
        Path, typer.Argument(help="The review article (text or PDF).")
    ] = DEFAULT_SOURCE,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = DEFAULT_GOLD_DIR,
    corrections: Annotated[
        Path,
        typer.Option("--corrections", help="Curator verdicts (skipped if the default is absent)."),
    ] = DEFAULT_CORRECTIONS,
) -> None:
    """Parse Table 1 into table1_raw.csv, table1.csv and anomalies.csv."""
    from gsvlms_extract.gold.build import build_gold

    try:
        result = build_gold(source, out, corrections)
    except GsvlmsError as exc:
        raise _fail(exc) from None
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
        console.print(f"wrote {path}", markup=False, highlight=False)
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
        Path, typer.Option("--corrections", help="Verdict file.")
    ] = DEFAULT_CORRECTIONS,
    registry: Annotated[
        str | None,
        typer.Option(
            "--registry",
            help="Also record the verdict as a registry decision (the same record the review "
            "writes), settling a matching open conflict.",
        ),
    ] = None,
) -> None:
    """Record a curator's verdict on one cell; honoured by the next build and by load_gold."""
    from gsvlms_extract.gold.corrections import add_correction

    try:
        added = add_correction(corrections, case, field, value, reason, source)
        if registry is not None:
            from gsvlms_extract.registry import open_registry
            from gsvlms_extract.registry.decisions import record_correction

            record_correction(open_registry(registry), added)
    except GsvlmsError as exc:
        raise _fail(exc) from None
    typer.echo(f"{corrections}: case {added.case} {added.field} = {added.value!r}")
    if registry is not None:
        typer.echo(f"registry: case {added.case} {added.field} decided")


@gold_app.command()
def audit(
    gold: Annotated[Path, typer.Option("--gold", help="Normalized gold table.")] = DEFAULT_TABLE,
    claims: Annotated[Path, typer.Option("--claims", help="The review's claims.")] = DEFAULT_CLAIMS,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write results as JSON.")
    ] = None,
) -> None:
    """Recompute every summary statistic the review states and say which reproduce."""
    from gsvlms_extract.gold.audit import audit_claims, write_json
    from gsvlms_extract.gold.claims import load_claims
    from gsvlms_extract.gold.load import load_gold

    try:
        records = load_gold(gold, None)
        spec = load_claims(claims)
        results = audit_claims(records, spec)
        if json_out is not None:
            write_json(json_out, spec, results)
    except GsvlmsError as exc:
        raise _fail(exc) from None
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
