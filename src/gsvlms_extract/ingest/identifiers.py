"""Who an article is: PMID, PMCID and DOI as the file states them, its format, and a fingerprint.

Identifiers come from structured metadata first (JATS ``article-id``, Highwire ``citation_*``
tags: the JATS and HTML readers set them), then, for PDFs and plain text, from the PDF's XMP
packet (``prism:doi``, ``dc:identifier``), its info dictionary (``Subject``, ``Keywords``) and
the first page's text ("DOI: 10.1002/...", "https://doi.org/...", "PMID: 123", "PMCID: PMC1").
A bare ``10.xxxx/...`` in running text is not taken: it may be a reference's DOI.

Normal forms: DOI in lower case without ``doi:`` or resolver prefix (DOIs are case-insensitive),
PMID as digits, PMCID as ``PMC`` + digits.

`text_signature` and `resemblance` compare two documents' words (bottom-k sketch over word
trigrams): the registry uses them to recognise one article read from two formats when no
identifier says so.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

from gsvlms_extract.ingest.document import Document

__all__ = [
    "FORMAT_RANK",
    "article_identity",
    "normalize_doi",
    "normalize_pmcid",
    "normalize_pmid",
    "identifiers_in_text",
    "identifiers_in_pdf",
    "source_format",
    "text_signature",
    "resemblance",
    "with_identifiers",
]

#: Which copy of an article is read, best first: PMC XML, curated plain text, a PDF's text
#: layer, a publisher's HTML page, OCR of page images.
FORMAT_RANK: dict[str, int] = {"jats": 0, "text": 1, "pdf": 2, "html": 3, "ocr": 4}

_DOI_CORE = r"10\.\d{4,9}/[^\s\"<>{}]+"
_DOI_LABELLED = re.compile(
    r"(?:\bdoi\s*[:.]?\s*|https?://(?:dx\.)?doi\.org/|\bdoi\.org/)(" + _DOI_CORE + ")",
    re.IGNORECASE,
)
_DOI_ALONE = re.compile(
    r"^\s*(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(" + _DOI_CORE + r")\s*$", re.I
)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b")
_PMCID = re.compile(r"\bPMC(?:ID)?\s*:?\s*(?:PMC)?\s*(\d{3,9})\b")
_XMP_DOI = re.compile(
    rb"<(?:prism:doi|pdfx:doi|crossmark:DOI)>\s*(?:doi:)?(" + _DOI_CORE.encode() + rb")\s*<",
    re.IGNORECASE,
)
_XMP_IDENTIFIER = re.compile(rb"<dc:identifier>[^<]*?(10\.\d{4,9}/[^\s<]+)\s*<", re.IGNORECASE)
_FIRST_PAGE_CHARS = 4000
_WORD = re.compile(r"[a-z0-9]+")
_MASK = (1 << 60) - 1


def normalize_doi(value: str | None) -> str | None:
    """``https://doi.org/10.1/AbC.`` → ``10.1/abc``; None when ``value`` holds no DOI."""
    if not value:
        return None
    match = _DOI_ALONE.match(value.strip()) or _DOI_LABELLED.search(value)
    if match is None:
        return None
    doi = match.group(1).rstrip(".,;:)]}'")
    if doi.count("(") < doi.count(")"):
        doi = doi.rstrip(")")
    return doi.lower()


def normalize_pmid(value: str | int | None) -> str | None:
    """Digits of a PMID (``"PMID: 012345"`` → ``"12345"``); None when there are none."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return str(int(digits)) if digits and int(digits) > 0 else None


def normalize_pmcid(value: str | int | None) -> str | None:
    """``"PMC1234"``, ``"1234"``, ``"PMCID: PMC1234"`` → ``"PMC1234"``."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return f"PMC{int(digits)}" if digits and int(digits) > 0 else None


def identifiers_in_text(text: str) -> dict[str, str]:
    """DOI, PMID and PMCID stated in ``text`` (labelled forms only; the first of each)."""
    found: dict[str, str] = {}
    if match := _DOI_LABELLED.search(text):
        doi = normalize_doi(match.group(0))
        if doi:
            found["doi"] = doi
    if match := _PMID.search(text):
        pmid = normalize_pmid(match.group(1))
        if pmid:
            found["pmid"] = pmid
    if match := _PMCID.search(text):
        pmcid = normalize_pmcid(match.group(1))
        if pmcid:
            found["pmcid"] = pmcid
    return found


