"""Render corpus text reports as journal-like PDFs (``make pdfs``), byte-for-byte reproducibly.

Which files and which layout: ``corpus/pdf_layouts.yaml``. Each report is read through the
package's own ingest (so headings, captions and tables are the blocks the text reader sees) and
typeset with reportlab's canvas by a small typesetter that does what journals do and PDF readers
must undo: one or two columns, a full-width title block, running headers (journal name,
"Case Report") and page numbers, words hyphenated at line ends, figure boxes with captions, and
ruled tables (the source's own tables, e.g. the review's Table 1; a report without a table gets a
neutral "Sections of this report" table derived from its own headings, and a report without a
figure gets a placeholder figure whose caption says so: nothing clinical is invented).

Reproducible: reportlab's invariant mode (fixed dates and document id), fonts embedded as subsets
of DejaVu Serif, no randomness. Re-running gives identical bytes.

Usage: ``python scripts/render_corpus_pdfs.py [--layouts LAYOUTS.yaml] [--out DIR]``
(defaults: ``corpus/pdf_layouts.yaml``, ``corpus/pdf``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.ingest import BlockKind, Document, load_document
from gsvlms_extract.ingest.blocks import is_heading

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONTS = {
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Serif-Italic": "DejaVuSerif-Italic.ttf",
}
PAGE_W, PAGE_H = A4
MARGIN_X, TOP, BOTTOM = 50.0, PAGE_H - 62.0, 58.0
GUTTER = 18.0


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float


BODY = Style("Serif", 9.0, 11.6)
HEADING = Style("Serif-Bold", 9.6, 12.0)
TITLE = Style("Serif-Bold", 13.0, 16.0)
CAPTION = Style("Serif-Italic", 7.8, 9.8)
RUNNING = Style("Serif", 7.0, 9.0)
CELL = Style("Serif", 6.0, 7.4)
CELL_HEAD = Style("Serif-Bold", 6.0, 7.4)


def register_fonts() -> None:
    """Register the DejaVu Serif faces (covers the corpus's Polish, Turkish, French names)."""
    for name, filename in FONTS.items():
        for folder in FONT_DIRS:
            if (folder / filename).exists():
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
                break
        else:
            sys.exit(f"error: font {filename} not found (install fonts-dejavu-core)")


def width(text: str, style: Style) -> float:
    return pdfmetrics.stringWidth(text, style.font, style.size)


# ---------------------------------------------------------------- line breaking, hyphenation

_VOWELS = set("aeiouy")


def split_word(word: str, style: Style, avail: float) -> tuple[str, str] | None:
    """Break ``word`` so that its head (ending in a hyphen) fits ``avail`` points.

    Breaks after a hyphen the word already has (``37-year-`` / ``old``), or hyphenates a long
    alphabetic word between a vowel and a consonant with at least four letters on each side
    (``leiomyo-`` / ``sarcoma``), as a typesetter would. All-capital words are never split.
    """
    best: tuple[str, str] | None = None
    for i, ch in enumerate(word[:-1]):
        if ch == "-" and i >= 1 and width(word[: i + 1], style) <= avail:
            best = (word[: i + 1], word[i + 1 :])
    if best or "-" in word:
        return best
    core = word.rstrip(".,;:)")
    if len(core) < 9 or not core.isalpha() or core.isupper() or not core[1:].islower():
        return None
    for i in range(len(core) - 4, 3, -1):
        if core[i - 1].lower() in _VOWELS and core[i].lower() not in _VOWELS:
            head = word[:i] + "-"
            if width(head, style) <= avail:
                return head, word[i:]
    return None


def break_lines(text: str, style: Style, line_width: float, hyphenate: bool = True) -> list[str]:
    """Greedy line filling with hyphenation at line ends."""
    lines: list[str] = []
    current = ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if width(candidate, style) <= line_width:
            current = candidate
            i += 1
            continue
        prefix = f"{current} " if current else ""
        parts = split_word(word, style, line_width - width(prefix, style)) if hyphenate else None
        if parts:
            lines.append(prefix + parts[0])
            words[i] = parts[1]
            current = ""
        elif current:
            lines.append(current)
            current = ""
        else:  # a single word wider than the line: put it alone
            lines.append(word)
            i += 1
    if current:
        lines.append(current)
    return lines


# ---------------------------------------------------------------- pages and columns


@dataclass
class Typesetter:
    canvas: Canvas
    columns: int
    journal: str
    page: int = 0
    column: int = 0
    y: float = TOP
    band_top: float = TOP
    figures: int = field(default=0)

    @property
    def column_width(self) -> float:
        return (PAGE_W - 2 * MARGIN_X - GUTTER * (self.columns - 1)) / self.columns

    def column_x(self) -> float:
        return MARGIN_X + self.column * (self.column_width + GUTTER)

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        c.setFont(RUNNING.font, RUNNING.size)
        c.drawString(MARGIN_X, PAGE_H - 36, self.journal)
        c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 36, "Case Report")
        c.setLineWidth(0.4)
        c.line(MARGIN_X, PAGE_H - 41, PAGE_W - MARGIN_X, PAGE_H - 41)
        c.drawCentredString(PAGE_W / 2, 34, str(self.page))
        self.column, self.y, self.band_top = 0, TOP, TOP

    def advance(self, height: float) -> None:
        """Make room for ``height`` points in the flow: next column or next page if needed."""
        if self.y - height >= BOTTOM:
            return
        if self.column + 1 < self.columns:
            self.column += 1
            self.y = self.band_top
        else:
            self.new_page()

    def gap(self, points: float) -> None:
        if self.y < self.band_top:
            self.y -= points

    def lines(self, lines: list[str], style: Style) -> None:
        for line in lines:
            self.advance(style.leading)
            self.y -= style.leading
            self.canvas.setFont(style.font, style.size)
            self.canvas.drawString(self.column_x(), self.y + 2.5, line)

    def paragraph(self, text: str, style: Style, before: float = 4.0) -> None:
        self.gap(before)
        self.lines(break_lines(text, style, self.column_width), style)

    def full_width(self, text: str, style: Style) -> None:
        """Front matter across the whole page, above the columns."""
        for line in break_lines(text, style, PAGE_W - 2 * MARGIN_X, hyphenate=False):
            self.y -= style.leading
            self.canvas.setFont(style.font, style.size)
            self.canvas.drawString(MARGIN_X, self.y + 2.5, line)
        self.y -= 5
        self.band_top = self.y

    def figure(self, caption: str) -> None:
        lines = break_lines(caption, CAPTION, self.column_width)
        box = 70.0
        self.gap(8)
        self.advance(box + CAPTION.leading * len(lines) + 6)
        self.canvas.setFillGray(0.85)
        self.canvas.rect(self.column_x(), self.y - box, self.column_width, box, stroke=0, fill=1)
        self.canvas.setFillGray(0)
        self.y -= box + 4
        self.lines(lines, CAPTION)
        self.y -= 6

    def table(self, title: str, rows: list[tuple[str, ...]]) -> None:
        """A ruled full-width table below the current band; rows never split across pages."""
        if self.column != 0 or self.y < BOTTOM + 120:
            self.new_page()
        else:
            self.y -= 8
        full = PAGE_W - 2 * MARGIN_X
        ncols = max(len(r) for r in rows)
        cell, head = fit_cell_styles(rows, ncols, full)
        widths = column_widths(rows, ncols, full, cell, head)
        title_lines = break_lines(title, CAPTION, full, hyphenate=False)
        for line in title_lines:
            self.y -= CAPTION.leading
            self.canvas.setFont(CAPTION.font, CAPTION.size)
            self.canvas.drawString(MARGIN_X, self.y + 2.5, line)
        self.y -= 3
        self.canvas.setLineWidth(0.5)
        for index, row in enumerate(rows):
            style = head if index == 0 else cell
            cells = [
                break_lines(cell, style, w - 4, hyphenate=False)
                for cell, w in zip(row, widths, strict=False)
            ]
            height = max(len(c) for c in cells) * style.leading + 4
            if self.y - height < BOTTOM:
                self.new_page()
            top = self.y
            self.canvas.line(MARGIN_X, top, MARGIN_X + full, top)
            x = MARGIN_X
            for cell_lines, w in zip(cells, widths, strict=False):
                cy = top - 2
                for line in cell_lines:
                    cy -= style.leading
                    self.canvas.setFont(style.font, style.size)
                    self.canvas.drawString(x + 2, cy + 2, line)
                x += w
            bottom = top - height
            x = MARGIN_X
            for w in [0.0, *widths]:
                x += w
                self.canvas.line(x, top, x, bottom)
            self.canvas.line(MARGIN_X, bottom, MARGIN_X + full, bottom)
            self.y = bottom
        self.y -= 10
        self.band_top = self.y
        self.column = 0


