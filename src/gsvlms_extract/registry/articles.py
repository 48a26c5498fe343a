"""One article, however many files hold it: which document is read and which are copies.

Each written document is assigned to an article (`assign_article`, inside the document's
transaction):

1. an article with the same DOI, PMID or PMCID is the same article;
2. otherwise an article whose first author and year agree (where both sides know them), whose
   identifiers do not contradict the document's, and whose text resembles the document's
   (estimated Jaccard resemblance of word trigrams >= `MIN_RESEMBLANCE`) is the same article;
   the text check keeps apart two reports by one author in one year;
3. otherwise the document starts a new article.

The best format is read (`ingest.identifiers.FORMAT_RANK`: PMC XML > plain text > PDF text
layer > HTML > OCR). A document of an article already read in an equal or better format is a
``copy``: recorded, never extracted, never a new patient. A better format arriving later
becomes the article's ``primary`` and the former primary a copy (its extraction rows and links
stay as history; the new extraction links to the same cases through the linker).

The batch runner orders each run's files by format rank, so within one run the best copy is
read first and the others are recorded as copies.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from gsvlms_extract.ingest.identifiers import FORMAT_RANK, resemblance
from gsvlms_extract.registry.db import utcnow
from gsvlms_extract.registry.models import Article, Document

__all__ = ["MIN_RESEMBLANCE", "assign_article", "held_identifiers"]

#: Texts of one article in two formats resemble each other at 0.875-1.0 on the corpus (text
#: against its PDF rendering); two different reports at most 0.10 (tests/component/
#: test_registry_articles.py measures both).
MIN_RESEMBLANCE = 0.5
_IDS = ("doi", "pmid", "pmcid")
_FILLED = ("doi", "pmid", "pmcid", "title", "first_author", "year", "journal", "licence")


def _contradicts(row: Any, identity: dict[str, Any]) -> bool:
    return any(
        getattr(row, key) and identity.get(key) and getattr(row, key) != identity[key]
        for key in ("doi", "pmid", "pmcid")
    )


def _match(conn: Connection, identity: dict[str, Any]) -> Any | None:
    clauses = [getattr(Article, key) == identity[key] for key in _IDS if identity.get(key)]
    if clauses:
        rows = conn.execute(select(Article).where(or_(*clauses)).order_by(Article.id)).all()
        for key in _IDS:  # DOI first, then PMID, then PMCID
            for row in rows:
                if identity.get(key) and getattr(row, key) == identity[key]:
                    return row
    query = select(Article)
    if identity.get("first_author"):
        query = query.where(
            or_(Article.first_author.is_(None), Article.first_author == identity["first_author"])
        )
    if identity.get("year"):
        query = query.where(or_(Article.year.is_(None), Article.year == identity["year"]))
    best, best_score = None, MIN_RESEMBLANCE
    signature = identity.get("signature") or []
    for row in conn.execute(query.order_by(Article.id)):
        if _contradicts(row, identity):
            continue
        score = resemblance(signature, row.signature or [])
        if score >= best_score:
            best, best_score = row, score
    return best


def _fill(conn: Connection, row: Any, identity: dict[str, Any]) -> None:
    values = {key: identity[key] for key in _FILLED if identity.get(key) and not getattr(row, key)}
    if values:
        conn.execute(update(Article).where(Article.id == row.id).values(**values))


def assign_article(
    conn: Connection, document_id: int, identity: dict[str, Any]
) -> tuple[int, str, str | None]:
    """Attach a written document to its article. Returns (article id, role, note).

    ``role`` is ``primary`` when this document is the copy to read (a new article, or a better
    format than the one read so far) and ``copy`` otherwise; ``note`` says which document the
    copy duplicates or which one it replaced.
    """
    fmt = identity.get("format") or "text"
    row = _match(conn, identity)
    if row is None:
        article_id = conn.execute(
            insert(Article).returning(Article.id),
            [
                {
                    **{key: identity.get(key) for key in _FILLED},
                    "signature": identity.get("signature"),
                    "created_at": utcnow(),
                }
            ],
        ).scalar_one()
        _set_document(conn, document_id, article_id, "primary", fmt)
        return article_id, "primary", None
    _fill(conn, row, identity)
    primary = conn.execute(
        select(Document.id, Document.path, Document.source_format).where(
            Document.article_id == row.id, Document.role == "primary", Document.id != document_id
        )
    ).first()
    if primary is not None and FORMAT_RANK.get(primary.source_format or "", 9) <= FORMAT_RANK[fmt]:
        _set_document(conn, document_id, row.id, "copy", fmt)
        return row.id, "copy", f"copy of an article already read from {primary.path}"
    if primary is not None:
        conn.execute(update(Document).where(Document.id == primary.id).values(role="copy"))
    _set_document(conn, document_id, row.id, "primary", fmt)
    note = f"read instead of {primary.path} ({primary.source_format})" if primary else None
    return row.id, "primary", note


def _set_document(conn: Connection, document_id: int, article_id: int, role: str, fmt: str) -> None:
    conn.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(article_id=article_id, role=role, source_format=fmt)
    )


def held_identifiers(engine: Engine) -> dict[str, set[str]]:
    """DOIs, PMIDs and PMCIDs of every article in the registry (``{"doi": {...}, ...}``)."""
    held: dict[str, set[str]] = {key: set() for key in _IDS}
    with engine.connect() as conn:
        for row in conn.execute(select(Article.doi, Article.pmid, Article.pmcid)):
            for key in _IDS:
                if getattr(row, key):
                    held[key].add(getattr(row, key))
    return held
