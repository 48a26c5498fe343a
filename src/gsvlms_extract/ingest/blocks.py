"""Block kinds from text, and assembly of blocks into one `Document.text` with offsets and pages.

Both readers (text and PDF) end here, so a report reads the same whichever format it came in.

Layout of ``Document.text`` (the contract other stages parse):

- blocks are separated by one blank line (``\\n\\n``);
- a body or heading block is one paragraph on one line;
- a caption block is one or more caption lines (``[image: ...]`` alt text, ``Figure 1 | ...``);
- a table block is its title line (``Table 1 | ...``) followed by its rows; each cell is on its own
  line indented by one tab, in row order, and rows are separated by one blank line (the only blank
  lines inside a block). Use `Document.blocks`, not blank lines, to find where a table ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from gsvlms_extract.ingest.document import Block, BlockKind

__all__ = [
    "RawBlock",
    "article_front_blocks",
    "assemble",
    "is_caption_start",
    "is_heading",
    "is_table_title",
    "render_block",
]

_TABLE_TITLE = re.compile(r"^(?:Table|TABLE|Tab\.)\s+[0-9IVX]+[A-Za-z]?\s*(?:[|.:]|$)")
_CAPTION = re.compile(
    r"^(?:\[image:|\[figure:|(?:Figure|FIGURE|Fig\.|FIG\.|Figs\.|Figures)\s+[0-9]+[A-Za-z]?\s*(?:[|.:)]|$))"
)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_NUMBERED = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|[IVX]+\.)\s+")
_ENDS_SENTENCE = re.compile(r"[.,;!?)\]\"']$")


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block before assembly: its kind, its lines (cells for tables) and its first page."""

    kind: BlockKind
    text: str
    page: int | None = None
    # for table blocks: rows of cells (the title goes in ``text``); None otherwise
    rows: tuple[tuple[str, ...], ...] | None = None
    # for PDF blocks spanning pages: (offset within the block text, page) where a new page begins
    page_breaks: tuple[tuple[int, int], ...] = ()


def is_table_title(line: str) -> bool:
    """``Table 1 | ...``, ``Table 2. ...``, ``TABLE I: ...``."""
    return bool(_TABLE_TITLE.match(line))


def is_caption_start(line: str) -> bool:
    """``Figure 1 | ...``, ``Fig. 2.``, ``Figures 3``, ``[image: ...]`` alt text."""
    return bool(_CAPTION.match(line))


def is_heading(line: str) -> bool:
    """A short title-like line: ``Case presentation``, ``2. Discussion``, ``## Treatment``.

    At most 20 words and 160 characters, starts with a capital (after an optional section number
    or markdown ``#``), and does not end like a sentence (``. , ; ! ? )``); a trailing colon is
    allowed (``Case report:``). Lines that look like tables or captions are not headings.
    """
    line = line.strip()
    if not line or len(line) > 160 or is_table_title(line) or is_caption_start(line):
        return False
    stripped = _NUMBERED.sub("", _MD_HEADING.sub("", line), count=1)
    if not stripped or len(stripped.split()) > 20:
        return False
    first = stripped.lstrip("*_\"'")[:1]
    if not first.isalpha() or not first.isupper():
        return False
    if _ENDS_SENTENCE.search(stripped.rstrip("*_")):
        return False
    # a sentence broken off mid-way ("He was seen on") is not a heading: require no verb-like
    # run of lower-case words longer than a title would have
    return not re.search(r"\.\s+[A-Z]", stripped)


def assemble(
    blocks: Iterable[RawBlock], *, n_pages: int | None = None
) -> tuple[str, tuple[Block, ...], tuple[int, ...]]:
    """Join raw blocks into ``(text, blocks, page_starts)``.

    ``page_starts`` is empty when ``n_pages`` is None (unpaged text); otherwise it has one offset
    per page: where the page's first character sits in the text. A page that contributes no text
    starts where the next text begins, so `Document.page_at` never answers it.
    """
    parts: list[str] = []
    out: list[Block] = []
    page_marks: list[tuple[int, int]] = []  # (offset, page) in text order
    offset = 0
    for raw in blocks:
        body = render_block(raw)
        if not body.strip():
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        parts.append(body)
        out.append(Block(raw.kind, offset, offset + len(body), raw.page))
        if raw.page is not None:
            page_marks.append((offset, raw.page))
            for local, page in raw.page_breaks:
                page_marks.append((offset + min(local, len(body)), page))
        offset += len(body)
    text = "".join(parts)
    return text, tuple(out), _page_starts(page_marks, n_pages, len(text))


def render_block(raw: RawBlock) -> str:
    """The text a raw block contributes to `Document.text` (tables: title, then cells)."""
    if raw.kind is not BlockKind.table or raw.rows is None:
        return raw.text.strip()
    rows = ["\n".join("\t" + cell for cell in row) for row in raw.rows if row]
    title = raw.text.strip()
    if not rows:
        return title
    return title + "\n" + "\n\n".join(rows) if title else "\n\n".join(rows)


def _page_starts(
    marks: Sequence[tuple[int, int]], n_pages: int | None, length: int
) -> tuple[int, ...]:
    if n_pages is None:
        return ()
    starts = [-1] * n_pages
    for offset, page in marks:
        if 1 <= page <= n_pages and starts[page - 1] < 0:
            starts[page - 1] = offset
    nxt = length
    for i in range(n_pages - 1, -1, -1):  # empty pages start where the next page starts
        if starts[i] < 0:
            starts[i] = nxt
        nxt = starts[i]
    starts[0] = 0
    for i in range(1, n_pages):  # marks are in text order, so this only guards odd layouts
        starts[i] = max(starts[i], starts[i - 1])
    return tuple(starts)


def _journal_line(meta: dict, pages: str) -> str:
    line = " ".join(p for p in (meta.get("journal") or "", str(meta.get("year") or "")) if p)
    if meta.get("volume"):
        line += f"; {meta['volume']}"
        if meta.get("issue"):
            line += f"({meta['issue']})"
        if pages:
            line += f": {pages}"
    return line


def article_front_blocks(meta: dict, pages: str = "") -> Iterator[RawBlock]:
    """The front matter of an article read with its metadata (JATS, an HTML page), printed as
    a journal page prints it: journal line, DOI, article type above the title, title, authors.
    ``pages`` is the page range or article number for the journal line."""
    journal_line = _journal_line(meta, pages)
    if journal_line:
        yield RawBlock(BlockKind.body, journal_line)
    if meta.get("doi"):
        yield RawBlock(BlockKind.body, f"DOI: {meta['doi']}")
    if meta.get("article_type"):
        yield RawBlock(BlockKind.heading, meta["article_type"])
    if meta.get("title"):
        yield RawBlock(BlockKind.heading, meta["title"])
    if meta.get("authors"):
        yield RawBlock(BlockKind.body, "Authors: " + ", ".join(meta["authors"]))
