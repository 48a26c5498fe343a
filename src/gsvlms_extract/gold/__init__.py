"""Gold standard: Table 1 of the 2024 review as `CaseRecord` rows, and the audit of its prose.

Public API:

* `load_gold` — the normalized gold table with curator verdicts applied.
* `build_gold` — the review article → ``table1_raw.csv``, ``table1.csv``, ``anomalies.csv``.
* `corrections` — ``load_corrections``, ``apply_corrections``, ``add_correction``.
* `audit_claims` / `load_claims` — recompute the review's summary statistics.
"""

from gsvlms_extract.gold.build import BuildResult, build_gold
from gsvlms_extract.gold.corrections import (
    Correction,
    add_correction,
    apply_corrections,
    load_corrections,
)
from gsvlms_extract.gold.load import load_gold, read_table

__all__ = [
    "BuildResult",
    "Correction",
    "add_correction",
    "apply_corrections",
    "build_gold",
    "load_corrections",
    "load_gold",
    "read_table",
]
