"""Ingest: files → `Document`. Knows files and layouts, nothing about medicine."""

from gsvlms_extract.ingest.document import Block, BlockKind, Document
from gsvlms_extract.ingest.finder import Found, Problem, find_documents
from gsvlms_extract.ingest.limits import Limits
from gsvlms_extract.ingest.loader import (
    READERS,
    SUPPORTED_SUFFIXES,
    document_from_bytes,
    document_from_stream,
    load_document,
)
from gsvlms_extract.ingest.normalize import normalize_text

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "Block",
    "BlockKind",
    "Document",
    "Found",
    "Limits",
    "Problem",
    "document_from_bytes",
    "document_from_stream",
    "find_documents",
    "load_document",
    "normalize_text",
]
