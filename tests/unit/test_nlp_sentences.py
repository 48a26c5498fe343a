"""The case-report sentencizer: array version against the token-by-token rules it replaced."""

from __future__ import annotations

import functools

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.nlp.sentences import DEFAULT_ABBREVIATIONS, CaseReportSentencizer
from gsvlms_extract.nlp.tokenizer import adapt_tokenizer

_ENDERS = frozenset({".", "!", "?"})
_DASHES = frozenset({"—", "–"})


def reference_boundaries(texts: list[str], spaces: list[bool], abbreviations) -> list[int]:
    """The splitter's rules written token by token (the implementation before the array one)."""
    n = len(texts)
    found: list[int] = []
    break_next = False
    for i in range(n):
        text = texts[i]
        if spaces[i]:
            if "\n" in text:
                break_next = True
            continue
        if break_next:
            found.append(i)
            break_next = False
        if (  # "... mimicking a tumour A 52-year-old woman": a title run into the first sentence
            text in ("A", "An")
            and 0 < i < n - 3
            and texts[i - 1].isalpha()
            and texts[i - 1].islower()
            and texts[i + 1].isdigit()
            and texts[i + 2] == "-"
            and texts[i + 3].lower() in ("year", "years", "yr", "month", "months")
            and (not found or found[-1] != i)
        ):
            found.append(i)
        if text in _ENDERS:
            nxt = i + 1
            if text == "." and i > 0:
                prev = texts[i - 1]
                if prev.lower() in abbreviations:
                    continue
                if len(prev) == 1 and prev.isupper():
                    continue
            if nxt >= n:
                continue
            if texts[nxt] in _DASHES:
                continue
            if spaces[nxt]:
                break_next = True
                continue
            first = texts[nxt][0]
            if first.isupper() or first.isdigit() or first in "([“\"'":
                break_next = True
        elif text in _DASHES and i > 0 and texts[i - 1] == ".":
            break_next = True
    return found


@functools.cache
def _nlp():
    nlp = spacy.blank("en")
    adapt_tokenizer(nlp)
    return nlp


pieces = st.sampled_from(
    ["The", "mass", " ", "  ", "\n", "\n\n", ".", "!", "?", "—", "–", "Fig", "al", "D", "(", "5.9"]
    + ["cm", "Operation", "et", "e.g", '"', "'s", "2", "A", "vs", "x", "\t", ":"]
    + ["An", "52-year-old", "tumour", "year", "-", "months"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=40))
def test_same_sentence_starts_as_the_token_by_token_rules(parts):
    nlp = _nlp()
    doc = nlp.make_doc(" ".join(parts) if parts and parts[0] == "x" else "".join(parts))
    splitter = CaseReportSentencizer(list(DEFAULT_ABBREVIATIONS))
    expected = reference_boundaries(
        [t.text for t in doc], [t.is_space for t in doc], splitter.abbreviations
    )
    assert splitter._boundaries(doc) == expected
    if len(doc):
        splitter(doc)
        assert [s.start for s in doc.sents] == [0, *expected]


def test_run_in_heading_and_abbreviations():
    nlp = _nlp()
    doc = CaseReportSentencizer(list(DEFAULT_ABBREVIATIONS))(
        nlp.make_doc("Operation.—Under anaesthesia (Fig. 2) the mass was excised. It was 5.9 cm.")
    )
    assert [s.text for s in doc.sents] == [
        "Operation.—",
        "Under anaesthesia (Fig. 2) the mass was excised.",
        "It was 5.9 cm.",
    ]


def test_a_title_run_into_the_first_sentence_ends_before_the_patient():
    nlp = _nlp()
    doc = CaseReportSentencizer(list(DEFAULT_ABBREVIATIONS))(
        nlp.make_doc(
            "Aneurysm mimicking a soft-tissue tumour A 52-year-old woman had a lump. "
            "She had a 3-cm A lesion."
        )
    )
    assert [s.text for s in doc.sents] == [
        "Aneurysm mimicking a soft-tissue tumour",
        "A 52-year-old woman had a lump.",
        "She had a 3-cm A lesion.",
    ]
