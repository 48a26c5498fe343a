"""The evaluation as one JSON-ready dict: the single data model every report renders.

The layout is documented in ``docs/evaluation.md`` and versioned by `SCHEMA_VERSION`: a
consumer can rely on every key listed there for a given major version. The dict holds no
timestamps or machine paths beyond the input paths given, so the same inputs give the same
bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gsvlms_extract.reconcile.compare import FIELD_RULES
from gsvlms_extract.reconcile.evaluation import Evaluation
from gsvlms_extract.reconcile.metrics import FieldScore

__all__ = ["SCHEMA_VERSION", "build_report", "write_json"]

SCHEMA_VERSION = "1.0"
_DIGITS = 4


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


def _score(score: FieldScore) -> dict[str, Any]:
    return {
        "field": score.field,
        **score.counts(),
        "n": score.n,
        "gold_present": score.gold_present,
        "emitted": score.emitted,
        **{name: _round(value) for name, value in score.ratios().items()},
    }


def build_report(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain JSON types (see ``docs/evaluation.md`` for every key)."""
    groups = evaluation.links_by_status()
    comparisons = sorted(
        evaluation.comparisons, key=lambda c: (c.case_id, c.source, c.patient_index, c.field)
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "threshold": evaluation.threshold,
        "summary": {
            "documents": evaluation.n_documents,
            "failed_documents": len(evaluation.failures),
            "patients": len(evaluation.links),
            "linked": len(groups["linked"]),
            "candidate_new": len(groups["candidate_new"]),
            "near_miss": len(groups["near_miss"]),
            "comparisons": len(evaluation.comparisons),
            "disagreements": len(evaluation.disagreements),
            "resolved_by_verdict": len(evaluation.resolved),
        },
        "rules": {
            name: {"rule": rule.rule.value, "description": rule.description}
            for name, rule in FIELD_RULES.items()
        },
        "fields": [_score(score) for score in evaluation.scores],
        "overall": {
            "micro": _score(evaluation.micro),
            "macro": {name: _round(value) for name, value in evaluation.macro.items()},
        },
        "links": [
            link.as_dict()
            for link in sorted(evaluation.links, key=lambda k: (k.source, k.patient_index))
        ],
        "failures": [{"path": path, "reason": reason} for path, reason in evaluation.failures],
        "confusion": evaluation.confusion,
        "comparisons": [c.as_dict() for c in comparisons],
    }


def write_json(report: dict[str, Any], path: str | Path) -> Path:
    """Write ``report`` as indented UTF-8 JSON with sorted-stable key order; returns the path."""
    path = Path(path)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
