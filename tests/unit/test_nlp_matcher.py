"""`RuleMatcher` returns exactly what medspaCy's MedspacyMatcher returns, only faster.

The reference is medspaCy's own matcher (spaCy Matcher + PhraseMatcher + pruning) on the same
rules; Hypothesis draws rule sets and token sequences from a small vocabulary so that rules
overlap, tie on the same span and use optional, repeated and non-literal tokens.
"""

from __future__ import annotations

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from medspacy.common.medspacy_matcher import MedspacyMatcher
from medspacy.common.util import prune_overlapping_matches as medspacy_prune
from medspacy.target_matcher import TargetRule
from spacy.tokens import Doc

from gsvlms_extract.nlp.matcher import RuleMatcher, compile_pattern, prune_overlapping_matches

WORDS = ["the", "great", "saphenous", "vein", "GSV", "-", "3", "cm", ".", ",", "Vein", "no"]


_NLP = spacy.blank("en")


def _nlp():
    return _NLP


literal_token = st.builds(
    lambda attr, words, op: (
        {attr: words[0] if len(words) == 1 else {"IN": words}} | ({"OP": op} if op else {})
    ),
    st.sampled_from(["LOWER", "LOWER", "TEXT"]),
    st.lists(st.sampled_from([w.lower() for w in WORDS]), min_size=1, max_size=3, unique=True),
    st.sampled_from([None, None, None, "?"]),
)
other_token = st.builds(
    lambda spec, op: spec | ({"OP": op} if op else {}),
    st.sampled_from(
        [
            {"LIKE_NUM": True},
            {"IS_PUNCT": True},
            {"TEXT": {"REGEX": "^[A-Z]"}},
            {"LOWER": "vein"},
            {"TEXT": "Vein"},
            {"IS_SENT_START": True},
        ]
    ),
    st.sampled_from([None, "?", "*", "+"]),
)
pattern = st.lists(st.one_of(literal_token, literal_token, other_token), min_size=1, max_size=5)
rule = st.one_of(
    st.builds(lambda p: TargetRule(literal="x", category="C", pattern=p), pattern),
    st.builds(
        lambda words: TargetRule(literal=" ".join(words), category="L"),
        st.lists(st.sampled_from(["the", "vein", "great saphenous", "cm"]), min_size=1, max_size=2),
    ),
)
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25)


def _both(nlp, rules):
    reference = MedspacyMatcher(nlp, name="reference")
    ours = RuleMatcher(nlp, name="ours")
    reference.add([TargetRule(r.literal, r.category, pattern=r.pattern) for r in rules])
    ours.add([TargetRule(r.literal, r.category, pattern=r.pattern) for r in rules])
    return reference, ours


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=st.lists(rule, min_size=1, max_size=6), tokens=words)
def test_same_matches_as_medspacy(rules, tokens):
    nlp = _nlp()
    reference, ours = _both(nlp, rules)
    doc = Doc(nlp.vocab, words=tokens)
    assert ours(doc) == reference(doc)


def test_literal_patterns_become_phrases_and_others_keep_the_matcher():
    nlp = _nlp()
    matcher = RuleMatcher(nlp)
    matcher.add(
        [
            TargetRule("gsv", "V", pattern=[{"LOWER": "great"}, {"LOWER": "saphenous"}]),
            TargetRule("dist", "R", pattern=[{"LIKE_NUM": True}, {"LOWER": "cm"}]),
            TargetRule("re", "R", pattern=[{"TEXT": {"REGEX": "^a"}}, {"TEXT": {"REGEX": "^b"}}]),
            TargetRule("neg", "R", pattern=[{"LOWER": "no", "OP": "!"}, {"LOWER": "vein"}]),
            TargetRule("vein", "V"),
        ]
    )
    assert matcher.counts == {
        "phrase": 1,
        "affix": 1,
        "anchored": 1,
        "matcher": 1,
        "literal": 1,
        "regex": 0,
    }
    doc = nlp("The great saphenous vein, 3 cm below.")
    spans = {(matcher.rule_map[nlp.vocab.strings[k]].literal, s, e) for k, s, e in matcher(doc)}
    assert spans == {("gsv", 1, 3), ("vein", 3, 4), ("dist", 5, 7)}


def test_compile_pattern_expands_alternatives_and_optional_tokens():
    compiled = compile_pattern(
        [{"LOWER": {"IN": ["left", "right"]}}, {"TEXT": "-", "OP": "?"}, {"LOWER": "sided"}]
    )
    assert set(compiled.phrases) == {
        ("left", "-", "sided"),
        ("left", "sided"),
        ("right", "-", "sided"),
        ("right", "sided"),
    }
    assert compiled.prefix == () and compiled.suffix == ()


def test_compile_pattern_refuses_what_a_phrase_cannot_express():
    assert compile_pattern([{"LOWER": "Vein"}]) is None  # LOWER never equals a capital
    assert compile_pattern([{"TEXT": "Vein"}]) is None  # case-sensitive text
    assert compile_pattern([{"LOWER": "no", "OP": "!"}]) is None
    assert compile_pattern([{"LIKE_NUM": True}]) is None  # no literal core
    too_many = [{"LOWER": {"IN": [f"w{i}" for i in range(30)]}}] * 3
    assert compile_pattern(too_many) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 30), st.integers(1, 6)).map(
            lambda t: (t[0], t[1], t[1] + t[2])
        ),
        max_size=40,
    )
)
def test_prune_equals_medspacy_prune(matches):
    assert prune_overlapping_matches(list(matches)) == medspacy_prune(list(matches))


anchored = st.builds(
    lambda first, rest: [first, *rest],
    other_token.filter(lambda spec: "OP" not in spec and "IS_SENT_START" not in spec),
    st.lists(st.one_of(other_token, literal_token), max_size=3),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns=st.lists(anchored, min_size=1, max_size=4), tokens=words)
def test_patterns_led_by_a_word_test_match_as_in_medspacy(patterns, tokens):
    nlp = _nlp()
    rules = [TargetRule(literal="x", category="C", pattern=p) for p in patterns]
    reference, ours = _both(nlp, rules)
    doc = Doc(nlp.vocab, words=tokens)
    assert ours(doc) == reference(doc)
