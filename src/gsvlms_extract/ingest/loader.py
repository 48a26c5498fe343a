"""Dispatch a path to the reader for its format and build the `Document`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import assemble
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.ingest.text import decode_text, text_blocks

__all__ = ["load_document", "document_from_bytes", "SUPPORTED_SUFFIXES"]

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
