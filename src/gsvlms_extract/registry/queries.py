"""Read-only views of the registry for the terminal: overview, documents, conflicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from gsvlms_extract.registry.models import (
    Case,
    CaseValue,
    Conflict,
    Document,
    Extraction,
    Link,
    NoteNlp,
    Run,
)

__all__ = ["TABLES", "table_counts", "overview", "conflicts", "documents", "excluded"]

TABLES = {
    "cases": Case,
    "case_values": CaseValue,
    "documents": Document,
    "extractions": Extraction,
    "evidence": NoteNlp,
    "links": Link,
    "conflicts": Conflict,
    "runs": Run,
}


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of every registry table."""
    with engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
            for name, model in TABLES.items()
        }


def overview(engine: Engine) -> dict[str, Any]:
    """Counts a curator looks at first: cases by origin, review queue, documents by status."""
    with engine.connect() as conn:
        by_origin = dict(
            conn.execute(select(Case.origin, func.count()).group_by(Case.origin)).all()
        )
        review = conn.execute(
            select(func.count()).select_from(Case).where(Case.needs_review.is_(True))
        ).scalar_one()
        by_status = dict(
            conn.execute(select(Document.status, func.count()).group_by(Document.status)).all()
        )
        open_conflicts = conn.execute(
            select(func.count()).select_from(Conflict).where(Conflict.status == "open")
        ).scalar_one()
    return {
        "cases": {str(k): int(v) for k, v in sorted(by_origin.items())},
        "needs_review": int(review),
        "documents": {str(k): int(v) for k, v in sorted(by_status.items())},
        "open_conflicts": int(open_conflicts),
        "excluded_patients": len(excluded(engine)),
        "tables": table_counts(engine),
    }


def conflicts(engine: Engine, *, status: str | None = "open") -> list[dict[str, Any]]:
    """Conflicts with the document that produced them, oldest first."""
    query = (
        select(
            Conflict.id,
            Conflict.case_id,
            Conflict.field,
            Conflict.registry_value,
            Conflict.registry_origin,
            Conflict.extracted_value,
            Conflict.extraction_id,
            Conflict.status,
            Document.path,
            Extraction.patient_index,
        )
        .join(Extraction, Extraction.id == Conflict.extraction_id)
        .join(Document, Document.id == Extraction.document_id)
        .order_by(Conflict.case_id, Conflict.field, Conflict.id)
    )
    if status:
        query = query.where(Conflict.status == status)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def documents(engine: Engine) -> list[dict[str, Any]]:
    """Every document with its status, error and the cases it links to."""
    with engine.connect() as conn:
        rows = (
            conn.execute(
                select(
                    Document.id,
                    Document.path,
                    Document.status,
                    Document.error,
                    Document.n_pages,
                    Document.media_type,
                ).order_by(Document.path)
            )
            .mappings()
            .all()
        )
        links = conn.execute(
            select(Extraction.document_id, Link.case_id)
            .join(Link, Link.extraction_id == Extraction.id)
            .order_by(Link.case_id)
        ).all()
    cases: dict[int, list[int]] = {}
    for doc_id, case_id in links:
        cases.setdefault(doc_id, []).append(case_id)
    return [{**dict(row), "cases": cases.get(row["id"], [])} for row in rows]


def excluded(engine: Engine) -> list[dict[str, Any]]:
    """Patients judged not GSV-LMS: stored with their facts and the reason, filed as no case.

    One row per (document, patient) whose latest extraction says ``is_gsv_lms`` false: the
    document path, the patient index, the reason and the extracted facts, so a curator can
    confirm the exclusion or overrule it.
    """
    from gsvlms_extract.schema import CASE_FIELDS

    facts = [getattr(Extraction, name) for name in CASE_FIELDS if hasattr(Extraction, name)]
    query = (
        select(
            Extraction.id.label("extraction_id"),
            Document.path,
            Extraction.patient_index,
            Extraction.is_gsv_lms_reason.label("reason"),
            *facts,
        )
        .join(Document, Document.id == Extraction.document_id)
        .where(Extraction.is_gsv_lms.is_(False))
        .order_by(Document.path, Extraction.patient_index)
    )
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
