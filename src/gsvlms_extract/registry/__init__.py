"""The case registry: the only place that writes to a database.

Public API:

* `open_registry(location)` — open/create a SQLite or PostgreSQL registry, migrate it to the
  code's schema (Alembic, packaged in ``registry/migrations``), seed the 57 gold cases.
* `record_document(engine, result, run_id=..., linker=...)` — one document, one transaction.
* `load_cases(engine)` — registry cases as `CaseRecord` (the linker's candidates).
* `cases_frame`, `export_registry` — CSV / Parquet / REDCap exports.
"""

from gsvlms_extract.registry.db import normalize_url, open_registry
from gsvlms_extract.registry.export import EXPORT_FORMATS, cases_frame, export_registry
from gsvlms_extract.registry.store import (
    DocumentOutcome,
    DocumentResult,
    known_documents,
    load_cases,
    record_document,
)

__all__ = [
    "EXPORT_FORMATS",
    "DocumentOutcome",
    "DocumentResult",
    "cases_frame",
    "export_registry",
    "known_documents",
    "load_cases",
    "normalize_url",
    "open_registry",
    "record_document",
]
