"""Plain text and Markdown reports → blocks.

Decoding: a BOM decides (UTF-8, UTF-16/32); otherwise strict UTF-8; otherwise charset-normalizer
picks the encoding (cp1252/latin-1 reports are common). Bytes that look binary (NUL bytes without a
UTF-16/32 BOM, or many control characters) or that no encoding explains are rejected.

A text layer saved with its layout, two columns side by side, is first read one column after
the other (`gsvlms_extract.ingest.textcolumns`).

Blocks (see `gsvlms_extract.ingest.blocks` for the text layout):

- a ``Table N | ...`` line starts a table; the lines that follow belong to it while they are
  indented, contain a tab or a ``|``, or are blank. A line holding several delimited cells
  (``a | b | c``, tab-separated) is one row; lines holding one cell each (the review's Table 1)
  form a row until a blank line; markdown rule lines (``|---|``) are skipped;
- caption lines (``Figure 1 | ...``, ``Fig. 2.``, ``[image: ...]``) are caption blocks; consecutive
  caption lines form one block;
- short title-like lines are headings (`is_heading`);
- Markdown (``.md``): ``#`` headings are headings; list items (``- x``, ``1. x``) are paragraphs of
  their own (bullet marks dropped, numbers kept); emphasis marks, link targets and horizontal rules
  are dropped;
- boilerplate lines (web navigation, cookie banners, journal metadata, page numbers and running
  heads of OCR'd scans: `gsvlms_extract.ingest.boilerplate`) are boilerplate blocks, one per
  line (so a report's text is the same as when they were paragraphs). One met inside a
  hard-wrapped paragraph (a running head between two lines of a sentence) is moved after that
  paragraph, so the sentence stays whole. A running head here is a line of 3 to 15 words whose
  shape (digits replaced) repeats and that carries a page number of two digits or more at its
  start or end, or that repeats exactly three times;
- other lines are body paragraphs. A run of lines without blank lines between them is one paragraph
  when it looks hard-wrapped (every line but the last ends without sentence punctuation, or all are
  ≤ 100 characters, or three or more are ≤ 140 characters, none a numbered item, and all but the
  last fill 60 % of the widest); otherwise each line is a paragraph.

Every line goes through `normalize_line`, OCR repair included (`gsvlms_extract.ingest.repair`).
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter

from charset_normalizer import CharsetMatch, from_bytes

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import RawBlock, is_caption_start, is_heading, is_table_title
from gsvlms_extract.ingest.boilerplate import (
    is_boilerplate_line,
    is_page_number,
    running_heads,
    shape,
)
from gsvlms_extract.ingest.document import BlockKind
from gsvlms_extract.ingest.hyphens import join_lines
from gsvlms_extract.ingest.normalize import normalize_line
from gsvlms_extract.ingest.textcolumns import unfold_columns

__all__ = ["decode_text", "text_blocks"]

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detection over every code page guesses cp932 or cp1250 for a Western report with a handful of
# accents (measured on the corpus: cp1252 reports with "Hôpital", "Peña"), so the code pages that
# Western journal texts actually arrive in are tried first, in this order of preference on a tie.
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "mac_roman")
_MAX_CHAOS = 0.3
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINK = re.compile(r"(?:doi\b|https?:|www\.)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
_MD_RULE = re.compile(r"\s*([-*_])(?:\s*\1){2,}\s*")
_MD_ITEM = re.compile(r"^(?:[-*+]\s+|[0-9]+[.)]\s+)")
_EDGE_PAGE = re.compile(r"^\d{2,4}\b|\b\d{2,4}$")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file's bytes; raises `IngestError` naming ``name`` when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), name)
            except UnicodeDecodeError:
                raise IngestError(f"{name}: not valid {encoding} text despite its BOM") from None
    if b"\x00" in data:
        raise IngestError(f"{name}: binary file (NUL bytes), not a text report")
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    best = _detect(data)
    if best is None:
        raise IngestError(f"{name}: undecodable text (no known encoding fits)")
    logger.info("%s: decoded as %s", name, best.encoding)
    return _check_text(str(best), name)


def _detect(data: bytes) -> CharsetMatch | None:
    """charset-normalizer over the Western code pages first, then over every code page."""
    for isolation in (list(_WESTERN), None):
        matches = list(from_bytes(data, cp_isolation=isolation))
        if not matches:
            continue
        # single-byte code pages often tie: among the least chaotic, prefer the usual one
        least = min(m.chaos for m in matches)
        tied = [m for m in matches if m.chaos <= least + 0.005]
        order = list(_WESTERN)
        best = min(tied, key=lambda m: order.index(m.encoding) if m.encoding in order else 99)
        if isolation is None or best.chaos <= _MAX_CHAOS:
            return best
    return None


def _check_text(text: str, name: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) // 200):
        raise IngestError(f"{name}: binary content ({controls} control characters), not text")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise IngestError(f"{name}: file is empty (no text)")
    return text


def _strip_markdown(line: str) -> str:
    line = _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub("", line))
    line = _MD_ITALIC.sub(r"\2", line)
    return _MD_LINK.sub(r"\1", line).replace("`", "")


def text_blocks(text: str, *, markdown: bool = False) -> list[RawBlock]:
    """Split decoded text into raw blocks (kinds and rules in the module docstring)."""
    raw_lines = unfold_columns(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    clean = [normalize_line(raw) for raw in raw_lines]
    heads = _running_heads(clean)
    blocks: list[RawBlock] = []
    para: list[str] = []
    captions: list[str] = []
    boiler: list[str] = []
    deferred: list[str] = []  # boilerplate met inside a paragraph: goes after it

    def flush_para() -> None:
        if para:
            blocks.extend(_paragraphs(para))
            para.clear()
        blocks.extend(RawBlock(BlockKind.boilerplate, line) for line in deferred)
        deferred.clear()

    def flush_captions() -> None:
        if captions:
            blocks.append(RawBlock(BlockKind.caption, "\n".join(captions)))
            captions.clear()

    def flush_boiler() -> None:
        blocks.extend(RawBlock(BlockKind.boilerplate, line) for line in boiler)
        boiler.clear()

    i = 0
    while i < len(raw_lines):
        line = clean[i]
        if markdown and line:
            if _MD_RULE.fullmatch(line):
                line = ""  # a horizontal rule separates like a blank line
            heading = bool(_MD_HEADING.match(line))
            item = bool(_MD_ITEM.match(line))
            line = _strip_markdown(_MD_ITEM.sub("", line, count=1) if line[:1] in "-*+" else line)
            if heading or item:
                flush_para()
                flush_captions()
                flush_boiler()
                kind = BlockKind.heading if heading else BlockKind.body
                blocks.append(RawBlock(kind, line))  # a list item is its own paragraph
                i += 1
                continue
        if not line:
            flush_para()
            flush_captions()
            flush_boiler()
            i += 1
            continue
        if is_table_title(line):
            flush_para()
            flush_captions()
            flush_boiler()
            table, i = _table(line, raw_lines, i + 1)
            blocks.append(table)
            continue
        if is_caption_start(line):
            flush_para()
            flush_boiler()
            captions.append(line)
        elif captions and _wrapped(captions[-1], line):
            captions.append(line)  # a hard-wrapped caption continued on the next line
        elif _is_boilerplate(line, heads):
            if para:
                deferred.append(line)
            else:
                flush_captions()
                boiler.append(line)
        elif (
            is_heading(line)
            and not (para and _wrapped(para[-1], line))
            and not _continues(clean, i, heads)
        ):
            flush_para()
            flush_captions()
            flush_boiler()
            # "A CASE OF LEIOMYOSARCOMA OF THE" / "RETROPERITONEAL TISSUES": one wrapped title
            while _open_ended(line) and i + 1 < len(clean) and clean[i + 1]:
                if _is_boilerplate(clean[i + 1], heads):
                    break
                i += 1
                line = f"{line} {clean[i]}"
            blocks.append(RawBlock(BlockKind.heading, line))
        else:
            flush_captions()
            flush_boiler()
            para.append(line)
        i += 1
    flush_para()
    flush_captions()
    flush_boiler()
    return blocks


def _running_heads(lines: list[str]) -> frozenset[str]:
    """Shapes of running heads among ``lines`` (module docstring): repeated lines with a page
    number at an edge, or repeated three times word for word."""
    candidates = [
        line for line in lines if line and not is_table_title(line) and not is_caption_start(line)
    ]
    repeated = running_heads(candidates)
    if not repeated:
        return repeated
    exact = Counter(candidates)
    keep = set()
    for line in candidates:
        key = shape(line)
        if key in repeated and (_EDGE_PAGE.search(line) or exact[line] >= 3):
            keep.add(key)
    return frozenset(keep)


#: a gap of two or more spaces between two cells of a space-aligned table row
_ALIGNED_GAP = re.compile(r"\S {2,}(?=\S)")


def _aligned(raw: str) -> bool:
    """A row of three or more cells lined up with spaces ("Kim   2013  49/M  L calf  30")."""
    return len(_ALIGNED_GAP.findall(raw.strip())) >= 2


def _is_cell_line(raw: str) -> bool:
    return raw[:1] in ("\t", " ") or "\t" in raw or "|" in raw or _aligned(raw)


def _table(title: str, lines: list[str], i: int) -> tuple[RawBlock, int]:
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    captioned = False
    while i < len(lines):
        raw = lines[i]
        if not raw.strip():
            if row:
                rows.append(tuple(row))
                row = []
            i += 1
            continue
        if not _is_cell_line(raw):
            if rows or row or captioned:
                break
            # "Table 1" / "Selected previously reported cases": the title's second line
            title, captioned = f"{title} {normalize_line(raw)}", True
            i += 1
            continue
        cells = _cells(raw)
        if len(cells) > 1:  # a delimited line ("a | b", "a<TAB>b") is a whole row
            if row:
                rows.append(tuple(row))
                row = []
            rows.append(tuple(cells))
        else:  # one cell per line; a blank line ends the row
            row.extend(cells)
        i += 1
    if row:
        rows.append(tuple(row))
    return RawBlock(BlockKind.table, title, rows=tuple(rows)), i


def _cells(raw: str) -> list[str]:
    """Cells of one table line: tab- or ``|``-separated; markdown rule lines give none."""
    stripped = raw.strip().strip("|")
    if re.fullmatch(r"[\s|:\-+=]*", stripped):
        return []
    if "\t" in stripped or "|" in stripped:
        parts = re.split(r"\t+|\s*\|\s*", stripped)
    elif _aligned(stripped):
        parts = re.split(r" {2,}", stripped)
    else:
        parts = [stripped]
    return [cell for cell in (normalize_line(p) for p in parts) if cell]


#: a wrapped line that goes on with a measurement ("... a leiomyosarcoma measuring" /
#: "8.7 x 4.5 x 4.0 cm, with ..."): the line before is not a title
_GOES_ON_WITH_A_MEASURE = re.compile(
    r"^\d+(?:[.,·]\d+)?\s*(?:[x×]|cm\b|mm\b|%|years?\b|months?\b|weeks?\b|days?\b)"
)


#: what ends a sentence or a label at a line's end
_STOPS = (".", "!", "?", ":")
#: words no title or sentence ends on ("A CASE OF LEIOMYOSARCOMA OF THE", "she died at home on")
_OPEN_ENDS = frozenset(
    {"of", "the", "a", "an", "and", "or", "with", "in", "on", "at", "for", "to", "by", "from"}
)
#: a line this long that ends in a lower-case word without a stop is wrapped prose, not a title
_PROSE_LINE = 70


def _open_ended(line: str, following: str = "") -> bool:
    """``line`` cannot end there: it ends on a comma or a word no title ends on, or it is a
    long line of prose whose last word runs on into a number ("a tumour measuring" / "7 by 5")."""
    words = line.split()
    if not words or line.rstrip().endswith((*_STOPS, ";")):
        return False
    if line.rstrip().endswith(","):
        return True
    last = words[-1]
    return last.lower() in _OPEN_ENDS or (
        len(line) >= _PROSE_LINE and last.isalpha() and last.islower() and following[:1].isdigit()
    )


def _title_like(line: str) -> bool:
    """ "LEIOMYOSARCOMA OF THE LONG SAPHENOUS VEIN IN A", "Leiomyosarcoma of the Great": every
    word but the small ones starts with a capital."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", line) if w.lower() not in _OPEN_ENDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _continues(lines: list[str], i: int, heads: frozenset[str]) -> bool:
    """The next line after ``i`` that is not boilerplate starts in lower case, or goes on with
    a measurement after a line ending in a lower-case word, or line ``i`` cannot end where it
    does ("... OF THE", "a tumour measuring"): line ``i`` opens a hard-wrapped paragraph (a
    running head between the two does not interrupt it)."""
    for following in lines[i + 1 :]:
        if following and not _is_boilerplate(following, heads):
            if _open_ended(lines[i], following) and not _title_like(lines[i]):
                return True  # a wrapped title goes on as a title (`text_blocks`)
            if _GOES_ON_WITH_A_MEASURE.match(following):
                last = lines[i].split()[-1] if lines[i].split() else ""
                return last[:1].islower()
            return following[:1].islower() and not _LINK.match(following)
        if not following:
            return False
    return False


