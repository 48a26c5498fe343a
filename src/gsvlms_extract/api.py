"""The Python API for notebooks and scripts: `extract`, `to_frame`, `Registry`.

    >>> from gsvlms_extract import extract, to_frame
    >>> cases = extract("corpus/text/smout1960.txt")   # a file, a folder or a report's text
    >>> frame = to_frame(cases)                         # pandas, nullable dtypes (ages Int64)

Everything heavy (spaCy, pandas, SQLAlchemy) is imported on first use, and the pipeline is
built once per process and reused. See ``docs/api.md``.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from gsvlms_extract.errors import GsvlmsError, IngestError

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

    from gsvlms_extract.batch.summary import RunSummary
    from gsvlms_extract.schema import ExtractedCase

__all__ = ["Registry", "extract", "to_frame"]

log = logging.getLogger(__name__)

#: Provenance columns `to_frame` adds after the case fields.
PROVENANCE = ("source", "patient_index", "is_gsv_lms", "is_gsv_lms_reason")


@lru_cache(maxsize=4)
def _pipeline(patterns: str | None) -> Any:
    from gsvlms_extract.nlp import build_pipeline

    return build_pipeline(patterns)


def _looks_like_path(text: str) -> bool:
    from gsvlms_extract.ingest.loader import supported

    one_line = "\n" not in text and len(text) < 4096
    return one_line and (Path(text).exists() or (" " not in text.strip() and supported(text)))


def extract(
    path_or_text: str | Path | bytes | Iterable[str | Path],
    *,
    patterns: str | Path | None = None,
    on_error: Literal["raise", "warn"] = "raise",
    name: str = "<text>",
) -> list[ExtractedCase]:
    """Extract one `ExtractedCase` per patient, every value with its evidence.

    Args:
        path_or_text: a report file, a folder (searched recursively, as ``gsvlms extract``
            does), several of them, the bytes of a file, or the text of a report. A ``str``
            is read as a path when it names an existing file or folder or looks like a file
            name (``report.pdf``); otherwise it is the report's text.
        patterns: a folder of rule files instead of the packaged ones.
        on_error: ``raise`` (default): the first unreadable file raises; ``warn``: each is
            reported with `warnings.warn` and the other files' cases are returned.
        name: the ``source`` given to text or bytes input.

    Raises:
        GsvlmsError: an unreadable file (``IngestError``) or rule folder, one line naming it.
    """
    from gsvlms_extract.extract import extract_document, extract_paths
    from gsvlms_extract.ingest import document_from_bytes

    nlp = _pipeline(str(patterns) if patterns is not None else None)
    if isinstance(path_or_text, bytes):
        return extract_document(document_from_bytes(path_or_text, name), nlp)
    if isinstance(path_or_text, str) and not _looks_like_path(path_or_text):
        data = path_or_text.encode("utf-8")
        return extract_document(document_from_bytes(data, name), nlp)
    paths = [path_or_text] if isinstance(path_or_text, str | Path) else list(path_or_text)
    run = extract_paths(paths, nlp=nlp)
    for path, reason in run.failures:
        if on_error == "raise":
            raise IngestError(f"{path}: {reason}")
        warnings.warn(f"{path}: {reason}", stacklevel=2)
    return run.cases


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable dtypes from the schema: whole numbers Int64, measures Float64, flags boolean,
    vocabulary values string; list fields stay Python lists (None when not reported)."""
    from gsvlms_extract.schema import LIST_FIELDS, CaseRecord

    for name, info in CaseRecord.model_fields.items():
        if name not in frame or name in LIST_FIELDS:
            continue
        kinds = set(get_args(info.annotation)) or {info.annotation}
        if bool in kinds:
            frame[name] = frame[name].astype("boolean")
        elif int in kinds:
            frame[name] = frame[name].astype("Int64")
        elif float in kinds:
            frame[name] = frame[name].astype("Float64")
        else:
            frame[name] = frame[name].astype("string")
    return frame