def identifiers_in_pdf(data: bytes) -> dict[str, str]:
    """The DOI a PDF's XMP packet states (``prism:doi``, ``pdfx:doi``, ``dc:identifier``)."""
    for pattern in (_XMP_DOI, _XMP_IDENTIFIER):
        if match := pattern.search(data):
            doi = normalize_doi(match.group(1).decode("utf-8", "replace"))
            if doi:
                return {"doi": doi}
    return {}


def _pdf_info_text(data: bytes) -> str:
    """Subject and Keywords of a PDF's info dictionary (publishers put the DOI there)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return ""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    return " ".join(info.get(key, "") for key in ("Subject", "Keywords", "Title"))


def _first_page(document: Document) -> str:
    if len(document.page_starts) > 1:
        end = max(document.page_starts[1], 1)
        return document.text[: min(end, _FIRST_PAGE_CHARS * 2)]
    return document.text[:_FIRST_PAGE_CHARS]


def with_identifiers(document: Document, data: bytes | None = None) -> Document:
    """``document`` with PMID/PMCID/DOI filled from what the file states, where still missing.

    Structured metadata set by the JATS and HTML readers is kept; for PDFs the XMP packet,
    the info dictionary and the first page's text are read, for plain text the first 4,000
    characters.
    """
    missing = [key for key in ("doi", "pmid", "pmcid") if getattr(document, key) is None]
    if not missing or document.media_type in ("application/jats+xml", "text/html"):
        return document
    found: dict[str, str] = {}
    if document.media_type == "application/pdf" and data is not None:
        found.update(identifiers_in_pdf(data))
    for key, value in identifiers_in_text(_first_page(document)).items():
        found.setdefault(key, value)
    if "doi" not in found and document.media_type == "application/pdf" and data is not None:
        for key, value in identifiers_in_text(_pdf_info_text(data)).items():
            found.setdefault(key, value)
    updates = {key: found[key] for key in missing if key in found}
    return replace(document, **updates) if updates else document


def source_format(document: Document) -> str:
    """``jats``, ``text``, ``pdf``, ``html`` or ``ocr``: the key of `FORMAT_RANK`."""
    if document.ocr:
        return "ocr"
    return {
        "application/jats+xml": "jats",
        "application/pdf": "pdf",
        "text/html": "html",
    }.get(document.media_type, "text")


def text_signature(text: str, k: int = 128) -> tuple[int, ...]:
    """Bottom-k sketch of a text's word trigrams: the ``k`` smallest 60-bit trigram hashes.

    Stable across processes and machines (BLAKE2b, not Python's salted ``hash``), so it can be
    stored and compared later. Case, punctuation and layout do not matter.
    """
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 0))}
    hashes = {
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") & _MASK
        for g in grams
    }
    return tuple(sorted(hashes)[:k])


def resemblance(a: tuple[int, ...] | list[int], b: tuple[int, ...] | list[int]) -> float:
    """Estimated Jaccard resemblance of two texts from their `text_signature` (0..1)."""
    if not a or not b:
        return 0.0
    k = min(len(a), len(b))
    set_a, set_b = set(a), set(b)
    union = sorted(set_a | set_b)[:k]
    return sum(1 for h in union if h in set_a and h in set_b) / len(union)


def article_identity(
    document: Document, author: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """What the registry needs to recognise the article ``document`` holds (JSON-ready).

    ``author`` and ``year`` are the first author's surname and the year the extractor read
    from the byline (the same reading whatever the format); the document's structured metadata
    fills them when the extractor found none.
    """
    surname = author or (document.authors[0].split()[-1] if document.authors else None)
    return {
        "doi": document.doi,
        "pmid": document.pmid,
        "pmcid": document.pmcid,
        "title": document.metadata.get("title"),
        "first_author": surname.casefold() if surname else None,
        "year": year or document.year,
        "journal": document.journal,
        "licence": document.licence,
        "format": source_format(document),
        "signature": list(text_signature(document.text)),
    }
