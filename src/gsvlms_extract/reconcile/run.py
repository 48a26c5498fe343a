"""`evaluate_paths`: corpus files + gold files -> `Evaluation` (what `gsvlms evaluate` calls).

Directories are searched recursively for reports (``.txt``, ``.md``, ``.pdf``); ``manifest``
folders are skipped (labels are for tests, never for evaluation). A report bundled both as
source text and as a rendered PDF (``corpus/text/x.txt`` and ``corpus/pdf/x.pdf``) is read
once, from the text, so one patient is not counted twice; files named explicitly are always read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gsvlms_extract.corpus_parts import BLIND_PARTS, TEST_PART
from gsvlms_extract.errors import GoldError, ReconcileError
from gsvlms_extract.reconcile.evaluation import Evaluation, Verdict, evaluate_cases
from gsvlms_extract.reconcile.link import DEFAULT_THRESHOLD
from gsvlms_extract.reconcile.printed import load_printed_cells

__all__ = ["SEPARATE_PARTS", "find_reports", "evaluate_paths"]

logger = logging.getLogger(__name__)

#: sub-folders of ``corpus/`` that are measured on their own, never swept with the development
#: corpus: ``test`` (frozen, written blind, never used to tune rules), the blind-written
#: development parts (`corpus_parts.BLIND_PARTS`), ``external`` (real
#: texts from other projects), ``pdf_producers`` (the corpus printed by other PDF producers,
#: for ingest measurements)
SEPARATE_PARTS = (TEST_PART, *BLIND_PARTS, "external", "pdf_producers")

#: The printed Table 1 sits next to the normalized one.
PRINTED_NAME = "table1_raw.csv"


def find_reports(paths: Sequence[str | Path], skip_dirs: Iterable[str] = ()) -> list[Path]:
    """Report files under ``paths`` (files kept as given), sorted, one format per report stem.

    The one finder (`gsvlms_extract.ingest.find_documents`) with ``one_per_stem``; folders
    named ``manifest`` and those in ``skip_dirs`` are not searched; links out of a folder and
    unsupported files are logged and left out.

    Raises:
        ReconcileError: a path that does not exist, or no report at all.
    """
    from gsvlms_extract.ingest.finder import describe_suffixes, find_documents

    found = find_documents(paths, one_per_stem=True, skip_dirs=skip_dirs)
    for problem in found.of_kind("missing"):
        raise ReconcileError(f"{problem.path}: no such file or directory")
    for problem in found.of_kind("symlink", "unsupported"):
        logger.warning("%s: %s", problem.path, problem.reason)
    if not found.files:
        where = ", ".join(str(p) for p in paths) or "(no path)"
        raise ReconcileError(f"{where}: no reports to evaluate ({describe_suffixes()})")
    return found.files


def evaluate_paths(
    paths: Sequence[str | Path],
    *,
    gold: str | Path | None = None,
    corrections: str | Path | None = "",
    printed: str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    nlp: Any = None,
    progress: bool = False,
    skip_dirs: Iterable[str] = (),
    extra_verdicts: Sequence[Any] = (),
) -> Evaluation:
    """Extract every report under ``paths`` and evaluate it against the gold table.

    Args:
        paths: report files or folders (see `find_reports`).
        gold: normalized gold table (default: ``gold/table1.csv`` here, else the packaged
            table; see `gsvlms_extract.gold.paths`).
        corrections: curator verdicts, applied by `load_gold` and shown per comparison.
            Default (``""``): the default verdicts for the default table, ``corrections.yaml``
            beside an explicit ``gold``, if that file exists; a path given explicitly must
            exist; ``None`` scores without verdicts.
        printed: the printed cells (default ``table1_raw.csv`` beside ``gold``; left out if absent).
        threshold: link confidence threshold.
        nlp: a built pipeline to reuse (default: built once here).
        progress: show a progress bar while extracting.
        skip_dirs: folder names not searched (besides ``manifest``).
        extra_verdicts: more `gold.Correction` verdicts applied after the file's (the
            registry's curator decisions, `registry.decisions.registry_corrections`).

    Raises:
        ReconcileError: no reports, or none readable; GoldError / VocabularyError: unusable
            gold files. Some unreadable reports are listed in ``Evaluation.failures``.
    """
    from gsvlms_extract.gold import load_corrections, load_gold
    from gsvlms_extract.gold.load import resolve_gold

    if not 0.0 < threshold < 1.0:  # checked before the slow extraction
        raise ReconcileError(f"link threshold {threshold} is not between 0 and 1")
    reports = find_reports(paths, skip_dirs)
    gold_path, corrections_path = resolve_gold(gold, corrections)
    records = load_gold(gold_path, corrections_path)
    from_file = load_corrections(corrections_path) if corrections_path else []
    if extra_verdicts:
        from gsvlms_extract.gold.corrections import apply_corrections

        records = apply_corrections(records, list(extra_verdicts))
    latest = {(c.case, c.field): c for c in [*from_file, *extra_verdicts]}
    verdicts = [Verdict(c.case, c.field, c.value, c.reason, c.source) for c in latest.values()]
    printed_path = Path(printed) if printed is not None else gold_path.parent / PRINTED_NAME
    cells = None
    if printed_path.exists():
        cells = load_printed_cells(printed_path)
    elif printed is not None:
        raise GoldError(f"{printed_path}: printed Table 1 not found")
    from gsvlms_extract.extract import extract_paths

    run = extract_paths(reports, nlp=nlp, progress=progress)
    logger.info("extracted %d patients from %d reports", len(run.cases), len(reports))
    if run.failures and len(run.failures) == len(reports):
        path, reason = run.failures[0]
        raise ReconcileError(
            f"none of the {len(reports)} report(s) could be read (first: {path}: {reason})"
        )
    return evaluate_cases(
        run.cases,
        records,
        printed=cells,
        verdicts=verdicts,
        threshold=threshold,
        failures=[(str(path), reason) for path, reason in run.failures],
    )
