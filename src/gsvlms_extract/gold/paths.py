"""Default locations, relative to the current working directory (the repository root)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_SOURCE = Path("corpus/seed/gsv_lms_review_2024.txt")
DEFAULT_GOLD_DIR = Path("gold")
TABLE_RAW = "table1_raw.csv"
TABLE = "table1.csv"
CORRECTIONS = "corrections.yaml"
ANOMALIES = "anomalies.csv"
CLAIMS = "review_claims.yaml"
DEFAULT_TABLE = DEFAULT_GOLD_DIR / TABLE
DEFAULT_CORRECTIONS = DEFAULT_GOLD_DIR / CORRECTIONS
DEFAULT_CLAIMS = DEFAULT_GOLD_DIR / CLAIMS