def to_frame(cases: Iterable[ExtractedCase], *, evidence: bool = False) -> pd.DataFrame:
    """One row per patient: every `CaseRecord` field, then ``source``, ``patient_index``,
    ``is_gsv_lms`` and ``is_gsv_lms_reason``.

    Args:
        evidence: add ``<field>_evidence`` columns holding the sentence each value came from.

    Nullable dtypes: ``age_years``, ``year``, ``case_id`` and ``patient_index`` are ``Int64``;
    ``size_mm`` and ``followup_months`` ``Float64``; flags ``boolean``; vocabulary values
    ``string``; ``metastasis``, ``presentation`` and ``sizes_mm`` lists (``[]`` means
    reported as none, ``None`` not reported).
    """
    import pandas as pd

    from gsvlms_extract.schema import CASE_FIELDS

    rows = []
    for case in cases:
        data = case.model_dump(mode="json")
        row = {name: data[name] for name in (*CASE_FIELDS, *PROVENANCE)}
        if evidence:
            for name in CASE_FIELDS:
                ev = case.evidence.get(name)
                row[f"{name}_evidence"] = ev.sentence if ev is not None else None
        rows.append(row)
    columns = [*CASE_FIELDS, *PROVENANCE]
    if evidence:
        columns += [f"{name}_evidence" for name in CASE_FIELDS]
    frame = _typed(pd.DataFrame(rows, columns=columns))
    frame["patient_index"] = frame["patient_index"].astype("Int64")
    frame["is_gsv_lms"] = frame["is_gsv_lms"].astype("boolean")
    for name in ("source", "is_gsv_lms_reason"):
        frame[name] = frame[name].astype("string")
    return frame


class Registry:
    """A registry database, read as DataFrames.

        >>> with Registry("registry.db") as registry:
        ...     registry.cases()

    Args:
        url: a SQLite file path, ``sqlite:///path`` or ``postgresql://user@host/db``.
        create: make a new registry if none exists there (`run` always may).
    """

    def __init__(self, url: str | Path = "registry.db", *, create: bool = False) -> None:
        self.url = str(url)
        self.create = create
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (opened on first use; a missing registry raises)."""
        if self._engine is None:
            from gsvlms_extract.registry import open_registry

            self._engine = open_registry(self.url, create=self.create, write=self.create)
        return self._engine

    def cases(self, *, review_only: bool = False) -> pd.DataFrame:
        """One row per registry case: the case fields with the dtypes of `to_frame`, then
        origin, needs_review, n_documents, open_conflicts, extracted_fields and provenance."""
        from gsvlms_extract.registry.export import cases_frame
        from gsvlms_extract.registry.store import load_cases
        from gsvlms_extract.schema import CASE_FIELDS

        cells = cases_frame(self.engine)
        records = {r.case_id: r.model_dump(mode="json") for r in load_cases(self.engine)}
        frame = cells.copy()
        for name in CASE_FIELDS:
            frame[name] = [records[int(cid)][name] for cid in cells["case_id"]]
        frame = _typed(frame)
        frame["needs_review"] = frame["needs_review"].map({"true": True, "false": False})
        frame["needs_review"] = frame["needs_review"].astype("boolean")
        for name in ("n_documents", "open_conflicts"):
            frame[name] = frame[name].astype("Int64")
        if review_only:
            frame = frame[frame["needs_review"]].reset_index(drop=True)
        return frame

    def conflicts(self, *, include_resolved: bool = False) -> pd.DataFrame:
        """Extractions that disagree with a registry value, with their documents."""
        import pandas as pd

        from gsvlms_extract.registry.queries import conflicts

        return pd.DataFrame(conflicts(self.engine, status=None if include_resolved else "open"))

    def documents(self) -> pd.DataFrame:
        """Every document seen: path, status, error, pages, media type, linked cases."""
        import pandas as pd

        from gsvlms_extract.registry.queries import documents

        return pd.DataFrame(documents(self.engine))

    def export(self, fmt: str, out: str | Path) -> list[Path]:
        """Write the ``csv``, ``parquet`` or ``redcap`` export into folder ``out``."""
        from gsvlms_extract.registry import export_registry

        return export_registry(self.engine, fmt, out)

    def run(self, inbox: str | Path, **options: Any) -> RunSummary:
        """Process a folder of reports into this registry (`batch.run_batch` options)."""
        from gsvlms_extract.batch import run_batch

        self.close()  # the run opens (and may create) the registry itself
        return run_batch(inbox, self.url, progress=options.pop("progress", False), **options)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        from gsvlms_extract.registry.db import normalize_url, redacted

        try:
            return f"Registry({redacted(normalize_url(self.url))!r})"
        except GsvlmsError:
            return f"Registry({self.url!r})"
