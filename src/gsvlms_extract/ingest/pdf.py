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
from gsvlms_extract.ingest.hyphens import Vocabulary, join_lines
from gsvlms_extract.ingest.layout import (
    MARGIN_BAND,
    Line,
    Rule,
    TableUnit,
    body_font_size,
    drop_running,
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


_UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def unreadable_share(text: str) -> float:
    """Share of non-space characters that carry no meaning (private use, U+FFFD, controls):
    what a font without a ToUnicode map gives. Over 20% and the text is not emitted."""
    visible = sum(1 for c in text if not c.isspace())
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
                pages.append(page_lines(page, index + 1))
                rules.append(_rules(page))
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


def page_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    """The text lines of one page: PDFium's segments merged by baseline, normalized."""
    textpage = page.get_textpage()
    try:
        # One call for the page's text; each segment's text is then sliced out of it by the
        # indices of its first and last characters (two cheap calls instead of one
        # get_text_bounded, which costs ~70 µs). Pages whose text does not map one code unit
        # per character (characters outside the BMP) fall back to get_text_bounded.
        full = textpage.get_text_range()
        sliceable = len(full) == textpage.count_chars()
        segments = []
        for i in range(textpage.count_rects()):
            x0, bottom, x1, top = textpage.get_rect(i)
            if top - bottom > 2 * (x1 - x0) and top - bottom > 20:
                continue  # vertical text: a "Downloaded from ..." strip in the margin
            text, first = _segment_text(textpage, full, x0, bottom, x1, top, sliceable)
            if text is None:
                text = textpage.get_text_bounded(x0, bottom, x1, top)
            if text.strip():
                segments.append((x0, bottom, x1, top, text, first))
        lines = _merge_segments(segments)
        out = []
        for x0, bottom, x1, top, text, first in lines:
            size, bold = _font_at(textpage, first)
            # PDFium reports a hyphen at a line end as U+0002 (bounded text) or U+FFFE (range)
            text = text.replace("\x02", "-").replace("\ufffe", "-")
            text = text.replace("\r", " ").replace("\n", " ")
            clean = normalize_line(text)
            if clean:
                out.append(Line(number, x0, bottom, x1, top, clean, size, bold))
        return out
    finally:
        textpage.close()


def _segment_text(
    textpage: pdfium.PdfTextPage,
    full: str,
    x0: float,
    bottom: float,
    x1: float,
    top: float,
    sliceable: bool,
) -> tuple[str | None, int]:
    """(text of the segment or None when it cannot be sliced, index of its first character)."""
    middle, half = (bottom + top) / 2, (top - bottom) / 2
    first = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x0 + 0.5, middle, 1.0, half)
    if not sliceable or first < 0:
        return None, first
    last = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, x1 - 0.5, middle, 1.0, half)
    if last < first or last - first > 2000:
        return None, first
    # a space just outside the glyph boxes still separates this segment from its neighbours
    start = first - 1 if first > 0 and full[first - 1] == " " else first
    end = last + 2 if last + 1 < len(full) and full[last + 1] == " " else last + 1
    return full[start:end], first


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKER = re.compile(r"[0-9]+(?:[,\-–][0-9]+)*")


def _merge_segments(segments: list[tuple]) -> list[tuple]:
    """Group PDFium's segments into lines.

    Segments whose vertical spans overlap by half the smaller height share a row (so raised
    reference numbers and exponents stay on their line); a row splits into lines where the
    horizontal gap exceeds 0.9 of its height (a column gutter). A segment set smaller and raised
    above its line, made of digits (``12``, ``3,4``, ``1-3``), becomes Unicode superscript digits,
    so that `normalize` applies one rule to text and PDF alike: a reference marker glued to a
    word is dropped, an exponent after a unit or a number (``cm²``, ``10⁹/L``) is kept.
    """
    rows: list[list[tuple]] = []
    spans: list[tuple[float, float]] = []  # (bottom, top) of each row's tallest segment
    for seg in sorted(segments, key=lambda s: -(s[1] + s[3])):
        height = seg[3] - seg[1]
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            bottom, top = spans[k]
            if min(top, seg[3]) - max(bottom, seg[1]) >= 0.5 * min(top - bottom, height):
                rows[k].append(seg)
                if height > top - bottom:
                    spans[k] = (seg[1], seg[3])
                break
        else:
            rows.append([seg])
            spans.append((seg[1], seg[3]))
    lines: list[tuple] = []
    for row, (row_bottom, row_top) in zip(rows, spans, strict=True):
        gutter = 0.9 * max(row_top - row_bottom, 1.0)
        group: list[tuple] = []
        for seg in sorted(row, key=lambda s: s[0]):
            if group and seg[0] - max(g[2] for g in group) >= gutter:
                lines.append(_line_of(group))
                group = []
            group.append(seg)
        if group:
            lines.append(_line_of(group))
    return lines


