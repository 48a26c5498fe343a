"""Text around an article that is not part of it: navigation, banners, metadata, running heads.

A report saved from a journal's web page or a publisher's PDF carries lines that are not the
article: web navigation ("Skip to main content", "Download PDF", "Cite this article", "Similar
articles", "MeSH terms"), cookie banners, journal metadata (received/accepted/published dates,
DOI lines, copyright and licence lines, "Keywords:", "Correspondence to", e-mail addresses,
PMID/ISSN lines) and, in OCR'd scans, running heads and page numbers between the lines of a
paragraph. Such lines become `BlockKind.boilerplate` blocks: they stay in `Document.text` (offsets
and the bibliography, which reads the journal line and byline, are unaffected) but are never
read as narrative.

Decisions:

- a line is boilerplate when it is made only of navigation phrases (`_NAV`, separated by
  spaces, ``|``, ``•``, ``·``), mentions cookies together with consent words, starts with a
  metadata cue (`_META_START`: ``Received:``/``Accepted``/``Published online`` followed by a date,
  ``doi:``, ``Keywords:``, ``Correspondence``, ``PMID:``...), holds a copyright or licence
  statement (``©``, ``Copyright``, ``All rights reserved``, ``Creative Commons``, ``CC BY``) in
  at most 60 words, or is a short line (at most 8 words) with an e-mail address or a bare URL;
- a block of at most 80 words whose lines are each an entry of a list of articles (at most 60
  words with an author with initials before "et al" and then a year, as in "Evans DG, et al.
  J Med Genet. 2002", or a PMID) is boilerplate: a web page's "Similar articles" run together;
- a page number is a line holding only ``12``, ``- 12 -``, ``Page 3`` or ``3 of 10``;
- a running head is a line of 3 to 15 words whose shape (digit runs replaced) occurs at least
  twice in the document, not counting table, caption and heading lines (`running_heads`);
- a block is boilerplate when all its lines are; a block of more than 80 words never is (a PDF
  paragraph may start with "Keywords:" and run on into a statement: it stays one block, and
  is boilerplate only when short);
- titles, bylines, affiliations and section headings are never boilerplate (no rule matches
  them; "Case report" and "References" are not navigation);
- a web page's lists of other articles ("Similar articles", "Related literature", "Cited by",
  "Article citations", "People also read", "You may also like", "Recommended articles", "MeSH
  terms", "Publication types") are boilerplate
  from their heading on, block by block, while the blocks are short (at most 40 words) or
  hold entries (an author with initials before "et al", a PMID), and until a section of the
  article ("Abstract", "Introduction", "Case report"...) or a metadata line ("Published
  online ... doi:") starts: their titles ("... in a 2-year-old girl", "... treated by resection
  and reconstruction") are other patients' facts.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable

from gsvlms_extract.ingest.document import BlockKind, Document

__all__ = ["is_boilerplate_line", "is_page_number", "mark_boilerplate", "running_heads", "shape"]

_NAV_PHRASES = """
skip to main content|skip to content|skip to navigation|skip to search|skip to article|
skip navigation|main navigation|navigation|menu|main menu|search|advanced search|search menu|
log in|login|log out|sign in|sign up|register|my account|subscribe|access through your institution|
purchase pdf|buy article|get access|get rights and content|home|journals|books|contact us|help|
advertisement|back to top|jump to|jump to section|open in new tab|open in a new tab|view full text|
full text links|full text|pdf|download pdf|download|download citation|download article|view pdf|
epub|cite|cite this article|cite this|share|share this article|tweet|twitter|facebook|linkedin|
email|e-mail|print|permalink|copy link|similar articles|related articles|cited by|citing articles|
mesh terms|free pmc article|free article|pmc free article|related information|linkout|
linkout - more resources|grant support|publication types|substances|comment in|actions|
add to collections|add to my bibliography|save|display options|article metrics|metrics|altmetric|
views|citations|accesses|rights and permissions|reprints and permissions|reprints|permissions|
about this article|check for updates|article information|article info|request permissions|
figures|figures & tables|figures and tables|previous article|next article|previous|next|
view article|show more|show less|read more|expand|collapse|outline|recommended articles|
more articles|google scholar|pubmed|crossref|scopus|web of science|accept all cookies|accept all|
reject all|manage cookies|cookie settings|privacy policy|terms of use|terms and conditions|
privacy settings|your privacy|we value your privacy|close|x
"""
_NAV = frozenset(p.strip() for p in _NAV_PHRASES.replace("\n", "").split("|"))
_NAV_SPLIT = re.compile(r"\s*(?:\||•|·|›|»|/|\s{2,})\s*")
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\d{1,2}[./-]\d{1,2}[./-]\d"
)
_DATE = re.compile(rf"(?:\b(?:1[89]|20)\d\d\b|\b{_MONTH})", re.IGNORECASE)
_DATED = re.compile(
    r"^\W*(?:received|accepted|revised|published(?:\s+online)?|available\s+online|"
    r"first\s+published|e-?pub(?:lished)?(?:\s+ahead\s+of\s+print)?|online\s+publication\s+date|"
    r"date\s+of\s+publication|article\s+history)\b",
    re.IGNORECASE,
)
_META_START = re.compile(
    r"^\W*(?:doi\s*[:.]?\s*10\.|doi\s*:|https?://(?:dx\.)?doi\.org/|"
    r"(?:keywords?|key[\s-]*words?|index\s+terms|mesh\s+terms|mots[\s-]*cl[ée]s|"
    r"palabras[\s-]+claves?|palavras[\s-]+chaves?|parole\s+chiave|schl[üu]sselw[öo]rter|"
    r"s[łl]owa\s+kluczowe|anahtar\s+kelimeler)\s*[:：.\]]|"
    r"correspondence\b|corresponding\s+author|address(?:\s+for)?\s+correspondence|"
    r"address\s+reprint\s+requests|reprint\s+requests|e-?mail\s*(?:address)?\s*:|"
    r"(?:pmid|pmcid|issn|e-?issn|isbn)\s*:?\s*[\dA-Z]|"
    r"(?:academic\s+editors?|handling\s+editor|citation|how\s+to\s+cite(?:\s+this\s+article)?|"
    r"cite\s+this\s+article\s+as)\s*:|published\s+by\b|"
    # a search page's header and query box: "PubMed.gov   Search: saphenous leiomyosarcoma"
    r"pubmed\.gov\b|search\s*(?:results\s*)?(?:for\s*)?:)",
    re.IGNORECASE,
)
_RIGHTS = re.compile(
    r"©|\(c\)\s*(?:1[89]|20)\d\d|\bcopyright\b|all\s+rights\s+reserved|open[\s-]+access\s+article|"
    r"creative\s+commons|licen[cs]ed\s+under|\bcc[\s-]by(?:-n[cd])*\b",
    re.IGNORECASE,
)
#: an entry of a list of other articles: "Evans DG, et al. J Med Genet. 2002. PMID: 12011157",
#: or a numbered reference in Vancouver style: "1. Andrade F, Lopes M, Sá C. Leiomyosarcoma of
#: the great saphenous vein... Phlebology 2015;30:212-5."
_CITATION_ENTRY = re.compile(
    r"\b[A-Z][\w'’-]+\s+[A-Z]{1,3},?\s+et\s+al\b.{0,80}?\b(?:1[89]|20)\d\d\b|\bPMID:?\s*\d{6,}"
    r"|^\s*\[?\d{1,3}[.\])]?\s+[A-Z][\w'’-]+\s+[A-Z]{1,3}[,.]\s.{0,250}?\b(?:1[89]|20)\d\d\b"
)
_MAX_CITATION_WORDS = 60
#: an entry of a web page's list given as "Title. Journal Year." ("Leiomyosarcoma of the long
#: saphenous vein in a 61-year-old woman. Phlébologie 2009."): counted only inside a listing
_TITLE_JOURNAL_YEAR = re.compile(r"\.\s+[A-Z][\w.'’ -]{1,60}?\s(?:1[89]|20)\d\d\.(?:\s|$)")
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(?:accept|consent|settings|preferences|policy|we\s+use|agree|reject|manage)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.IGNORECASE)
_PAGE = re.compile(
    r"^\s*(?:-\s*\d{1,4}\s*-|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|"
    r"\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_LISTING_HEAD = re.compile(
    r"^\W*(?:similar|related|recommended|citing|more)\s+"
    r"(?:articles|literature|papers|publications|documents|content)\b|^\W*cited\s+by\b|"
    r"^\W*(?:people\s+also\s+read|you\s+may\s+also\s+like|recommended\s+for\s+you)\b|"
    r"^\W*article\s+citations|^\W*(?:mesh\s+terms|publication\s+types|substances|"
    r"linkout\b|related\s+information|comment\s+(?:in|on)\b|see\s+all\s+(?:similar|related))",
    re.IGNORECASE,
)
_ARTICLE_SECTION = re.compile(
    r"^\W*(?:abstract|summary|introduction|background|case\s+(?:report|presentation|"
    r"description|history|summary)|case\s*\d+|report|methods?|results|discussion|conclusions?|"
    r"references|bibliography|zusammenfassung|résumé|resumen|riassunto)\b",
    re.IGNORECASE,
)
_LISTING_MAX_WORDS = 40
_MAX_RIGHTS_WORDS = 60
_MAX_WORDS = 80  # a block longer than this is article text, whatever it starts with


def _is_navigation(line: str) -> bool:
    parts = [p.strip(" .:;,-–>»*").lower() for p in _NAV_SPLIT.split(line)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in _NAV for p in parts)


def is_page_number(line: str) -> bool:
    """``12``, ``- 12 -``, ``Page 3``, ``3 of 10`` alone on a line."""
    return bool(_PAGE.match(line))


#: a search engine's snippet of another article: "... A 54-year-old woman presented with a
#: 7-cm mass ..." (it opens or closes on an ellipsis)
_SNIPPET = re.compile(r"^(?:\.\.\.|…)\s+\S|\S\s+(?:\.\.\.|…)$")


def is_boilerplate_line(line: str) -> bool:
    """A line that is navigation, a cookie banner, a search snippet or journal metadata (module
    docstring)."""
    line = line.strip()
    if not line:
        return False
    if _is_navigation(line) or _SNIPPET.search(line):
        return True
    words = len(line.split())
    if _COOKIE.search(line) and _CONSENT.search(line):
        return True
    if _DATED.match(line) and _DATE.search(line[:120]):
        return True
    if _META_START.match(line):
        return True
    if _RIGHTS.search(line) and words <= _MAX_RIGHTS_WORDS:
        return True
    return words <= 8 and bool(_EMAIL.search(line) or _URL.match(line))


def shape(line: str) -> str:
    """A line with its digit runs replaced: running heads differ only by the page number."""
    return _DIGITS.sub("#", line.strip().lower())


def running_heads(lines: Iterable[str]) -> frozenset[str]:
    """Shapes of lines (3 to 15 words) seen at least twice: running heads of a scanned text.

    ``lines`` should hold the candidate lines only (no table, caption or heading lines).
    """
    counts = Counter(
        shape(line) for line in lines if 3 <= len(line.split()) <= 15 and not line.endswith(".")
    )
    return frozenset(s for s, n in counts.items() if n >= 2)


def _is_citation_entry(line: str) -> bool:
    return len(line.split()) <= _MAX_CITATION_WORDS and bool(_CITATION_ENTRY.search(line))


def _in_a_listing(line: str) -> bool:
    """Navigation or an entry of a list of articles (these do not end the list)."""
    return _is_navigation(line) or _is_citation_entry(line)


def _is_listing_head(text: str) -> bool:
    return len(text.split()) <= 6 and bool(_LISTING_HEAD.match(text))


def mark_boilerplate(document: Document) -> Document:
    """``document`` with body and heading blocks that are boilerplate re-kinded as such."""
    blocks = []
    changed = False
    in_listing = False
    for block in document.blocks:
        text = document.block_text(block)
        if block.kind not in (BlockKind.body, BlockKind.heading):
            lines = text.split("\n")
            if any(_is_listing_head(line.strip()) for line in lines):
                in_listing = True  # a list heading may end a caption block or be a block alone
            elif block.kind == BlockKind.boilerplate and not all(map(_in_a_listing, lines)):
                in_listing = False  # a metadata line: the article's own front matter
            blocks.append(block)
            continue
        words = len(text.split())
        lines = text.split("\n")
        line_rules = words <= _MAX_WORDS and all(
            is_boilerplate_line(line) or is_page_number(line) or _is_citation_entry(line)
            for line in lines
        )
        if _is_listing_head(text.strip()):
            in_listing = True
        elif _is_listing_head(lines[0].strip()) and any(map(_is_citation_entry, lines[1:])):
            in_listing = line_rules = True  # the heading and its entries as one paragraph
        elif (
            in_listing
            # entries run together into one paragraph
            and not (_CITATION_ENTRY.search(text) or _TITLE_JOURNAL_YEAR.search(text))
        ) and (
            words > _LISTING_MAX_WORDS
            or _ARTICLE_SECTION.match(text)
            or (line_rules and not all(map(_in_a_listing, lines)))
        ):
            in_listing = False
        if line_rules or in_listing:
            block = dataclasses.replace(block, kind=BlockKind.boilerplate)
            changed = True
        blocks.append(block)
    return dataclasses.replace(document, blocks=tuple(blocks)) if changed else document