def fit_cell_styles(rows: list[tuple[str, ...]], ncols: int, full: float) -> tuple[Style, Style]:
    """The largest cell font size (≤ 6 pt) at which every column's longest word fits."""
    size = CELL.size
    while size > 3.0:
        cell = Style(CELL.font, size, size * 1.25)
        head = Style(CELL_HEAD.font, size, size * 1.25)
        if sum(_longest_words(rows, ncols, head)) <= full:
            break
        size -= 0.2
    return cell, head


def _longest_words(rows: list[tuple[str, ...]], ncols: int, style: Style) -> list[float]:
    longest = [0.0] * ncols
    for row in rows:
        for i, cell in enumerate(row):
            words = cell.split() or [""]
            longest[i] = max(longest[i], max(width(w, style) for w in words) + 6)
    return longest


def column_widths(
    rows: list[tuple[str, ...]], ncols: int, full: float, cell: Style, head: Style
) -> list[float]:
    """Share ``full`` points by each column's longest word, then its total text."""
    longest = _longest_words(rows, ncols, head)
    total = [1.0] * ncols
    for row in rows:
        for i, text in enumerate(row):
            total[i] = max(total[i], width(text, cell) + 6)
    base = sum(longest)
    spare = max(0.0, full - base)
    extra = [min(t, spare) for t in total]
    scale = spare / sum(extra) if sum(extra) else 0.0
    widths = [lo + e * scale for lo, e in zip(longest, extra, strict=True)]
    shrink = full / sum(widths)
    return [w * shrink for w in widths]


