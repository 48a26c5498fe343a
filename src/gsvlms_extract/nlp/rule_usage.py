"""Which rules fire where: per rule id, the documents and sentences it matched in.

A rule *fires* in a sentence when the pipeline keeps one of its matches there (after overlap
pruning):

- ``targets.jsonl``: a span in ``doc.spans["gsvlms_targets"]`` with that ``gsvlms_rule``
  (short forms found by the abbreviation detector, ``abbreviation:<id>``, are not counted);
- ``quantities.jsonl``: a span in ``doc.spans["gsvlms_quantities"]`` (its value parsed);
- ``sections.jsonl``: a section title in ``doc._.sections``;
- ``context.jsonl``: a ConText cue matched in the text, whether or not a target was near it.

`RuleUsage` collects firings over documents and answers which rules never fire and which fire
in exactly one sentence (a rule that fits one sentence of the corpus is a smell: it may have
been written for that sentence). Used by ``scripts/rules_report.py`` (``make rules-report``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from gsvlms_extract.nlp.extensions import QUANTITY_GROUP, TARGET_GROUP
from gsvlms_extract.nlp.rules import RULE_FILES, load_rules

__all__ = ["RuleUsage", "RuleFirings", "all_rule_ids", "firings"]


def all_rule_ids(patterns_dir: Path | str | None = None) -> dict[str, str]:
    """Every rule id in the rule files, mapped to its file name, in file order."""
    return {rule.id: name for name in RULE_FILES for rule in load_rules(name, patterns_dir)}


def firings(doc: Doc, nlp: Language) -> Iterator[tuple[str, int]]:
    """``(rule id, sentence start token)`` for every match the pipeline kept in ``doc``."""
    starts = [sentence.start for sentence in doc.sents] if len(doc) else []

    def sentence_of(token: int) -> int:
        return starts[bisect.bisect_right(starts, token) - 1] if starts else 0

    for span in doc.spans.get(TARGET_GROUP, []):
        rule = span._.gsvlms_rule
        if rule and not rule.startswith("abbreviation:"):
            yield rule, sentence_of(span.start)
    for span in doc.spans.get(QUANTITY_GROUP, []):
        if span._.gsvlms_rule:
            yield span._.gsvlms_rule, sentence_of(span.start)
    for section in getattr(doc._, "sections", None) or []:
        metadata = section.rule.metadata if section.rule is not None else None
        if metadata and metadata.get("id"):
            yield metadata["id"], sentence_of(section.title_start)
    if "gsvlms_context" in nlp.pipe_names:
        matcher = nlp.get_pipe("gsvlms_context").matcher
        for key, start, _ in matcher(doc):
            metadata = matcher.rule_map[doc.vocab.strings[key]].metadata
            if metadata and metadata.get("id"):
                yield metadata["id"], sentence_of(start)


@dataclass
class RuleFirings:
    """Where one rule fired: documents (by id) and sentences (document id, start token)."""

    rule_id: str
    rule_file: str
    documents: set[str] = field(default_factory=set)
    sentences: set[tuple[str, int]] = field(default_factory=set)
    documents_by_group: dict[str, set[str]] = field(default_factory=dict)


class RuleUsage:
    """Firings of every known rule over a set of documents, grouped by corpus folder."""

    def __init__(self, rules: dict[str, str]):
        self.rules = {rule_id: RuleFirings(rule_id, name) for rule_id, name in rules.items()}
        self.unknown: dict[str, RuleFirings] = {}  # ids the rule files do not list
        self.groups: dict[str, int] = {}  # folder -> documents read

    def add(self, document_id: str, group: str, fired: Iterator[tuple[str, int]]) -> None:
        """Record one document's firings (``(rule id, sentence start)`` pairs)."""
        self.groups[group] = self.groups.get(group, 0) + 1
        for rule_id, sentence in fired:
            entry = self.rules.get(rule_id)
            if entry is None:
                entry = self.unknown.setdefault(rule_id, RuleFirings(rule_id, "?"))
            entry.documents.add(document_id)
            entry.sentences.add((document_id, sentence))
            entry.documents_by_group.setdefault(group, set()).add(document_id)

    def rows(self) -> list[RuleFirings]:
        """All rules, most documents first, then by id; ids no rule file lists come last."""
        known = sorted(self.rules.values(), key=lambda r: (-len(r.documents), r.rule_id))
        return known + sorted(self.unknown.values(), key=lambda r: r.rule_id)

    def never_fired(self) -> list[RuleFirings]:
        return [r for r in self.rows() if r.rule_file != "?" and not r.documents]

    def single_sentence(self) -> list[RuleFirings]:
        return [r for r in self.rows() if len(r.sentences) == 1]
