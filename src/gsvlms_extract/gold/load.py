"""`load_gold`: ``gold/table1.csv`` (+ ``gold/corrections.yaml``) → list of `CaseRecord`."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from gsvlms_extract.errors import GoldError
from gsvlms_extract.gold.corrections import apply_corrections, load_corrections
from gsvlms_extract.gold.paths import DEFAULT_CORRECTIONS, DEFAULT_TABLE
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_from_row

logger = logging.getLogger(__name__)


def read_table(path: str | Path) -> list[CaseRecord]:
    """Read a normalized gold CSV (as written by `build_gold`), without corrections.

    Raises:
        GoldError: missing/unreadable file, missing or unknown columns (``file:1``), a row without
            a case id or a duplicate case id (``file:line``), an empty table.
        VocabularyError: a value outside its vocabulary (``file:line: field: problem``).
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise GoldError(
            f"{path}: gold table not found (build it with `gsvlms gold build`)"
        ) from None
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold table ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise GoldError(f"{path}:1: unreadable CSV header ({exc})") from None
        missing = [name for name in CASE_FIELDS if name not in header]
        if missing:
            raise GoldError(f"{path}:1: missing column(s) {', '.join(missing)}")
        extra = [name for name in header if name not in CASE_FIELDS]
        if extra:
            raise GoldError(f"{path}:1: unknown column(s) {', '.join(extra)}")
        records: list[CaseRecord] = []
        first_line: dict[int, int] = {}
        try:
            for row in reader:
                line = reader.line_num
                if None in row or any(value is None for value in row.values()):
                    raise GoldError(f"{path}:{line}: wrong number of cells")
                record = record_from_row(row, where=f"{path}:{line}")
                if record.case_id is None:
                    raise GoldError(f"{path}:{line}: row without a case_id")
                if record.case_id in first_line:
                    raise GoldError(
                        f"{path}:{line}: duplicate case_id {record.case_id} "
                        f"(first on line {first_line[record.case_id]})"
                    )
                first_line[record.case_id] = line
                records.append(record)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise GoldError(f"{path}:{reader.line_num}: unreadable CSV ({exc})") from None
    if not records:
        raise GoldError(f"{path}: gold table has no rows")
    return records


def load_gold(
    path: str | Path = DEFAULT_TABLE,
    corrections: str | Path | None = DEFAULT_CORRECTIONS,
) -> list[CaseRecord]:
    """The gold standard: every Table 1 case as a `CaseRecord`, curator verdicts applied.

    Args:
        path: the normalized table (default ``gold/table1.csv`` under the working directory).
        corrections: curator verdicts (default ``gold/corrections.yaml``; skipped if that default
            file does not exist); ``None`` loads the table as written, no verdicts re-applied.
            Verdicts are already in a built table, so re-applying them is a no-op.

    Returns:
        Records sorted by ``case_id``.

    Raises:
        GoldError / VocabularyError: one line naming ``file:line`` and the problem.
    """
    records = read_table(path)
    if corrections is not None and Path(corrections) == DEFAULT_CORRECTIONS:
        corrections = corrections if DEFAULT_CORRECTIONS.exists() else None
    if corrections is not None:
        verdicts = load_corrections(corrections)
        try:
            records = apply_corrections(records, verdicts)
        except GoldError as exc:
            raise GoldError(f"{corrections}: {exc}") from None
        logger.debug("%s: applied %d corrections", corrections, len(verdicts))
    return sorted(records, key=lambda r: r.case_id or 0)
