"""Scanned PDFs: OCR with OCRmyPDF and Tesseract (the optional ``[ocr]`` extra).

`pdf_or_ocr_document` is the PDF reader the loader calls: a PDF with a text layer is read by
`gsvlms_extract.ingest.pdf`; one whose pages hold images and no text at all (a scan) is read by
OCRmyPDF (Tesseract, English) into its sidecar text, which is then laid out by the plain-text
reader page by page, so headings and paragraphs come out as for a typed report and every
character keeps its page (a paragraph running over a page break is joined again). The
`Document` says ``ocr=True`` and ``metadata["ocr"]`` names the engine; the extractor marks the
evidence of every value read from it with the ``ocr`` modifier.

Needs the Python package ``ocrmypdf`` (``pip install 'gsvlms-extract[ocr]'``) and the program
``tesseract`` with its English data (Debian: ``apt-get install ocrmypdf tesseract-ocr``); pages
are rasterised with PDFium, so Ghostscript is not needed. Without them a scanned PDF fails with
a one-line message saying how to enable OCR.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import RawBlock, assemble
from gsvlms_extract.ingest.document import BlockKind, Document
from gsvlms_extract.ingest.text import text_blocks

__all__ = ["ENABLE_OCR", "ocr_missing", "ocr_document", "pdf_or_ocr_document"]

logger = logging.getLogger(__name__)

ENABLE_OCR = (
    "to read scanned PDFs install the OCR extra: pip install 'gsvlms-extract[ocr]' "
    "and apt-get install ocrmypdf tesseract-ocr"
)
_LANGUAGE = "eng"
#: Tesseract sometimes sets a paragraph's last line apart as a paragraph of its own: a blank
#: line after a line that ends mid-sentence, before a line starting in lower case, is removed
_SPLIT_SENTENCE = re.compile(r"([^\s.!?:])[ \t]*\n(?:[ \t]*\n)+(?=[a-z])")


def ocr_missing() -> str | None:
    """What OCR lacks on this machine (``None`` when OCRmyPDF and Tesseract are usable)."""
    if importlib.util.find_spec("ocrmypdf") is None:
        return "Python package ocrmypdf not installed"
    if shutil.which("tesseract") is None:
        return "program 'tesseract' not found"
    return None


def _is_scan(data: bytes) -> bool:
    """The PDF opens, not one page has a character of text, and some page holds an image."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    images = False
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    if textpage.count_chars() > 0:
                        return False
                finally:
                    textpage.close()
                images = images or any(
                    True
                    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
                )
            finally:
                page.close()
        return images
    except pdfium.PdfiumError:
        return False
    finally:
        pdf.close()


def pdf_or_ocr_document(data: bytes, name: str, digest: str) -> Document:
    """A PDF's text layer, or OCR of its pages when it has none (see the module docstring)."""
    from gsvlms_extract.ingest.pdf import pdf_document

    try:
        return pdf_document(data, name, digest)
    except IngestError:
        if not _is_scan(data):
            raise
    return ocr_document(data, name, digest)


def _recognise(data: bytes, name: str) -> str:
    """OCRmyPDF's sidecar text of the whole PDF (pages separated by form feeds)."""
    import ocrmypdf

    logging.getLogger("ocrmypdf").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="gsvlms-ocr-") as tmp:
        sidecar = Path(tmp) / "text.txt"
        try:
            ocrmypdf.ocr(
                io.BytesIO(data),
                os.devnull,
                language=[_LANGUAGE],
                sidecar=sidecar,
                output_type="none",  # the sidecar text is all we read
                rasterizer="pypdfium",
                optimize=0,
                progress_bar=False,
                jobs=1,
                use_threads=True,
                force_ocr=True,
            )
        except Exception as exc:  # OCRmyPDF's own errors and its tools' failures
            first = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise IngestError(f"{name}: OCR failed ({first})") from None
        return sidecar.read_text(encoding="utf-8")


def _join_pages(pages: list[list[RawBlock]]) -> list[RawBlock]:
    """Blocks of every page with their page number; a paragraph that runs on over a page break
    (no sentence end before it, a lower-case start after it) is one paragraph again."""
    out: list[RawBlock] = []
    for number, blocks in enumerate(pages, start=1):
        for index, block in enumerate(blocks):
            previous = out[-1] if out else None
            if (
                index == 0
                and previous is not None
                and previous.kind is BlockKind.body
                and block.kind is BlockKind.body
                and not previous.text.rstrip().endswith((".", "!", "?", ":"))
                and block.text[:1].islower()
            ):
                joined = previous.text.rstrip() + " "
                out[-1] = replace(
                    previous,
                    text=joined + block.text,
                    page_breaks=(*previous.page_breaks, (len(joined), number)),
                )
                continue
            out.append(replace(block, page=number))
    return out


def ocr_document(data: bytes, name: str, digest: str) -> Document:
    """Recognise a scanned PDF's text (OCRmyPDF + Tesseract) into a `Document` with pages."""
    missing = ocr_missing()
    if missing is not None:
        raise IngestError(
            f"{name}: no text layer (scanned?); OCR unavailable ({missing}): {ENABLE_OCR}"
        )
    sidecar = _recognise(data, name)
    pages = sidecar.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    raw = _join_pages([text_blocks(_SPLIT_SENTENCE.sub(r"\1\n", page)) for page in pages])
    text, blocks, page_starts = assemble(raw, n_pages=max(len(pages), 1))
    if not text.strip():
        raise IngestError(f"{name}: no text layer (scanned?) and OCR recognised no text")
    import ocrmypdf

    return Document(
        source=name,
        text=text,
        blocks=blocks,
        page_starts=page_starts,
        sha256=digest,
        n_pages=len(pages),
        media_type="application/pdf",
        metadata={"ocr": f"ocrmypdf {ocrmypdf.__version__}, tesseract ({_LANGUAGE})"},
        ocr=True,
    )
