"""Extraction over files and folders: `extract_path`, `extract_paths`, `ExtractionRun`.

A failing file never stops a run: its one-line reason is recorded in
`ExtractionRun.failures` and the next file is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from gsvlms_extract.errors import GsvlmsError, IngestError
from gsvlms_extract.extract.builder import extract_document
from gsvlms_extract.schema import ExtractedCase

__all__ = ["ExtractionRun", "extract_path", "extract_paths", "expand_paths"]

logger = logging.getLogger(__name__)


@dataclass
class ExtractionRun:
    """What a run produced: cases, failures (path, one-line reason), documents read."""

    cases: list[ExtractedCase] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """(path string, problem or None) for each file: folders recursively, sorted.

    The files are those of `gsvlms_extract.ingest.find_documents` (the one finder); each
    problem it met (missing path, unsupported type, empty folder, a symbolic link out of a
    folder) comes out as a path with its reason."""
    from gsvlms_extract.ingest.finder import find_documents

    found = find_documents(paths)
    for problem in found.problems:
        yield problem.path, problem.reason
    for file in found.files:
        yield str(file), None


def _default_nlp(nlp: Language | None) -> Language:
    if nlp is not None:
        return nlp
    from gsvlms_extract.nlp import build_pipeline

    return build_pipeline()


def extract_path(path: str | Path, nlp: Language | None = None) -> list[ExtractedCase]:
    """Cases of one file. Raises `IngestError` naming the file if it cannot be read."""
    from gsvlms_extract.ingest import load_document

    document = load_document(path)
    if not document.text.strip():
        raise IngestError(f"{path}: no text")
    return extract_document(document, _default_nlp(nlp))


def _one_line(message: str) -> str:
    return " ".join(str(message).split()) or "unknown error"


def extract_paths(
    paths: Iterable[str | Path], nlp: Language | None = None, progress: bool = False
) -> ExtractionRun:
    """Extract every file under ``paths`` (files or folders; every ingest format; sorted).

    Args:
        paths: files or folders (folders are searched recursively).
        nlp: a pipeline from `build_pipeline` (built here if None).
        progress: show a rich progress bar on stderr.
    """
    items = list(expand_paths(paths))
    run = ExtractionRun()
    pipeline = None
    bar = None
    if progress:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task("extracting", total=len(items))
    try:
        for path, problem in items:
            if bar is not None:
                bar.update(task, advance=1, description=Path(path).name)
            if problem is not None:
                run.failures.append((path, problem))
                continue
            pipeline = pipeline or _default_nlp(nlp)
            try:
                cases = extract_path(path, pipeline)
            except GsvlmsError as exc:
                message = _one_line(str(exc))
                prefix = f"{path}: "
                run.failures.append(
                    (path, message[len(prefix) :] if message.startswith(prefix) else message)
                )
                continue
            except Exception as exc:  # a bug on one file must not stop the batch
                logger.exception("unexpected failure on %s", path)
                run.failures.append(
                    (path, _one_line(f"internal error: {exc.__class__.__name__}: {exc}"))
                )
                continue
            run.documents += 1
            run.cases.extend(cases)
    finally:
        if bar is not None:
            bar.stop()
    return run
