"""Dispatch a file to the reader for its format and build the `Document`.

`READERS` maps a suffix to its reader, in order of preference (the best source of an article
first: JATS XML, then its text, then a PDF, then a saved web page; see
`gsvlms_extract.ingest.finder`). Supporting a new format is one line here; the finder,
``extract``, ``run`` and ``evaluate`` pick the suffix up from this map.

Every reader has the signature ``(data: bytes, name: str, digest: str) -> Document`` and raises
`IngestError` naming the file. Before any reader runs, the input limits apply
(`gsvlms_extract.ingest.limits`): a file above the size limit is refused from its size and never
read; a PDF whose streams inflate past the budget is refused before PDFium parses it.

Every reader's document then gets the identifiers the file states
(`gsvlms_extract.ingest.identifiers`), its boilerplate blocks marked
(`gsvlms_extract.ingest.boilerplate`) and a language on every block
(`gsvlms_extract.ingest.language`); neither changes the text or an offset.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import BinaryIO

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import assemble
from gsvlms_extract.ingest.boilerplate import mark_boilerplate
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.ingest.identifiers import with_identifiers
from gsvlms_extract.ingest.language import annotate_languages, no_english_reason
from gsvlms_extract.ingest.limits import Limits, check_pdf_streams
from gsvlms_extract.ingest.text import decode_text, text_blocks

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "Reader",
    "document_from_bytes",
    "document_from_stream",
    "load_document",
    "supported",
]

logger = logging.getLogger(__name__)

Reader = Callable[[bytes, str, str], Document]


def _text_document(data: bytes, name: str, digest: str, *, markdown: bool) -> Document:
    text = decode_text(data, name)
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


def read_text(data: bytes, name: str, digest: str) -> Document:
    return _text_document(data, name, digest, markdown=False)


def read_markdown(data: bytes, name: str, digest: str) -> Document:
    return _text_document(data, name, digest, markdown=True)


def _reader(module: str, function: str) -> Reader:
    """A reader imported on first use (PDFium and friends load only when needed)."""

    def read(data: bytes, name: str, digest: str) -> Document:
        return getattr(import_module(module), function)(data, name, digest)

    read.__name__ = function
    return read


#: suffix -> reader, most preferred format first. Add a format with one line.
READERS: dict[str, Reader] = {
    ".nxml": _reader("gsvlms_extract.ingest.jats", "jats_document"),
    ".xml": _reader("gsvlms_extract.ingest.jats", "jats_document"),
    ".txt": read_text,
    ".md": read_markdown,
    # a PDF without a text layer is read by OCR when the [ocr] extra is installed
    ".pdf": _reader("gsvlms_extract.ingest.ocr", "pdf_or_ocr_document"),
    ".html": _reader("gsvlms_extract.ingest.html", "html_document"),
    ".htm": _reader("gsvlms_extract.ingest.html", "html_document"),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)


def supported(path: str | Path) -> bool:
    """Whether a reader exists for the file's suffix (case-insensitive)."""
    return Path(path).suffix.lower() in READERS


def _is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def document_from_bytes(data: bytes, name: str, *, limits: Limits | None = None) -> Document:
    """Build a `Document` from a file's bytes; ``name`` is used as ``source`` and in errors.

    The format is taken from the first bytes (``%PDF``), otherwise from the suffix of ``name``
    (plain text when it has no reader: ``extract -`` reads stdin as text).
    """
    raw = _read(data, name, limits or Limits.from_env())
    document = annotate_languages(mark_boilerplate(with_identifiers(raw, data)))
    reason = no_english_reason(document)
    if reason:
        logger.warning("%s: %s", name, reason)
    return document


def _read(data: bytes, name: str, limits: Limits) -> Document:
    limits.check_size(len(data), name)
    if not data.strip():
        raise IngestError(f"{name}: file is empty")
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if _is_pdf(data) or suffix == ".pdf":
        check_pdf_streams(data, name, limits.max_inflated_bytes)
        return READERS[".pdf"](data, name, digest)
    return READERS.get(suffix, read_text)(data, name, digest)


def document_from_stream(stream: BinaryIO, name: str, *, limits: Limits | None = None) -> Document:
    """Read at most the size limit from ``stream`` (stdin), then build the `Document`."""
    limits = limits or Limits.from_env()
    data = stream.read(limits.max_input_bytes + 1)
    return document_from_bytes(data, name, limits=limits)


def load_document(path: str | Path, *, limits: Limits | None = None) -> Document:
    """Read one file into a `Document` (see `READERS` for the formats).

    The size is checked before reading: a file above the input limit is never loaded.

    Raises:
        IngestError: one line naming the file and the problem (too large, unreadable, empty,
            binary, undecodable, encrypted, scanned, corrupt, decompression bomb).
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    try:
        with path.open("rb") as handle:
            limits.check_size(os.fstat(handle.fileno()).st_size, str(path))
            data = handle.read(limits.max_input_bytes + 1)  # a file still growing stops here
    except IsADirectoryError:
        raise IngestError(f"{path}: is a directory, not a document") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    return document_from_bytes(data, str(path), limits=limits)
