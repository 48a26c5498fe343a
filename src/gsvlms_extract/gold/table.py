"""Find and split Table 1 of the review article into raw cells, exactly as printed.

The parser reads ``Document.text`` (never the file) so that any ingest format works:

* the text export prints one cell per line, each line tab-indented;
* a PDF export may give the table as ``table`` blocks, one cell per line or one row per line with
  cells separated by tabs.

Both reduce to the same stream of cells: every non-blank line of the table region, split on tabs.
Rows are then cut at the case markers (``# 1``, ``#52``), so a missing cell is caught in the row
it belongs to instead of silently shifting every later cell.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from gsvlms_extract.errors import GoldError
from gsvlms_extract.ingest.document import BlockKind, Document

logger = logging.getLogger(__name__)

#: Machine names of the 14 Table 1 columns, in printed order, with a pattern that the printed
#: header cell must match (case-insensitive).
RAW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("case", r"case"),
    ("author", r"author"),
    ("year", r"(reported )?year"),
    ("nation", r"(reported )?(nation|country)"),
    ("gender_age", r"(gender|sex)\s*/\s*age.*"),
    ("site", r"site|location"),
    ("initial_symptom", r"(initial )?symptoms?"),
    ("size", r"size.*"),
    ("operation", r"operation|surgery"),
    ("adjuvant_therapy", r"adjuvant( therapy)?"),
    ("local_recurrence", r"(local )?recurrence"),
    ("metastasis", r"metastas[ie]s"),
    ("followup_months", r"(postoperative )?follow[- ]?up.*"),
    ("outcome", r"outcome"),
)
RAW_FIELDS: tuple[str, ...] = tuple(name for name, _ in RAW_COLUMNS)

_CAPTION = re.compile(r"^[ \t]*Table\s*1(?![0-9])[^\n]*$", re.MULTILINE)
_ANNOUNCED = re.compile(r"\b(\d+)\s+cases\b", re.IGNORECASE)
CASE_MARKER = re.compile(r"^#\s*(\d+)$")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One Table 1 row: the 14 cells as printed, and where the row starts in the text."""

    case: int
    cells: tuple[str, ...]
    offset: int

    def as_dict(self) -> dict[str, str]:
        return dict(zip(RAW_FIELDS, self.cells, strict=True))


@dataclass(frozen=True, slots=True)
class RawTable:
    """Table 1 as printed: caption, header cells and rows."""

    source: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[RawRow, ...]


def _region(doc: Document, caption_end: int) -> tuple[int, int]:
    """Character range of the table body after the caption."""
    tables = [b for b in doc.blocks if b.kind == BlockKind.table and b.end > caption_end]
    if tables:
        start, end = max(tables[0].start, caption_end), tables[0].end
        for block in tables[1:]:
            between = doc.text[end : block.start]
            if between.strip():
                break
            end = block.end
        return start, end
    # Plain text: the table is the run of tab-indented (or blank) lines after the caption.
    pos = caption_end
    end = caption_end
    text = doc.text
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl == -1 else nl
        line = text[pos:line_end]
        if line.strip() and not line.startswith("\t"):
            break
        end = line_end
        pos = line_end + 1
    return caption_end, end


def _cells(text: str, base: int) -> list[tuple[str, int]]:
    """Every non-blank tab-separated cell of ``text`` with its absolute offset."""
    cells: list[tuple[str, int]] = []
    pos = 0
    for line in text.split("\n"):
        col = 0
        for part in line.split("\t"):
            if part.strip():
                cells.append((part.strip(), base + pos + col + (len(part) - len(part.lstrip()))))
            col += len(part) + 1
        pos += len(line) + 1
    return cells


def _check_header(source: str, header: list[str]) -> None:
    if len(header) != len(RAW_COLUMNS):
        raise GoldError(
            f"{source}: Table 1 header has {len(header)} cells, expected {len(RAW_COLUMNS)}"
        )
    for index, (cell, (name, pattern)) in enumerate(zip(header, RAW_COLUMNS, strict=True), 1):
        if not re.fullmatch(pattern, " ".join(cell.split()), re.IGNORECASE):
            raise GoldError(
                f"{source}: Table 1 header cell {index} is {cell!r}, expected the {name} column"
            )


def parse_table1(doc: Document) -> RawTable:
    """Locate Table 1 in ``doc`` and return its rows as printed.

    Raises:
        GoldError: no Table 1 caption, a header that is not the expected 14 columns, a row with
            the wrong number of cells, case numbers out of sequence, or fewer rows than the
            caption announces (a truncated table). The message names the file.
    """
    source = doc.source
    match = _CAPTION.search(doc.text)
    if match is None:
        raise GoldError(f"{source}: no 'Table 1' caption found")
    caption = " ".join(match.group(0).split())
    start, end = _region(doc, match.end())
    cells = _cells(doc.text[start:end], start)
    first = next((i for i, (cell, _) in enumerate(cells) if CASE_MARKER.match(cell)), None)
    if first is None:
        raise GoldError(f"{source}: Table 1 has no rows (no '# 1' case marker after the caption)")
    _check_header(source, [cell for cell, _ in cells[:first]])
    groups: list[list[tuple[str, int]]] = []
    for cell, offset in cells[first:]:
        if CASE_MARKER.match(cell):
            groups.append([])
        groups[-1].append((cell, offset))
    announced_match = _ANNOUNCED.search(caption)
    announced = int(announced_match.group(1)) if announced_match else None
    rows: list[RawRow] = []
    for index, group in enumerate(groups, 1):
        marker = group[0][0]
        number = int(CASE_MARKER.match(marker).group(1))  # type: ignore[union-attr]
        if number != index:
            raise GoldError(
                f"{source}: Table 1 row {index} is numbered {marker!r}, expected '# {index}'"
            )
        if len(group) != len(RAW_COLUMNS):
            last = index == len(groups)
            if last and len(group) < len(RAW_COLUMNS):
                raise GoldError(
                    f"{source}: Table 1 is truncated: its last row {marker!r} has "
                    f"{len(group)} of {len(RAW_COLUMNS)} cells"
                )
            raise GoldError(
                f"{source}: Table 1 row {marker!r} has {len(group)} cells, expected "
                f"{len(RAW_COLUMNS)} (a missing or extra cell)"
            )
        rows.append(RawRow(case=number, cells=tuple(c for c, _ in group), offset=group[0][1]))
    if announced is not None and len(rows) != announced:
        raise GoldError(
            f"{source}: Table 1 is truncated: {len(rows)} rows but the caption announces "
            f"{announced} cases"
        )
    logger.debug("%s: Table 1 has %d rows", source, len(rows))
    return RawTable(
        source=source, caption=caption, header=tuple(c for c, _ in cells[:first]), rows=tuple(rows)
    )
