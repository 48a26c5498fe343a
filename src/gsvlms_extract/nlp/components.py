"""medspaCy components configured with the rules in ``patterns/``.

Each factory builds the medspaCy component the field uses and feeds it this project's
rules (validated by `gsvlms_extract.nlp.rules`) instead of medspaCy's clinical-note
defaults, which were written for discharge summaries, not published case reports:

- ``gsvlms_sectionizer``: medspaCy Sectionizer, section titles from ``sections.jsonl``;
  a title must stand at the start of a line (not indented: table cells are) and end the
  line or be a run-in heading ("Operation.—", "Pathology:", "Case report. A 65-year-old").
- ``gsvlms_target_matcher``: medspaCy TargetMatcher, concepts from ``targets.jsonl`` into
  ``doc.spans["gsvlms_targets"]`` with ``span._.gsvlms_rule`` / ``span._.gsvlms_value``.
- ``gsvlms_context``: medspaCy ConText over those spans, cues from ``context.jsonl``.
"""

import logging
from pathlib import Path

from spacy.language import Language

from gsvlms_extract.nlp.assertion import ScopedContext
from gsvlms_extract.nlp.extensions import ASSERTED_GROUP, TARGET_GROUP, register_span_extensions
from gsvlms_extract.nlp.matcher import use_rule_matcher
from gsvlms_extract.nlp.rules import load_rules
from gsvlms_extract.nlp.sectionizer import HEADING_LINE_PATTERN, case_report_sectionizer

__all__ = ["HEADING_LINE_PATTERN"]

logger = logging.getLogger(__name__)

_OPTIONAL_NUMBERING = {"TEXT": {"REGEX": r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.?|\[)$"}, "OP": "?"}
_OPTIONAL_SEPARATOR = {"TEXT": {"IN": ["|", ")", "-", "–", "."]}, "OP": "?"}
_OPTIONAL_TRAILER = {"TEXT": {"IN": [".", ":", "]", "—", "–"]}, "OP": "*"}


def _patterns_path(patterns_dir: str | None) -> Path | None:
    return Path(patterns_dir) if patterns_dir else None


def _title_pattern(literal: str, pattern: list | None) -> list:
    body = pattern or [{"LOWER": word} for word in literal.lower().split()]
    return [_OPTIONAL_NUMBERING, _OPTIONAL_SEPARATOR, *body, _OPTIONAL_TRAILER]


@Language.factory(
    "gsvlms_sectionizer",
    assigns=["doc._.sections"],
    default_config={"patterns_dir": None},
)
def make_sectionizer(nlp: Language, name: str, patterns_dir: str | None):
    """Factory: medspaCy Sectionizer with the case-report titles of ``sections.jsonl``."""
    from medspacy.section_detection import SectionRule

    sectionizer = case_report_sectionizer(nlp, name, name)
    sectionizer.add(
        [
            SectionRule(
                literal=rule.literal,
                category=rule.category,
                pattern=_title_pattern(rule.literal, rule.pattern),
                metadata={"id": rule.id},
            )
            for rule in load_rules("sections.jsonl", _patterns_path(patterns_dir))
        ]
    )
    return sectionizer


@Language.factory(
    "gsvlms_target_matcher",
    assigns=["doc.spans"],
    default_config={"patterns_dir": None},
)
def make_target_matcher(nlp: Language, name: str, patterns_dir: str | None):
    """Factory: medspaCy TargetMatcher with the concepts of ``targets.jsonl``."""
    from medspacy.target_matcher import TargetMatcher, TargetRule
    from spacy.tokens import Span

    class GroupTargetMatcher(TargetMatcher):
        """medspaCy's TargetMatcher; into a span group it sets a span's attributes through
        one ``span._`` (medspaCy builds three per span, a third of the component's time)."""

        def __call__(self, doc):
            if (self.result_type or "").lower() != "group":
                return super().__call__(doc)
            strings = doc.vocab.strings
            rule_map = self.rule_matcher.rule_map
            spans = []
            for rule_id, start, end in self.rule_matcher(doc):
                rule = rule_map[strings[rule_id]]
                span = Span(doc, start=start, end=end, label=rule.category)
                underscore = span._
                underscore.target_rule = rule
                for attribute, value in (rule.attributes or {}).items():
                    setattr(underscore, attribute, value)
                spans.append(span)
            if self.span_group_name in doc.spans:
                doc.spans[self.span_group_name] += spans
            else:
                doc.spans[self.span_group_name] = spans
            return doc

    register_span_extensions()
    matcher = GroupTargetMatcher(nlp, name=name, result_type="group", span_group_name=TARGET_GROUP)
    matcher.rule_matcher = use_rule_matcher(matcher, TargetMatcher, name)
    matcher.add(
        [
            TargetRule(
                literal=rule.literal,
                category=rule.category,
                pattern=rule.pattern,
                attributes={"gsvlms_rule": rule.id, "gsvlms_value": rule.value},
            )
            for rule in load_rules("targets.jsonl", _patterns_path(patterns_dir))
        ]
    )
    return matcher


#: target categories ConText asserts (the others are cues the extractor reads as they are)
ASSERTED_CATEGORIES = [
    "PRESENTATION",
    "PAIN",
    "OPERATION",
    "OPERATION_EXTENDED",
    "VEIN_RECONSTRUCTION",
    "ADJUVANT",
    "RECURRENCE",
    "METASTASIS",
    "OUTCOME",
    "LMS",
    "LEIOMYOMA",
    "SEX",
    "MET_SITE",
    "VEIN",
    "TUMOUR",
    "REGION",
]
#: sections about other patients: their targets are not asserted (`ScopedContext`)
UNASSERTED_SECTIONS = [
    "introduction",
    "discussion",
    "literature_review",
    "references",
    "backmatter",
]


@Language.factory(
    "gsvlms_context",
    assigns=["span._.modifiers", "doc._.context_graph"],
    default_config={
        "patterns_dir": None,
        "categories": ASSERTED_CATEGORIES,
        "skip_sections": UNASSERTED_SECTIONS,
    },
)
def make_context(
    nlp: Language,
    name: str,
    patterns_dir: str | None,
    categories: list[str],
    skip_sections: list[str],
):
    """Factory: medspaCy ConText over the asserted target spans, cues from ``context.jsonl``."""
    from medspacy.context import ConText, ConTextRule

    context = ConText(
        nlp,
        name=name,
        rules=None,
        input_span_type="group",
        span_group_name=ASSERTED_GROUP,
    )
    matcher = use_rule_matcher(context, ConText, name)
    context.add(
        [
            ConTextRule(
                literal=rule.literal,
                category=rule.category,
                pattern=rule.pattern,
                direction=rule.direction,
                max_scope=rule.max_scope,
                allowed_types=set(rule.allowed_types) if rule.allowed_types else None,
                excluded_types=set(rule.excluded_types) if rule.excluded_types else None,
                metadata={"id": rule.id},
            )
            for rule in load_rules("context.jsonl", _patterns_path(patterns_dir))
        ]
    )
    return ScopedContext(context, matcher, categories, skip_sections)
