"""`run_batch`: a folder of reports into the registry.

Steps: find supported files under the inbox (sorted) → hash each and skip those the registry
already holds (or that repeat a file earlier in this run) → process the rest in parallel
workers → write each document's results from this (parent) process, one transaction per
document, in inbox order by format (XML, text, PDF, HTML: of one article in several formats the
best is read, the others are recorded as copies, `registry.articles`) → close the ``runs`` row
with the summary.

Resuming: every committed document is final, so after Ctrl-C or ``kill -9`` a re-run skips the
committed ones by sha256 and processes the rest. Failed documents stay recorded as failed and
are skipped on later runs (the same folder twice changes nothing); ``retry_failed=True``
(``gsvlms run --retry-failed``) processes them again and updates their row in place. A document
that was in flight when the run was killed was never committed, so it is simply processed again.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import Engine

from gsvlms_extract.batch.engines import dask_results, process_pool_results
from gsvlms_extract.batch.summary import RunSummary
from gsvlms_extract.batch.worker import Task, init_worker, init_worker_linking, process_document
from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.ingest.loader import SUPPORTED_SUFFIXES as INGEST_SUFFIXES
from gsvlms_extract.registry.db import open_registry
from gsvlms_extract.registry.runs import finish_run, start_run
from gsvlms_extract.registry.store import (
    CaseCache,
    DocumentOutcome,
    DocumentResult,
    Linker,
    known_documents,
    record_document,
)

__all__ = ["SUPPORTED_SUFFIXES", "ENGINES", "find_documents", "run_batch"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset(INGEST_SUFFIXES)
#: files are read best format first (`ingest.identifiers.FORMAT_RANK`), so that of one article
#: in several formats the best is read and the others are recorded as its copies
_SUFFIX_RANK = {".nxml": 0, ".xml": 0, ".txt": 1, ".md": 1, ".pdf": 2, ".html": 3, ".htm": 3}
ENGINES = ("process", "dask")


def find_documents(inbox: str | Path) -> list[Path]:
    """Every supported file under ``inbox`` (or ``inbox`` itself), hidden ones left out, sorted."""
    root = Path(inbox)
    if root.is_file():
        return [root] if root.suffix.lower() in SUPPORTED_SUFFIXES else []
    if not root.is_dir():
        raise GsvlmsError(f"{root}: inbox does not exist")
    found = [
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _sha256(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), path.stat().st_size


def _default_linker() -> Linker:
    from gsvlms_extract.reconcile import link_cases

    return link_cases


def _plan(
    files: list[Path], known: dict[str, str], retry_failed: bool, timeout: float | None
) -> tuple[list[Task], list[DocumentOutcome]]:
    tasks: list[Task] = []
    skipped: list[DocumentOutcome] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            sha, size = _sha256(path)
        except OSError as exc:
            # Unreadable: let the worker record the failure with the ingest stage's message.
            tasks.append(Task(str(path), f"unreadable:{path}", 0, timeout))
            log.warning("%s: cannot hash (%s)", path, exc.strerror)
            continue
        status = known.get(sha)
        if sha in seen:
            skipped.append(DocumentOutcome(str(path), "skipped", f"same content as {seen[sha]}"))
        elif status == "ok":
            skipped.append(
                DocumentOutcome(str(path), "skipped", "already in registry (same sha256)")
            )
        elif status == "failed" and not retry_failed:
            skipped.append(
                DocumentOutcome(str(path), "skipped", "failed before (use --retry-failed)")
            )
        else:
            tasks.append(Task(str(path), sha, size, timeout))
        seen.setdefault(sha, str(path))
    return tasks, skipped


def _record(
    db: Engine, result: DocumentResult, run_id: int, linker: Linker, cache: CaseCache
) -> DocumentOutcome:
    """Write one result; a document whose results cannot be linked is recorded as failed."""
    try:
        return record_document(db, result, run_id=run_id, linker=linker, cache=cache)
    except (GsvlmsError, ValueError, KeyError) as exc:
        log.warning("%s: cannot write results (%s)", result.path, exc)
        failed = replace(
            result,
            status="failed",
            cases=[],
            sections={},
            error=f"{result.path}: cannot link or write results ({exc})",
        )
        return record_document(db, failed, run_id=run_id, linker=linker, cache=cache)


def _progress(console: Console | None, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]gsvlms run"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def run_batch(
    inbox: str | Path,
    registry_url: str = "sqlite:///registry.db",
    *,
    workers: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    timeout: float | None = 120.0,
    retry_failed: bool = False,
    gold_table: str | Path | None = None,
    progress: bool = True,
    console: Console | None = None,
    process: Callable[[Task], DocumentResult] = process_document,
    initializer: Callable[[], None] | None = init_worker,
    linker: Linker | None = None,
) -> RunSummary:
    """Process every new report under ``inbox`` into the registry at ``registry_url``.

    Args:
        inbox: folder (searched recursively) or single file; .txt, .md, .pdf, .nxml/.xml and
            .html are read (best format first: one article's other files become copies).
        registry_url: SQLAlchemy URL or SQLite path; created and migrated when needed.
        workers: worker processes (default: CPU count).
        engine: ``process`` (local process pool) or ``dask`` (distributed).
        scheduler: Dask scheduler address (``tcp://host:8786``); a local cluster when None.
        timeout: seconds allowed per document; None for no limit.
        retry_failed: process documents recorded as failed by an earlier run again.
        gold_table: gold CSV seeding a new registry (default ``gold/table1.csv``).
        progress: show a progress bar on stderr.
        process, initializer, linker: the per-document function, the worker initializer and
            the linking function (defaults: the package's pipeline and `reconcile.link_cases`).

    Returns:
        The run's `RunSummary` (also stored in the ``runs`` table).
    """
    if engine not in ENGINES:
        raise GsvlmsError(f"engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if timeout is not None and timeout <= 0:
        raise GsvlmsError(f"timeout {timeout}: must be a positive number of seconds")
    workers = workers or os.cpu_count() or 1
    files = find_documents(inbox)
    db = open_registry(registry_url, gold_table=gold_table)
    linker = linker or _default_linker()
    run_id = start_run(db, inbox=str(inbox), engine_name=engine, workers=workers)
    summary = RunSummary(run_id=run_id, inbox=str(inbox), registry=registry_url, n_found=len(files))
    status = "interrupted"
    try:
        cache = CaseCache()
        tasks, skipped = _plan(files, known_documents(db), retry_failed, timeout)
        tasks.sort(key=lambda task: _SUFFIX_RANK.get(Path(task.path).suffix.lower(), 9))
        for outcome in skipped:
            summary.add(outcome)
        results: Iterator[DocumentResult]
        with db.connect() as conn:
            cache.load(conn)

        def with_candidates(task: Task) -> Task:
            return replace(task, candidates=tuple(cache.candidates()), candidates_key=cache.key)

        if engine == "dask":
            tasks = [with_candidates(task) for task in tasks]  # all sent at once
            results = dask_results(
                tasks,
                process,
                workers=workers,
                timeout=timeout,
                scheduler=scheduler,
                linker=linker,
            )
        else:
            results = process_pool_results(
                tasks,
                process,
                workers=workers,
                timeout=timeout,
                initializer=partial(init_worker_linking, initializer, linker),
                prepare=with_candidates,
            )
        with _progress(console, progress) as bar:
            job = bar.add_task("documents", total=len(tasks), rate=0.0, failed=0)
            for result in results:
                outcome = _record(db, result, run_id, linker, cache)
                summary.add(outcome, seconds=result.seconds, cpu=result.cpu_seconds)
                elapsed = bar.tasks[job].elapsed or 0.0
                bar.update(
                    job,
                    advance=1,
                    failed=summary.n_failed,
                    rate=(summary.n_processed / elapsed) if elapsed else 0.0,
                )
        status = "finished"
    finally:
        summary.finish()
        finish_run(db, run_id, counts=summary.counts(), summary=summary.as_dict(), status=status)
        db.dispose()
    return summary
