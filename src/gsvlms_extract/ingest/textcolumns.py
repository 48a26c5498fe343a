"""Two columns side by side in a plain-text file → one column after the other.

A text layer saved with its layout (``pdftotext -layout``, a copy from a PDF viewer that keeps
spacing) prints a two-column page as lines holding a left-column line, a run of spaces, and a
right-column line. Read line by line, the two columns' sentences interleave. This finds such
regions and reads each one left column first, then right column, the way
`gsvlms_extract.ingest.layout` reads a PDF page from its geometry.

A region is a run of lines that all leave the gutter blank: each line ends before the gutter,
starts after it, or has at least two spaces around it. It is read as two columns when:

- at least four of its lines hold text on both sides of the gutter;
- most of those lines' two parts are prose, not table cells (no run of three spaces inside);
- the left side is set as a column: most of its lines end near the gutter (a table's first
  column of labels, or a list of keywords, does not).

A line that crosses the gutter (a full-width title, a running head, a footnote), holds a tab or
a ``|`` ends the region. Tables of three or more columns, keyword lists beside nothing, and
single-column text are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["unfold_columns"]

_MIN_BOTH_SIDES = 4
_PROSE_SHARE = 0.8
_FILLED_SHARE = 0.6
_INNER_GAP = re.compile(r"\S {3,}\S")
_MIN_COLUMN_WIDTH = 25  # characters
_LONGEST_LINE = 200  # characters: a gutter is looked for up to here


@dataclass(frozen=True)
class _Region:
    start: int
    end: int  # exclusive
    gutter: int
    both_sides: int


def _clear(line: str, gutter: int) -> bool:
    """Does ``line`` leave the gutter (the two characters before ``gutter``) blank?"""
    if "\t" in line or "|" in line:
        return False
    return len(line) < gutter or line[gutter - 2 : gutter] == "  "


def _parts(line: str, gutter: int) -> tuple[str, str]:
    return line[:gutter].rstrip(), line[gutter:].strip()


def _filled(ends: list[int]) -> bool:
    """Do most lines end near the side's right margin, a column's width from its left (a
    column of prose, not a list of labels)?"""
    margin = max(ends, default=0)
    if margin < _MIN_COLUMN_WIDTH:
        return False
    tolerance = max(6, margin // 5)
    return sum(1 for e in ends if e >= margin - tolerance) >= _FILLED_SHARE * len(ends)


def _accept(lines: list[str], start: int, end: int, gutter: int) -> _Region | None:
    pairs = [_parts(line, gutter) for line in lines[start:end]]
    both = [(left, right) for left, right in pairs if left.strip() and right]
    if len(both) < _MIN_BOTH_SIDES:
        return None
    prose = sum(
        1
        for left, right in both
        if not (_INNER_GAP.search(left.strip()) or _INNER_GAP.search(right))
    )
    if prose < _PROSE_SHARE * len(both):
        return None
    if not _filled([len(left) for left, _ in both]):
        return None
    return _Region(start, end, gutter, len(both))


def _regions_at(lines: list[str], gutter: int) -> list[_Region]:
    found = []
    i = 0
    while i < len(lines):
        if not _clear(lines[i], gutter):
            i += 1
            continue
        j = i
        while j < len(lines) and _clear(lines[j], gutter):
            j += 1
        # trim blank lines at both ends: they belong to no column
        start, end = i, j
        while start < end and not lines[start].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        region = _accept(lines, start, end, gutter)
        if region is not None:
            found.append(region)
        i = j
    return found


def unfold_columns(lines: list[str]) -> list[str]:
    """``lines`` with every two-column region read left column first (rules in the module
    docstring). Lines outside such regions are returned unchanged and in their order."""
    if not any(_INNER_GAP.search(line) for line in lines):
        return lines
    widest = min(max((len(line) for line in lines), default=0), _LONGEST_LINE)
    candidates = [r for gutter in range(12, widest) for r in _regions_at(lines, gutter)]
    # the region with most two-sided lines wins; others may not overlap it
    chosen: list[_Region] = []
    for region in sorted(candidates, key=lambda r: (-r.both_sides, r.gutter)):
        if all(region.end <= c.start or region.start >= c.end for c in chosen):
            chosen.append(region)
    if not chosen:
        return lines
    out = list(lines)
    for region in sorted(chosen, key=lambda r: r.start, reverse=True):
        pairs = [_parts(line, region.gutter) for line in lines[region.start : region.end]]
        left = [part.strip() for part, _ in pairs]
        right = [part for _, part in pairs]
        # rows above the right column's first line and below the left column's last are not
        # paragraph breaks: a sentence runs on from the foot of one column to the head of the next
        while left and not left[-1]:
            left.pop()
        while right and not right[0]:
            right.pop(0)
        out[region.start : region.end] = left + right
    return out
