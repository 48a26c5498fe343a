"""What a curator reads: the review queue, conflicts with their evidence, one case in full.

Read-only; the writes are in `registry.decisions` and `registry.case_decisions`. Shared by
``gsvlms registry conflicts`` and the review application.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select

from gsvlms_extract.registry.models import (
    RETIRED_ORIGINS,
    Case,
    CaseValue,
    Decision,
    Document,
    Extraction,
    Link,
    NoteNlp,
)
from gsvlms_extract.registry.queries import conflicts, excluded
from gsvlms_extract.schema import CASE_FIELDS

__all__ = [
    "LOW_CONFIDENCE",
    "case_detail",
    "conflicts_with_evidence",
    "highlight_parts",
    "queue",
]

#: Links below this confidence are listed for a curator to check.
LOW_CONFIDENCE = 0.8

GOLD_SOURCE = "Table 1 of the 2024 review"


def highlight_parts(sentence: str, matched: str | None) -> tuple[str, str, str]:
    """(before, matched, after) of ``sentence`` around the first occurrence of ``matched``."""
    if not matched:
        return sentence, "", ""
    at = sentence.find(matched)
    if at < 0:
        at = sentence.casefold().find(matched.casefold())
    if at < 0:
        return sentence, "", ""
    return sentence[:at], sentence[at : at + len(matched)], sentence[at + len(matched) :]


def _evidence_map(conn: Connection, extraction_ids: set[int]) -> dict[tuple[int, str], Any]:
    if not extraction_ids:
        return {}
    rows = conn.execute(
        select(
            NoteNlp.extraction_id,
            NoteNlp.note_nlp_concept,
            NoteNlp.snippet,
            NoteNlp.lexical_variant,
            NoteNlp.page,
            NoteNlp.section,
        ).where(NoteNlp.extraction_id.in_(extraction_ids))
    ).all()
    return {(r.extraction_id, r.note_nlp_concept): r for r in rows}


def _decision_map(conn: Connection, prefix: str) -> dict[str, dict[str, Any]]:
    """item → latest decision, for items starting with ``prefix``."""
    rows = conn.execute(
        select(Decision).where(Decision.item.like(f"{prefix}%")).order_by(Decision.version)
    ).mappings()
    return {row["item"]: dict(row) for row in rows}


def conflicts_with_evidence(engine: Engine, *, status: str | None = "open") -> list[dict]:
    """Conflicts with the document, the extracted value's evidence sentence (and page), the
    registry value's source, and the decision that settled it."""
    rows = conflicts(engine, status=status)
    with engine.connect() as conn:
        held = {
            (r.case_id, r.field): r.extraction_id
            for r in conn.execute(
                select(CaseValue.case_id, CaseValue.field, CaseValue.extraction_id)
            )
        }
        ids = {r["extraction_id"] for r in rows} | {e for e in held.values() if e is not None}
        evidence = _evidence_map(conn, ids)
        decided = _decision_map(conn, "conflict:")
        versions = dict(
            conn.execute(
                select(Decision.item, func.count())
                .where(Decision.item.like("value:%"))
                .group_by(Decision.item)
            ).all()
        )
    for row in rows:
        ev = evidence.get((row["extraction_id"], row["field"]))
        row["evidence"] = ev.snippet if ev else None
        row["matched"] = ev.lexical_variant if ev else None
        row["page"] = ev.page if ev else None
        source = held.get((row["case_id"], row["field"]))
        reg = evidence.get((source, row["field"])) if source is not None else None
        if reg is not None:
            row["registry_evidence"], row["registry_matched"] = reg.snippet, reg.lexical_variant
        else:
            gold = row["registry_origin"] == "gold"
            row["registry_evidence"] = GOLD_SOURCE if gold else "curator decision"
            row["registry_matched"] = None
        row["decision"] = decided.get(f"conflict:{row['id']}")
        row["value_version"] = int(versions.get(f"value:{row['case_id']}:{row['field']}", 0))
    return rows


