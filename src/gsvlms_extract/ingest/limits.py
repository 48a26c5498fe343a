"""Input limits: how big a file may be, and how far a PDF's streams may inflate.

Both are checked before a reader sees the bytes, so a hostile file costs a bounded amount of
memory and a one-line `IngestError` instead of exhausting the host:

* ``max_input_bytes``: files larger than this are refused from their size alone, never read
  (default 256 MB; ``GSVLMS_MAX_INPUT_MB`` or ``--max-input-mb``);
* ``max_inflated_bytes``: the Flate streams PDFium inflates to read text (page content,
  object and xref streams, fonts; images are left out, text extraction never decodes them)
  may inflate to at most this many bytes in total (default 512 MB;
  ``GSVLMS_MAX_INFLATED_MB``). A "decompression bomb" (1.5 MB that inflates to 1.5 GB) is
  refused after inflating at most the budget, in fixed-size pieces, never holding it.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass

from gsvlms_extract.errors import IngestError

__all__ = [
    "DEFAULT_MAX_INPUT_MB",
    "DEFAULT_MAX_INFLATED_MB",
    "Limits",
    "check_pdf_streams",
    "megabytes",
]

DEFAULT_MAX_INPUT_MB = 256
DEFAULT_MAX_INFLATED_MB = 512
_MB = 1024 * 1024
#: input slice fed to zlib at a time, and the most output taken per call
_IN_PIECE = 64 * 1024
_OUT_PIECE = 4 * _MB
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")


def megabytes(n_bytes: int) -> str:
    """``1536 MB``, ``0.3 MB``: sizes in messages."""
    value = n_bytes / _MB
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"


def _env_mb(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise IngestError(f"{name}={raw!r}: not a whole number of megabytes") from None
    if value <= 0:
        raise IngestError(f"{name}={raw!r}: must be a positive number of megabytes")
    return value


@dataclass(frozen=True, slots=True)
class Limits:
    """The input limits in bytes (see the module docstring)."""

    max_input_bytes: int = DEFAULT_MAX_INPUT_MB * _MB
    max_inflated_bytes: int = DEFAULT_MAX_INFLATED_MB * _MB

    @classmethod
    def from_env(cls, max_input_mb: int | None = None) -> Limits:
        """Limits from ``GSVLMS_MAX_INPUT_MB`` / ``GSVLMS_MAX_INFLATED_MB`` (an explicit
        ``max_input_mb`` wins)."""
        input_mb = max_input_mb or _env_mb("GSVLMS_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB)
        inflated_mb = _env_mb("GSVLMS_MAX_INFLATED_MB", DEFAULT_MAX_INFLATED_MB)
        return cls(input_mb * _MB, inflated_mb * _MB)

    def check_size(self, size: int, name: str) -> None:
        if size > self.max_input_bytes:
            raise IngestError(
                f"{name}: file is {megabytes(size)}, above the input limit of "
                f"{megabytes(self.max_input_bytes)} (raise it with --max-input-mb or "
                "GSVLMS_MAX_INPUT_MB)"
            )


def _stream_dict(data: bytes, start: int) -> bytes:
    """The bytes between the object header before ``start`` and ``start`` (its dictionary)."""
    window = data[max(0, start - 4096) : start]
    headers = list(_OBJ.finditer(window))
    return window[headers[-1].end() :] if headers else window


def _inflated_size(data: memoryview, budget: int) -> int:
    """Bytes a zlib stream inflates to, stopping once past ``budget`` (0 if not zlib)."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        for offset in range(0, len(data), _IN_PIECE):
            piece = data[offset : offset + _IN_PIECE]
            while piece:
                total += len(inflater.decompress(piece, _OUT_PIECE))
                if total > budget:
                    return total
                piece = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # not Flate (or corrupt: PDFium reports that itself); count what inflated
    return total


def check_pdf_streams(data: bytes, name: str, limit: int) -> int:
    """Total inflated size of the PDF's non-image Flate streams; `IngestError` past ``limit``."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if _IMAGE.search(_stream_dict(data, match.start())):
            continue
        end = data.find(b"endstream", start)
        stream = view[start : end if end != -1 else len(data)]
        total += _inflated_size(stream, limit - total)
        if total > limit:
            raise IngestError(
                f"{name}: PDF streams inflate to more than {megabytes(limit)} "
                "(a decompression bomb?); refused (raise GSVLMS_MAX_INFLATED_MB if it is genuine)"
            )
    return total
