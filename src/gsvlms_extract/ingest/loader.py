"""Dispatch a path to the reader for its format. (Minimal text-only version; PDF to come.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.document import Block, BlockKind, Document


def load_document(path: str | Path) -> Document:
    """Read one file into a `Document`; raises `IngestError` naming the file on bad input."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read file ({exc.strerror})") from None
    if not data.strip():
        raise IngestError(f"{path}: file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise IngestError(f"{path}: not valid UTF-8 text") from None
    return Document(
        source=str(path),
        text=text,
        blocks=(Block(BlockKind.body, 0, len(text)),),
        sha256=hashlib.sha256(data).hexdigest(),
    )
