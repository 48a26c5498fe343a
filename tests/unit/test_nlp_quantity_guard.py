"""The number-word lookahead in `quantity_parse.NUMBER_WORD` changes speed, never matches.

Reference: the same alternation without the lookahead. Hypothesis draws text from number-word
pieces, digits, units, separators and the characters whose case-insensitive forms are ASCII
letters ('ſ' is 's', the Kelvin sign is 'k', dotted and dotless i).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.nlp import quantity_parse as qp
from gsvlms_extract.nlp.rules import load_rules

_WORDS = [*qp._UNITS, *qp._TENS]
UNGUARDED_NUMBER_WORD = (
    rf"(?:(?:{qp._TEN_WORDS})(?:[\s-](?:{qp._UNIT_WORDS}))?|{qp._UNIT_WORDS}|a\s+hundred)"
)
UNGUARDED_NUM = rf"(?:\d+(?:[.,]\d+)?|{UNGUARDED_NUMBER_WORD})"

pieces = st.sampled_from(
    [*_WORDS, *(w.upper() for w in _WORDS), *(w[:3] for w in _WORDS), "a hundred", "A"]
    + ["7", "12", "5.9", "4,5", " ", "-", "\n", "cm", "mm", "years", "year-old", "x", "and"]
    + ["ſix", "\u212aing", "İ", "ı", "é", "Ω", "aged", "of", "F/", "y/o", "months"]
)
texts = st.lists(pieces, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_number_macro_matches_what_it_matched_without_the_lookahead(text):
    guarded = re.compile(qp.NUM, re.IGNORECASE)
    plain = re.compile(UNGUARDED_NUM, re.IGNORECASE)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(texts)
def test_every_quantity_rule_matches_what_it_matched_without_the_lookahead(text):
    for rule in load_rules("quantities.jsonl"):
        guarded = re.compile(qp.expand_macros(rule.regex), re.IGNORECASE)
        plain = re.compile(
            rule.regex.replace("{NUM}", UNGUARDED_NUM).replace("{UNIT}", qp.UNIT), re.IGNORECASE
        )
        assert [m.span() for m in guarded.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], rule.id


def test_the_lookahead_admits_the_first_letter_of_every_number_word():
    guard = re.compile(rf"[{qp._FIRST_LETTERS}]", re.IGNORECASE)
    assert all(guard.match(word) for word in [*_WORDS, "a hundred"])
