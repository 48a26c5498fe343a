"""Ingest: files → `Document`. Knows files and layouts, nothing about medicine."""

from gsvlms_extract.ingest.document import Block, BlockKind, Document
from gsvlms_extract.ingest.loader import load_document

__all__ = ["Block", "BlockKind", "Document", "load_document"]
