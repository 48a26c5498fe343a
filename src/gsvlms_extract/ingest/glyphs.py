"""PDFium's characters on one page → text lines with boxes (`layout.Line`).

Producers put words on a page in very different ways: reportlab writes a line as one string with
its spaces; pdfTeX writes no space characters at all (words are placed by kerning offsets);
Chromium (Skia) writes glyph runs split at kerning pairs and drops spaces in justified text;
LibreOffice writes spans per font. So nothing is read from text objects or PDFium's
rectangles. Every character is taken in content-stream order with its *loose* box (the font's
advance width and ascent-to-descent height, so boxes are uniform along a line), and:

- a *run* is a stretch of consecutive characters on one baseline in one font size (±20%), moving
  left to right; PDFium's line breaks (``\\r\\n``) end a run, and the runs between two breaks
  form a *stream line*;
- inside a run a word break is PDFium's space (real or generated from the gaps) or a gap wider
  than 0.1 em that PDFium did not mark: both producers' spaces and kerning-placed
  words come out spaced, glyphs of one word (gap ~0) never split; where PDFium broke the stream
  between two runs that share a row (an OCR layer's words on jittering baselines) there is a
  word break too;
- a stream line is cut in two where a vertical ruling crosses a gap (a table-cell edge), and at
  every gap of 0.8 em or more (a column gutter, a cell edge) unless all the line's gaps are
  equal to a hair: justification (Chromium, LibreOffice, reportlab's platypus) stretches the
  spaces of a short line past an em, but all alike. A justified line cut by mistake costs
  nothing (its pieces share a baseline and are read left to right, in one paragraph); table
  cells run together would;
- runs are grouped into lines: runs overlapping vertically by half the smaller height share a row
  (raised reference numbers stay on their line), a row splits where the gap exceeds 0.9 of its
  height (a column gutter). A run set smaller and raised above its line, made of digits (``12``,
  ``3,4``, ``1-3``), becomes Unicode superscript digits so that `normalize` applies one rule to
  text and PDF alike (a reference marker glued to a word is dropped, ``cm²`` is kept);
- a hyphen at a line end: PDFium marks it U+FFFE (it removes the line break after it), and
  Chromium sets its hyphenation hyphen as U+2010 or U+00AD. The latter are the producer's own
  discretionary hyphens, so the line is flagged ``soft_hyphen`` and the word is re-joined
  unconditionally; other line-end hyphens are judged by `hyphens.join_lines`;
- text set at an angle (a "Downloaded from ..." strip in the margin) is dropped.

Cost: one PDFium call per character (its loose box) plus a few per run; ~2 µs a character.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gsvlms_extract.ingest.layout import Line, Rule
from gsvlms_extract.ingest.normalize import normalize_line

__all__ = ["page_lines"]

SPACE_GAP = 0.1  # em: a wider gap between two glyphs is a word break
GUTTER_GAP = 0.8  # em: a wider gap may split a row into two lines (a gutter, a cell edge)
HYPHEN_GAP = 0.3  # em: a narrower "space" before a line-end hyphen is not one
_BREAKS = frozenset("\r\n")
_SPACES = frozenset(" \t\u00a0\u2002\u2003\u2009\u202f")
_SOFT = ("\u2010", "\u00ad")  # producers' discretionary hyphens
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKER = re.compile(r"[0-9]+(?:[,\-–][0-9]+)*")


class _Run:
    """Consecutive characters on one baseline in one font size."""

    __slots__ = (
        "x0",
        "bottom",
        "x1",
        "top",
        "size",
        "em",
        "baseline",
        "chars",
        "first",
        "line",
        "gaps",
    )

    def __init__(self, box: tuple[float, float, float, float], size: float, ch: str, first: int):
        self.x0, self.bottom, self.x1, self.top = box
        self.size = size  # PDFium's font size (before the text matrix: compare within a run)
        self.em = max(self.top - self.bottom, 0.5)  # the font size on the page, in points
        self.baseline = self.bottom
        self.chars = [ch]
        self.first = first  # index of the first character in PDFium's text page
        self.line = 0  # stream line id
        # word gaps inside the run: (position in chars, width, x before, x after)
        self.gaps: list[tuple[int, float, float, float]] = []

    @property
    def text(self) -> str:
        return "".join(self.chars)

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.5)


def page_lines(page: pdfium.PdfPage, number: int, rules: Sequence[Rule] = ()) -> list[Line]:
    """The text lines of one page (rules in the module docstring), normalized. ``rules``: the
    page's rulings (vertical ones separate table cells)."""
    textpage = page.get_textpage()
    try:
        verticals = [r for r in rules if r.vertical]
        runs = _cut_stream_lines(_runs(textpage), verticals)
        out = []
        for x0, bottom, x1, top, text, first in _merge_runs(runs, verticals):
            soft = text.rstrip().endswith(_SOFT)
            if soft:
                text = text.rstrip()[:-1] + "-"
            text = text.replace("\x02", "-").replace("\ufffe", "-")
            clean = normalize_line(text.replace("\r", " ").replace("\n", " "))
            if clean:
                size, bold = _font_at(textpage, first)
                out.append(Line(number, x0, bottom, x1, top, clean, size, bold, soft))
        return out
    finally:
        textpage.close()


