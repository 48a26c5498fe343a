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
from collections.abc import Callable, Iterable, Iterator
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
from sqlalchemy.exc import SQLAlchemyError

from gsvlms_extract.batch.engines import dask_results, process_pool_results
from gsvlms_extract.batch.summary import RunSummary
from gsvlms_extract.batch.worker import Task, init_worker, init_worker_linking, process_document
from gsvlms_extract.errors import GsvlmsError, IngestError, RegistryError
from gsvlms_extract.ingest.finder import find_documents as _find
from gsvlms_extract.ingest.limits import Limits
from gsvlms_extract.ingest.loader import SUPPORTED_SUFFIXES
from gsvlms_extract.registry.db import open_registry, redacted
from gsvlms_extract.registry.runs import mark_interrupted, start_run
from gsvlms_extract.registry.store import (
    CaseCache,
    DocumentOutcome,
    Linker,
    known_documents,
    record_document,
)
from gsvlms_extract.results import DocumentResult

__all__ = ["SUPPORTED_SUFFIXES", "ENGINES", "DEFAULT_MEMORY_MB", "find_documents", "run_batch"]

log = logging.getLogger(__name__)

#: files are read best format first (the order of `ingest.loader.READERS`, as
#: `ingest.identifiers.FORMAT_RANK`), so that of one article in several formats the best is read
#: and the others are recorded as its copies
_SUFFIX_RANK = {suffix: rank for rank, suffix in enumerate(SUPPORTED_SUFFIXES)}
ENGINES = ("process", "dask")
#: Data-segment cap per worker process (MB; ``GSVLMS_MAX_MEMORY_MB``, ``--max-memory-mb``).
#: The built pipeline takes about 0.4 GB; the rest is room for one large document.
DEFAULT_MEMORY_MB = 2048


def _found(inbox: str | Path, skip_dirs: Iterable[str] = ()):
    found = _find([inbox], skip_dirs=skip_dirs)
    for problem in found.of_kind("missing", "unsupported"):
        reason = "inbox does not exist" if problem.kind == "missing" else problem.reason
        raise GsvlmsError(f"{problem.path}: {reason}")
    return found


def find_documents(inbox: str | Path, skip_dirs: Iterable[str] = ()) -> list[Path]:
    """Every report under ``inbox`` (or ``inbox`` itself), as the one finder sees them;
    folders named in ``skip_dirs`` are not walked into.

    Raises:
        GsvlmsError: the inbox does not exist, or is a file of an unsupported type.
    """
    return _found(inbox, skip_dirs).files


