"""`RunSummary`: what one batch run did, for the terminal and the ``runs`` table."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from gsvlms_extract.registry.store import DocumentOutcome

__all__ = ["RunSummary"]


@dataclass
class RunSummary:
    """Counts and per-document reasons of one run.

    ``n_new`` documents were written (ok), ``n_copies`` were recorded as copies of an article
    read from a better format (no extraction), ``n_skipped`` were already known or duplicated,
    ``n_failed`` could not be read or processed (each with its reason in ``failures``).
    """

    run_id: int
    inbox: str
    registry: str
    n_found: int = 0
    n_new: int = 0
    n_skipped: int = 0
    n_failed: int = 0
    n_copies: int = 0
    n_extractions: int = 0
    new_cases: list[int] = field(default_factory=list)
    linked_documents: list[str] = field(default_factory=list)
    n_filled: int = 0
    n_conflicts: int = 0
    n_relinked: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    skips: dict[str, str] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    #: the largest peak resident memory any worker reported (MB)
    worker_peak_rss_mb: float = 0.0
    #: earlier runs found still ``running`` with their process gone, now ``interrupted``
    interrupted_runs: list[int] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    wall_seconds: float = 0.0

    @property
    def n_processed(self) -> int:
        return self.n_new + self.n_failed + self.n_copies

    def add(
        self,
        outcome: DocumentOutcome,
        *,
        seconds: float = 0.0,
        cpu: float = 0.0,
        peak_rss_mb: float = 0.0,
    ) -> None:
        self.worker_seconds += seconds
        self.worker_cpu_seconds += cpu
        self.worker_peak_rss_mb = max(self.worker_peak_rss_mb, peak_rss_mb)
        if outcome.status == "new":
            self.n_new += 1
            self.n_extractions += outcome.n_extractions
            self.new_cases.extend(outcome.new_case_ids)
            if outcome.linked_case_ids:
                self.linked_documents.append(outcome.path)
            self.n_filled += outcome.n_filled
            self.n_conflicts += outcome.n_conflicts
            self.n_relinked += outcome.relinked
        elif outcome.status == "copy":
            self.n_copies += 1
            self.copies[outcome.path] = outcome.reason or ""
        elif outcome.status == "failed":
            self.n_failed += 1
            self.failures[outcome.path] = outcome.reason or "unknown reason"
        else:
            self.n_skipped += 1
            self.skips[outcome.path] = outcome.reason or ""

    def finish(self) -> None:
        self.wall_seconds = time.perf_counter() - self.started

    def counts(self) -> dict[str, int]:
        return {
            "n_new": self.n_new,
            "n_skipped": self.n_skipped,
            "n_failed": self.n_failed,
            "n_new_cases": len(self.new_cases),
            "n_linked": len(self.linked_documents),
            "n_conflicts": self.n_conflicts,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "inbox": self.inbox,
            "documents": {
                "found": self.n_found,
                "new": self.n_new,
                "skipped": self.n_skipped,
                "failed": self.n_failed,
                "copies": self.n_copies,
            },
            "extractions": self.n_extractions,
            "new_cases": sorted(self.new_cases),
            "linked_documents": sorted(self.linked_documents),
            "values_filled": self.n_filled,
            "conflicts": self.n_conflicts,
            "relinked_by_parent": self.n_relinked,
            "failures": dict(sorted(self.failures.items())),
            "skipped": dict(sorted(self.skips.items())),
            "copies": dict(sorted(self.copies.items())),
            "wall_seconds": round(self.wall_seconds, 3),
            "worker_seconds": round(self.worker_seconds, 3),
            "worker_cpu_seconds": round(self.worker_cpu_seconds, 3),
            "worker_peak_rss_mb": round(self.worker_peak_rss_mb, 1),
            "interrupted_runs": list(self.interrupted_runs),
        }

    def render(self, console: Console, diagnostics: Console | None = None) -> None:
        """Print the summary table on ``console`` (data: stdout) and the skip and failure
        reasons on ``diagnostics`` (stderr; default: ``console``)."""
        diagnostics = diagnostics or console
        table = Table(title=f"gsvlms run #{self.run_id}: {self.inbox}", show_header=False)
        table.add_column("what")
        table.add_column("count", justify="right")
        rate = self.n_processed / self.wall_seconds if self.wall_seconds else 0.0
        for label, value in (
            ("documents found", self.n_found),
            ("new (written)", self.n_new),
            ("copies of an article read in a better format", self.n_copies),
            ("skipped (already known / duplicate)", self.n_skipped),
            ("failed", self.n_failed),
            ("patients extracted", self.n_extractions),
            ("new cases (needs review)", len(self.new_cases)),
            ("documents linked to known cases", len(self.linked_documents)),
            ("values filled", self.n_filled),
            ("conflicts recorded", self.n_conflicts),
            ("seconds", f"{self.wall_seconds:.1f} ({rate:.1f} docs/s)"),
        ):
            table.add_row(label, str(value))
        console.print(table)
        reasons: dict[str, int] = {}
        for reason in self.skips.values():
            key = (
                "same content as another file in this inbox"
                if reason.startswith("same content as")
                else reason
            )
            reasons[key] = reasons.get(key, 0) + 1
        for run_id in self.interrupted_runs:
            diagnostics.print(
                f"run #{run_id} had been killed; marked interrupted",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
        for reason, count in sorted(reasons.items()):
            diagnostics.print(
                f"skipped {count}: {reason}", highlight=False, markup=False, soft_wrap=True
            )
        for path, reason in sorted(self.failures.items()):
            line = reason if reason.startswith(path) else f"{path}: {reason}"
            diagnostics.print(f"failed: {line}", highlight=False, markup=False, soft_wrap=True)
