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
  block): find a table's end with `Document.blocks`, not with blank lines;
- a boilerplate block holds text around the article that is not part of it (web navigation,
  cookie banners, journal metadata such as DOI/received/copyright lines, running heads): kept
  in the text so offsets and the bibliography still see it, never read as narrative.

Every block carries the language it is written in (``Block.language``, ISO 639-1, ``None`` when
too short to tell) and the document its main language. What the extractor reads is
`Document.narrative_blocks` (body and headings in English or of unknown language); what it must
blank is `Document.hidden_blocks` (tables, captions, boilerplate, other languages). A document
with ``english_chars == 0`` has no English text to read: say so with
``f"report is in {language_name(doc.language)}; no English text to read"``
(`gsvlms_extract.ingest.language.language_name`).

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
    boilerplate = "boilerplate"


@dataclass(frozen=True, slots=True)
class Block:
    """A contiguous run of ``Document.text`` of one kind: ``text[start:end]``.

    ``page`` is the (1-based) page the block starts on for PDFs, ``None`` for text files; a
    block may run onto the next page (a paragraph across a page break): use `Document.page_at`.
    ``language`` is the ISO 639-1 code of its language (``en``, ``de``, ``zh``...) or ``None``
    when the block is too short to tell (`gsvlms_extract.ingest.language`).
    """

    kind: BlockKind
    start: int
    end: int
    page: int | None = None
    language: str | None = None

    @property
    def foreign(self) -> bool:
        """Written in a language other than English (a known one)."""
        return self.language is not None and self.language != "en"


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
        media_type: ``text/plain``, ``text/markdown``, ``application/pdf``,
            ``application/jats+xml`` (PMC XML) or ``text/html``.
        metadata: PDF info ``title``/``author`` when present; ``pages_without_text`` lists
            pages that had no text layer (e.g. a scanned page inside a text PDF).
        language: main language (ISO 639-1) of the body text, ``None`` when undetermined.
        english_chars: letters in blocks identified as English; 0 means there is no English
            text to read.
        pmid, pmcid, doi: the article's identifiers when the file states them (XML metadata,
            HTML ``citation_*`` tags, PDF metadata or first-page text); ``pmcid`` as
            ``PMC123``, ``doi`` in lower case without a resolver prefix.
        journal, year, authors, licence: bibliographic facts from structured metadata (JATS,
            Highwire tags); empty for plain text, where the extractor reads the byline.
        ocr: the text was recognised from page images (OCR), not read from a text layer.
    """

    source: str
    text: str
    blocks: tuple[Block, ...] = ()
    page_starts: tuple[int, ...] = ()
    sha256: str = ""
    n_pages: int | None = None
    media_type: str = "text/plain"
    metadata: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    english_chars: int = 0
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    journal: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()
    licence: str | None = None
    ocr: bool = False

    def page_at(self, offset: int) -> int | None:
        """1-based page holding character ``offset``, or ``None`` for unpaged documents."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start : block.end]

    def narrative_blocks(self) -> list[Block]:
        """Blocks that belong to running prose the extractor reads: body and headings, not in
        another language (English or too short to tell). Tables, captions, boilerplate out."""
        return [
            b
            for b in self.blocks
            if b.kind in (BlockKind.body, BlockKind.heading) and not b.foreign
        ]

    def hidden_blocks(self) -> list[Block]:
        """Blocks the NLP stage must not read as prose: tables, captions, boilerplate and
        blocks in another language (blank them, offsets unchanged)."""
        narrative = (BlockKind.body, BlockKind.heading)
        return [b for b in self.blocks if b.kind not in narrative or b.foreign]

    @property
    def english_ranges(self) -> tuple[tuple[int, int], ...]:
        """``(start, end)`` of every block identified as English, in text order."""
        return tuple((b.start, b.end) for b in self.blocks if b.language == "en")


def article_document(
    source: str,
    text: str,
    blocks: tuple[Block, ...],
    sha256: str,
    media_type: str,
    meta: dict,
) -> Document:
    """A `Document` for an article read with its metadata (JATS XML, an HTML page): title,
    PMID, PMCID, DOI, journal, year, authors and licence from ``meta`` where present."""
    return Document(
        source=source,
        text=text,
        blocks=blocks,
        sha256=sha256,
        media_type=media_type,
        metadata={"title": meta["title"]} if meta.get("title") else {},
        pmid=meta.get("pmid"),
        pmcid=meta.get("pmcid"),
        doi=meta.get("doi"),
        journal=meta.get("journal"),
        year=meta.get("year"),
        authors=meta.get("authors", ()),
        licence=meta.get("licence"),
    )
