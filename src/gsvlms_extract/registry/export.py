"""Exports of the registry: one row per case, as CSV, Parquet or a REDCap project.

CSV and Parquet carry `schema.CASE_FIELDS` (cells in the CSV conventions of
``gold/DATA_DICTIONARY.md``: lists joined by ";", ``none`` for an explicitly empty list,
``true``/``false``) followed by the status columns:

    origin            ``gold`` (Table 1 of the review) or ``extraction`` (a new case)
    needs_review      true for cases created from an extraction and not yet reviewed
    n_documents       documents linked to the case
    open_conflicts    extractions disagreeing with a registry value, awaiting a curator
    extracted_fields  fields whose value was filled by an extraction (not curated)

and the provenance columns:

    pmid, doi         identifiers of the articles of the linked reports, ";"-separated
    source_documents  "Table 1 of the review" for gold cases, then every linked file, one a line
    evidence          one line per value an extraction filled: "field: the sentence"

Parquet keeps the same columns with numbers as numbers and booleans as booleans. Excel
(``xlsx``, the ``[review]`` extra) has three sheets: cases, evidence and decisions. Text cells
of the CSV and the workbook that a spreadsheet would run as a formula (``= + - @``) are
neutralised (`gsvlms_extract.spreadsheet`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.models import (
    RETIRED_ORIGINS,
    Article,
    Case,
    CaseValue,
    Conflict,
    Document,
    Extraction,
    Link,
    NoteNlp,
)
from gsvlms_extract.schema import BOOL_FIELDS, CASE_FIELDS, LIST_FIELDS
from gsvlms_extract.spreadsheet import safe_frame

__all__ = [
    "EXPORT_FORMATS",
    "STATUS_COLUMNS",
    "PROVENANCE_COLUMNS",
    "cases_frame",
    "check_format",
    "typed_frame",
    "export_registry",
]

EXPORT_FORMATS = ("csv", "parquet", "redcap", "xlsx")
STATUS_COLUMNS = ("origin", "needs_review", "n_documents", "open_conflicts", "extracted_fields")
PROVENANCE_COLUMNS = ("pmid", "doi", "source_documents", "evidence")
#: Where a gold case comes from.
GOLD_SOURCE = "Table 1 of the review (gsv_lms_review_2024)"
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
        provenance = _provenance(conn)
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
        sources = ([GOLD_SOURCE] if origin == "gold" else []) + provenance["paths"].get(case_id, [])
        rows[case_id].update(
            pmid=";".join(provenance["pmid"].get(case_id, [])),
            doi=";".join(provenance["doi"].get(case_id, [])),
            source_documents="\n".join(sources),
            evidence="\n".join(provenance["evidence"].get(case_id, [])),
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
    columns = [*CASE_FIELDS, *STATUS_COLUMNS, *PROVENANCE_COLUMNS]
    frame = pd.DataFrame(list(rows.values()), columns=columns)
    return frame.reset_index(drop=True)


def _provenance(conn) -> dict[str, dict[int, list[str]]]:  # noqa: ANN001 - Connection
    """case_id -> linked document paths, article identifiers and evidence lines (sorted)."""
    linked = conn.execute(
        select(Link.case_id, Document.path, Article.pmid, Article.doi)
        .join(Extraction, Extraction.id == Link.extraction_id)
        .join(Document, Document.id == Extraction.document_id)
        .outerjoin(Article, Article.id == Document.article_id)
    ).all()
    out: dict[str, dict[int, set[str]]] = {"paths": {}, "pmid": {}, "doi": {}, "evidence": {}}
    for case_id, path, pmid, doi in linked:
        out["paths"].setdefault(case_id, set()).add(path)
        for name, value in (("pmid", pmid), ("doi", doi)):
            if value:
                out[name].setdefault(case_id, set()).add(str(value))
    evidence = conn.execute(
        select(CaseValue.case_id, CaseValue.field, NoteNlp.snippet)
        .join(
            NoteNlp,
            (NoteNlp.extraction_id == CaseValue.extraction_id)
            & (NoteNlp.note_nlp_concept == CaseValue.field),
        )
        .where(CaseValue.origin == "extraction")
    ).all()
    for case_id, name, snippet in evidence:
        out["evidence"].setdefault(case_id, set()).add(f"{name}: {' '.join(snippet.split())}")
    order = {name: i for i, name in enumerate(CASE_FIELDS)}
    result: dict[str, dict[int, list[str]]] = {}
    for key, by_case in out.items():
        if key == "evidence":
            result[key] = {
                c: sorted(v, key=lambda line: (order.get(line.split(":", 1)[0], 99), line))
                for c, v in by_case.items()
            }
        else:
            result[key] = {c: sorted(v) for c, v in by_case.items()}
    return result


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
        *PROVENANCE_COLUMNS,
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


def _write(path: Path, write) -> Path:  # noqa: ANN001 - a callable writing ``path``
    try:
        write(path)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot write export ({exc.strerror or exc})") from None
    return path


def export_registry(engine: Engine, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the export ``fmt`` (csv | parquet | redcap) into ``out_dir``; return the files.

    Raises:
        RegistryError: an unknown format, or a folder or file that cannot be written (one
            line naming it).
    """
    check_format(fmt)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RegistryError(f"{out}: not a folder (the export writes files into a folder)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistryError(f"{out}: cannot create export folder ({exc.strerror})") from None
    cells = cases_frame(engine)
    if fmt == "csv":
        return [
            _write(
                out / "registry_cases.csv",
                lambda p: safe_frame(cells).to_csv(p, index=False),
            )
        ]
    if fmt == "parquet":
        path = out / "registry_cases.parquet"
        try:
            return [_write(path, lambda p: typed_frame(cells).to_parquet(p, index=False))]
        except ImportError as exc:
            reason = str(exc).strip().splitlines()[0]
            raise RegistryError(
                f"{path}: Parquet export unavailable ({reason}); "
                "install it with pip install 'gsvlms-extract[parquet]'"
            ) from None
    if fmt == "xlsx":
        from gsvlms_extract.registry.xlsx import write_xlsx

        return [write_xlsx(engine, typed_frame(cells), out / "registry.xlsx")]
    from gsvlms_extract.registry.redcap import data_dictionary, import_frame

    return [
        _write(
            out / "redcap_data_dictionary.csv",
            lambda p: data_dictionary().to_csv(p, index=False),
        ),
        _write(out / "redcap_import.csv", lambda p: import_frame(cells).to_csv(p, index=False)),
    ]
