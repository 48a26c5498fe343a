"""`gsvlms search`, `gsvlms fetch` and `gsvlms screen`: find reports the registry lacks.

Parsing and wiring only; the work is in `gsvlms_extract.discover`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gsvlms_extract.cli.registry import DEFAULT_REGISTRY, RegistryOpt
from gsvlms_extract.errors import GsvlmsError

__all__ = ["search", "fetch", "screen"]

SourceOpt = Annotated[
    str,
    typer.Option("--source", help="europepmc (Europe PMC REST) or pubmed (NCBI E-utilities)."),
]
LimitOpt = Annotated[int, typer.Option("--limit", help="Most results to list.", min=1)]


def _held(registry: str) -> dict[str, set[str]] | None:
    """Identifiers the registry holds; None when there is no registry there yet."""
    from gsvlms_extract.registry.articles import held_identifiers
    from gsvlms_extract.registry.db import normalize_url, open_registry

    url = normalize_url(registry)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    engine = open_registry(url)
    try:
        return held_identifiers(engine)
    finally:
        engine.dispose()


def _hits(query: str, source: str, limit: int, registry: str):
    from gsvlms_extract.discover import search as run_search

    held = _held(registry)
    return run_search(query, source=source, limit=limit, held=held or {}), held is not None


def search(
    query: Annotated[str, typer.Argument(help="Search terms, in the service's query syntax.")],
    source: SourceOpt = "europepmc",
    limit: LimitOpt = 50,
    registry: RegistryOpt = DEFAULT_REGISTRY,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the hits as JSON here.")
    ] = None,
) -> None:
    """List candidate reports: title, year, open access, and whether the registry has them."""
    try:
        hits, known = _hits(query, source, limit, registry)
    except GsvlmsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    table = Table(title=f"{len(hits)} hit(s) for {query!r} ({source})")
    for column in ("year", "first author", "title", "open access", "id", "in registry"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(
            str(hit.year or ""),
            hit.first_author or "",
            hit.title,
            {True: "yes", False: "no", None: "?"}[hit.open_access],
            hit.pmcid or (f"PMID {hit.pmid}" if hit.pmid else hit.doi or ""),
            ("yes" if hit.in_registry else "no") if known else "(no registry)",
        )
    Console().print(table)
    if json_out is not None:
        json_out.write_text(json.dumps([h.as_dict() for h in hits], indent=2), encoding="utf-8")
        typer.echo(f"wrote {json_out}")


def fetch(
    query: Annotated[str, typer.Argument(help="Search terms (as for gsvlms search).")],
    inbox: Annotated[Path, typer.Option("--inbox", help="Folder the files go into.")] = Path(
        "inbox"
    ),
    source: SourceOpt = "europepmc",
    limit: LimitOpt = 50,
    registry: RegistryOpt = DEFAULT_REGISTRY,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also fetch the rendered PDF.")] = False,
) -> None:
    """Download the open-access full text (JATS XML) of each hit the registry lacks."""
    from gsvlms_extract.discover import fetch_articles

    try:
        hits, _ = _hits(query, source, limit, registry)
        outcomes = fetch_articles(hits, inbox, source=source, pdf=pdf)
    except GsvlmsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status == "fetched":
            typer.echo(f"fetched {outcome.key}: {', '.join(outcome.files)}")
        elif outcome.status == "failed":
            typer.echo(f"failed {outcome.key}: {outcome.reason}", err=True)
    reasons: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status in ("skipped", "present"):
            reasons[outcome.reason] = reasons.get(outcome.reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        typer.echo(f"skipped {count}: {reason}")
    typer.echo(
        f"{counts.get('fetched', 0)} fetched into {inbox}, "
        f"{counts.get('skipped', 0) + counts.get('present', 0)} skipped, "
        f"{counts.get('failed', 0)} failed"
    )
    if counts.get("failed"):
        raise typer.Exit(1)


def screen(
    paths: Annotated[list[Path], typer.Argument(help="Folders or files of a bulk dump.")],
    out: Annotated[
        Path, typer.Option("--out", help="Candidates with their reasons (JSON lines).")
    ] = Path("candidates.jsonl"),
    workers: Annotated[
        int | None, typer.Option("--workers", help="Processes (default: CPU count).")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="process or dask.")] = "process",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786).")
    ] = None,
    prefilter_only: Annotated[
        bool, typer.Option("--prefilter-only", help="Stop after the keyword prefilter.")
    ] = False,
) -> None:
    """Find GSV-LMS reports in a dump: keyword prefilter, then the full pipeline on candidates."""
    from gsvlms_extract.discover import screen_paths

    try:
        result = screen_paths(
            paths, workers=workers, engine=engine, scheduler=scheduler, full=not prefilter_only
        )
    except GsvlmsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    with out.open("w", encoding="utf-8") as handle:
        for candidate in result.candidates:
            handle.write(json.dumps(candidate.as_dict(), sort_keys=True) + "\n")
    rate = result.n_files / result.prefilter_seconds if result.prefilter_seconds else 0.0
    typer.echo(
        f"screened {result.n_files} files in {result.prefilter_seconds:.1f} s ({rate:.0f}/s): "
        f"{len(result.candidates)} candidates"
        + ("" if prefilter_only else f", {len(result.confirmed)} GSV-LMS by the full pipeline")
        + f"; wrote {out}"
    )
    failed = [c for c in result.candidates if c.error]
    for candidate in failed:
        typer.echo(f"failed {candidate.error}", err=True)
    if failed or result.n_unreadable:
        raise typer.Exit(1)
