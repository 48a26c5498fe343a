"""`gsvlms_quantities`: ages, sizes and durations found by the regexes in
``patterns/quantities.jsonl`` and parsed into values (`quantity_parse`).

Spans go to ``doc.spans["gsvlms_quantities"]`` labelled ``AGE``/``SIZE``/``DURATION`` with
``span._.gsvlms_value`` (age in years, list of per-lesion sizes in mm, or months) and
``span._.gsvlms_rule`` (the rule id). Overlapping matches keep the earliest, then longest.
"""

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from gsvlms_extract.nlp.extensions import QUANTITY_GROUP, register_span_extensions
from gsvlms_extract.nlp.quantity_parse import (
    expand_macros,
    parse_age,
    parse_duration_months,
    parse_sizes_mm,
)
from gsvlms_extract.nlp.regex_scan import WordStartRegex, WordStarts
from gsvlms_extract.nlp.rules import load_rules

__all__ = ["QuantityFinder"]

_PARSERS = {"age": parse_age, "size": parse_sizes_mm, "duration": parse_duration_months}


class QuantityFinder:
    def __init__(self, patterns_dir: str | None):
        register_span_extensions()
        self.rules = [
            (rule.id, rule.kind, WordStartRegex(expand_macros(rule.regex), re.IGNORECASE))
            for rule in load_rules("quantities.jsonl", Path(patterns_dir) if patterns_dir else None)
        ]

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping (start, end, kind, rule id) matches in ``text``."""
        found = []
        starts = WordStarts(text)  # shared by the rules: they are tried at word starts only
        for rule_id, kind, regex in self.rules:
            for match in regex.finditer(text, starts):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), kind, rule_id))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept: list[tuple[int, int, str, str]] = []
        last_end = -1
        for item in found:
            if item[0] >= last_end:
                kept.append(item)
                last_end = item[1]
        return kept

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc.text
        for start, end, kind, rule_id in self.find(text):
            value = _PARSERS[kind](text[start:end])
            if value is None or value == []:
                continue
            span = doc.char_span(start, end, label=kind.upper(), alignment_mode="expand")
            if span is None:
                continue
            span._.gsvlms_value = value
            span._.gsvlms_rule = rule_id
            spans.append(span)
        doc.spans[QUANTITY_GROUP] = spans
        return doc


@Language.factory(
    "gsvlms_quantities",
    assigns=["doc.spans"],
    default_config={"patterns_dir": None},
)
def make_quantities(nlp: Language, name: str, patterns_dir: str | None) -> QuantityFinder:
    """Factory: quantity finder reading ``quantities.jsonl``."""
    return QuantityFinder(patterns_dir)
