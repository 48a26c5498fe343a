"""`gsvlms run` and `gsvlms registry init|show|cases|export`. Parsing and wiring only.

The curator's verbs (conflicts, resolve, case, ...) are in cli/review.py.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.errors import GsvlmsError

registry_app = typer.Typer(help="Inspect and export the case registry.", no_args_is_help=True)

log = logging.getLogger(__name__)

RegistryOpt = Annotated[
    str,
    typer.Option(
        "--registry",
        help="Registry database: sqlite:///registry.db, a file path, or postgresql://…",
    ),
]
DEFAULT_REGISTRY = "sqlite:///registry.db"
GoldOpt = Annotated[
    Path | None,
    typer.Option("--gold", help="Gold CSV seeding a new registry (default: gold/table1.csv)."),
]


def _fail(exc: GsvlmsError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


def run(
    inbox: Annotated[
        Path, typer.Argument(help="Folder of reports (.txt .md .pdf), searched recursively.")
    ],
    registry: RegistryOpt = DEFAULT_REGISTRY,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: CPU count).", min=1)
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per document.", min=0.1)] = 120.0,
    engine: Annotated[str, typer.Option(help="process (local pool) or dask.")] = "process",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (engine dask); local cluster if omitted."),
    ] = None,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Process documents that failed in an earlier run again."
        ),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
    gold: GoldOpt = None,
) -> None:
    """Process every new report in INBOX into the registry (one transaction per document)."""
    from gsvlms_extract.batch import run_batch

    err = Console(stderr=True)
    try:
        summary = run_batch(
            inbox,
            registry,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            timeout=timeout,
            retry_failed=retry_failed,
            progress=progress,
            console=err,
            gold_table=gold,
        )
    except GsvlmsError as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: committed documents are kept; run again to resume", err=True)
        raise typer.Exit(130) from None
    summary.render(Console())


def _open(registry: str, gold: Path | None = None):  # noqa: ANN202 - Engine, imported lazily
    from gsvlms_extract.registry import open_registry

    try:
        return open_registry(registry, gold_table=gold)
    except GsvlmsError as exc:
        raise _fail(exc) from None


@registry_app.command("init")
def init(registry: RegistryOpt = DEFAULT_REGISTRY, gold: GoldOpt = None) -> None:
    """Create or migrate the registry and seed the gold cases."""
    from gsvlms_extract.registry.queries import overview

    engine = _open(registry, gold)
    info = overview(engine)
    typer.echo(f"registry ready: {info['cases']} cases, {info['tables']['documents']} documents")


@registry_app.command("show")
def show(registry: RegistryOpt = DEFAULT_REGISTRY) -> None:
    """Counts: cases by origin, review queue, documents by status, rows per table."""
    from gsvlms_extract.registry.queries import overview

    info = overview(_open(registry))
    table = Table(title="registry", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for origin, n in info["cases"].items():
        table.add_row(f"cases ({origin})", str(n))
    table.add_row("cases needing review", str(info["needs_review"]))
    for status, n in info["documents"].items():
        table.add_row(f"documents ({status})", str(n))
    table.add_row("open conflicts", str(info["open_conflicts"]))
    table.add_row("excluded patients (not GSV-LMS)", str(info["excluded_patients"]))
    for name, n in info["tables"].items():
        table.add_row(f"rows in {name}", str(n))
    Console().print(table)


@registry_app.command("cases")
def cases(
    registry: RegistryOpt = DEFAULT_REGISTRY,
    review: Annotated[bool, typer.Option("--review", help="Only cases that need review.")] = False,
    excluded: Annotated[
        bool,
        typer.Option(
            "--excluded",
            help="Patients judged not GSV-LMS (stored with their facts and the reason, "
            "filed as no case), for a curator to confirm or overrule.",
        ),
    ] = False,
) -> None:
    """One line per registry case with its main fields and status."""
    from gsvlms_extract.registry import cases_frame

    if excluded:
        _print_excluded(_open(registry))
        return
    frame = cases_frame(_open(registry))
    if review:
        frame = frame[frame["needs_review"] == "true"]
    table = Table(title=f"{len(frame)} cases", box=None, padding=(0, 1), pad_edge=False)
    for header in (
        "case",
        "author",
        "year",
        "sex/age",
        "side",
        "region",
        "mm",
        "outcome",
        "docs",
        "status",
    ):
        numeric = header in ("case", "year", "mm", "docs")
        table.add_column(
            header,
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if numeric else "left",
            max_width=14 if header == "author" else None,
        )
    for _, row in frame.iterrows():
        status = []
        if row["needs_review"] == "true":
            status.append("review")
        if int(row["open_conflicts"]):
            status.append(f"{row['open_conflicts']} confl.")
        table.add_row(
            str(row["case_id"]),
            str(row["author"]),
            str(row["year"]),
            "/".join(v for v in (str(row["sex"]), str(row["age_years"])) if v),
            str(row["side"]),
            str(row["region"]),
            str(row["size_mm"]),
            str(row["outcome"]),
            str(row["n_documents"]),
            ", ".join(status),
        )
    Console().print(table)


def _print_excluded(engine) -> None:
    from gsvlms_extract.registry.queries import excluded as list_excluded

    rows = list_excluded(engine)
    table = Table(title=f"{len(rows)} excluded patients (not GSV-LMS)", box=None, padding=(0, 1))
    for header in ("id", "document", "#", "sex/age", "side", "region", "mm", "reason"):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["extraction_id"]),
            r["path"],
            str(r["patient_index"]),
            "/".join(str(v) for v in (r.get("sex"), r.get("age_years")) if v not in (None, "")),
            str(r.get("side") or ""),
            str(r.get("region") or ""),
            str(r.get("size_mm") or ""),
            r["reason"],
        )
    Console().print(table)


@registry_app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="csv, parquet, redcap or xlsx (cases, evidence, decisions sheets)."
        ),
    ] = "csv",
    registry: RegistryOpt = DEFAULT_REGISTRY,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("."),
) -> None:
    """Write one row per case (CSV/Parquet) or a REDCap dictionary + import file."""
    from gsvlms_extract.registry import export_registry
    from gsvlms_extract.registry.export import check_format

    try:
        check_format(fmt)  # before opening (and perhaps creating) the registry
        paths = export_registry(_open(registry), fmt, out)
    except GsvlmsError as exc:
        raise _fail(exc) from None
    for path in paths:
        typer.echo(str(path))