def _runs(textpage: pdfium.PdfTextPage) -> list[_Run]:
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    full = textpage.get_text_range()
    if len(full) != n:  # characters outside the BMP: one call per character instead
        full = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(n))
    box = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    matrix = pdfium_c.FS_MATRIX()
    runs: list[_Run] = []
    run: _Run | None = None
    line = 0
    space = False  # a space is pending before the next glyph
    last_glyph = (math.nan, math.nan)
    for i, ch in enumerate(full):
        if ch in _BREAKS:
            if run is not None:
                line += 1
                _attach_hyphen(run)
            run, space = None, False
            continue
        if ch in _SPACES:
            space = True
            continue
        get_box(raw, i, box)
        x0, bottom, x1, top = box.left, box.bottom, box.right, box.top
        if top <= bottom or x1 < x0 or (run is not None and (x0, x1) == last_glyph):
            # a glyph without extent (a combining mark) or one more character of a ligature
            # (PDFium gives "f" and "i" of "ﬁ" the same box): no break, no space
            if run is not None:
                run.chars.append(ch)
            continue
        last_glyph = (x0, x1)
        size = get_size(raw, i)
        if run is not None:
            # the hot loop: plain comparisons, no min()/max() calls
            r_bottom, r_top, r_x1, em = run.bottom, run.top, run.x1, run.em
            gap = x0 - r_x1
            overlap = (top if top < r_top else r_top) - (bottom if bottom > r_bottom else r_bottom)
            shorter = top - bottom if top - bottom < r_top - r_bottom else r_top - r_bottom
            same_line = overlap >= 0.3 * shorter and gap > -0.5 * em
            if same_line and 0.8 * run.size <= size <= 1.25 * run.size:
                if space or gap > SPACE_GAP * em:
                    run.gaps.append((len(run.chars), gap, r_x1, x0))
                    run.chars.append(" ")
                run.chars.append(ch)
                if x1 > r_x1:
                    run.x1 = x1
                if bottom < r_bottom:
                    run.bottom = bottom
                if top > r_top:
                    run.top = top
                space = False
                continue
            if space:
                run.chars.append(" ")
            if not same_line:
                line += 1
                _attach_hyphen(run)
        run = _Run((x0, bottom, x1, top), size, (" " + ch) if space else ch, i)
        pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if 0.3 * run.em < size * scale < 3.0 * run.em:
            run.em = size * scale
        run.line = line
        runs.append(run)
        space = False
    if run is not None:
        _attach_hyphen(run)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    kept = []
    for run in runs:
        if _upright(raw, run):
            pdfium_c.FPDFText_GetCharOrigin(raw, run.first, origin_x, origin_y)
            run.baseline = origin_y.value
            kept.append(run)
    return kept


def _attach_hyphen(run: _Run) -> None:
    """Drop a "space" before a line-end hyphen narrower than a real one: LibreOffice sets the
    hyphen of a hyphenated word as a portion of its own, slightly apart (``cen -`` / ``tre``)."""
    chars = run.chars
    if (
        len(chars) >= 3
        and chars[-1] in "-\u2010\u00ad\ufffe\x02"
        and chars[-2] == " "
        and chars[-3].isalpha()
        and run.gaps
        and run.gaps[-1][0] == len(chars) - 2
        and run.gaps[-1][1] < HYPHEN_GAP * run.em
    ):
        del chars[-2]
        run.gaps.pop()


def _cut_stream_lines(runs: list[_Run], verticals: list[Rule]) -> list[_Run]:
    """Cut stream lines at gutters and cell edges (see the module docstring); each piece gets
    its own stream line id."""
    rules = sorted(verticals, key=lambda r: r.x0)
    xs = [r.x0 for r in rules]
    out: list[_Run] = []
    next_id = max((r.line for r in runs), default=0) + 1
    k = 0
    while k < len(runs):
        group = [runs[k]]
        while k + 1 < len(runs) and runs[k + 1].line == runs[k].line:
            k += 1
            group.append(runs[k])
        k += 1
        widths = [g[1] for run in group for g in run.gaps]
        widths += [b.x0 - a.x1 for a, b in zip(group, group[1:], strict=False)]
        # justification stretches every space of a line alike (to a hair): such a line is text
        justified = len(widths) >= 2 and max(widths) - min(widths) <= max(0.3, 0.02 * max(widths))
        for run_index, run in enumerate(group):
            left = group[run_index - 1] if run_index else None
            if left is not None and _is_cut(
                left.x1, run.x0, max(left.em, run.em), run, justified, rules, xs
            ):
                run.line, next_id = next_id, next_id + 1
            cuts = [g for g in run.gaps if _is_cut(g[2], g[3], run.em, run, justified, rules, xs)]
            pieces = _split_run(run, cuts) if cuts else [run]
            for piece in pieces[1:]:
                piece.line, next_id = next_id, next_id + 1
            out.extend(pieces)
    return out