def _is_boilerplate(line: str, heads: frozenset[str]) -> bool:
    return is_boilerplate_line(line) or is_page_number(line) or shape(line) in heads


def _wrapped(previous: str, line: str) -> bool:
    """``line`` continues ``previous`` (a hard-wrapped paragraph), so it cannot be a heading."""
    return not previous.rstrip().endswith(_STOPS) and len(previous) <= 100


#: a hard-wrapped text's lines are at most this long, and all but the last fill most of it
_WRAP_MAX = 140
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|\[\d{1,3}\]|[•*–-])\s")
_WRAP_FILL = 0.6


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of a paragraph wrapped at a fixed width: short (at most 100 characters), or none
    but the last ends a sentence, or (three lines or more, a width up to 140) all but the last
    fill most of the width. Lines that are each a paragraph are long and ragged."""
    if all(len(line) <= 100 for line in lines):
        return True
    if not any(line.endswith(_STOPS) for line in lines[:-1]):
        return True
    widest = max(len(line) for line in lines)
    return (
        len(lines) >= 3  # a byline over its affiliation is two lines, not one wrapped paragraph
        and not any(_LIST_ITEM.match(line) for line in lines[1:])  # "2. Dzsinich C, ..."
        and widest <= _WRAP_MAX
        and all(len(line) >= _WRAP_FILL * widest for line in lines[:-1])
    )


def _paragraphs(lines: list[str]) -> list[RawBlock]:
    if len(lines) > 1 and _hard_wrapped(lines):
        return [RawBlock(BlockKind.body, _join_wrapped(lines))]
    runs = _runs(lines)
    if len(runs) > 1:  # wrapped paragraphs with no blank line between them
        return [block for run in runs for block in _paragraphs(run)]
    return [RawBlock(BlockKind.body, line) for line in lines]


def _runs(lines: list[str]) -> list[list[str]]:
    """``lines`` split after each short line that ends a sentence ("was negative." before "She
    underwent ..."): the last line of a wrapped paragraph that the next one follows directly."""
    widest = max(len(line) for line in lines)
    runs: list[list[str]] = [[]]
    for line in lines:
        runs[-1].append(line)
        if line.endswith(_STOPS) and len(line) < _WRAP_FILL * widest:
            runs.append([])
    return [run for run in runs if run]


def _join_wrapped(lines: list[str]) -> str:
    """One paragraph's lines as one, a word hyphenated at a line end re-joined as in PDFs
    (`gsvlms_extract.ingest.hyphens`: "ad-" / "juvant" → "adjuvant", "37-year-" / "old" kept)."""
    return join_lines(lines)