def queue(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """The curator's queue: open conflicts, new cases to review, excluded patients not yet
    confirmed or overruled, and low-confidence links."""

    conflicts = conflicts_with_evidence(engine)
    with engine.connect() as conn:
        new_cases = [
            dict(r)
            for r in conn.execute(
                select(Case.case_id, Case.created_at)
                .where(Case.needs_review.is_(True), Case.origin.not_in(RETIRED_ORIGINS))
                .order_by(Case.case_id)
            ).mappings()
        ]
        values = {
            (r.case_id, r.field): r.value
            for r in conn.execute(select(CaseValue.case_id, CaseValue.field, CaseValue.value))
        }
        decided_ext = set(_decision_map(conn, "extraction:"))
        low = [
            dict(r)
            for r in conn.execute(
                select(Link.case_id, Link.confidence, Link.method, Document.path)
                .join(Extraction, Extraction.id == Link.extraction_id)
                .join(Document, Document.id == Extraction.document_id)
                .join(Case, and_(Case.case_id == Link.case_id))
                .where(
                    Link.confidence < LOW_CONFIDENCE,
                    Link.created_case.is_(False),
                    Case.origin.not_in(RETIRED_ORIGINS),
                )
                .order_by(Link.confidence)
            ).mappings()
        ]
    for case in new_cases:
        case["summary"] = ", ".join(
            f"{name}={values[(case['case_id'], name)]}"
            for name in ("author", "year", "sex", "age_years", "region", "size_mm")
            if (case["case_id"], name) in values
        )
    pending = [p for p in excluded(engine) if f"extraction:{p['extraction_id']}" not in decided_ext]
    return {"conflicts": conflicts, "new_cases": new_cases, "excluded": pending, "low": low}


def case_detail(engine: Engine, case_id: int) -> dict[str, Any] | None:
    """One case: every value with its origin and evidence, its documents, conflicts and the
    decisions taken on it. None if there is no such case."""
    with engine.connect() as conn:
        case = conn.execute(select(Case).where(Case.case_id == case_id)).mappings().first()
        if case is None:
            return None
        cells = {
            r.field: r for r in conn.execute(select(CaseValue).where(CaseValue.case_id == case_id))
        }
        links = [
            dict(r)
            for r in conn.execute(
                select(
                    Link.extraction_id,
                    Link.confidence,
                    Link.method,
                    Document.path,
                    Document.n_pages,
                    Document.media_type,
                    Extraction.patient_index,
                )
                .join(Extraction, Extraction.id == Link.extraction_id)
                .join(Document, Document.id == Extraction.document_id)
                .where(Link.case_id == case_id)
                .order_by(Document.path)
            ).mappings()
        ]
        evidence = _evidence_map(conn, {link["extraction_id"] for link in links})
        decided = [
            dict(r)
            for r in conn.execute(
                select(Decision)
                .where((Decision.case_id == case_id) | (Decision.target_case_id == case_id))
                .order_by(Decision.id)
            ).mappings()
        ]
        versions = dict(
            conn.execute(
                select(Decision.item, func.count())
                .where(Decision.item.like(f"value:{case_id}:%"))
                .group_by(Decision.item)
            ).all()
        )
    fields = []
    for name in CASE_FIELDS:
        if name == "case_id":
            continue
        cell = cells.get(name)
        found = []
        for link in links:
            ev = evidence.get((link["extraction_id"], name))
            if ev is not None:
                found.append(
                    {
                        "path": link["path"],
                        "page": ev.page,
                        "parts": highlight_parts(ev.snippet, ev.lexical_variant),
                        "mine": cell is not None and cell.extraction_id == link["extraction_id"],
                    }
                )
        fields.append(
            {
                "field": name,
                "value": cell.value if cell else None,
                "origin": cell.origin if cell else None,
                "curated": bool(cell.curated) if cell else False,
                "evidence": found,
                "version": int(versions.get(f"value:{case_id}:{name}", 0)),
            }
        )
    conflicts = [c for c in conflicts_with_evidence(engine, status=None) if c["case_id"] == case_id]
    return {
        "case": dict(case),
        "fields": fields,
        "documents": links,
        "conflicts": conflicts,
        "decisions": decided,
    }
