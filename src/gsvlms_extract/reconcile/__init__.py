"""Reconcile extracted patients with the gold standard (or the registry): link, compare, score.

Public API:

* `link_cases` — scored, explained, one-to-one linking of patients to candidate cases.
* `FIELD_RULES`, `compare_values`, `compare_records` — the per-field comparison rules.
* `FieldScore`, `micro_average`, `macro_average` — metrics from comparison outcomes.
* `evaluate_cases` — link + compare + score records; `evaluate_paths` does the same from files.
"""

from gsvlms_extract.reconcile.compare import (
    FIELD_RULES,
    Outcome,
    compare_records,
    compare_values,
    values_agree,
)
from gsvlms_extract.reconcile.evaluation import Evaluation, FieldComparison, Verdict, evaluate_cases
from gsvlms_extract.reconcile.link import DEFAULT_THRESHOLD, Candidate, Link, link_cases
from gsvlms_extract.reconcile.metrics import FieldScore, macro_average, micro_average

__all__ = [
    "DEFAULT_THRESHOLD",
    "FIELD_RULES",
    "Candidate",
    "Evaluation",
    "FieldComparison",
    "FieldScore",
    "Link",
    "Outcome",
    "Verdict",
    "compare_records",
    "compare_values",
    "evaluate_cases",
    "link_cases",
    "macro_average",
    "micro_average",
    "values_agree",
]
