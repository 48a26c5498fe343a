"""What processing one document produced, as plain picklable data: `DocumentResult`.

Batch workers build it and the registry writes it; it lives here, outside both, so that a
worker process never imports SQLAlchemy or the registry (``python -X importtime`` on a worker
shows only ingest, nlp, extract and reconcile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from gsvlms_extract.schema import ExtractedCase

__all__ = ["DocumentResult", "LinkLike"]


class LinkLike(Protocol):
    """A link of one extracted patient to a registry case (``case_id`` None: a new case)."""

    source: str
    patient_index: int
    case_id: int | None
    confidence: float
    method: str
    reasons: Sequence[Any]


@dataclass(slots=True)
class DocumentResult:
    """What a worker hands back for one file (picklable; no database access in workers)."""

    path: str
    sha256: str
    size_bytes: int
    media_type: str | None = None
    n_pages: int | None = None
    status: str = "ok"  # ok | failed
    error: str | None = None
    cases: list[ExtractedCase] = field(default_factory=list)
    #: ingest block kind at each evidence start, keyed "patient_index:field"
    sections: dict[str, str] = field(default_factory=dict)
    #: links computed in the worker, and the `CaseCache.key` of the candidates it used
    links: list[Any] | None = None
    links_key: str | None = None
    seconds: float = 0.0  # wall time in the worker
    cpu_seconds: float = 0.0  # CPU time of the worker process for this document
    peak_rss_mb: float = 0.0  # the worker's peak resident memory after this document
    #: the article the file holds (`ingest.identifiers.article_identity`), None if unread
    article: dict[str, Any] | None = None
