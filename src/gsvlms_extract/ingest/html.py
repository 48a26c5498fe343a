"""Publisher HTML pages (``.html``, ``.htm``, saved from a browser) → `Document`.

The main text comes from trafilatura (chosen over readability-lxml on publisher pages made for
the purpose: same paragraph recall, no leaked chrome against 8%, every section heading kept
against 92%; ``scripts/compare_html_extractors.py``). Navigation, cookie banners, share
buttons, related-article boxes and footers are left out by it; the reference list (a section
titled References, Bibliography, Literature cited) is dropped here.

Bibliographic metadata comes from the Highwire ``citation_*`` meta tags that publishers put in
the page head for Google Scholar (``citation_title``, ``citation_author``,
``citation_journal_title``, ``citation_publication_date``, ``citation_doi``, ``citation_pmid``,
...), with Dublin Core / PRISM tags as fallbacks. The abstract sits outside the article body on
most publisher pages, where main-text extractors drop it: it is read from the element whose id
or class names the abstract, else from ``citation_abstract``.

The text is laid out as the JATS reader lays out an article (journal line, ``DOI:``, article
type (``citation_article_type``), title,
``Authors:``, ``Abstract``, then the body with its headings, tables and captions), so the NLP
stage reads a page as it reads the article's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import (
    RawBlock,
    article_front_blocks,
    assemble,
    is_caption_start,
    is_table_title,
)
from gsvlms_extract.ingest.document import BlockKind, Document, article_document
from gsvlms_extract.ingest.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from gsvlms_extract.ingest.normalize import normalize_line
from gsvlms_extract.ingest.text import decode_text

__all__ = ["html_document", "page_metadata"]

_REFERENCES = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references?|bibliography|literature cited|works cited|"
    r"references and notes|cited literature)\s*:?\s*$",
    re.IGNORECASE,
)
_ABSTRACT_ATTR = re.compile(r"(?:^|[\s_-])abstract(?:$|[\s_-]|-content)", re.IGNORECASE)
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")
_CITE_MARK = re.compile(r"\s*\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]")


def _meta_tags(tree: etree._Element) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            tags.setdefault(key, []).append(content)
    return tags


def _author_name(value: str) -> str:
    """``"Lin, Jonathan"`` → ``"Jonathan Lin"`` (Highwire allows both orders)."""
    if value.count(",") == 1:
        surname, given = (part.strip() for part in value.split(","))
        if surname and given:
            return f"{given} {surname}"
    return value.strip()


def page_metadata(tree: etree._Element) -> dict:
    """Title, authors, journal, year, identifiers and licence from the page's meta tags."""
    tags = _meta_tags(tree)

    def first(*keys: str) -> str | None:
        for key in keys:
            if tags.get(key):
                return tags[key][0]
        return None

    meta: dict = {}
    meta["title"] = first("citation_title", "dc.title", "og:title")
    if not meta["title"]:
        h1 = next(tree.iter("h1"), None)
        meta["title"] = " ".join(h1.text_content().split()) if h1 is not None else None
    authors = tags.get("citation_author") or tags.get("dc.creator") or []
    meta["authors"] = tuple(_author_name(a) for a in authors)
    meta["journal"] = first("citation_journal_title", "prism.publicationname", "dc.source")
    date = first(
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
        "citation_cover_date",
        "prism.publicationdate",
        "dc.date",
    )
    year = _YEAR.search(date or "")
    meta["year"] = int(year.group(1)) if year else None
    doi = first("citation_doi", "prism.doi", "dc.identifier", "bepress_citation_doi")
    meta["doi"] = normalize_doi(doi) or (normalize_doi("doi:" + doi) if doi else None)
    meta["pmid"] = normalize_pmid(first("citation_pmid"))
    meta["pmcid"] = normalize_pmcid(first("citation_pmcid"))
    for key in ("volume", "issue", "firstpage", "lastpage"):
        meta[key] = first(f"citation_{key}")
    licence = first("dc.rights", "citation_license", "dc.license")
    if not licence:
        link = next((el for el in tree.iter("link") if el.get("rel") == "license"), None)
        licence = link.get("href") if link is not None else None
    meta["licence"] = licence
    meta["article_type"] = first("citation_article_type")
    meta["keywords"] = tags.get("citation_keywords", [])
    meta["abstract_tag"] = first("citation_abstract")
    return meta


