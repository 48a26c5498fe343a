"""Batch runner: a folder of reports → the registry, in parallel workers (process pool or Dask).

Public API: `run_batch`, `RunSummary`, `find_documents`, `process_document`, `Task`.
"""

from gsvlms_extract.batch.runner import ENGINES, SUPPORTED_SUFFIXES, find_documents, run_batch
from gsvlms_extract.batch.summary import RunSummary
from gsvlms_extract.batch.worker import Task, process_document

__all__ = [
    "ENGINES",
    "SUPPORTED_SUFFIXES",
    "RunSummary",
    "Task",
    "find_documents",
    "process_document",
    "run_batch",
]
