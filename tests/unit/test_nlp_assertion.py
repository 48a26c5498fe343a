"""`ScopedContext` gives every target the modifiers medspaCy's ConText gives it, in order.

Reference: medspaCy ConText over all target spans of the document at once. Hypothesis draws
sentences of cue words and filler, and target spans anywhere (overlapping ones too).
"""

from __future__ import annotations

import functools

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from medspacy.context import ConText, ConTextRule
from spacy.tokens import Doc, Span

from gsvlms_extract.nlp.assertion import ScopedContext
from gsvlms_extract.nlp.extensions import TARGET_GROUP, register_span_extensions
from gsvlms_extract.nlp.matcher import use_rule_matcher

WORDS = ["no", "not", "history", "of", "possible", "but", "mass", "tumour", "vein", "was"]
WORDS += ["negative", "free", "-", ",", "and", ".", "."]
LABELS = ["LMS", "METASTASIS", "SITE"]


def _rules() -> list[ConTextRule]:
    return [
        ConTextRule("no", "NEGATED_EXISTENCE", direction="FORWARD"),
        ConTextRule("not", "NEGATED_EXISTENCE", direction="FORWARD", max_scope=3),
        ConTextRule("history of", "HISTORICAL", direction="FORWARD"),
        ConTextRule("possible", "POSSIBLE_EXISTENCE", direction="BIDIRECTIONAL", max_scope=2),
        ConTextRule("but", "TERMINATE", direction="TERMINATE"),
        ConTextRule(
            "was negative",
            "NEGATED_EXISTENCE",
            direction="BACKWARD",
            pattern=[{"LOWER": "was"}, {"LOWER": "negative"}, {"IS_PUNCT": True, "OP": "?"}],
        ),
        ConTextRule("-free", "NEGATED_EXISTENCE", direction="BACKWARD", max_scope=2),
        ConTextRule("not a", "PSEUDO", direction="PSEUDO"),
        ConTextRule(
            "no",
            "FAMILY",
            direction="BIDIRECTIONAL",
            allowed_types={"SITE"},
            pattern=[{"LOWER": "no"}, {"LOWER": "vein"}],
        ),
    ]


@functools.cache
def _components():
    nlp = spacy.blank("en")
    register_span_extensions()
    reference = ConText(nlp, rules=None, input_span_type="group", span_group_name=TARGET_GROUP)
    reference.add(_rules())
    context = ConText(nlp, rules=None, input_span_type="group", span_group_name="unused")
    matcher = use_rule_matcher(context, ConText, "scoped")
    context.add(_rules())
    return nlp, reference, ScopedContext(context, matcher, LABELS, skip_sections=[])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    spans=st.lists(
        st.tuples(st.integers(0, 39), st.integers(1, 3), st.sampled_from(LABELS)), max_size=12
    ),
)
def test_same_modifiers_as_context_over_the_whole_document(words, spans):
    nlp, reference, scoped = _components()

    def make() -> Doc:
        doc = Doc(
            nlp.vocab,
            words=words,
            sent_starts=[i == 0 or words[i - 1] == "." for i in range(len(words))],
        )
        targets = {
            (start, min(start + length, len(doc)), label)
            for start, length, label in spans
            if start < len(doc)
        }
        doc.spans[TARGET_GROUP] = [Span(doc, s, e, label=label) for s, e, label in sorted(targets)]
        return doc

    def seen(doc: Doc) -> list:
        return [
            (
                t.start,
                t.end,
                t.label_,
                [(m.category, m.modifier_span, m.scope_span) for m in t._.modifiers],
            )
            for t in doc.spans[TARGET_GROUP]
        ]

    assert seen(scoped(make())) == seen(reference(make()))


def test_a_cue_in_a_sentence_without_targets_is_not_run(nlp):
    doc = nlp("No metastasis was found.\nThere was no history of trauma.\n")
    graph = doc._.context_graph
    assert [m.category for m in graph.modifiers] == ["NEGATED_EXISTENCE"]
    negated = [t for t in doc.spans[TARGET_GROUP] if t._.modifiers]
    assert [t.text.lower() for t in negated] == ["metastasis"]
