"""`screen_paths`: every GSV-LMS report in a bulk dump, the cheap way first.

Pass 1, the prefilter (`prefilter`), reads each file's raw bytes and keeps it when it names
both the tumour and the vein: ``iomyosarc`` (leiomyosarcoma, leiomyosarcomas, French
léiomyosarcome) and ``saphen`` (saphenous, saphena, saphenectomy; ``saphène``), compared in
ASCII lower case. No XML parse, no decoding: a few hundred microseconds per file, so a PMC
open-access dump is screened at disk speed (``make bench``: >= 500 documents/s per core).
It errs on the side of keeping: any report of a saphenous-vein leiomyosarcoma names both.

Pass 2 runs the full pipeline (ingest, NLP, extraction, the GSV-LMS decision) on the
candidates only, on the batch engines (`batch.engines`: process pool, or Dask with
``engine="dask"`` and a scheduler address), with their time budget and crash isolation.

Each candidate comes out with its reasons: the prefilter's term counts, then the pipeline's
decision (``is_gsv_lms`` and its reason, patients found) or the failure.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gsvlms_extract.errors import GsvlmsError

__all__ = ["Candidate", "ScreenResult", "SCREEN_SUFFIXES", "prefilter", "screen_paths"]

#: text formats whose raw bytes hold the words (PDF streams are compressed: use `gsvlms run`)
SCREEN_SUFFIXES = frozenset({".nxml", ".xml", ".txt", ".md", ".html", ".htm"})
_TUMOUR = (b"iomyosarc",)
_VEIN = (b"saphen", b"saph\xc3\xa8n", b"saph\xc3\x88n")
_CHUNK = 256


def prefilter(data: bytes) -> dict[str, int]:
    """Term counts when ``data`` names both a leiomyosarcoma and the saphenous vein, else {}."""
    low = data.lower()
    if not any(term in low for term in _TUMOUR) or not any(term in low for term in _VEIN):
        return {}
    return {
        "leiomyosarcoma": sum(low.count(term) for term in _TUMOUR),
        "saphenous": sum(low.count(term) for term in _VEIN),
    }


@dataclass(slots=True)
class Candidate:
    """A file the prefilter kept, and what the full pipeline made of it."""

    path: str
    terms: dict[str, int]
    is_gsv_lms: bool | None = None
    reason: str = ""
    patients: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ScreenResult:
    """Counts of both passes and the candidates (``confirmed``: the pipeline says GSV-LMS)."""

    n_files: int = 0
    n_unreadable: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    prefilter_seconds: float = 0.0
    pipeline_seconds: float = 0.0

    @property
    def confirmed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.is_gsv_lms]


def _screen_file(path: str) -> tuple[str, dict[str, int] | None]:
    try:
        with open(path, "rb") as handle:
            return path, prefilter(handle.read())
    except OSError:
        return path, None


def _screen_chunk(paths: list[str]) -> list[tuple[str, dict[str, int] | None]]:
    return [_screen_file(path) for path in paths]


def find_screenable(paths: Iterable[str | Path]) -> list[str]:
    """Files under ``paths`` (recursively) with a text suffix, hidden ones left out, sorted."""
    found: list[str] = []
    for given in paths:
        root = Path(given)
        if root.is_file():
            found.append(str(root))
            continue
        if not root.is_dir():
            raise GsvlmsError(f"{root}: no such file or folder")
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if not name.startswith(".") and Path(name).suffix.lower() in SCREEN_SUFFIXES:
                    found.append(os.path.join(folder, name))
    return sorted(found)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_prefilter(
    files: list[str], *, workers: int = 1, engine: str = "process", scheduler: str | None = None
) -> list[tuple[str, dict[str, int] | None]]:
    """Pass 1 over ``files``: (path, term counts or None when unreadable), in file order."""
    if workers <= 1 and engine == "process":
        return _screen_chunk(files)
    chunks = list(_chunks(files, _CHUNK))
    if engine == "dask":
        from distributed import Client, LocalCluster

        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1)
        client = Client(scheduler or cluster)
        try:
            futures = client.map(_screen_chunk, chunks, pure=False)
            return [item for chunk in client.gather(futures) for item in chunk]
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [item for chunk in pool.map(_screen_chunk, chunks) for item in chunk]


def _confirm(
    candidates: list[Candidate],
    *,
    workers: int,
    engine: str,
    scheduler: str | None,
    timeout: float | None,
) -> None:
    """Pass 2: the full pipeline on each candidate; fills the candidate in place."""
    from gsvlms_extract.batch.engines import dask_results, process_pool_results
    from gsvlms_extract.batch.worker import Task, init_worker, process_document

    tasks = []
    for candidate in candidates:
        data = Path(candidate.path).read_bytes()
        tasks.append(Task(candidate.path, hashlib.sha256(data).hexdigest(), len(data), timeout))
    if engine == "dask":
        results = dask_results(
            tasks, process_document, workers=workers, timeout=timeout, scheduler=scheduler
        )
    else:
        results = process_pool_results(
            tasks, process_document, workers=workers, timeout=timeout, initializer=init_worker
        )
    for candidate, result in zip(candidates, results, strict=True):
        if result.status != "ok":
            candidate.error = result.error or "failed"
            continue
        gsv = [case for case in result.cases if case.is_gsv_lms]
        candidate.is_gsv_lms = bool(gsv)
        candidate.patients = len(gsv)
        chosen = gsv or result.cases
        candidate.reason = chosen[0].is_gsv_lms_reason if chosen else "no patient described"


def screen_paths(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    full: bool = True,
    timeout: float | None = 120.0,
) -> ScreenResult:
    """Screen every text file under ``paths``: prefilter all, full pipeline on the candidates.

    Args:
        paths: files or folders (searched recursively; .nxml, .xml, .txt, .md, .html).
        workers: processes for both passes (default: CPU count).
        engine: ``process`` or ``dask`` (with ``scheduler``, or a local cluster).
        full: run pass 2; False stops after the prefilter (candidates undecided).
        timeout: seconds allowed per candidate in pass 2.
    """
    import time

    if engine not in ("process", "dask"):
        raise GsvlmsError(f"engine {engine!r}: choose process or dask")
    workers = workers or os.cpu_count() or 1
    files = find_screenable(paths)
    result = ScreenResult(n_files=len(files))
    started = time.perf_counter()
    for path, terms in run_prefilter(files, workers=workers, engine=engine, scheduler=scheduler):
        if terms is None:
            result.n_unreadable += 1
        elif terms:
            result.candidates.append(Candidate(path, terms))
    result.prefilter_seconds = time.perf_counter() - started
    if full and result.candidates:
        started = time.perf_counter()
        _confirm(
            result.candidates, workers=workers, engine=engine, scheduler=scheduler, timeout=timeout
        )
        result.pipeline_seconds = time.perf_counter() - started
    return result
