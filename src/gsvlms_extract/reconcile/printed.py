"""The gold's cells as printed in Table 1 (``gold/table1_raw.csv``), for curators to read.

A disagreement shows the printed cell next to the normalized gold value, because a Table 1
mistake ("Left thigh" for a calf tumour) is only visible in what the table actually says.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from gsvlms_extract.errors import GoldError

__all__ = ["PRINTED_COLUMN", "load_printed_cells"]

#: CaseRecord field -> the Table 1 column it is read from (column names of table1_raw.csv).
PRINTED_COLUMN: dict[str, str] = {
    "author": "author",
    "year": "year",
    "nation": "nation",
    "sex": "gender_age",
    "age_years": "gender_age",
    "side": "site",
    "region": "site",
    "presentation": "initial_symptom",
    "pain": "initial_symptom",
    "size_mm": "size",
    "sizes_mm": "size",
    "operation": "operation",
    "vein_reconstruction": "operation",
    "adjuvant": "adjuvant_therapy",
    "local_recurrence": "local_recurrence",
    "metastasis": "metastasis",
    "followup_months": "followup_months",
    "outcome": "outcome",
}
_CASE = re.compile(r"^\s*#?\s*(\d+)\s*$")


def load_printed_cells(path: str | Path) -> dict[int, dict[str, str]]:
    """Case number -> {column: cell as printed}.

    Raises:
        GoldError: unreadable file, no ``case`` column, a case cell that is not a number, or a
            column of `PRINTED_COLUMN` missing from the header.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            needed = {"case", *PRINTED_COLUMN.values()}
            missing = sorted(needed - set(header))
            if missing:
                raise GoldError(f"{path}:1: missing column(s) {', '.join(missing)}")
            cells: dict[int, dict[str, str]] = {}
            for row in reader:
                match = _CASE.match(row["case"] or "")
                if not match:
                    raise GoldError(
                        f"{path}:{reader.line_num}: case cell {row['case']!r} is not a number"
                    )
                cells[int(match.group(1))] = {k: (v or "") for k, v in row.items() if k}
    except OSError as exc:
        raise GoldError(f"{path}: cannot read printed Table 1 ({exc.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: unreadable CSV ({exc})") from None
    return cells
