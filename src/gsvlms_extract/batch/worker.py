"""The per-document function run in worker processes (process pool or Dask workers).

Workers never touch the database: `process_document` reads one file, runs the NLP pipeline
and the extractor, links the patients against the registry's candidate cases sent with the
task (the parent reuses those links while its candidates still have the same key, and links
again otherwise), and returns a picklable `DocumentResult` (or the failure,
with its reason) for the parent to write. The spaCy pipeline is built once per worker
process, on first use (`init_worker` builds it eagerly as a process-pool initializer).
"""

from __future__ import annotations

import bisect
import logging
import mimetypes
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.ingest.limits import Limits
from gsvlms_extract.results import DocumentResult

__all__ = [
    "Task",
    "init_worker",
    "init_worker_linking",
    "process_document",
    "run_with_linker",
    "set_linker",
    "DocumentTimeout",
    "peak_rss_mb",
    "set_memory_limit",
]

log = logging.getLogger(__name__)

_PIPELINE: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Task:
    """One file to process: its path, the sha256 and size the parent saw, the time budget,
    and the candidate cases to link its patients against."""

    path: str
    sha256: str
    size_bytes: int
    timeout: float | None = None
    #: the registry's linking candidates when the task was sent, and their `CaseCache.key`
    candidates: tuple[Any, ...] = ()
    candidates_key: str | None = None
    #: input size and PDF inflation limits (default: from the environment, see ingest.limits)
    limits: Limits | None = None
    #: why the parent could not read the file (it is recorded failed without opening it)
    unreadable: str | None = None


class DocumentTimeout(Exception):
    """Raised inside a worker when a document exceeds its time budget."""


def _pipeline() -> Any:
    if "nlp" not in _PIPELINE:
        from gsvlms_extract.nlp import build_pipeline  # heavy; only in workers

        started = time.perf_counter()
        _PIPELINE["nlp"] = build_pipeline()
        log.debug("pipeline built in %.2f s", time.perf_counter() - started)
    return _PIPELINE["nlp"]


def set_linker(linker: Any) -> None:
    """The linking function this worker applies to its documents (None: do not link)."""
    _PIPELINE["linker"] = linker


def init_worker_linking(initializer: Any, linker: Any, memory_mb: int | None = None) -> None:
    """Process-pool initializer: the given initializer, the memory cap, then the linker."""
    if initializer is not None:
        initializer()
    set_memory_limit(memory_mb)
    set_linker(linker)


def run_with_linker(process: Any, task: Task, linker: Any) -> Any:
    """Dask entry point: set the linker, then process the task."""
    set_linker(linker)
    return process(task)


def _link(result: DocumentResult, task: Task) -> None:
    linker = _PIPELINE.get("linker")
    gsv = [case for case in sorted(result.cases, key=lambda c: c.patient_index) if case.is_gsv_lms]
    if linker is None or task.candidates_key is None or not gsv:
        return
    result.links, result.links_key = list(linker(gsv, list(task.candidates))), task.candidates_key


def set_memory_limit(megabytes: int | None) -> None:
    """Cap this process's data segment (heap and anonymous mappings: ``RLIMIT_DATA``).

    Past the cap an allocation fails: Python raises `MemoryError` (recorded as the document's
    failure), native code that cannot allocate ends the worker (recorded as a crash); either
    way the host keeps its memory and the batch goes on. ``None`` or 0 leaves it unlimited.
    """
    if not megabytes:
        return
    import resource

    limit = int(megabytes) * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def init_worker(memory_mb: int | None = None) -> None:
    """Process-pool initializer: build the pipeline once, before the first document, then cap
    the worker's memory (`set_memory_limit`) so one hostile file cannot exhaust the host.

    Workers ignore Ctrl-C: the parent handles it (stops the pool, closes the run row), so an
    interrupt does not print a traceback from every worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pipeline()
    set_memory_limit(memory_mb)


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise DocumentTimeout


def _media_type(path: str, document: Any) -> str | None:
    return getattr(document, "media_type", None) or mimetypes.guess_type(path)[0]


def _sections(document: Any, cases: list[Any]) -> dict[str, str]:
    blocks = list(getattr(document, "blocks", ()))
    starts = [block.start for block in blocks]
    out: dict[str, str] = {}
    for case in cases:
        for name, ev in case.evidence.items():
            i = bisect.bisect_right(starts, ev.start) - 1
            if 0 <= i < len(blocks) and ev.start < blocks[i].end:
                out[f"{case.patient_index}:{name}"] = str(blocks[i].kind)
    return out


def _extract(task: Task) -> DocumentResult:
    from gsvlms_extract.extract import extract_document
    from gsvlms_extract.ingest import load_document
    from gsvlms_extract.ingest.identifiers import article_identity

    nlp = _pipeline()  # already built by process_document, outside the time budget
    result = DocumentResult(path=task.path, sha256=task.sha256, size_bytes=task.size_bytes)
    try:
        if task.unreadable:
            raise GsvlmsError(task.unreadable)
        document = load_document(task.path, limits=task.limits)
    except GsvlmsError as exc:
        result.status, result.error = "failed", str(exc)
        result.media_type = mimetypes.guess_type(task.path)[0]
        return result
    result.sha256 = document.sha256 or task.sha256
    result.media_type = _media_type(task.path, document)
    result.n_pages = document.n_pages
    result.cases = list(extract_document(document, nlp))
    result.sections = _sections(document, result.cases)
    byline = next((c for c in result.cases if c.author or c.year), None)
    result.article = article_identity(
        document, byline.author if byline else None, byline.year if byline else None
    )
    _link(result, task)
    return result


def process_document(task: Task) -> DocumentResult:
    """Read, annotate and extract one file; every failure becomes a failed `DocumentResult`.

    The time budget is enforced with SIGALRM when running in a process's main thread (process
    pool); elsewhere (Dask worker threads) the parent enforces it.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    use_alarm = bool(task.timeout) and threading.current_thread() is threading.main_thread()
    previous = None
    try:
        _pipeline()
        if use_alarm:
            previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, float(task.timeout or 0))
        result = _extract(task)
    except DocumentTimeout:
        result = DocumentResult(
            path=task.path,
            sha256=task.sha256,
            size_bytes=task.size_bytes,
            status="failed",
            error=f"{task.path}: timed out after {task.timeout:g} s",
        )
    except MemoryError:
        result = DocumentResult(
            path=task.path,
            sha256=task.sha256,
            size_bytes=task.size_bytes,
            status="failed",
            error=f"{task.path}: out of memory (the worker's memory limit was reached)",
        )
    except Exception as exc:  # one bad file must never end the batch; the reason is kept
        log.exception("%s: extraction failed", task.path)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        result = DocumentResult(
            path=task.path,
            sha256=task.sha256,
            size_bytes=task.size_bytes,
            status="failed",
            error=f"{task.path}: {type(exc).__name__}: {first}".rstrip(": "),
        )
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    result.peak_rss_mb = peak_rss_mb()
    return result
