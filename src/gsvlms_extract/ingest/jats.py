"""JATS / PMC XML (``.nxml``, ``.xml``) → `Document`.

PubMed Central distributes every open-access article in the JATS tag set (the Journal Article
Tag Suite, NISO Z39.96). The reader turns one ``<article>`` (alone or inside a
``<pmc-articleset>``) into the same text layout the plain-text reader produces, so the NLP stage
cannot tell them apart:

- front matter as a report's first page reads: a journal line (``Journal 2020; 12(3): 45-48``),
  ``DOI: ...``, the article type (``Case Report``, the ``heading`` subject), the article title,
  ``Authors: A, B``, then ``Abstract`` and its paragraphs (a structured abstract's section
  titles run in: ``Case report: A 49-year-old ...``) and ``Keywords: ...``;
- the body's sections with their titles as heading blocks (nested sections too, labels kept:
  ``2. Case report``), paragraphs, lists (one paragraph per item), tables as table blocks
  (``Table 1 | caption`` and one cell per line) and figure captions as caption blocks, wherever
  they sit (inline, ``<floats-group>``);
- dropped: the reference list, citation markers (``<xref ref-type="bibr">``), footnotes,
  acknowledgements, notes, appendices,
  supplementary material, formulae's MathML markup (their text is kept).

The article's identifiers and bibliographic facts go into the `Document` fields (``pmid``,
``pmcid``, ``doi``, ``journal``, ``year``, ``authors``, ``licence``).

Security: lxml parses with entity resolution, DTD loading and network access off and the default
size limits on (``huge_tree=False``). A document that declares entities (``<!ENTITY``: the
vehicle of XXE and of billion-laughs expansion) is refused before parsing, as is one whose
parse still meets an entity declaration. Real PMC files reference the JATS DTD by public
identifier and declare nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest.blocks import RawBlock, article_front_blocks, assemble
from gsvlms_extract.ingest.document import BlockKind, Document, article_document
from gsvlms_extract.ingest.identifiers import normalize_doi, normalize_pmcid, normalize_pmid
from gsvlms_extract.ingest.normalize import normalize_line

__all__ = ["jats_document", "is_jats", "safe_parser"]

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ARTICLE_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:article|pmc-articleset)[\s>]")
#: elements whose text is never part of the reading text
_SKIP = frozenset(
    {
        "ref-list",
        "fn-group",
        "supplementary-material",
        "table-wrap-foot",
        "alternatives",
        "object-id",
        "graphic",
        "media",
        "ack",
        "glossary",
        "app-group",
        "notes",
    }
)
#: block-level children of a section (rendered as blocks of their own)
_FLOATS = frozenset({"table-wrap", "fig", "fig-group", "table-wrap-group", "boxed-text"})
_EMPTY_BRACKETS = re.compile(r"\s*[\[(]\s*(?:[,;–-]\s*)*[\])]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)\]])")
#: separators left behind by dropped citation markers ("rare 1, 2." → "rare , .")
_ORPHAN_SEPARATORS = re.compile(r"\s+(?:[,;–-]\s*)+(?=[.;:)\]]|$)")


def safe_parser() -> etree.XMLParser:
    """lxml parser that never expands entities, loads a DTD or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def is_jats(data: bytes) -> bool:
    """The bytes look like a JATS article (an ``<article>`` or ``<pmc-articleset>`` root)."""
    head = data[:4096].lstrip()
    return head.startswith((b"<?xml", b"<!DOCTYPE", b"<article", b"<pmc-articleset")) and bool(
        _ARTICLE_ROOT.search(data[:65536])
    )


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _parse(data: bytes, name: str) -> etree._Element:
    if _ENTITY_DECL.search(data):
        raise IngestError(
            f"{name}: XML declares entities (<!ENTITY>); refused: entity expansion and "
            "external entities are not read"
        )
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        message = " ".join(str(exc).split())
        raise IngestError(f"{name}: not well-formed XML ({message})") from None
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise IngestError(f"{name}: XML declares entities in its DTD; refused")
    return root


def _first(root: etree._Element, *names: str) -> etree._Element | None:
    wanted = set(names)
    for element in root.iter():
        if _local(element) in wanted:
            return element
    return None


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    wanted = set(names)
    return [child for child in element if _local(child) in wanted]


