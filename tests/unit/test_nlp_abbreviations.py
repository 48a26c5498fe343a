"""`BracketMatcher` keeps every candidate scispaCy's filter keeps, in scispaCy's order."""

from __future__ import annotations

import functools

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from gsvlms_extract.nlp.abbreviations import MAX_INSIDE, BracketMatcher, ShortFormMatcher

WORDS = ["(", ")", "(", ")", "great", "saphenous", "vein", "GSV", "LMS", ",", "a", "b"]


@functools.cache
def _nlp_and_matcher():
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)  # scispaCy's pattern, as in AbbreviationDetector.__init__
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": "+"}, {"ORTH": ")"}]])
    return nlp, matcher


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_same_short_candidates_in_the_same_order_as_the_whole_document(words):
    nlp, matcher = _nlp_and_matcher()
    doc = Doc(nlp.vocab, words=words)

    def kept(matches):  # what scispaCy's filter_matches looks at
        return [m for m in matches if m[2] - m[1] - 2 <= MAX_INSIDE]

    assert kept(BracketMatcher(matcher)(doc)) == kept(matcher(doc))


def test_a_document_without_brackets_is_not_scanned():
    nlp, matcher = _nlp_and_matcher()
    assert BracketMatcher(matcher)(nlp("no brackets here at all")) == []
    assert BracketMatcher(matcher)(nlp("")) == []


def test_short_forms_take_the_longest_concept_of_their_long_form(nlp):
    doc = nlp("Pulmonary metastases (PMs) were found. Later the PMs grew.")
    shorts = [(s.start, s.label_, s._.gsvlms_rule) for s in doc.spans["gsvlms_targets"]]
    rule = "abbreviation:met_site.lung.pulmonary"  # 'Pulmonary' and 'metastases' tie: the first
    assert [s for s in shorts if s[2].startswith("abbreviation:")] == [
        (3, "MET_SITE", rule),
        (10, "MET_SITE", rule),
    ]


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    shorts=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2), max_size=4),
)
def test_short_form_matcher_finds_what_scispacys_global_matcher_finds(words, shorts):
    nlp, _ = _nlp_and_matcher()
    doc = Doc(nlp.vocab, words=words)
    reference, ours = Matcher(nlp.vocab), ShortFormMatcher(nlp.vocab)
    for number, short in enumerate(shorts):
        pattern = [{"ORTH": word} for word in short]
        reference.add(f"long form {number}", [pattern])
        ours.add(f"long form {number}", [pattern])
    assert sorted(ours(doc)) == sorted(reference(doc))
    for number in range(len(shorts)):
        ours.remove(f"long form {number}")
    assert ours(doc) == []


def test_a_plain_word_paired_with_a_bracketed_phrase_is_not_a_short_form(nlp):
    doc = nlp(
        "A mass lay within the small saphenous vein (lesser saphenous vein, vena saphena parva). "
        "The great saphenous vein was normal."
    )
    added = [s.text for s in doc.spans["gsvlms_targets"] if s._.gsvlms_rule.startswith("abbrev")]
    assert added == []
