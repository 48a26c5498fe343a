"""Shared anchors: which words name the tumour, and token distance between spans."""

from __future__ import annotations

from spacy.tokens import Span

from gsvlms_extract.extract.view import Sentence, is_asserted

__all__ = ["TUMOUR_PRESENTATIONS", "tumour_spans", "distance", "nearest"]

#: presentation words that also name the tumour itself
TUMOUR_PRESENTATIONS = frozenset({"mass", "swelling", "nodule"})


def tumour_spans(sentence: Sentence) -> list[Span]:
    """Spans naming the tumour: tumour, lesion, mass, lump, swelling, nodule, the specimen."""
    return [
        t
        for t in sentence.targets
        if t.label_ == "TUMOUR"
        or t.label_ == "LMS"
        or (t.label_ == "PRESENTATION" and t._.gsvlms_value in TUMOUR_PRESENTATIONS)
        or (t.label_ == "SIZE_CONTEXT" and t.text.lower().endswith("specimen"))
    ]


def asserted_tumour_spans(sentence: Sentence) -> list[Span]:
    return [t for t in tumour_spans(sentence) if is_asserted(t)]


def distance(a: Span, b: Span) -> int:
    """Tokens between two spans (0 when adjacent or overlapping)."""
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def nearest(anchor: Span, candidates: list[Span]) -> Span | None:
    """The candidate closest to ``anchor`` (earlier one on ties)."""
    if not candidates:
        return None
    return min(candidates, key=lambda c: (distance(anchor, c), c.start))