def _text(element: etree._Element | None) -> str:
    """Reading text of an element: citation markers and skipped parts out, spaces collapsed."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, top=True)
    text = " ".join("".join(parts).split())
    text = _ORPHAN_SEPARATORS.sub("", _EMPTY_BRACKETS.sub("", text))
    return normalize_line(_SPACE_BEFORE_PUNCT.sub(r"\1", text))


def _collect(element: etree._Element, parts: list[str], *, top: bool = False) -> None:
    name = _local(element)
    skip = not top and (
        name in _SKIP
        or (name == "xref" and element.get("ref-type") in ("bibr", "fn"))
        or name in ("label",)
    )
    if not skip:
        if element.text and name:
            parts.append(element.text)
        for child in element:
            if _local(child) in ("break",):
                parts.append(" ")
            _collect(child, parts)
            if _local(child) in ("p", "title", "list-item", "td", "th"):
                parts.append(" ")
    if not top and element.tail:
        parts.append(element.tail)


# --- metadata --------------------------------------------------------------------------------


def _metadata(article: etree._Element) -> dict:
    meta: dict = {"authors": ()}
    front = _first(article, "front")
    if front is None:
        return meta
    article_meta = _first(front, "article-meta")
    journal_meta = _first(front, "journal-meta")
    if journal_meta is not None:
        meta["journal"] = _text(_first(journal_meta, "journal-title")) or None
    if article_meta is None:
        return meta
    for article_id in _children(article_meta, "article-id"):
        kind, value = article_id.get("pub-id-type", ""), (article_id.text or "").strip()
        if kind == "pmid":
            meta["pmid"] = normalize_pmid(value)
        elif kind in ("pmc", "pmcid"):
            meta["pmcid"] = normalize_pmcid(value)
        elif kind == "doi":
            meta["doi"] = normalize_doi(value) or normalize_doi("doi:" + value)
    meta["title"] = _text(_first(article_meta, "article-title"))
    for group in article_meta.iter():
        if _local(group) == "subj-group" and group.get("subj-group-type") == "heading":
            meta["article_type"] = _text(_first(group, "subject")) or None
            break
    meta["year"] = _year(article_meta)
    meta["authors"] = tuple(_authors(article_meta))
    for key in ("volume", "issue", "fpage", "lpage", "elocation-id"):
        element = _first(article_meta, key)
        if element is not None and element.getparent() is article_meta:
            meta[key] = _text(element)
    license_el = _first(article_meta, "license")
    if license_el is not None:
        meta["licence"] = (
            license_el.get(_XLINK_HREF)
            or license_el.get("license-type")
            or _text(license_el)[:200]
            or None
        )
    return meta


def _year(article_meta: etree._Element) -> int | None:
    preferred = ("epub", "ppub", "pub", "collection", "epub-ppub")
    dates = _children(article_meta, "pub-date")
    dates.sort(
        key=lambda d: (
            preferred.index(d.get("pub-type") or d.get("date-type") or "")
            if (d.get("pub-type") or d.get("date-type")) in preferred
            else len(preferred)
        )
    )
    for date in dates:
        year = _first(date, "year")
        if year is not None and (year.text or "").strip().isdigit():
            return int(year.text.strip())
    return None


def _authors(article_meta: etree._Element) -> Iterator[str]:
    for group in _children(article_meta, "contrib-group"):
        for contrib in _children(group, "contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = _first(contrib, "name", "string-name")
            if name is not None:
                given = _text(_first(name, "given-names"))
                surname = _text(_first(name, "surname"))
                full = " ".join(part for part in (given, surname) if part) or _text(name)
                if full:
                    yield full
                continue
            collab = _first(contrib, "collab")
            if collab is not None and _text(collab):
                yield _text(collab)


def _front_blocks(article: etree._Element, meta: dict) -> Iterator[RawBlock]:
    pages = meta.get("elocation-id") or "-".join(
        p for p in (meta.get("fpage"), meta.get("lpage")) if p
    )
    yield from article_front_blocks(meta, pages)
    front = _first(article, "front")
    article_meta = _first(front, "article-meta") if front is not None else None
    if article_meta is None:
        return
    for abstract in _children(article_meta, "abstract"):
        if abstract.get("abstract-type") in ("graphical", "teaser", "toc"):
            continue
        title = _text(_first(abstract, "title")) if _children(abstract, "title") else ""
        yield RawBlock(BlockKind.heading, title or "Abstract")
        for child in abstract:
            name = _local(child)
            if name == "sec":
                sec_title = _text(_first(child, "title")) if _children(child, "title") else ""
                paragraphs = [_text(p) for p in _children(child, "p")]
                paragraphs = [p for p in paragraphs if p]
                if paragraphs:
                    first = (
                        f"{sec_title.rstrip(':')}: {paragraphs[0]}" if sec_title else paragraphs[0]
                    )
                    yield RawBlock(BlockKind.body, first)
                    for paragraph in paragraphs[1:]:
                        yield RawBlock(BlockKind.body, paragraph)
            elif name == "p" and _text(child):
                yield RawBlock(BlockKind.body, _text(child))
    for group in _children(article_meta, "kwd-group"):
        words = [_text(k) for k in _children(group, "kwd")]
        if any(words):
            yield RawBlock(BlockKind.body, "Keywords: " + "; ".join(w for w in words if w))


def _heading(sec: etree._Element) -> str:
    label = _text(_first_child(sec, "label"))
    title = _text(_first_child(sec, "title"))
    if label and title:
        return (
            f"{label.rstrip('.')}. {title}"
            if label[-1:].isdigit() or label[-1:] == "."
            else f"{label} {title}"
        )
    return title or label


def _first_child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _section_blocks(element: etree._Element) -> Iterator[RawBlock]:
    """Blocks of a ``<body>`` or ``<sec>``, in document order."""
    for child in element:
        name = _local(child)
        if name in _SKIP or name in ("label", "title", "sec-meta"):
            continue
        if name == "sec":
            heading = _heading(child)
            if heading:
                yield RawBlock(BlockKind.heading, heading)
            yield from _section_blocks(child)
        elif name == "p":
            yield from _paragraph_blocks(child)
        elif name in ("list", "def-list"):
            yield from _list_blocks(child)
        elif name in _FLOATS:
            yield from _float_blocks(child)
        elif name in ("disp-quote", "speech", "statement", "verse-group"):
            text = _text(child)
            if text:
                yield RawBlock(BlockKind.body, text)


def _paragraph_blocks(p: etree._Element) -> Iterator[RawBlock]:
    """A paragraph; tables, figures and lists nested in it come out after it, as blocks."""
    nested = [child for child in p if _local(child) in _FLOATS or _local(child) == "list"]
    if nested:  # read the paragraph's own text from a copy without them
        clone = etree.fromstring(etree.tostring(p), parser=safe_parser())
        for child in list(clone):
            if _local(child) in _FLOATS or _local(child) == "list":
                tail = child.tail
                parent = child.getparent()
                previous = child.getprevious()
                parent.remove(child)
                if tail:
                    if previous is not None:
                        previous.tail = (previous.tail or "") + tail
                    else:
                        parent.text = (parent.text or "") + tail
        text = _text(clone)
    else:
        text = _text(p)
    if text:
        yield RawBlock(BlockKind.body, text)
    for child in nested:
        if _local(child) == "list":
            yield from _list_blocks(child)
        else:
            yield from _float_blocks(child)


def _list_blocks(element: etree._Element) -> Iterator[RawBlock]:
    for item in element.iter():
        if _local(item) in ("list-item", "def-item"):
            text = _text(item)
            if text:
                yield RawBlock(BlockKind.body, text)


def _float_blocks(element: etree._Element) -> Iterator[RawBlock]:
    name = _local(element)
    if name in ("fig-group", "table-wrap-group"):
        for child in element:
            if _local(child) in ("fig", "table-wrap"):
                yield from _float_blocks(child)
        return
    label = _text(_first_child(element, "label"))
    caption = _text(_first_child(element, "caption"))
    if name == "fig":
        label = label or "Figure"
        if not re.match(r"(?i)fig", label):
            label = f"Figure {label}"
        yield RawBlock(BlockKind.caption, f"{label.rstrip('.:')} | {caption}".rstrip(" |"))
    elif name == "table-wrap":
        label = label or "Table"
        if not label.lower().startswith("table"):
            label = f"Table {label}"
        rows = tuple(_table_rows(element))
        title = f"{label.rstrip('.:')} | {caption}".rstrip(" |")
        yield RawBlock(BlockKind.table, title, rows=rows)
    elif name == "boxed-text":
        text = _text(element)
        if text:
            yield RawBlock(BlockKind.body, text)


def _table_rows(table_wrap: etree._Element) -> Iterator[tuple[str, ...]]:
    for row in table_wrap.iter():
        if _local(row) != "tr":
            continue
        cells = tuple(_text(cell) for cell in row if _local(cell) in ("td", "th"))
        if any(cells):
            yield tuple(cell for cell in cells if cell)


def jats_document(data: bytes, name: str, digest: str) -> Document:
    """Read a JATS XML file's bytes into a `Document` (see the module docstring)."""
    root = _parse(data, name)
    article = root if _local(root) == "article" else _first(root, "article")
    if article is None:
        raise IngestError(f"{name}: XML without a JATS <article> element (not a PMC article)")
    meta = _metadata(article)
    blocks = list(_front_blocks(article, meta))
    body = _first_child(article, "body")
    if body is not None:
        blocks.extend(_section_blocks(body))
    floats_group = _first_child(article, "floats-group")
    if floats_group is not None:
        for child in floats_group:
            if _local(child) in _FLOATS:
                blocks.extend(_float_blocks(child))
    text, out, _ = assemble(blocks)
    if not text.strip():
        raise IngestError(f"{name}: JATS article without text (no title, abstract or body)")
    return article_document(name, text, out, digest, "application/jats+xml", meta)
