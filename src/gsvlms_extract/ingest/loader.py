"""Dispatch a path to the reader for its format and build the `Document`.

Both readers' documents then get their boilerplate blocks marked
(`gsvlms_extract.ingest.boilerplate`) and a language on every block
(`gsvlms_extract.ingest.language`); neither changes the text or an offset.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import assemble
from gsvlms_extract.ingest.boilerplate import mark_boilerplate
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.ingest.language import annotate_languages, no_english_reason
from gsvlms_extract.ingest.text import decode_text, text_blocks

__all__ = ["load_document", "document_from_bytes", "SUPPORTED_SUFFIXES"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


def load_document(path: str | Path) -> Document:
    """Read one file (``.txt``, ``.md`` or ``.pdf``) into a `Document`.

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
    document = annotate_languages(mark_boilerplate(_read(data, name)))
    reason = no_english_reason(document)
    if reason:
        logger.warning("%s: %s", name, reason)
    return document


def _read(data: bytes, name: str) -> Document:
    if not data.strip():
        raise IngestError(f"{name}: file is empty")
    digest = hashlib.sha256(data).hexdigest()
    if data[:1024].lstrip().startswith(b"%PDF") or name.lower().endswith(".pdf"):
        from gsvlms_extract.ingest.pdf import pdf_document  # pdfium loads only when needed

        return pdf_document(data, name, digest)
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