def _sha256(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:  # streamed: a 2 GB file costs a buffer, not 2 GB
        digest = hashlib.file_digest(handle, "sha256")
        size = os.fstat(handle.fileno()).st_size
    return digest.hexdigest(), size


def placeholder_sha256(path: Path, size: int | None = None) -> str:
    """A stand-in digest for a file that is not hashed (unreadable, or above the size limit:
    reading gigabytes to refuse them would cost the time the limit saves): 64 hex characters
    like a real one (it fits the column whatever the path's length), derived from the path
    (and size) so that a re-run finds the failure it recorded."""
    key = f"unreadable:{path}" if size is None else f"too large:{size}:{path}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def _default_linker() -> Linker:
    from gsvlms_extract.reconcile import link_cases

    return link_cases


def _plan(
    files: list[Path],
    known: dict[str, str],
    retry_failed: bool,
    timeout: float | None,
    limits: Limits,
) -> tuple[list[Task], list[DocumentOutcome]]:
    tasks: list[Task] = []
    skipped: list[DocumentOutcome] = []
    seen: dict[str, str] = {}
    for path in files:
        unreadable = None
        try:
            size = path.stat().st_size
            limits.check_size(size, str(path))
            sha, size = _sha256(path)
        except OSError as exc:
            sha, size = placeholder_sha256(path), 0
            unreadable = f"{path}: cannot read file ({exc.strerror or exc})"
            log.warning("%s", unreadable)
        except IngestError as exc:  # above the size limit: recorded failed, never read
            sha, unreadable = placeholder_sha256(path, size), str(exc)
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
            tasks.append(Task(str(path), sha, size, timeout, limits=limits, unreadable=unreadable))
        seen.setdefault(sha, str(path))
    return tasks, skipped


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _record(
    db: Engine, result: DocumentResult, run_id: int, linker: Linker, cache: CaseCache
) -> DocumentOutcome:
    """Write one result. A document whose results cannot be linked or written is recorded as
    failed with the reason; when even that cannot be written (the database refuses every
    write: full disk, read-only, connection lost) the outcome says so and the batch goes on."""
    try:
        return record_document(db, result, run_id=run_id, linker=linker, cache=cache)
    except (GsvlmsError, ValueError, KeyError, SQLAlchemyError) as exc:
        reason = _one_line(exc)
        log.warning("%s: cannot write results (%s)", result.path, reason)
        failed = replace(
            result,
            status="failed",
            cases=[],
            sections={},
            links=None,
            error=f"{result.path}: cannot link or write results ({reason})"[:4000],
        )
    try:
        return record_document(db, failed, run_id=run_id, linker=linker, cache=cache)
    except SQLAlchemyError as exc:
        return DocumentOutcome(
            result.path,
            "failed",
            f"{failed.error}; the failure itself could not be recorded ({_one_line(exc)})",
        )


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


def _memory_mb(value: int | None) -> int | None:
    """The worker memory cap: the argument, else ``GSVLMS_MAX_MEMORY_MB``, else the default;
    0 means no cap."""
    if value is None:
        raw = os.environ.get("GSVLMS_MAX_MEMORY_MB", "").strip()
        try:
            value = int(raw) if raw else DEFAULT_MEMORY_MB
        except ValueError:
            raise GsvlmsError(f"GSVLMS_MAX_MEMORY_MB={raw!r}: not a whole number of MB") from None
    if value < 0:
        raise GsvlmsError(f"memory limit {value} MB: must be 0 (none) or more")
    return value or None


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
    limits: Limits | None = None,
    memory_mb: int | None = None,
    skip_dirs: Iterable[str] = (),
) -> RunSummary:
    """Process every new report under ``inbox`` into the registry at ``registry_url``.

    Args:
        inbox: folder (searched recursively, see `gsvlms_extract.ingest.find_documents`) or
            a single file; best format first (one article's other files become copies).
        registry_url: SQLAlchemy URL or SQLite path; created and migrated when needed (never
            in memory: a run into a temporary database would report a success that is lost).
        workers: worker processes (default: CPU count).
        engine: ``process`` (local process pool) or ``dask`` (distributed).
        scheduler: Dask scheduler address (``tcp://host:8786``); a local cluster when None.
        timeout: seconds allowed per document; None for no limit.
        retry_failed: process documents recorded as failed by an earlier run again.
        gold_table: gold CSV seeding a new registry (default: the packaged gold table).
        progress: show a progress bar on stderr.
        process, initializer, linker: the per-document function, the worker initializer and
            the linking function (defaults: the package's pipeline and `reconcile.link_cases`).
        limits: input size and PDF inflation limits (default: `Limits.from_env`).
        memory_mb: data-segment cap of each worker process in MB (default
            ``GSVLMS_MAX_MEMORY_MB`` or `DEFAULT_MEMORY_MB`; 0: none).
        skip_dirs: folder names under the inbox not walked into (``manifest`` always).

    Returns:
        The run's `RunSummary` (also stored in the ``runs`` table).

    Raises:
        GsvlmsError: bad arguments, a missing inbox, or a registry that cannot be opened or
            written at all (each document's own failure is in the summary instead).
    """
    if engine not in ENGINES:
        raise GsvlmsError(f"engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if timeout is not None and timeout <= 0:
        raise GsvlmsError(f"timeout {timeout}: must be a positive number of seconds")
    workers = workers or os.cpu_count() or 1
    limits = limits or Limits.from_env()
    memory = _memory_mb(memory_mb)
    found = _found(inbox, skip_dirs)
    files = found.files
    db = open_registry(registry_url, create=True, gold_table=gold_table)
    where = redacted(str(db.url))
    linker = linker or _default_linker()
    try:
        interrupted = mark_interrupted(db)
        row = start_run(db, inbox=str(inbox), engine_name=engine, workers=workers)
    except SQLAlchemyError as exc:
        db.dispose()
        raise RegistryError(f"{where}: cannot start a run ({_one_line(exc)})") from None
    if interrupted:
        log.warning("runs %s had been killed; marked interrupted", interrupted)
    links = found.of_kind("symlink")  # found, never read: counted as skipped with the reason
    summary = RunSummary(
        run_id=row.id, inbox=str(inbox), registry=where, n_found=len(files) + len(links)
    )
    summary.interrupted_runs = interrupted
    for problem in links:
        summary.add(DocumentOutcome(problem.path, "skipped", problem.reason))
    status = "interrupted"
    closing: RegistryError | None = None
    try:
        cache = CaseCache()
        tasks, skipped = _plan(files, known_documents(db), retry_failed, timeout, limits)
        tasks.sort(key=lambda task: _SUFFIX_RANK.get(Path(task.path).suffix.lower(), 99))
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
                memory_mb=memory,
            )
        else:
            results = process_pool_results(
                tasks,
                process,
                workers=workers,
                timeout=timeout,
                initializer=partial(init_worker_linking, initializer, linker, memory),
                prepare=with_candidates,
            )
        with _progress(console, progress) as bar:
            job = bar.add_task("documents", total=len(tasks), rate=0.0, failed=0)
            for result in results:
                outcome = _record(db, result, row.id, linker, cache)
                summary.add(
                    outcome,
                    seconds=result.seconds,
                    cpu=result.cpu_seconds,
                    peak_rss_mb=result.peak_rss_mb,
                )
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
        try:
            row.finish(counts=summary.counts(), summary=summary.as_dict(), status=status)
        except SQLAlchemyError as exc:
            closing = RegistryError(f"{where}: cannot close run #{row.id} ({_one_line(exc)})")
            closing.summary = summary  # type: ignore[attr-defined]  # what the run did do
        db.dispose()
    if closing is not None:
        raise closing
    return summary
