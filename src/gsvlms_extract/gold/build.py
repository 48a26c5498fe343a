"""`build_gold`: the review article → ``gold/table1_raw.csv``, ``table1.csv``, ``anomalies.csv``.

Steps: read the article through ingest, cut Table 1 into printed cells (`table.parse_table1`),
normalize every cell (`normalize`), apply curator verdicts (`corrections`), and list anomalies
(`anomalies`, plus the own-case check in `article`). Output is byte-for-byte reproducible:
fixed column order, sorted rows, ``\\n`` line endings, UTF-8.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gsvlms_extract.errors import GoldError, VocabularyError
from gsvlms_extract.gold import normalize as norm
from gsvlms_extract.gold.anomalies import ANOMALY_COLUMNS, Anomaly, sort_anomalies, table_anomalies
from gsvlms_extract.gold.article import own_case_site_conflict
from gsvlms_extract.gold.corrections import (
    Correction,
    apply_corrections,
    changed_fields,
    load_corrections,
)
from gsvlms_extract.gold.paths import ANOMALIES, CORRECTIONS, TABLE, TABLE_RAW, default_path
from gsvlms_extract.gold.table import RAW_FIELDS, RawRow, RawTable, parse_table1
from gsvlms_extract.ingest import load_document
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_to_row

logger = logging.getLogger(__name__)


def _one(parse: Callable[[str], Any]) -> Callable[[str], tuple[Any, ...]]:
    return lambda cell: (parse(cell),)


#: Table 1 column → (CaseRecord fields it fills, normalizer returning one value per field).
COLUMN_RULES: dict[str, tuple[tuple[str, ...], Callable[[str], tuple[Any, ...]]]] = {
    "author": (("author",), lambda cell: (norm.parse_author(cell)[0],)),
    "year": (("year",), _one(norm.parse_year)),
    "nation": (("nation",), _one(norm.parse_nation)),
    "gender_age": (("sex", "age_years"), norm.parse_sex_age),
    "site": (("side", "region"), norm.parse_site),
    "initial_symptom": (("presentation", "pain"), norm.parse_presentation),
    "size": (("size_mm", "sizes_mm"), norm.parse_size),
    "operation": (("operation", "vein_reconstruction"), norm.parse_operation),
    "adjuvant_therapy": (("adjuvant",), _one(norm.parse_adjuvant)),
    "local_recurrence": (("local_recurrence",), _one(norm.parse_yes_no)),
    "metastasis": (("metastasis",), _one(norm.parse_metastasis)),
    "followup_months": (("followup_months",), _one(norm.parse_months)),
    "outcome": (("outcome",), _one(norm.parse_outcome)),
}


@dataclass(frozen=True, slots=True)
class AppliedCorrection:
    """A verdict and what it did: the printed cell, and whether it changed the normalized value
    (``normalized`` is what the rules alone produced, or an error message for unreadable cells)."""

    correction: Correction
    raw: str
    normalized: str
    changed: bool


@dataclass(frozen=True, slots=True)
class BuildResult:
    table: RawTable
    records: list[CaseRecord]
    anomalies: list[Anomaly]
    applied: list[AppliedCorrection]
    written: list[Path]


def _field_column(field: str) -> str:
    for column, (fields, _) in COLUMN_RULES.items():
        if field in fields:
            return column
    return "case"


def normalize_row(
    row: RawRow, source: str, judged: frozenset[str] = frozenset()
) -> tuple[CaseRecord, dict[str, str]]:
    """One printed row → `CaseRecord` by the rules alone.

    A cell the rules cannot read raises `VocabularyError` naming file, case and column, unless
    every field it fills has a curator verdict (``judged``); those fields are left null here for
    the verdict to fill, and the error text is returned per field.
    """
    cells = row.as_dict()
    data: dict[str, Any] = {"case_id": row.case}
    unreadable: dict[str, str] = {}
    for column, (fields, parse) in COLUMN_RULES.items():
        try:
            values = parse(cells[column])
        except VocabularyError as exc:
            if not set(fields) <= judged:
                raise VocabularyError(
                    f"{source}: Table 1 case {row.case} column {column}: {exc}"
                ) from None
            values = (None,) * len(fields)
            unreadable.update({field: f"unreadable: {exc}" for field in fields})
        data.update(zip(fields, values, strict=True))
    try:
        return CaseRecord(**data), unreadable
    except ValueError as exc:
        raise VocabularyError(f"{source}: Table 1 case {row.case}: {exc}") from None


def _csv_text(fieldnames: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build_records(
    table: RawTable, corrections: list[Correction], where: str = "corrections"
) -> tuple[list[CaseRecord], list[AppliedCorrection]]:
    """Normalize every row, then apply the verdicts; report what each verdict did."""
    judged_by_case: dict[int, set[str]] = {}
    for c in corrections:
        judged_by_case.setdefault(c.case, set()).add(c.field)
    known = {row.case for row in table.rows}
    for c in corrections:
        if c.case not in known:
            raise GoldError(f"{where}: correction for case {c.case}: no such row in Table 1")
    records: list[CaseRecord] = []
    unreadable: dict[tuple[int, str], str] = {}
    for row in table.rows:
        record, bad = normalize_row(row, table.source, frozenset(judged_by_case.get(row.case, ())))
        records.append(record)
        unreadable.update({(row.case, field): msg for field, msg in bad.items()})
    corrected = apply_corrections(records, corrections)
    by_case = {r.case_id: r for r in records}
    after_by_case = {r.case_id: r for r in corrected}
    raw_by_case = {row.case: row.as_dict() for row in table.rows}
    applied = []
    for c in corrections:
        before, after = by_case[c.case], after_by_case[c.case]
        key = (c.case, c.field)
        normalized = unreadable.get(key, record_to_row(before)[c.field] or "(null)")
        applied.append(
            AppliedCorrection(
                correction=c,
                raw=raw_by_case[c.case][_field_column(c.field)],
                normalized=normalized,
                changed=key in unreadable or c.field in changed_fields(before, after),
            )
        )
    return corrected, applied


def build_gold(
    source: str | Path,
    out: str | Path,
    corrections: str | Path | None = "",
) -> BuildResult:
    """Build the gold files from the review article into directory ``out``.

    Args:
        source: the review article (any format ``ingest.load_document`` reads).
        out: output directory (created if missing).
        corrections: curator verdicts (``""``, the default: the local ``gold/corrections.yaml``
            or else the packaged one, skipped when neither exists); ``None``: rules only. The
            verdicts applied are copied to ``out/corrections.yaml`` when ``out`` has none, so
            the folder keeps every verdict its table holds.

    Returns:
        The parsed table, the normalized records, the anomalies and the applied corrections.

    Raises:
        IngestError: the article cannot be read.
        GoldError: Table 1 is missing, truncated or malformed, or a verdict is unusable.
        VocabularyError: a cell outside the rules with no curator verdict.
    """
    out = Path(out)
    doc = load_document(source)
    table = parse_table1(doc)
    if corrections == "":
        default = default_path(CORRECTIONS)
        corrections = default if default.exists() else None
    if corrections is not None:
        verdicts = load_corrections(corrections)
        where = str(corrections)
    else:
        verdicts, where = [], "corrections"
    records, applied = build_records(table, verdicts, where)
    anomalies = list(table_anomalies(table))
    own = [row for row in table.rows if row.as_dict()["author"].strip().lower() == norm.OWN_CASE]
    for row in own:
        record = next(r for r in records if r.case_id == row.case)
        conflict = own_case_site_conflict(doc, record.region)
        if conflict:
            anomalies.append(Anomaly(row.case, "site", row.as_dict()["site"], conflict))
    anomalies = sort_anomalies(anomalies)

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GoldError(f"{out}: cannot create output directory ({exc.strerror})") from None
    files = {
        TABLE_RAW: _csv_text(RAW_FIELDS, [row.as_dict() for row in table.rows]),
        TABLE: _csv_text(
            CASE_FIELDS, [record_to_row(r) for r in sorted(records, key=lambda r: r.case_id)]
        ),
        ANOMALIES: _csv_text(ANOMALY_COLUMNS, [a.as_row() for a in anomalies]),
    }
    written = []
    for name, text in files.items():
        path = out / name
        try:
            path.write_bytes(text.encode("utf-8"))
        except OSError as exc:
            raise GoldError(f"{path}: cannot write ({exc.strerror})") from None
        written.append(path)
    kept = out / CORRECTIONS
    if corrections is not None and not kept.exists():
        try:
            kept.write_bytes(Path(corrections).read_bytes())
        except OSError as exc:
            raise GoldError(f"{kept}: cannot write ({exc.strerror})") from None
        written.append(kept)
    logger.info("%s: wrote %d cases to %s", table.source, len(records), out)
    return BuildResult(table, records, anomalies, applied, written)
