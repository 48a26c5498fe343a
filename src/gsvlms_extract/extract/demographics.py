"""Age and sex of the patient.

Age, in completed years (how registries count; under one year is 0):

* the first phrase of the case text that states an age directly ("a 76-year-old woman",
  "aged 85", "F/42", "63 y/o", "45 years of age", "Age: 45", "a 3-month-old girl" -> 0,
  "a 14-month-old boy" -> 1), then of the title/abstract;
* an age that belongs to someone else is skipped: the age of a relative ("her 70-year-old
  mother", "born to a 30-year-old primigravida") is not the patient's;
* only when no direct age is written: an age that dates an event ("at the age of 45 she
  noticed a lump"), if every such age of the case text is the same. A story dated by several
  ages ("by the age of 1 year ... at the age of 2 years") states no single age: null.

"A man in his sixties", "a woman in her early 70s" give no number: null.

Sex: the letter after a direct age ("45 yo M", "52-year-old F"), else the first sex word in the
sentence that gave the age, else the first in the case text, else a clear majority of he/she
pronouns. Sex words are nouns (man, woman, boy, girl, gentleman, lady...) and words that only
describe one sex (primigravida, G2P1, pregnant, postmenopausal, widow...); a word under a
ConText negation or family modifier ("her mother was pregnant") is not about the patient.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted

__all__ = ["extract_age", "extract_sex", "age_in_years"]

_DIRECT_AGE_RULES = frozenset(
    {
        "age.years_old",
        "age.aged",
        "age.y_o",
        "age.sex_slash",
        "age.years_of_age",
        "age.person_of",
        "age.months_old",
        "age.aged_months",
        "age.field_label",
    }
)
_PRONOUNS = frozenset({"he", "his", "him", "she", "her", "hers"})
#: Words that imply a sex without naming it; a noun (woman, boy) in the same place wins.
_IMPLIED_SEX_RULES = frozenset(
    {
        "sex.f.gravida_para",
        "sex.f.gp_notation",
        "sex.f.gp_notation_spaced",
        "sex.f.pregnant",
        "sex.f.menopausal",
        "sex.f.female_roles",
        "sex.m.male_roles",
    }
)
#: People whose age a case report also gives: an age next to one of them is theirs.
_RELATIVES = frozenset(
    {
        "mother",
        "father",
        "parent",
        "parents",
        "sister",
        "brother",
        "sibling",
        "siblings",
        "son",
        "daughter",
        "husband",
        "wife",
        "partner",
        "grandmother",
        "grandfather",
        "aunt",
        "uncle",
        "cousin",
        "twin",
        "donor",
        "mom",
        "dad",
    }
)
_BORN_TO = re.compile(r"\b(?:born|delivered)\s+(?:at\s+\S+\s+(?:weeks?\s+)?)?to\b", re.I)
_UNIT = re.compile(r"(months?|mos?|weeks?|wks?|days?)\b", re.I)
_DAYS_PER_YEAR = 365.25
#: "45 yo M", "52-year-old F": a capital letter after an age is the sex.
_SEX_LETTER = re.compile(r"[\s,]*([MF])(?=$|[\s,;:)]|\.(?:\s|$))")


def age_in_years(text: str, value: int) -> int:
    """Completed years of an age phrase: ``value`` for years, converted for months, weeks, days.

    >>> age_in_years("a 14-month-old", 14), age_in_years("six-week-old", 6)
    (1, 0)
    """
    unit = _UNIT.search(text)
    if unit is None:
        return value
    word = unit.group(1).lower()
    if word.startswith("mo"):
        return value // 12
    if word.startswith("w"):
        return int(value * 7 // _DAYS_PER_YEAR)
    return int(value // _DAYS_PER_YEAR)


def _words(span: Span, sent: Span, before: int, after: int) -> tuple[list[str], list[str]]:
    """Lower-cased words up to ``before`` tokens before and ``after`` after ``span`` in its
    sentence ``sent``, stopping at clause punctuation."""
    left: list[str] = []
    for token in reversed(sent[: span.start - sent.start]):
        if token.text in ".;:" or len(left) >= before:
            break
        left.append(token.lower_)
    right: list[str] = []
    for token in sent[span.end - sent.start :]:
        if token.text in ".;:,(" or len(right) >= after:
            break
        right.append(token.lower_)
    return left, right


def _someone_else(span: Span, sentence: Sentence) -> bool:
    """Whether an age phrase gives a relative's age ("her 70-year-old mother")."""
    left, right = _words(span, sentence.span, before=3, after=3)
    if _RELATIVES & set(left) or _RELATIVES & set(right):
        return True
    before = sentence.span.doc.text[sentence.span.start_char : span.start_char]
    return bool(_BORN_TO.search(before))


