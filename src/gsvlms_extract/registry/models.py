"""Registry tables as typed SQLAlchemy 2 models.

Case-field columns are never typed here: `extractions` gets one nullable text column per
`schema.CASE_FIELDS` entry (CSV cells as written by `schema.record_to_row`), and registry cases
keep their values in the long table `case_values` (one row per non-null field, with its origin
and whether a human curated it). The migrations build the same tables; a unit test checks that
the migrated database and these models agree.

Table overview:
    cases        one row per registry case (57 seeded from the gold table, origin ``gold``;
                 new cases origin ``extraction`` and ``needs_review``)
    case_values  (case_id, field) → CSV cell, origin, curated flag, extraction that filled it
    documents    every file seen: sha256 (unique), size, pages, media type, status ok|failed,
                 its article, role (primary = read | copy) and format (jats|text|pdf|html|ocr)
    articles     one row per article, however many files hold it: DOI, PMID, PMCID, first
                 author, year, text signature (its documents say which one was read)
    extractions  one row per (document, patient): every field value + extractor version
    evidence     shaped after OMOP CDM NOTE_NLP: one row per extracted value
    links        extraction → case, with confidence and method
    conflicts    an extraction disagreeing with a registry value (never overwritten)
    runs         one row per `gsvlms run`: started/finished, version, counts, summary JSON,
                 status running | finished | interrupted, pid and host of its process
    decisions    curator decisions (who, when, why, evidence), never overwritten by runs
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gsvlms_extract.schema import CASE_FIELDS

__all__ = [
    "Base",
    "Case",
    "CaseValue",
    "Article",
    "Document",
    "Extraction",
    "EXTRACTION_VALUE_FIELDS",
    "RETIRED_ORIGINS",
    "NoteNlp",
    "Link",
    "Conflict",
    "Run",
    "Decision",
]

#: Origins of cases a curator merged into another case or rejected: the row stays so the
#: number is never reused, but nothing reads them as cases (export, linking, review).
RETIRED_ORIGINS = ("merged", "rejected")

#: Case fields stored as columns of `extractions` (case_id lives in `links`, not here).
EXTRACTION_VALUE_FIELDS: tuple[str, ...] = tuple(name for name in CASE_FIELDS if name != "case_id")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Case(Base):
    __tablename__ = "cases"

    case_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    origin: Mapped[str] = mapped_column(String(16))  # gold | extraction | merged | rejected
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by_run: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


class CaseValue(Base):
    __tablename__ = "case_values"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.case_id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # CSV cell (schema.record_to_row)
    origin: Mapped[str] = mapped_column(String(16))  # gold | extraction | curator
    curated: Mapped[bool] = mapped_column(Boolean)
    extraction_id: Mapped[int | None] = mapped_column(ForeignKey("extractions.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)  # files of 2 GiB and more
    n_pages: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(8))  # ok | failed
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", name="fk_documents_article_id")
    )
    role: Mapped[str | None] = mapped_column(String(8))  # primary | copy
    source_format: Mapped[str | None] = mapped_column(String(8))  # jats|text|pdf|html|ocr


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doi: Mapped[str | None] = mapped_column(String(256), index=True)
    pmid: Mapped[str | None] = mapped_column(String(16), index=True)
    pmcid: Mapped[str | None] = mapped_column(String(16), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_author: Mapped[str | None] = mapped_column(String(128))
    year: Mapped[int | None] = mapped_column(Integer)
    journal: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _value_columns() -> dict[str, Any]:
    return {name: mapped_column(Text, nullable=True) for name in EXTRACTION_VALUE_FIELDS}


# One nullable text column per case field, from schema.CASE_FIELDS (copied by the mixin).
_ExtractionValues: type = type("_ExtractionValues", (), _value_columns())


class Extraction(_ExtractionValues, Base):
    __tablename__ = "extractions"
    __table_args__ = (UniqueConstraint("document_id", "patient_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    patient_index: Mapped[int] = mapped_column(Integer)
    is_gsv_lms: Mapped[bool] = mapped_column(Boolean)
    is_gsv_lms_reason: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))


class NoteNlp(Base):
    """OMOP CDM NOTE_NLP, one row per extracted value (``note_id`` is the document)."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("extraction_id", "note_nlp_concept"),)

    note_nlp_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"))
    section: Mapped[str | None] = mapped_column(String(32))  # ingest block kind at the offset
    snippet: Mapped[str] = mapped_column(Text)  # the sentence
    offset: Mapped[int] = mapped_column(Integer)  # start character in the document text
    offset_end: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    lexical_variant: Mapped[str] = mapped_column(Text)  # the matched text
    note_nlp_concept: Mapped[str] = mapped_column(String(32))  # our field name
    concept_value: Mapped[str] = mapped_column(Text)  # the field's CSV cell
    rule_id: Mapped[str] = mapped_column(String(255))
    nlp_system: Mapped[str] = mapped_column(String(64))
    nlp_system_version: Mapped[str] = mapped_column(String(64))
    nlp_date: Mapped[str] = mapped_column(String(10))  # ISO date
    nlp_datetime: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    term_exists: Mapped[str] = mapped_column(String(1))  # Y | N
    term_temporal: Mapped[str | None] = mapped_column(String(16))  # past | None
    term_modifiers: Mapped[str | None] = mapped_column(Text)  # "negated=true, historical=true"


class Link(Base):
    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.case_id"))
    confidence: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(32))
    created_case: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[Any]] = mapped_column(JSON)


class Conflict(Base):
    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("extraction_id", "field"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.case_id"))
    field: Mapped[str] = mapped_column(String(32))
    registry_value: Mapped[str] = mapped_column(Text)
    registry_origin: Mapped[str] = mapped_column(String(16))
    extracted_value: Mapped[str] = mapped_column(Text)
    extraction_id: Mapped[int] = mapped_column(ForeignKey("extractions.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[str] = mapped_column(String(64))
    inbox: Mapped[str] = mapped_column(Text)
    engine: Mapped[str] = mapped_column(String(16))
    workers: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # running | finished | interrupted
    n_new: Mapped[int] = mapped_column(Integer, default=0)
    n_skipped: Mapped[int] = mapped_column(Integer, default=0)
    n_failed: Mapped[int] = mapped_column(Integer, default=0)
    n_new_cases: Mapped[int] = mapped_column(Integer, default=0)
    n_linked: Mapped[int] = mapped_column(Integer, default=0)
    n_conflicts: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    pid: Mapped[int | None] = mapped_column(Integer)  # the process running it
    host: Mapped[str | None] = mapped_column(String(255))


class Decision(Base):
    """A curator's decision: written once, never updated (the registry's audit trail).

    ``item`` names what was decided (``conflict:12``, ``case:58``, ``extraction:40``,
    ``value:8:metastasis``); ``version`` counts decisions on that item. The pair is unique, so
    two curators deciding the same item from the same state cannot both succeed: the second
    insert fails and is told who decided first (optimistic locking, see `registry.decisions`).
    ``case_id`` is a plain number, not a foreign key: a decision outlives a rejected or merged
    case.
    """

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("item", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)  # CSV cell set ("" = not reported)
    previous_value: Mapped[str | None] = mapped_column(Text)
    conflict_id: Mapped[int | None] = mapped_column(ForeignKey("conflicts.id"))
    extraction_id: Mapped[int | None] = mapped_column(ForeignKey("extractions.id"))
    target_case_id: Mapped[int | None] = mapped_column(Integer)  # merge into / include into
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)  # sentence or source it rests on
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str] = mapped_column(String(16))  # cli | review | gold-corrections
