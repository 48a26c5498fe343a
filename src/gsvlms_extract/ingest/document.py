"""`Document`: what ingest hands to the NLP stage.

Ingest knows files and layouts, nothing about medicine. A `Document` is the clean text of a
file plus enough structure to cite it: the page of every character and the kind of every
block (narrative body, table, caption, heading).

Layout of ``Document.text`` (the same for text and PDF inputs):

- normalized typesetting (`gsvlms_extract.ingest.normalize`): plain spaces, ``-`` for minus
  and dashes, ASCII quotes, ligatures expanded, reference markers dropped, ``×`` kept;
- blocks separated by one blank line; a body or heading block is one paragraph on one line;
- a caption block holds its caption lines (``[image: ...]``, ``Figure 1 | ...``);
- a table block is its title line (``Table 1 | ...``), then each cell on its own line indented
  by one tab, in row order, rows separated by one blank line (the only blank lines inside a
  block): find a table's end with `Document.blocks`, not with blank lines.

Every offset (blocks, evidence) refers to this final text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    body = "body"
    heading = "heading"
    table = "table"
    caption = "caption"


@dataclass(frozen=True, slots=True)
class Block:
    """A contiguous run of ``Document.text`` of one kind: ``text[start:end]``.

    ``page`` is the (1-based) page the block starts on for PDFs, ``None`` for text files; a
    block may run onto the next page (a paragraph across a page break): use `Document.page_at`.
    """

    kind: BlockKind
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text of one file.

    Attributes:
        source: the path the document was read from (as given by the caller).
        text: normalized text; blocks are separated by blank lines.
        blocks: ordered, non-overlapping blocks covering the text's content.
        page_starts: for PDFs, the character offset where each page begins (page 1 first;
            a page without text starts where the next text begins); empty for text files.
        sha256: digest of the file's bytes.
        n_pages: number of pages (PDF), ``None`` for text files.
        media_type: ``text/plain``, ``text/markdown`` or ``application/pdf``.
        metadata: PDF info ``title``/``author`` when present; ``pages_without_text`` lists
            pages that had no text layer (e.g. a scanned page inside a text PDF).
    """

    source: str
    text: str
    blocks: tuple[Block, ...] = ()
    page_starts: tuple[int, ...] = ()
    sha256: str = ""
    n_pages: int | None = None
    media_type: str = "text/plain"
    metadata: dict[str, str] = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding character ``offset``, or ``None`` for unpaged documents."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start : block.end]

    def narrative_blocks(self) -> list[Block]:
        """Blocks that belong to running prose (body and headings), tables and captions out."""
        return [b for b in self.blocks if b.kind in (BlockKind.body, BlockKind.heading)]
