"""PDF → `Document` on pypdfium2's fast path (no pdfminer parse).

Per page, PDFium's text page gives text segments with their boxes (``count_rects``/``get_rect``/
``get_text_bounded``: one call per segment, not per character) and the font of a segment's first
character; page objects give the rulings. `layout` puts the lines in reading order, `tables` takes
ruled tables apart, and this module groups lines into paragraphs:

- a new paragraph starts after a vertical gap larger than 1.3 typical line pitches, at a change of
  font size or weight, at a first-line indent, at a caption start (``Figure 1 | ...``), and at a
  column or page change when the previous line ended a sentence and the next starts with a capital;
- lines are joined with `hyphens.join_lines` (typesetters' hyphens removed, real ones kept);
- a paragraph is a caption, a heading (`blocks.is_heading` and a single line, or bold/larger
  type) or body text. A table continued on the next page (no title of its own, nothing in
  between) is merged into the previous table.

Text set vertically (rotated marginalia such as "Downloaded from ... on ...") is dropped.

Errors: password-protected → "encrypted"; no ``%%EOF`` marker or unparseable → "corrupt or
truncated"; not one character of text on any page → "no text layer (scanned?)"; more than 20% of
the characters meaningless (fonts without a Unicode map) → "text layer is unreadable".
"""

from __future__ import annotations

import ctypes
import logging
import re
import statistics
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import (
    RawBlock,
    assemble,
    is_caption_start,
    is_heading,
    render_block,
)
from gsvlms_extract.ingest.document import BlockKind, Document
from gsvlms_extract.ingest.glyphs import page_lines
from gsvlms_extract.ingest.hyphens import Vocabulary, join_lines
from gsvlms_extract.ingest.layout import (
    MARGIN_BAND,
    Line,
    Rule,
    TableUnit,
    body_font_size,
    drop_running,
    find_gutter,
    median_pitch,
    reading_order,
)
from gsvlms_extract.ingest.normalize import normalize_line
from gsvlms_extract.ingest.tables import find_tables

__all__ = ["pdf_document", "page_lines", "unreadable_share"]

logger = logging.getLogger(__name__)

_TERMINAL = (".", "!", "?", ":")
_PDFIUM = threading.Lock()


def pdf_document(data: bytes, name: str, digest: str) -> Document:
    """Read a PDF's bytes into a `Document` (see the module docstring)."""
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(f"{name}: corrupt or truncated PDF (no %%EOF marker at the end)")
    with _PDFIUM:  # PDFium is not thread-safe: one document at a time per process
        pages, rules, sizes, metadata = _read(data, name)
    n_pages = len(pages)
    if not any(pages):
        raise IngestError(f"{name}: no text layer (scanned?) in {n_pages} page(s)")
    empty = [str(i + 1) for i, p in enumerate(pages) if not p]
    if empty:
        metadata["pages_without_text"] = ",".join(empty)
        logger.warning("%s: pages without a text layer: %s", name, ", ".join(empty))
    raw_blocks = _blocks(pages, rules, sizes)
    text, blocks, page_starts = assemble(raw_blocks, n_pages=n_pages)
    if not text.strip():
        raise IngestError(f"{name}: no text layer (scanned?)")
    if unreadable_share(text) > 0.2:
        raise IngestError(f"{name}: text layer is unreadable (fonts without a Unicode map)")
    return Document(
        source=name,
        text=text,
        blocks=blocks,
        page_starts=page_starts,
        sha256=digest,
        n_pages=n_pages,
        media_type="application/pdf",
        metadata=metadata,
    )


_BLANK = re.compile(r"\s")
_UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def unreadable_share(text: str) -> float:
    """Share of non-space characters that carry no meaning (private use, U+FFFD, controls):
    what a font without a ToUnicode map gives. Over 20% and the text is not emitted."""
    visible = len(text) - len(_BLANK.findall(text))
    return len(_UNREADABLE.findall(text)) / visible if visible else 0.0


