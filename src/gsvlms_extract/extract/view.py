"""`DocView`: one document's annotated sentences, each tagged with its section and zone.

Runs the pipeline over the document's narrative only: table and caption blocks are blanked
(replaced by spaces of the same length, newlines kept) so every character offset in the spaCy
`Doc` is an offset into `Document.text` and evidence points straight into the source.

A narrative longer than the pipeline's ``max_length`` (a thesis, a 600-page PDF) is run in
chunks cut at paragraph breaks (`chunk_text`) and the chunk docs are joined with
`Doc.from_docs` without added whitespace: the joined doc's text is the narrative itself, so
offsets stay right, and the section list is re-indexed to the joined tokens.
"""

from __future__ import annotations

import bisect
import copy
import logging
import re
import warnings
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from gsvlms_extract.extract.sections import Zone, zone_of
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.nlp.extensions import QUANTITY_GROUP, TARGET_GROUP

__all__ = ["CHUNK_CHARS", "Sentence", "DocView", "annotate", "chunk_text", "narrative_text"]

logger = logging.getLogger(__name__)

_MODIFIER_NAMES = {
    "NEGATED_EXISTENCE": "negated",
    "POSSIBLE_EXISTENCE": "possible",
    "HYPOTHETICAL": "hypothetical",
    "HISTORICAL": "historical",
    "FAMILY": "family",
}
#: Longest chunk of a long narrative run through the pipeline at once (characters).
CHUNK_CHARS = 100_000
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s"),
    re.compile(r"\s"),
)
#: modifiers under which a mention does not state a fact about the patient
NOT_ASSERTED = frozenset({"negated", "possible", "hypothetical", "family"})


def narrative_text(document: Document) -> str:
    """``document.text`` with what is not prose blanked (offsets unchanged): tables, captions,
    boilerplate (navigation, journal metadata) and blocks in another language."""
    text = document.text
    hidden = document.hidden_blocks()
    if not hidden:
        return text
    chars = list(text)
    for block in hidden:
        for i in range(block.start, min(block.end, len(chars))):
            if chars[i] not in "\n":
                chars[i] = " "
    return "".join(chars)


def modifiers_of(span: Span) -> tuple[str, ...]:
    """ConText assertions on a target span, as short names (``negated``, ``historical``...)."""
    mods = getattr(span._, "modifiers", None) or ()
    return tuple(sorted({_MODIFIER_NAMES.get(m.category, m.category.lower()) for m in mods}))


def cue_rules_of(span: Span) -> tuple[str, ...]:
    """Rule ids (``context.jsonl``) of the ConText cues that modify a target span."""
    mods = getattr(span._, "modifiers", None) or ()
    return tuple(sorted({m.rule.metadata["id"] for m in mods if (m.rule.metadata or {}).get("id")}))


def is_asserted(span: Span) -> bool:
    """True unless ConText marks the mention negated, possible, hypothetical or family."""
    return not (set(modifiers_of(span)) & NOT_ASSERTED)


def is_stated_now(span: Span) -> bool:
    """Asserted and not from the past history ("her only previous illness was a fibroadenoma
    excised at 29 years of age", "a uterine leiomyoma removed in 1998")."""
    return is_asserted(span) and "historical" not in modifiers_of(span)


@dataclass
class Sentence:
    """A sentence with its section category, zone and the spans found inside it."""

    index: int
    span: Span
    section: str | None
    zone: Zone
    targets: list[Span] = field(default_factory=list)
    quantities: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.span.text

    def of(self, *labels: str) -> list[Span]:
        """Target spans with one of ``labels``, in text order."""
        return [t for t in self.targets if t.label_ in labels]

    def values(self, label: str) -> set[str]:
        return {t._.gsvlms_value for t in self.targets if t.label_ == label}

    def has(self, *labels: str) -> bool:
        return any(t.label_ in labels for t in self.targets)

    def quantities_of(self, label: str) -> list[Span]:
        return [q for q in self.quantities if q.label_ == label]


@dataclass
class DocView:
    """The annotated document: sentences in order, with zones; the `Doc` for offsets."""

    document: Document
    doc: Doc
    sentences: list[Sentence]
    has_headings: bool

    def in_zone(self, *zones: Zone) -> list[Sentence]:
        return [s for s in self.sentences if s.zone in zones]


def _section_index(doc: Doc) -> tuple[list[int], list[str | None], bool]:
    sections = getattr(doc._, "sections", None) or []
    starts = [s.title_start for s in sections]
    categories = [s.category for s in sections]
    has_headings = any(c is not None for c in categories)
    return starts, categories, has_headings


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters whose concatenation is
    ``text``: after the last paragraph break in the window, else the last line break, sentence
    end or space; a window without any is cut at ``size``."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = size
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _chunked(nlp: Language, text: str) -> Doc:
    """Run ``nlp`` over ``text`` in chunks and join them into one `Doc` over ``text``."""
    docs = list(nlp.pipe(chunk_text(text, min(CHUNK_CHARS, nlp.max_length))))
    sections, offset = [], 0
    for chunk in docs:
        found = list(getattr(chunk._, "sections", None) or [])
        if sections and found and found[0].category is None and found[0].title_start == 0:
            # the chunk starts inside the previous chunk's last section: it runs on
            sections[-1] = copy.copy(sections[-1])
            sections[-1].body_end = found[0].body_end + offset
            found = found[1:]
        for section in found:
            moved = copy.copy(section)
            for name in ("title_start", "title_end", "body_start", "body_end"):
                setattr(moved, name, getattr(section, name) + offset)
            sections.append(moved)
        offset += len(chunk)
    for chunk in docs:  # values that are views of the chunk (a Span) cannot be carried over
        for key, value in list(chunk.user_data.items()):
            try:
                copy.copy(value)
            except (NotImplementedError, TypeError):
                logger.debug("chunk join drops extension %s (not copyable)", key[1])
                del chunk.user_data[key]
    with warnings.catch_warnings():  # doc-level extensions (sections) are re-set below
        warnings.simplefilter("ignore")
        doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.has_extension("sections"):
        doc._.sections = sections
    logger.info("%d characters annotated in %d chunks", len(text), len(docs))
    return doc


def _run(nlp: Language, text: str) -> Doc:
    return nlp(text) if len(text) <= nlp.max_length else _chunked(nlp, text)


def annotate(document: Document, nlp: Language, narrative: str | None = None) -> DocView:
    """Run ``nlp`` over the narrative of ``document`` (``narrative``, when the caller already
    has `narrative_text`) and index what it found by sentence."""
    doc = _run(nlp, narrative if narrative is not None else narrative_text(document))
    starts, categories, has_headings = _section_index(doc)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        first = next((t.i for t in sent if not t.is_space), sent.start)
        pos = bisect.bisect_right(starts, first) - 1
        category = categories[pos] if pos >= 0 else None
        sentences.append(
            Sentence(
                index=len(sentences),
                span=sent,
                section=category,
                zone=zone_of(category, has_headings),
            )
        )
    sent_starts = [s.span.start for s in sentences]

    def attach(spans, attr: str) -> None:
        for span in spans:
            pos = bisect.bisect_right(sent_starts, span.start) - 1
            if pos >= 0 and span.start < sentences[pos].span.end:
                getattr(sentences[pos], attr).append(span)

    attach(sorted(doc.spans.get(TARGET_GROUP, []), key=lambda s: (s.start, s.end)), "targets")
    attach(sorted(doc.spans.get(QUANTITY_GROUP, []), key=lambda s: (s.start, s.end)), "quantities")
    return DocView(document=document, doc=doc, sentences=sentences, has_headings=has_headings)