def _is_cut(
    before: float,
    after: float,
    em: float,
    ref: _Run,
    justified: bool,
    rules: list[Rule],
    xs: list[float],
) -> bool:
    """Is the gap between x ``before`` and ``after`` on ``ref``'s line a gutter or cell edge?"""
    middle = (ref.bottom + ref.top) / 2
    for k in range(bisect.bisect_left(xs, before - 1.0), bisect.bisect_right(xs, after + 1.0)):
        if rules[k].bottom <= middle <= rules[k].top:
            return True  # a cell's vertical rule
    return after - before >= GUTTER_GAP * em and not justified


def _split_run(run: _Run, cuts: list[tuple[int, float, float, float]]) -> list[_Run]:
    pieces: list[_Run] = []
    start, x0 = 0, run.x0
    for position, _width, before, after in cuts:
        piece = _Run((x0, run.bottom, before, run.top), run.size, "", run.first)
        piece.chars = run.chars[start:position]
        piece.baseline, piece.em = run.baseline, run.em
        pieces.append(piece)
        start, x0 = position + 1, after
    last = _Run((x0, run.bottom, run.x1, run.top), run.size, "", run.first)
    last.chars = run.chars[start:]
    last.baseline, last.em = run.baseline, run.em
    pieces.append(last)
    return pieces


def _upright(raw, run: _Run) -> bool:
    angle = pdfium_c.FPDFText_GetCharAngle(raw, run.first)
    if angle < 0:  # error: keep
        return True
    return min(angle, 2 * math.pi - angle) < 0.1


def _merge_runs(runs: list[_Run], verticals: Sequence[Rule] = ()) -> list[tuple]:
    """Group runs into lines (rows by vertical overlap, split at gutters): (x0, bottom, x1, top,
    text, index of the first character)."""
    rows: list[list[_Run]] = []
    spans: list[tuple[float, float]] = []  # (bottom, top) of each row's tallest run
    for run in sorted(runs, key=lambda r: -(r.bottom + r.top)):
        height = run.top - run.bottom
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            bottom, top = spans[k]
            if min(top, run.top) - max(bottom, run.bottom) >= 0.5 * min(top - bottom, height):
                rows[k].append(run)
                if height > top - bottom:
                    spans[k] = (run.bottom, run.top)
                break
        else:
            rows.append([run])
            spans.append((run.bottom, run.top))
    lines: list[tuple] = []
    for row in rows:
        gutter = GUTTER_GAP * max(r.em for r in row)
        group: list[_Run] = []
        for run in sorted(row, key=lambda r: r.x0):
            # runs of one stream line were cut where needed: only runs of different ones split,
            # at a gutter or at a cell's vertical rule
            right = max(g.x1 for g in group) if group else 0.0
            if (
                group
                and run.line != group[-1].line
                and (run.x0 - right >= gutter or _ruled(right, run, verticals))
            ):
                lines.append(_line_of(group))
                group = []
            group.append(run)
        if group:
            lines.append(_line_of(group))
    return lines


def _ruled(right: float, run: _Run, verticals: Sequence[Rule]) -> bool:
    """A vertical rule stands between x ``right`` and ``run`` (overlapping text of two cells)."""
    middle = (run.bottom + run.top) / 2
    low, high = min(right, run.x0), max(right, run.x0)
    return any(low - 1.0 <= r.x0 <= high + 1.0 and r.bottom <= middle <= r.top for r in verticals)


def _line_of(group: list[_Run]) -> tuple:
    """One line from its runs (left to right); its box is that of its tallest run."""
    base = max(group, key=lambda r: (r.size, r.top - r.bottom))
    normal = [r for r in group if r.size >= 0.8 * base.size]
    bottom, top = min(r.bottom for r in normal), max(r.top for r in normal)
    height = max(top - bottom, 1.0)
    text = ""
    right = group[0].x0
    previous, previous_raised = group[0], False
    for run in group:
        piece = run.text
        raised = run.size < 0.8 * base.size and run.baseline > base.baseline + 0.15 * height
        if raised and _MARKER.fullmatch(piece.strip()):
            piece = piece.strip().translate(_SUPERSCRIPT)
        if text:
            spaced = (
                run.x0 - right > SPACE_GAP * base.em
                or text[-1:].isspace()
                or piece[:1].isspace()
                # PDFium broke the stream between two runs of a row: a word break (not at a
                # raised exponent or marker, after which PDFium breaks too: "10⁹/L")
                or (run.line != previous.line and not previous_raised)
            )
            text = text.rstrip() + (" " if spaced and not raised else "") + piece.lstrip()
        else:
            text = piece
        right = max(right, run.x1)
        previous, previous_raised = run, raised
    return (group[0].x0, bottom, right, top, text, group[0].first)


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
