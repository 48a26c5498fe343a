"""Dispatch a path to the reader for its format and build the `Document`.

Every reader's document then gets the identifiers the file states
(`gsvlms_extract.ingest.identifiers`), its boilerplate blocks marked
(`gsvlms_extract.ingest.boilerplate`) and a language on every block
(`gsvlms_extract.ingest.language`); neither changes the text or an offset.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from pathlib import Path

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import assemble
from gsvlms_extract.ingest.boilerplate import mark_boilerplate
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.ingest.identifiers import with_identifiers
from gsvlms_extract.ingest.language import annotate_languages, no_english_reason
from gsvlms_extract.ingest.text import decode_text, text_blocks

__all__ = ["load_document", "document_from_bytes", "SUPPORTED_SUFFIXES"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".nxml", ".xml", ".html", ".htm")
#: suffix → reader of the formats other than plain text and PDF (imported when needed)
_READERS = {
    ".nxml": "gsvlms_extract.ingest.jats:jats_document",
    ".xml": "gsvlms_extract.ingest.jats:jats_document",
    ".html": "gsvlms_extract.ingest.html:html_document",
    ".htm": "gsvlms_extract.ingest.html:html_document",
}


def load_document(path: str | Path) -> Document:
    """Read one file (``.txt``, ``.md``, ``.pdf``, ``.nxml``/``.xml``, ``.html``) into a `Document`.

    The format is taken from the file's first bytes (``%PDF``) and otherwise its suffix.

    Raises:
        IngestError: one line naming the file and the problem (unreadable, empty, binary,
            undecodable, encrypted, scanned, corrupt).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise IngestError(f"{path}: is a directory, not a document") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return document_from_bytes(data, str(path))


def document_from_bytes(data: bytes, name: str) -> Document:
    """Build a `Document` from a file's bytes; ``name`` is used as ``source`` and in errors."""
    document = annotate_languages(mark_boilerplate(with_identifiers(_read(data, name), data)))
    reason = no_english_reason(document)
    if reason:
        logger.warning("%s: %s", name, reason)
    return document


def _read(data: bytes, name: str) -> Document:
    if not data.strip():
        raise IngestError(f"{name}: file is empty")
    digest = hashlib.sha256(data).hexdigest()
    if data[:1024].lstrip().startswith(b"%PDF") or name.lower().endswith(".pdf"):
        # a PDF without a text layer is read by OCR when the [ocr] extra is installed
        from gsvlms_extract.ingest.ocr import pdf_or_ocr_document  # pdfium loads when needed

        return pdf_or_ocr_document(data, name, digest)
    reader = _READERS.get(Path(name).suffix.lower())
    if reader is not None:
        module, function = reader.split(":")
        return getattr(importlib.import_module(module), function)(data, name, digest)
    text = decode_text(data, name)
    markdown = name.lower().endswith((".md", ".markdown"))
    body, blocks, _ = assemble(text_blocks(text, markdown=markdown))
    if not body.strip():
        raise IngestError(f"{name}: file is empty (no text)")
    return Document(
        source=name,
        text=body,
        blocks=blocks,
        sha256=digest,
        media_type="text/markdown" if markdown else "text/plain",
    )
