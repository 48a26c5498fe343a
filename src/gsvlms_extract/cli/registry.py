"""`gsvlms run` and `gsvlms registry init|show|cases|export|push-redcap`. Parsing and wiring
only. The curator's verbs (conflicts, resolve, case, ...) are in cli/review.py.

``run`` and ``registry init`` create a registry where none exists; every other verb refuses a
location without a registry (a mistyped path is reported, not created).
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.cli.common import (
    DEFAULT_REGISTRY,
    EXIT_FAILED,
    GoldOpt,
    RegistryOpt,
    diagnostics,
    fail,
    one_line_errors,
    quiet,
)
from gsvlms_extract.errors import GsvlmsError

registry_app = typer.Typer(help="Inspect, export and push the case registry.", no_args_is_help=True)

log = logging.getLogger(__name__)


class Engine(StrEnum):
    process = "process"
    dask = "dask"


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    redcap = "redcap"
    xlsx = "xlsx"


def run(
    inbox: Annotated[
        Path, typer.Argument(help="Folder of reports (.txt .md .pdf), searched recursively.")
    ],
    registry: RegistryOpt = DEFAULT_REGISTRY,
    workers: Annotated[
        int | None,
        typer.Option(envvar="GSVLMS_WORKERS", help="Worker processes (default: CPU count).", min=1),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(envvar="GSVLMS_TIMEOUT", help="Seconds allowed per document.", min=0.1),
    ] = 120.0,
    engine: Annotated[Engine, typer.Option(help="process (local pool) or dask.")] = Engine.process,
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
    max_input_mb: Annotated[
        int | None,
        typer.Option(
            envvar="GSVLMS_MAX_INPUT_MB",
            help="Largest file read, in MB; larger ones are recorded as failed. [default: 256]",
            min=1,
            show_default=False,
        ),
    ] = None,
    max_memory_mb: Annotated[
        int | None,
        typer.Option(
            envvar="GSVLMS_MAX_MEMORY_MB",
            help="Memory cap of each worker process, in MB (0: none). [default: 2048]",
            min=0,
            show_default=False,
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            help="Folder name under INBOX not to walk into (repeatable), e.g. --skip test.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Process every new report in INBOX into the registry (one transaction per document).

    Exit status 1 when any document failed (each is recorded with its reason; the others are
    written).
    """
    from gsvlms_extract.batch import run_batch as _run_batch
    from gsvlms_extract.errors import RegistryError
    from gsvlms_extract.ingest.limits import Limits
    from gsvlms_extract.registry.db import normalize_url, redacted, registry_exists

    err = Console(stderr=True)
    with one_line_errors():
        limits = Limits.from_env(max_input_mb)
        new = not registry_exists(registry)
        try:
            summary = _run_batch(
                inbox,
                registry,
                workers=workers,
                engine=engine.value,
                scheduler=scheduler,
                timeout=timeout,
                retry_failed=retry_failed,
                progress=progress and not quiet(),
                console=err,
                gold_table=gold,
                limits=limits,
                memory_mb=max_memory_mb,
                skip_dirs=skip or (),
            )
        except RegistryError as exc:  # the run could not be closed: show what it did first
            partial = getattr(exc, "summary", None)
            if partial is not None:
                partial.render(Console(), Console(stderr=True, quiet=quiet()))
            raise
    if new:
        diagnostics(f"created a new registry at {redacted(normalize_url(registry))}")
    summary.render(Console(), Console(stderr=True, quiet=quiet()))
    if summary.n_failed:
        raise typer.Exit(EXIT_FAILED)


def _fail(exc: GsvlmsError) -> typer.Exit:
    """One ``error:`` line for ``exc``; the exit to raise (for verbs that catch themselves)."""
    return fail(str(exc))


def _open(  # noqa: ANN202 - Engine, imported lazily
    registry: str, *, create: bool = False, write: bool = True, gold: Path | None = None
):
    """The registry engine; ``write=False`` for verbs that only read (nothing is written when
    the registry is at the code's schema, so a read-only registry can be shown)."""
    from gsvlms_extract.registry import open_registry

    with one_line_errors():
        return open_registry(registry, create=create, write=write or create, gold_table=gold)


@registry_app.command("init")
def init(registry: RegistryOpt = DEFAULT_REGISTRY, gold: GoldOpt = None) -> None:
    """Create or migrate the registry and seed the gold cases."""
    from gsvlms_extract.registry.queries import overview

    engine = _open(registry, create=True, gold=gold)
    with one_line_errors():
        info = overview(engine)
    typer.echo(f"registry ready: {info['cases']} cases, {info['tables']['documents']} documents")