# ---------------------------------------------------------------- documents


def _kind(document: Document, block) -> BlockKind:
    """Boilerplate lines (DOI, keywords, correspondence) are typeset as what they look like: a
    heading when title-like, else a paragraph."""
    if block.kind is not BlockKind.boilerplate:
        return block.kind
    return BlockKind.heading if is_heading(document.block_text(block)) else BlockKind.body


def section_table(document: Document) -> tuple[str, list[tuple[str, ...]]]:
    """A neutral table derived from the report itself: words per section."""
    rows: list[tuple[str, ...]] = [("Section", "Paragraphs", "Words")]
    heading, paragraphs, words = "(front matter)", 0, 0
    for block in document.blocks:
        text = document.text[block.start : block.end]
        kind = _kind(document, block)
        if kind is BlockKind.heading:
            if paragraphs:
                rows.append((heading, str(paragraphs), str(words)))
            heading, paragraphs, words = text, 0, 0
        elif kind is BlockKind.body:
            paragraphs += 1
            words += len(text.split())
    if paragraphs:
        rows.append((heading, str(paragraphs), str(words)))
    return "Table 1 | Sections of this report (typesetting sample).", rows


def table_rows(document: Document, start: int, end: int) -> tuple[str, list[tuple[str, ...]]]:
    title, _, body = document.text[start:end].partition("\n")
    rows = [
        tuple(line.strip() for line in chunk.split("\n") if line.strip())
        for chunk in body.split("\n\n")
    ]
    return title, [r for r in rows if r]


def render(source: Path, out: Path, layout: str, journal: str) -> None:
    document = load_document(source)
    canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(source.stem)
    canvas.setAuthor("gsvlms-extract corpus renderer")
    setter = Typesetter(canvas, columns=2 if layout == "two_column" else 1, journal=journal)
    setter.new_page()
    has_table = any(b.kind is BlockKind.table for b in document.blocks)
    has_figure = any(b.kind is BlockKind.caption for b in document.blocks)
    kinds = [_kind(document, b) for b in document.blocks]
    first_body = kinds.index(BlockKind.body)
    bodies = 0
    for index, (block, kind) in enumerate(zip(document.blocks, kinds, strict=True)):
        text = document.text[block.start : block.end]
        if index < first_body:
            setter.full_width(text, TITLE if index == 0 else HEADING)
        elif kind is BlockKind.heading:
            setter.gap(6)
            setter.advance(HEADING.leading * 3)
            setter.paragraph(text, HEADING, before=0)
        elif kind is BlockKind.caption:
            setter.figure(" ".join(text.split("\n")))
        elif kind is BlockKind.table:
            setter.table(*table_rows(document, block.start, block.end))
        else:
            setter.paragraph(text, BODY)
            bodies += 1
            if bodies == 3 and not has_figure:
                setter.figure(
                    "Figure 1 | Placeholder figure: the source text of this report "
                    "has no image; the box shows where a figure would be typeset."
                )
    if not has_table:
        setter.table(*section_table(document))
    canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layouts", type=Path, default=Path("corpus/pdf_layouts.yaml"))
    parser.add_argument("--out", type=Path, default=Path("corpus/pdf"))
    args = parser.parse_args(argv)
    rl_config.invariant = 1
    register_fonts()
    config = yaml.safe_load(args.layouts.read_text(encoding="utf-8"))
    root = args.layouts.parent
    args.out.mkdir(parents=True, exist_ok=True)
    for entry in config["documents"]:
        source = root / entry["source"]
        out = args.out / f"{Path(entry['source']).stem}.pdf"
        if entry["layout"] not in ("one_column", "two_column"):
            print(f"error: {args.layouts}: unknown layout {entry['layout']!r}", file=sys.stderr)
            return 1
        try:
            render(source, out, entry["layout"], entry.get("journal", config["journal"]))
        except GsvlmsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{out}  ({entry['layout']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