def _read(data: bytes, name: str):
    """Lines, rulings, sizes of every page, and the info dictionary, through PDFium."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError(f"{name}: encrypted PDF (password required)") from None
        raise IngestError(f"{name}: corrupt or truncated PDF ({exc})") from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise IngestError(f"{name}: PDF has no pages")
        pages: list[list[Line]] = []
        rules: list[list[Rule]] = []
        sizes: list[tuple[float, float]] = []
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise IngestError(f"{name}: corrupt PDF, page {index + 1} ({exc})") from None
            try:
                sizes.append(page.get_size())
                page_rules = _rules(page)
                pages.append(page_lines(page, index + 1, page_rules))
                rules.append(page_rules)
            except pdfium.PdfiumError as exc:
                raise IngestError(f"{name}: corrupt PDF, page {index + 1} ({exc})") from None
            finally:
                page.close()
        return pages, rules, sizes, _metadata(pdf)
    finally:
        pdf.close()


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    info = pdf.get_metadata_dict(skip_empty=True)
    return {key.lower(): normalize_line(info[key]) for key in ("Title", "Author") if info.get(key)}


def _rules(page: pdfium.PdfPage) -> list[Rule]:
    """Thin paths: rules and the pieces of rules (Chromium draws a border cell by cell, so a
    piece can be as short as a narrow cell; `tables` joins them). Read through PDFium's raw
    calls: Chromium pages hold thousands of paths, and pypdfium2's object wrappers cost ~25 µs
    each."""
    rules: list[Rule] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def visit(count: int, get, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 2:
                visit(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda k, form=obj: pdfium_c.FPDFFormObj_GetObject(form, k),
                    depth + 1,
                )
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            width, height = right.value - left.value, top.value - bottom.value
            if (height <= 2.0 and width >= 2.0) or (width <= 2.0 and height >= 4.0):
                rules.append(Rule(left.value, bottom.value, right.value, top.value))

    raw = page.raw
    visit(pdfium_c.FPDFPage_CountObjects(raw), lambda k: pdfium_c.FPDFPage_GetObject(raw, k), 1)
    return rules


@dataclass
class _Paragraph:
    lines: list[Line] = field(default_factory=list)
    column: int = 0


def _blocks(
    pages: list[list[Line]], rules: list[list[Rule]], sizes: list[tuple[float, float]]
) -> list[RawBlock]:
    pages = drop_running(pages, [h for _, h in sizes])
    units: list[tuple[list[Line | TableUnit], float]] = []
    for lines, page_rules, (width, height) in zip(pages, rules, sizes, strict=True):
        if not lines:
            continue
        low, high = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
        # rules wholly inside the top or bottom band belong to running heads and feet
        inner_rules = [r for r in page_rules if r.top > low and r.bottom < high]
        tables, rest = find_tables(lines[0].page, lines, inner_rules)
        units.append(([*rest, *tables], width))
    found = [g for items, width in units if (g := find_gutter(items, width)) is not None]
    gutter = statistics.median(found) if found else None
    ordered: list[tuple[Line | TableUnit, int]] = []
    for items, width in units:
        ordered.extend(reading_order(items, width, gutter))
    all_lines = [item for item, _ in ordered if isinstance(item, Line)]
    body_size = body_font_size(all_lines)
    pitch = median_pitch([line for line in all_lines if abs(line.size - body_size) < 0.3])
    vocabulary = Vocabulary(line.text for line in all_lines)
    rights = _right_edges(ordered)
    blocks: list[RawBlock] = []
    para = _Paragraph()

    def flush() -> None:
        if para.lines:
            blocks.append(_paragraph_block(para.lines, body_size, vocabulary))
            para.lines = []

    for item, column in ordered:
        if isinstance(item, TableUnit):
            flush()
            previous = blocks[-1] if blocks else None
            if not item.title and previous is not None and previous.kind is BlockKind.table:
                # a table continued from the previous page: one block, the page break recorded
                breaks = previous.page_breaks
                if item.page != previous.page and item.rows:
                    breaks = (*breaks, (len(render_block(previous)) + 2, item.page))
                blocks[-1] = RawBlock(
                    BlockKind.table,
                    previous.text,
                    previous.page,
                    rows=(*(previous.rows or ()), *item.rows),
                    page_breaks=breaks,
                )
            else:
                blocks.append(RawBlock(BlockKind.table, item.title, item.page, rows=item.rows))
            continue
        prev = para.lines[-1] if para.lines else None
        right = rights.get((prev.page, para.column), 0.0) if prev else 0.0
        if prev and _starts_paragraph(prev, para.column, item, column, pitch, right):
            flush()
        para.lines.append(item)
        para.column = column
    flush()
    return blocks


def _right_edges(ordered: list[tuple[Line | TableUnit, int]]) -> dict[tuple[int, int], float]:
    """Right edge of the text of each (page, column): the 90th percentile of the lines' ends,
    so one overlong line (a URL) does not move it."""
    ends: dict[tuple[int, int], list[float]] = {}
    for item, column in ordered:
        if isinstance(item, Line):
            ends.setdefault((item.page, column), []).append(item.x1)
    return {key: sorted(xs)[int(0.9 * (len(xs) - 1))] for key, xs in ends.items()}


#: a line that starts with a quantity: "6 cm. in length", "12 patients", "3.5 x 2 cm"
_QUANTITY_START = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:[a-zµμ%×]|x\s*\d)")


def _goes_on_with_a_quantity(prev: Line, line: Line) -> bool:
    """ "... removed a tumour / 6 cm. in length from the thigh": a sentence that did not end
    goes on with a number and its unit (not "References / 1. Andrade F")."""
    return (
        not prev.text.endswith(_TERMINAL)
        and not is_heading(prev.text)
        and bool(_QUANTITY_START.match(line.text))
    )


def _starts_paragraph(
    prev: Line, prev_column: int, line: Line, column: int, pitch: float, right: float = 0.0
) -> bool:
    if is_caption_start(line.text):
        return True
    if abs(prev.size - line.size) > 0.5 or prev.bold != line.bold:
        return True
    if prev.page != line.page or prev_column != column or line.top > prev.top:
        # the flow moved to a new column or page: continue unless a sentence just ended, or
        # the last line before the break was a title ("DISCUSSION", or a short "Discussion"
        # line: a body line at a page foot runs the width of the column)
        short = right and prev.x1 - prev.x0 < 0.5 * (right - prev.x0)
        if is_heading(prev.text) and (prev.text.isupper() or short):
            return True
        return prev.text.endswith(_TERMINAL) and line.text[:1].isupper()
    gap = prev.bottom - line.bottom
    if abs(gap) < 0.3 * max(line.height, 1.0) and line.x0 >= prev.x1:
        return False  # the rest of the same line (split at a wide justified space)
    if pitch and gap > 1.3 * pitch:
        return True
    if (
        right
        and not prev.text.endswith(("-", ",", ";"))
        and not line.text[:1].islower()  # "...; no / venous reconstruction": one sentence
        and not _goes_on_with_a_quantity(prev, line)
    ):
        # the line stopped early although the next line's first word would have fitted:
        # the end of a paragraph (front matter, ragged text), not a line break. Ragged-right
        # text (a plain-text file printed by a browser) stops early all the time, so a line
        # that goes on in lower case, or after a comma, continues the sentence.
        first = line.text.split(" ", 1)[0]
        per_char = (line.x1 - line.x0) / max(len(line.text), 1)
        if right - prev.x1 > (len(first) + 2) * per_char:
            return True
    return line.x0 - prev.x0 > 0.8 * max(line.size, 1.0) and prev.text.endswith(_TERMINAL)


def _paragraph_block(lines: list[Line], body_size: float, vocabulary: Vocabulary) -> RawBlock:
    parts: list[str] = []
    soft = [line.soft_hyphen for line in lines]
    breaks: list[tuple[int, int]] = []  # (offset in the paragraph, page) where a page begins
    for k, line in enumerate(lines):
        parts.append(line.text)
        if k and line.page != lines[k - 1].page:
            # joining only ever appends the new line whole, so it ends the joined text
            joined = join_lines(parts, vocabulary, soft)
            breaks.append((len(joined) - len(line.text), line.page))
    text = join_lines(parts, vocabulary, soft)
    first = lines[0]
    if is_caption_start(text):
        kind = BlockKind.caption
    elif is_heading(text) and (len(lines) == 1 or first.bold or first.size > body_size + 0.5):
        kind = BlockKind.heading
    else:
        kind = BlockKind.body
    return RawBlock(kind, text, first.page, page_breaks=tuple(breaks))