def _line_of(group: list[tuple]) -> tuple:
    """One line from its segments (left to right); its box is that of its tallest segment."""
    base = max(group, key=lambda s: s[3] - s[1])
    bottom, top = base[1], base[3]
    height = max(top - bottom, 1.0)
    text = ""
    right = group[0][0]
    for seg in group:
        piece = seg[4]
        raised = seg[3] - seg[1] < 0.75 * height and seg[1] > bottom + 0.2 * height
        if raised and _MARKER.fullmatch(piece.strip()):
            piece = piece.strip().translate(_SUPERSCRIPT)
        if text:
            spaced = seg[0] - right > 0.15 * height or text[-1:].isspace() or piece[:1].isspace()
            text = text.rstrip() + (" " if spaced and not raised else "") + piece.lstrip()
        else:
            text = piece
        right = max(right, seg[2])
    return (group[0][0], bottom, right, top, text, group[0][5])


def _font_at(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, bool]:
    """Font size and boldness of character ``index`` (a line's first character)."""
    if index < 0:
        return 0.0, False
    size = round(pdfium_c.FPDFText_GetFontSize(textpage, index), 1)
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    font = buffer.value.decode("latin-1", "replace").lower()
    return size, "bold" in font or "black" in font or weight >= 600


def _rules(page: pdfium.PdfPage) -> list[Rule]:
    rules = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        x0, bottom, x1, top = obj.get_bounds()
        rule = Rule(x0, bottom, x1, top)
        if rule.horizontal or rule.vertical:
            rules.append(rule)
    return rules


@dataclass
class _Paragraph:
    lines: list[Line] = field(default_factory=list)
    column: int = 0


def _blocks(
    pages: list[list[Line]], rules: list[list[Rule]], sizes: list[tuple[float, float]]
) -> list[RawBlock]:
    pages = drop_running(pages, [h for _, h in sizes])
    ordered: list[tuple[Line | TableUnit, int]] = []
    for lines, page_rules, (width, height) in zip(pages, rules, sizes, strict=True):
        if not lines:
            continue
        low, high = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
        inner_rules = [r for r in page_rules if r.bottom >= low and r.top <= high]
        tables, rest = find_tables(lines[0].page, lines, inner_rules)
        ordered.extend(reading_order([*rest, *tables], width))
    all_lines = [item for item, _ in ordered if isinstance(item, Line)]
    body_size = body_font_size(all_lines)
    pitch = median_pitch([line for line in all_lines if abs(line.size - body_size) < 0.3])
    vocabulary = Vocabulary(line.text for line in all_lines)
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
        if para.lines and _starts_paragraph(para.lines[-1], para.column, item, column, pitch):
            flush()
        para.lines.append(item)
        para.column = column
    flush()
    return blocks


def _starts_paragraph(prev: Line, prev_column: int, line: Line, column: int, pitch: float) -> bool:
    if is_caption_start(line.text):
        return True
    if abs(prev.size - line.size) > 0.5 or prev.bold != line.bold:
        return True
    if prev.page != line.page or prev_column != column or line.top > prev.top:
        # the flow moved to a new column or page: continue unless a sentence just ended
        return prev.text.endswith(_TERMINAL) and line.text[:1].isupper()
    gap = prev.bottom - line.bottom
    if pitch and gap > 1.3 * pitch:
        return True
    return line.x0 - prev.x0 > 0.8 * max(line.size, 1.0) and prev.text.endswith(_TERMINAL)


def _paragraph_block(lines: list[Line], body_size: float, vocabulary: Vocabulary) -> RawBlock:
    parts: list[str] = []
    breaks: list[tuple[int, int]] = []  # (offset in the paragraph, page) where a page begins
    for k, line in enumerate(lines):
        parts.append(line.text)
        if k and line.page != lines[k - 1].page:
            # joining only ever appends the new line whole, so it ends the joined text
            breaks.append((len(join_lines(parts, vocabulary)) - len(line.text), line.page))
    text = join_lines(parts, vocabulary)
    first = lines[0]
    if is_caption_start(text):
        kind = BlockKind.caption
    elif is_heading(text) and (len(lines) == 1 or first.bold or first.size > body_size + 0.5):
        kind = BlockKind.heading
    else:
        kind = BlockKind.body
    return RawBlock(kind, text, first.page, page_breaks=tuple(breaks))
