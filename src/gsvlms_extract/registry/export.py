"""Exports of the registry: one row per case, as CSV, Parquet or a REDCap project.

CSV and Parquet carry `schema.CASE_FIELDS` (cells in the CSV conventions of
``gold/DATA_DICTIONARY.md``: lists joined by ";", ``none`` for an explicitly empty list,
``true``/``false``) followed by the status columns:

    origin            ``gold`` (Table 1 of the review) or ``extraction`` (a new case)
    needs_review      true for cases created from an extraction and not yet reviewed
    n_documents       documents linked to the case
    open_conflicts    extractions disagreeing with a registry value, awaiting a curator
    extracted_fields  fields whose value was filled by an extraction (not curated)

Parquet keeps the same columns with numbers as numbers and booleans as booleans. Excel
(``xlsx``, the ``[review]`` extra) has three sheets: cases, evidence and decisions.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.models import (
    RETIRED_ORIGINS,
    Case,
    CaseValue,
    Conflict,
    Extraction,
    Link,
)
from gsvlms_extract.schema import BOOL_FIELDS, CASE_FIELDS, LIST_FIELDS

__all__ = [
    "EXPORT_FORMATS",
    "STATUS_COLUMNS",
    "cases_frame",
    "check_format",
    "typed_frame",
    "export_registry",
]

EXPORT_FORMATS = ("csv", "parquet", "redcap", "xlsx")
STATUS_COLUMNS = ("origin", "needs_review", "n_documents", "open_conflicts", "extracted_fields")
_INT_FIELDS = ("case_id", "year", "age_years")
_FLOAT_FIELDS = ("size_mm", "followup_months")


def cases_frame(engine: Engine) -> pd.DataFrame:
    """Every registry case, CSV cells ("" for null) + status columns, sorted by case_id."""
    with engine.connect() as conn:
        cases = conn.execute(
            select(Case.case_id, Case.origin, Case.needs_review)
            .where(Case.origin.not_in(RETIRED_ORIGINS))
            .order_by(Case.case_id)
        ).all()
        values = conn.execute(
            select(CaseValue.case_id, CaseValue.field, CaseValue.value, CaseValue.origin)
        ).all()
        docs = dict(
            conn.execute(
                select(Link.case_id, func.count(func.distinct(Extraction.document_id)))
                .join(Extraction, Extraction.id == Link.extraction_id)
                .group_by(Link.case_id)
            ).all()
        )
        conflicts = dict(
            conn.execute(
                select(Conflict.case_id, func.count())
                .where(Conflict.status == "open")
                .group_by(Conflict.case_id)
            ).all()
        )
    rows: dict[int, dict[str, object]] = {}
    extracted: dict[int, list[str]] = {}
    for case_id, origin, needs_review in cases:
        rows[case_id] = {name: "" for name in CASE_FIELDS}
        rows[case_id].update(
            case_id=str(case_id),
            origin=origin,
            needs_review="true" if needs_review else "false",
            n_documents=int(docs.get(case_id, 0)),
            open_conflicts=int(conflicts.get(case_id, 0)),
        )
        extracted[case_id] = []
    for case_id, name, value, origin in values:
        if case_id not in rows:  # a merged or rejected case (kept for its number)
            continue
        if name not in CASE_FIELDS:
            raise RegistryError(f"case_values: case {case_id} has unknown field {name!r}")
        rows[case_id][name] = value
        if origin == "extraction":
            extracted[case_id].append(name)
    for case_id, names in extracted.items():
        rows[case_id]["extracted_fields"] = ";".join(n for n in CASE_FIELDS if n in names)
    frame = pd.DataFrame(list(rows.values()), columns=[*CASE_FIELDS, *STATUS_COLUMNS])
    return frame.reset_index(drop=True)


def typed_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """The CSV-cell frame with numbers as nullable numbers and booleans as nullable booleans."""
    typed = cells.copy()
    for name in _INT_FIELDS:
        typed[name] = pd.to_numeric(typed[name].replace("", None)).astype("Int64")
    for name in _FLOAT_FIELDS:
        typed[name] = pd.to_numeric(typed[name].replace("", None)).astype("Float64")
    for name in (*sorted(BOOL_FIELDS), "needs_review"):
        typed[name] = typed[name].map({"true": True, "false": False, "": None}).astype("boolean")
    for name in (
        *sorted(LIST_FIELDS),
        "author",
        "nation",
        "sex",
        "side",
        "region",
        "pain",
        "operation",
        "adjuvant",
        "outcome",
        "origin",
        "extracted_fields",
    ):
        if name in typed:
            typed[name] = typed[name].replace("", None).astype("string")
    for name in ("n_documents", "open_conflicts"):
        typed[name] = typed[name].astype("Int64")
    return typed


def check_format(fmt: str) -> str:
    """``fmt`` if it is an export format, else a `RegistryError` listing the formats."""
    if fmt not in EXPORT_FORMATS:
        raise RegistryError(f"export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    return fmt


def export_registry(engine: Engine, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the export ``fmt`` (csv | parquet | redcap) into ``out_dir``; return the files."""
    check_format(fmt)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistryError(f"{out}: cannot create export folder ({exc.strerror})") from None
    cells = cases_frame(engine)
    if fmt == "csv":
        path = out / "registry_cases.csv"
        cells.to_csv(path, index=False)
        return [path]
    if fmt == "parquet":
        path = out / "registry_cases.parquet"
        try:
            typed_frame(cells).to_parquet(path, index=False)
        except ImportError as exc:
            reason = str(exc).strip().splitlines()[0]
            raise RegistryError(f"{path}: Parquet export unavailable ({reason})") from None
        return [path]
    if fmt == "xlsx":
        from gsvlms_extract.registry.xlsx import write_xlsx

        return [write_xlsx(engine, typed_frame(cells), out / "registry.xlsx")]
    from gsvlms_extract.registry.redcap import data_dictionary, import_frame

    dictionary, data = out / "redcap_data_dictionary.csv", out / "redcap_import.csv"
    data_dictionary().to_csv(dictionary, index=False)
    import_frame(cells).to_csv(data, index=False)
    return [dictionary, data]