def _clean(text: str) -> str:
    return normalize_line(_CITE_MARK.sub("", " ".join(text.split())))


def _abstract(tree: etree._Element, meta: dict) -> list[str]:
    """Paragraphs of the page's abstract element, else of the ``citation_abstract`` tag."""
    for element in tree.iter("section", "div", "article"):
        marks = " ".join(filter(None, (element.get("id"), element.get("class"))))
        if not marks or not _ABSTRACT_ATTR.search(marks):
            continue
        paragraphs = [_clean(p.text_content()) for p in element.iter("p")]
        paragraphs = [p for p in paragraphs if p]
        if sum(len(p) for p in paragraphs) >= 80:
            return paragraphs
    tag = meta.get("abstract_tag")
    if tag:
        return [_clean(re.sub(r"<[^>]+>", " ", tag))]
    return []


def _front(meta: dict, abstract: list[str]) -> Iterator[RawBlock]:
    cleaned = {
        **meta,
        **{key: _clean(meta[key]) for key in ("article_type", "title") if meta.get(key)},
    }
    pages = "-".join(p for p in (meta.get("firstpage"), meta.get("lastpage")) if p)
    yield from article_front_blocks(cleaned, pages)
    if abstract:
        yield RawBlock(BlockKind.heading, "Abstract")
        for paragraph in abstract:
            yield RawBlock(BlockKind.body, paragraph)
    if meta.get("keywords"):
        yield RawBlock(BlockKind.body, "Keywords: " + "; ".join(meta["keywords"]))


def _main_text(page: str) -> etree._Element | None:
    import trafilatura  # imported when an HTML page is read

    xml = trafilatura.extract(
        page,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_formatting=False,
        include_links=False,
        deduplicate=False,
    )
    if not xml:
        return None
    return etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False))


def _table(element: etree._Element, number: int) -> RawBlock:
    rows = []
    for row in element.iter("row"):
        cells = tuple(_clean("".join(cell.itertext())) for cell in row.iter("cell"))
        cells = tuple(c for c in cells if c)
        if cells:
            rows.append(cells)
    title = f"Table {number} |"
    if rows and len(rows[0]) == 1 and is_table_title(rows[0][0]):
        title, rows = rows[0][0], rows[1:]
    return RawBlock(BlockKind.table, title, rows=tuple(rows))


def _body(main: etree._Element, skip: set[str]) -> Iterator[RawBlock]:
    in_references = False
    tables = 0
    for element in main.iter("head", "p", "item", "table", "quote"):
        if element.getparent() is not None and element.getparent().tag in ("cell", "item"):
            continue
        if element.tag != "table" and any(a.tag == "table" for a in element.iterancestors()):
            continue
        if element.tag == "table":
            if not in_references:
                tables += 1
                yield _table(element, tables)
            continue
        text = _clean("".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head":
            in_references = bool(_REFERENCES.match(text))
            if not in_references:
                yield RawBlock(BlockKind.heading, text)
            continue
        if in_references or text in skip:
            continue
        kind = BlockKind.caption if is_caption_start(text) else BlockKind.body
        yield RawBlock(kind, text)


def html_document(data: bytes, name: str, digest: str) -> Document:
    """Read a saved publisher page's bytes into a `Document` (see the module docstring)."""
    page = decode_text(data, name)
    try:
        tree = lxml_html.document_fromstring(
            page, parser=lxml_html.HTMLParser(no_network=True, remove_comments=True)
        )
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"{name}: unreadable HTML ({exc})") from None
    meta = page_metadata(tree)
    abstract = _abstract(tree, meta)
    main = _main_text(page)
    blocks = list(_front(meta, abstract))
    if main is not None:
        skip = set(abstract) | {_clean(meta["title"] or "")}
        blocks.extend(_body(main, skip))
    if len(blocks) <= 4 and main is None:
        raise IngestError(f"{name}: no article text found in the HTML page")
    text, out, _ = assemble(blocks)
    if not text.strip():
        raise IngestError(f"{name}: no article text found in the HTML page")
    return article_document(name, text, out, digest, "text/html", meta)
