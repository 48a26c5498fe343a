"""Ingest: files → `Document`. Knows files and layouts, nothing about medicine."""

from gsvlms_extract.ingest.document import Block, BlockKind, Document
from gsvlms_extract.ingest.loader import SUPPORTED_SUFFIXES, document_from_bytes, load_document
from gsvlms_extract.ingest.normalize import normalize_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "BlockKind",
    "Document",
    "document_from_bytes",
    "load_document",
    "normalize_text",
]
