"""`load_gold`: ``gold/table1.csv`` (+ ``gold/corrections.yaml``) → list of `CaseRecord`.

Default files: a local ``gold/`` folder, else the packaged copy (`gsvlms_extract.gold.paths`).
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from gsvlms_extract.errors import GoldError
from gsvlms_extract.gold.corrections import apply_corrections, load_corrections
from gsvlms_extract.gold.paths import CORRECTIONS, TABLE, default_path, packaged
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


def resolve_gold(
    path: str | Path | None = None, corrections: str | Path | None = ""
) -> tuple[Path, Path | None]:
    """The gold table and the verdicts file to apply to it.

    ``path`` None: the default table (local ``gold/``, else packaged). ``corrections`` ``""``:
    ``corrections.yaml`` beside the table (for the packaged table: the local verdicts when
    there are, else the packaged ones), only if it exists; ``None``: no verdicts; a path
    given explicitly must exist.

    Raises:
        GoldError: an explicit corrections file that does not exist.
    """
    table = Path(path) if path is not None else default_path(TABLE)
    if corrections == "":
        # beside the table; for the packaged table, local verdicts win (`gold correct` starts
        # the local file from the packaged one, so it holds every packaged verdict too)
        beside = table.parent / CORRECTIONS
        if path is None and table == packaged(TABLE):
            beside = default_path(CORRECTIONS)
        return table, beside if beside.exists() else None
    if corrections is None:
        return table, None
    verdicts = Path(corrections)
    if not verdicts.exists():
        raise GoldError(f"{verdicts}: corrections file not found")
    return table, verdicts


def load_gold(
    path: str | Path | None = None,
    corrections: str | Path | None = "",
) -> list[CaseRecord]:
    """The gold standard: every Table 1 case as a `CaseRecord`, curator verdicts applied.

    Args:
        path: the normalized table (default: ``gold/table1.csv`` under the working directory
            when it exists, else the packaged table).
        corrections: curator verdicts; ``""`` (default): the default verdicts, or
            ``corrections.yaml`` beside an explicit ``path``, when present (see
            `resolve_gold`); ``None`` loads the table as written. Verdicts are already in a
            built table, so re-applying them is a no-op.

    Returns:
        Records sorted by ``case_id``.

    Raises:
        GoldError / VocabularyError: one line naming ``file:line`` and the problem.
    """
    table, verdicts_path = resolve_gold(path, corrections)
    records = read_table(table)
    if verdicts_path is not None:
        verdicts = load_corrections(verdicts_path)
        try:
            records = apply_corrections(records, verdicts)
        except GoldError as exc:
            raise GoldError(f"{verdicts_path}: {exc}") from None
        logger.debug("%s: applied %d corrections", verdicts_path, len(verdicts))
    return sorted(records, key=lambda r: r.case_id or 0)
