"""`DocView`: one document's annotated sentences, each tagged with its section and zone.

Runs the pipeline over the document's narrative only: table and caption blocks are blanked
(replaced by spaces of the same length, newlines kept) so every character offset in the spaCy
`Doc` is an offset into `Document.text` and evidence points straight into the source.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from gsvlms_extract.extract.sections import Zone, zone_of
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.nlp.extensions import QUANTITY_GROUP, TARGET_GROUP

__all__ = ["Sentence", "DocView", "narrative_text", "annotate"]

logger = logging.getLogger(__name__)

_MODIFIER_NAMES = {
    "NEGATED_EXISTENCE": "negated",
    "POSSIBLE_EXISTENCE": "possible",
    "HYPOTHETICAL": "hypothetical",
    "HISTORICAL": "historical",
    "FAMILY": "family",
}
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


def is_asserted(span: Span) -> bool:
    """True unless ConText marks the mention negated, possible, hypothetical or family."""
    return not (set(modifiers_of(span)) & NOT_ASSERTED)


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


def annotate(document: Document, nlp: Language) -> DocView:
    """Run ``nlp`` over the narrative of ``document`` and index what it found by sentence."""
    doc = nlp(narrative_text(document))
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