@registry_app.command("show")
def show(registry: RegistryOpt = DEFAULT_REGISTRY) -> None:
    """Counts: cases by origin, review queue, documents by status, rows per table."""
    from gsvlms_extract.registry.queries import overview

    engine = _open(registry, write=False)
    with one_line_errors():
        info = overview(engine)
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


#: (header, frame column(s)) of `registry cases`; the case fields' headers come from
#: `gsvlms_extract.fields` (sex/age share a column).
_NUMERIC = ("case", "year", "mm", "docs")


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
    from gsvlms_extract.fields import FIELDS
    from gsvlms_extract.registry import cases_frame

    engine = _open(registry, write=False)
    if excluded:
        with one_line_errors():
            _print_excluded(engine)
        return
    with one_line_errors():
        frame = cases_frame(engine)
    if review:
        frame = frame[frame["needs_review"] == "true"]
    shown = ("case_id", "author", "year", "sex", "side", "region", "size_mm", "outcome")
    headers = [FIELDS[name].column or name for name in shown]
    headers[headers.index("sex")] = "sex/age"
    headers[headers.index("size_mm")] = "mm"
    table = Table(title=f"{len(frame)} cases", box=None, padding=(0, 1), pad_edge=False)
    for header in (*headers, "docs", "status"):
        table.add_column(
            header,
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if header in _NUMERIC else "left",
            max_width=14 if header == "author" else None,
        )
    for _, row in frame.iterrows():
        status = []
        if row["needs_review"] == "true":
            status.append("review")
        if int(row["open_conflicts"]):
            status.append(f"{row['open_conflicts']} confl.")
        cells = [str(row[name]) for name in shown]
        cells[shown.index("sex")] = "/".join(
            v for v in (str(row["sex"]), str(row["age_years"])) if v
        )
        table.add_row(*cells, str(row["n_documents"]), ", ".join(status))
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


_REDCAP_SETUP = (
    "REDCap: before importing {data}, set the project's Missing Data Codes "
    "(Project Setup > Additional customizations > Missing Data Codes) to: {codes}; "
    "otherwise REDCap rejects the import. Upload {dictionary} first as the data dictionary."
)


@registry_app.command("export")
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", help="csv, parquet, redcap or xlsx (cases, evidence, decisions sheets)."
        ),
    ] = ExportFormat.csv,
    registry: RegistryOpt = DEFAULT_REGISTRY,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("."),
) -> None:
    """Write one row per case (CSV/Parquet) or a REDCap dictionary + import file.

    The written files are listed on stdout; for REDCap, the Missing Data Codes setup step
    the import needs is printed on stderr.
    """
    from gsvlms_extract.registry import export_registry
    from gsvlms_extract.registry.redcap import MISSING_DATA_CODES_SETTING

    engine = _open(registry, write=False)
    with one_line_errors():
        paths = export_registry(engine, fmt.value, out)
    for path in paths:
        typer.echo(str(path))
    if fmt is ExportFormat.redcap:
        diagnostics(
            _REDCAP_SETUP.format(
                data=paths[-1],
                dictionary=paths[0],
                codes=MISSING_DATA_CODES_SETTING.replace("\n", " | "),
            )
        )


@registry_app.command("push-redcap")
def push_redcap(
    url: Annotated[
        str,
        typer.Option(
            "--url",
            envvar="REDCAP_API_URL",
            help="The project's API endpoint, e.g. https://redcap.example.org/api/",
        ),
    ],
    registry: RegistryOpt = DEFAULT_REGISTRY,
    token_env: Annotated[
        str,
        typer.Option(
            "--token-env", help="Environment variable holding the API token (never an option)."
        ),
    ] = "REDCAP_API_TOKEN",
    dictionary: Annotated[
        bool,
        typer.Option("--dictionary", help="Upload the data dictionary first (a new project)."),
    ] = False,
) -> None:
    """Import every registry case into a REDCap project through its API (PyCap)."""
    from gsvlms_extract.registry.redcap_push import push_redcap as push
    from gsvlms_extract.registry.redcap_push import token_from_env

    engine = _open(registry, write=False)
    with one_line_errors():
        result = push(engine, url, token_from_env(token_env), dictionary=dictionary)
    if result.dictionary_fields:
        typer.echo(f"{result.project}: data dictionary of {result.dictionary_fields} fields")
    typer.echo(f"{result.project}: {result.records} records imported")
