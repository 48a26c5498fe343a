"""`Finding`: a value with the words it came from, and its conversion to `Evidence`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from gsvlms_extract.extract.view import Sentence, cue_rules_of, modifiers_of
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.schema import Evidence

__all__ = ["Finding", "from_span", "to_evidence"]


@dataclass(frozen=True)
class Finding:
    """A field value and where it was read: character offsets into ``Document.text``."""

    value: Any
    start: int
    end: int
    text: str
    sentence: str
    sentence_start: int
    rule_id: str
    modifiers: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


def from_span(value: Any, sentence: Sentence, span: Span, rule_id: str | None = None) -> Finding:
    """A finding read from ``span`` (a target or quantity span) inside ``sentence``."""
    return Finding(
        value=value,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        sentence=sentence.text.strip(),
        sentence_start=sentence.span.start_char,
        rule_id=rule_id or span._.gsvlms_rule or span.label_.lower(),
        modifiers=modifiers_of(span),
        cues=cue_rules_of(span),
    )


def to_evidence(finding: Finding, document: Document) -> Evidence:
    """The schema's `Evidence` for a finding (page from the document's page map)."""
    return Evidence(
        start=finding.start,
        end=finding.end,
        page=document.page_at(finding.start),
        sentence=finding.sentence,
        text=finding.text,
        rule_id=finding.rule_id,
        modifiers=finding.modifiers,
        cues=finding.cues,
    )
