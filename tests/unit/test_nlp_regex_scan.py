"""`WordStartRegex.finditer` yields exactly what ``re.finditer`` yields, trying fewer places."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.nlp.quantity_parse import expand_macros
from gsvlms_extract.nlp.regex_scan import WordStartRegex, WordStarts, first_char_class
from gsvlms_extract.nlp.rules import load_rules

pieces = st.sampled_from(
    ["a", "aged", "age", "of", "six", "Seven", "twenty-one", "76", "5.9", "3", "cm", "mm", "x"]
    + [" ", "  ", "\n", "-", "/", ":", "(", "year-old", "years", "months", "F", "M", "man"]
    + ["history ", "bone ", "ſix", "\u212aing", "İ", "ı", "é", "_", "y/o", "by", "and", "%"]
)
texts = st.lists(pieces, max_size=40).map("".join)
EXTRA = [
    r"\bab|cd",  # \b in one branch only: no shortcut
    r"(?:\bx)?y",  # the first item may be empty
    r"\b(?:\(|a)b",  # a match may start with a non-word character
    r"(?<!q)\b[0-9a-z]+\b",
    r"\b(?i:A)b",  # flags changed inside a group
    r"\b.a",  # any character first
    r"\b(?:a|)",  # may match empty
]


@pytest.mark.parametrize("pattern", EXTRA)
def test_patterns_the_shortcut_must_refuse_or_handle(pattern):
    regex = WordStartRegex(pattern, re.IGNORECASE)
    for text in ["ab cd ab", "(b ab xy y", "Ab ab", "a. ba", "", "q1 x2 a", "a(b x(b"]:
        expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        assert [m.span() for m in regex.finditer(text)] == expected


def test_first_character_classes_of_rule_shapes():
    assert first_char_class(r"\baged\s+\d", re.I) == "[a]"
    assert first_char_class(r"(?<!x\s)\b(?:at\s+)?age", re.I) == "[aa]"
    assert first_char_class(r"\b[MF]\s*/", re.I) == "[MF]"
    assert first_char_class(r"aged", re.I) is None  # no \b: every position stays possible
    assert first_char_class(r"\b(?:\d|x)*y", re.I) == r"[\dxy]"


@settings(max_examples=150, deadline=None)
@given(texts)
def test_every_quantity_rule_finds_what_finditer_finds(text):
    starts = WordStarts(text)
    for rule in load_rules("quantities.jsonl"):
        pattern = expand_macros(rule.regex)
        expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        regex = WordStartRegex(pattern, re.IGNORECASE)
        assert [m.span() for m in regex.finditer(text, starts)] == expected, rule.id


@settings(max_examples=150, deadline=None)
@given(texts, st.sampled_from(EXTRA))
def test_odd_patterns_find_what_finditer_finds(text, pattern):
    expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert [m.span() for m in WordStartRegex(pattern, re.IGNORECASE).finditer(text)] == expected
