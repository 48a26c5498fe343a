"""Write one processed document into the registry, in one transaction.

`record_document` is the only writer of documents, extractions, evidence, links, new cases,
case values and conflicts. Everything for one document commits together or not at all, under
the writers' lock (`db.write_lock`), so concurrent runs never duplicate a document or a case.

Linking uses the registry's cases as `registry.cases.CaseCache` presents them (curated
values, plus every value of cases created from extractions).

Merge policy (a registry value is never overwritten by an extraction):
    * the case has no value for a field → the extraction fills it (origin ``extraction``,
      not curated);
    * the case has the same value (CSV cells equal; author and nation ignoring case,
      diacritics and spacing) →
      nothing changes;
    * the case has another value (gold, curated or an earlier extraction) → a row in
      ``conflicts`` (status ``open``) for a curator; the registry value stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from gsvlms_extract import __version__
from gsvlms_extract.registry.articles import assign_article
from gsvlms_extract.registry.cases import CaseCache, linking_candidates, load_cases
from gsvlms_extract.registry.db import utcnow, write_lock
from gsvlms_extract.registry.models import (
    Case,
    CaseValue,
    Conflict,
    Document,
    Extraction,
    Link,
    NoteNlp,
)
from gsvlms_extract.results import DocumentResult, LinkLike
from gsvlms_extract.schema import (
    CASE_FIELDS,
    CaseRecord,
    ExtractedCase,
    record_to_row,
)

__all__ = [
    "DocumentResult",
    "DocumentOutcome",
    "LinkLike",
    "Linker",
    "NLP_SYSTEM",
    "CaseCache",
    "linking_candidates",
    "load_cases",
    "known_documents",
    "record_document",
]

log = logging.getLogger(__name__)

NLP_SYSTEM = "gsvlms-extract"


Linker = Callable[[list[ExtractedCase], list[CaseRecord]], Sequence[LinkLike]]


@dataclass(slots=True)
class DocumentOutcome:
    """What writing one document did to the registry."""

    path: str
    status: str  # new | copy (of an article already read) | skipped | failed
    reason: str | None = None
    document_id: int | None = None
    n_extractions: int = 0
    new_case_ids: list[int] = field(default_factory=list)
    linked_case_ids: list[int] = field(default_factory=list)
    n_filled: int = 0
    n_conflicts: int = 0
    #: linked by the parent (no worker links, or the candidates changed since the worker's)
    relinked: bool = False


def known_documents(engine: Engine) -> dict[str, str]:
    """sha256 → status (``ok``/``failed``) of every document in the registry."""
    with engine.connect() as conn:
        return {
            sha: status for sha, status in conn.execute(select(Document.sha256, Document.status))
        }


def _evidence_rows(
    case: ExtractedCase, cells: dict[str, str], sections: dict[str, str], ids: dict[str, int]
) -> list[dict[str, Any]]:
    now = utcnow()
    rows = []
    for name, ev in sorted(case.evidence.items()):
        modifiers = tuple(ev.modifiers)
        rows.append(
            {
                "note_id": ids["document"],
                "extraction_id": ids["extraction"],
                "section": sections.get(f"{case.patient_index}:{name}"),
                "snippet": ev.sentence,
                "offset": ev.start,
                "offset_end": ev.end,
                "page": ev.page,
                "lexical_variant": ev.text,
                "note_nlp_concept": name,
                "concept_value": cells.get(name, ""),
                "rule_id": ev.rule_id,
                "nlp_system": NLP_SYSTEM,
                "nlp_system_version": __version__,
                "nlp_date": now.date().isoformat(),
                "nlp_datetime": now,
                "term_exists": "N" if {"negated", "hypothetical"} & set(modifiers) else "Y",
                "term_temporal": "past" if "historical" in modifiers else None,
                "term_modifiers": ", ".join(
                    [*(f"{m}=true" for m in modifiers), *(f"cue={c}" for c in ev.cues)]
                )
                or None,
            }
        )
    return rows


def _upsert_document(
    conn: Connection, result: DocumentResult, run_id: int | None
) -> tuple[int, str | None]:
    """Insert the document row (or revive a failed one). Returns (id, skip reason or None)."""
    existing = conn.execute(
        select(Document.id, Document.status).where(Document.sha256 == result.sha256)
    ).first()
    values = {
        "path": result.path,
        "size_bytes": result.size_bytes,
        "n_pages": result.n_pages,
        "media_type": result.media_type,
        "status": result.status,
        "error": result.error,
        "run_id": run_id,
        "ingested_at": utcnow(),
    }
    if existing is None:
        doc_id = conn.execute(
            insert(Document).returning(Document.id),
            [{**values, "sha256": result.sha256, "attempts": 1}],
        ).scalar_one()
        return doc_id, None
    if existing.status == "ok":
        return existing.id, "already in registry (same sha256)"
    conn.execute(
        update(Document)
        .where(Document.id == existing.id)
        .values(**values, attempts=Document.attempts + 1)
    )
    return existing.id, None


#: Free-text fields compared without regard to case, diacritics or spacing ("Deweese" is
#: "DeWeese", "Sağlık" is "Saglik", "Le Minh" is "LeMinh").
_CASELESS = frozenset({"author", "nation"})


def _folded(text: str) -> str:
    from unidecode import unidecode

    return "".join(unidecode(text).casefold().split())


def _same(name: str, registry_cell: str, extracted_cell: str) -> bool:
    """Exact cell equality (a registry keeps every disagreement for a curator), except case,
    diacritics and spacing in free-text bibliographic fields."""
    if name in _CASELESS:
        return _folded(registry_cell) == _folded(extracted_cell)
    return registry_cell == extracted_cell


def _merge_into_case(
    conn: Connection,
    case_id: int,
    extraction_id: int,
    cells: dict[str, str],
    registry: dict[str, tuple[str, str]],
    *,
    new_case: bool,
) -> tuple[int, int]:
    """Fill empty fields, record conflicts. Returns (n_filled, n_conflicts)."""
    now = utcnow()
    fills, conflicts = [], []
    for name in CASE_FIELDS:
        cell = cells.get(name, "")
        if name == "case_id" or cell == "":
            continue
        held = registry.get(name)
        if held is None:
            fills.append(
                {
                    "case_id": case_id,
                    "field": name,
                    "value": cell,
                    "origin": "extraction",
                    "curated": False,
                    "extraction_id": extraction_id,
                    "updated_at": now,
                }
            )
            registry[name] = (cell, "extraction")
        elif not _same(name, held[0], cell) and not new_case:
            conflicts.append(
                {
                    "case_id": case_id,
                    "field": name,
                    "registry_value": held[0],
                    "registry_origin": held[1],
                    "extracted_value": cell,
                    "extraction_id": extraction_id,
                    "status": "open",
                    "created_at": now,
                }
            )
    if fills:
        conn.execute(insert(CaseValue), fills)
    if conflicts:
        conn.execute(insert(Conflict), conflicts)
    return len(fills), len(conflicts)


def _write(
    conn: Connection,
    result: DocumentResult,
    run_id: int | None,
    linker: Linker,
    extractor_version: str,
    cache: CaseCache,
) -> DocumentOutcome:
    outcome = DocumentOutcome(path=result.path, status=result.status, reason=result.error)
    doc_id, skip = _upsert_document(conn, result, run_id)
    outcome.document_id = doc_id
    if skip:
        outcome.status, outcome.reason = "skipped", skip
        return outcome
    if result.status != "ok":
        return outcome
    outcome.status = "new"
    if result.article is not None:
        _article_id, role, note = assign_article(conn, doc_id, result.article)
        if role == "copy":  # recorded, never extracted again: one article, one set of patients
            outcome.status, outcome.reason = "copy", note
            return outcome
    cases = sorted(result.cases, key=lambda c: c.patient_index)
    if not cases:
        return outcome
    cells = [{k: v for k, v in record_to_row(c).items() if k != "case_id"} for c in cases]
    rows = [
        {
            "document_id": doc_id,
            "patient_index": case.patient_index,
            "is_gsv_lms": case.is_gsv_lms,
            "is_gsv_lms_reason": case.is_gsv_lms_reason,
            "extractor_version": extractor_version,
            **{name: (cell or None) for name, cell in row.items()},
        }
        for case, row in zip(cases, cells, strict=True)
    ]
    extraction_ids = (
        conn.execute(
            insert(Extraction).returning(Extraction.id, sort_by_parameter_order=True), rows
        )
        .scalars()
        .all()
    )
    outcome.n_extractions = len(extraction_ids)
    evidence = []
    for case, row, ext_id in zip(cases, cells, extraction_ids, strict=True):
        evidence += _evidence_rows(
            case, row, result.sections, {"document": doc_id, "extraction": ext_id}
        )
    if evidence:
        conn.execute(insert(NoteNlp), evidence)

    by_patient = {
        c.patient_index: (c, row, ext_id)
        for c, row, ext_id in zip(cases, cells, extraction_ids, strict=True)
    }
    gsv = [c for c in cases if c.is_gsv_lms]
    if not gsv:
        return outcome
    registry = cache.load(conn)
    if result.links is not None and result.links_key == cache.key:
        links = result.links  # linked in the worker against these very candidates
    else:
        links = linker(gsv, cache.candidates())
        outcome.relinked = True
    link_rows = []
    for link in sorted(links, key=lambda lk: lk.patient_index):
        case, row, ext_id = by_patient[link.patient_index]
        created = link.case_id is None
        if created:
            case_id = (conn.execute(select(func.max(Case.case_id))).scalar() or 0) + 1
            conn.execute(
                insert(Case),
                [
                    {
                        "case_id": case_id,
                        "origin": "extraction",
                        "needs_review": True,
                        "created_at": utcnow(),
                        "created_by_run": run_id,
                    }
                ],
            )
            cache.created(case_id)
            outcome.new_case_ids.append(case_id)
        else:
            case_id = link.case_id
            if case_id not in registry:
                raise KeyError(f"linker returned unknown case {case_id}")
            outcome.linked_case_ids.append(case_id)
        filled, conflicted = _merge_into_case(
            conn, case_id, ext_id, row, registry[case_id], new_case=created
        )
        outcome.n_filled += filled
        outcome.n_conflicts += conflicted
        link_rows.append(
            {
                "extraction_id": ext_id,
                "case_id": case_id,
                "confidence": float(link.confidence),
                "method": str(link.method),
                "created_case": created,
                "reasons": [str(reason) for reason in link.reasons],
            }
        )
    if link_rows:
        conn.execute(insert(Link), link_rows)
    cache.touched(conn, [row["case_id"] for row in link_rows])
    return outcome


def record_document(
    engine: Engine,
    result: DocumentResult,
    *,
    run_id: int | None,
    linker: Linker,
    extractor_version: str = __version__,
    cache: CaseCache | None = None,
) -> DocumentOutcome:
    """Write one document's results (or its failure) in a single transaction.

    A document whose sha256 is already in the registry with status ``ok`` is skipped; a
    previously failed one is retried in place (``attempts`` + 1). Extracted patients that are
    GSV-LMS are linked to registry cases by ``linker`` (the reconcile stage), which sees every
    registry case as a candidate; a patient linked to no case becomes a new case marked
    ``needs_review``. Pass one `CaseCache` for all documents of a run to avoid re-reading
    every case per document.
    """
    cache = cache or CaseCache()
    try:
        with engine.begin() as conn, write_lock(conn):
            return _write(conn, result, run_id, linker, extractor_version, cache)
    except BaseException as exc:
        cache.invalidate()  # the cached cells may hold values of the rolled-back transaction
        if not isinstance(exc, IntegrityError):
            raise
        # Another writer committed the same document between our check and insert.
        log.info("%s: written concurrently by another run; skipped", result.path)
        return DocumentOutcome(
            path=result.path, status="skipped", reason="written by a concurrent run"
        )