def _ages(sentences: list[Sentence], direct: bool) -> Iterator[tuple[Sentence, Span]]:
    for sentence in sentences:
        for span in sentence.quantities_of("AGE"):
            if (span._.gsvlms_rule in _DIRECT_AGE_RULES) == direct and not _someone_else(
                span, sentence
            ):
                yield sentence, span


def _finding(sentence: Sentence, span: Span) -> Finding:
    return from_span(age_in_years(span.text, int(span._.gsvlms_value)), sentence, span)


def extract_age(patient: PatientText) -> Finding | None:
    for sentences in (patient.case, patient.summary):
        for sentence, span in _ages(sentences, direct=True):
            return _finding(sentence, span)
    for sentences in (patient.case, patient.summary):
        dated = [_finding(sentence, span) for sentence, span in _ages(sentences, direct=False)]
        if dated:
            return dated[0] if len({f.value for f in dated}) == 1 else None
    return None


#: "under the care of Mr. Hardcastle", "referred by Mrs. Jones": the title of someone else
_OTHER_PERSON_BEFORE = frozenset({"of", "by", "to", "under", "with", "from", "and", "colleague"})
_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms."})


def _title_of_another(span: Span) -> bool:
    """A title after "care of", "by", "to"...: the surgeon or a colleague, not the patient."""
    if span.text.lower() not in _TITLES or span.start == 0:
        return False
    return span.doc[span.start - 1].lower_ in _OTHER_PERSON_BEFORE


def _nouns(sentence: Sentence) -> Iterator[Span]:
    """Asserted sex words of a sentence: nouns (woman) before words implying a sex (widow)."""
    words = [
        span
        for span in sentence.of("SEX")
        if span.text.lower() not in _PRONOUNS and is_asserted(span) and not _title_of_another(span)
    ]
    yield from sorted(words, key=lambda span: span._.gsvlms_rule in _IMPLIED_SEX_RULES)


def _letter_after(age: Finding, patient: PatientText) -> Finding | None:
    if age.rule_id not in _DIRECT_AGE_RULES:
        return None
    if age.rule_id == "age.sex_slash":  # "F/42", "F, 33 y" or "39 yr/M": the letter is at an end
        text = age.text.strip().rstrip(".")
        letter = (text[0] if text[0].upper() in "MF" else text[-1]).upper()
        return Finding(
            letter, age.start, age.end, age.text, age.sentence, age.sentence_start, age.rule_id
        )
    for sentence in (*patient.case, *patient.summary):
        if sentence.span.start_char != age.sentence_start:
            continue
        text = sentence.span.doc.text
        match = _SEX_LETTER.match(text, age.end, sentence.span.end_char)
        if match is None:
            return None
        start, end = match.span(1)
        return Finding(
            match.group(1),
            start,
            end,
            match.group(1),
            age.sentence,
            age.sentence_start,
            "sex.letter_after_age",
        )
    return None


def extract_sex(patient: PatientText, age: Finding | None) -> Finding | None:
    groups = (patient.case, patient.summary)
    if age is not None:
        letter = _letter_after(age, patient)
        if letter is not None:
            return letter
        for sentences in groups:
            for sentence in sentences:
                if sentence.span.start_char == age.sentence_start:
                    for span in _nouns(sentence):
                        return from_span(span._.gsvlms_value, sentence, span)
    for sentences in groups:
        for sentence in sentences:
            for span in _nouns(sentence):
                return from_span(span._.gsvlms_value, sentence, span)
    for sentences in groups:
        counts: dict[str, list] = {"M": [], "F": []}
        for sentence in sentences:
            for span in sentence.of("SEX"):
                if span.text.lower() in _PRONOUNS and is_asserted(span):
                    counts[span._.gsvlms_value].append((sentence, span))
        male, female = len(counts["M"]), len(counts["F"])
        for value, mine, other in (("M", male, female), ("F", female, male)):
            if (mine >= 1 and other == 0) or (mine >= 2 and mine > 2 * other):
                sentence, span = counts[value][0]
                return from_span(value, sentence, span)
    return None
