"""Batch runner: a folder of reports → the registry, in parallel workers (process pool or Dask).

Public API: `run_batch`, `RunSummary`, `find_documents`, `process_document`, `Task`.

Names load on first use: a worker process unpickling `process_document` imports only the
worker module and the stages below it, never the registry or SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "ENGINES",
    "SUPPORTED_SUFFIXES",
    "RunSummary",
    "Task",
    "find_documents",
    "process_document",
    "run_batch",
]

_HOME = {
    "ENGINES": "runner",
    "SUPPORTED_SUFFIXES": "runner",
    "find_documents": "runner",
    "run_batch": "runner",
    "RunSummary": "summary",
    "Task": "worker",
    "process_document": "worker",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
