"""Age and sex of the patient.

Age: the first age phrase of the case text ("a 76-year-old woman", "aged 85", "F/42",
"63 y/o"); phrases that state an age directly are preferred over "at the age of", which
often dates a past event. "A man in his sixties" gives no number, hence null.
Sex: the noun in the sentence that gave the age, else the first patient noun (man, woman,
boy, girl, gentleman, lady...), else a clear majority of he/she pronouns in the case text.
"""

from __future__ import annotations

from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted

__all__ = ["extract_age", "extract_sex"]

_DIRECT_AGE_RULES = frozenset(
    {"age.years_old", "age.aged", "age.y_o", "age.sex_slash", "age.years_of_age", "age.person_of"}
)
_PRONOUNS = frozenset({"he", "his", "him", "she", "her", "hers"})


def _ages(sentences: list[Sentence], direct: bool):
    for sentence in sentences:
        for span in sentence.quantities_of("AGE"):
            if (span._.gsvlms_rule in _DIRECT_AGE_RULES) == direct:
                yield sentence, span


def extract_age(patient: PatientText) -> Finding | None:
    for direct in (True, False):
        for sentences in (patient.case, patient.summary):
            for sentence, span in _ages(sentences, direct):
                return from_span(int(span._.gsvlms_value), sentence, span)
    return None


def _nouns(sentence: Sentence):
    for span in sentence.of("SEX"):
        if span.text.lower() not in _PRONOUNS and is_asserted(span):
            yield span


def extract_sex(patient: PatientText, age: Finding | None) -> Finding | None:
    groups = (patient.case, patient.summary)
    if age is not None:
        for sentences in groups:
            for sentence in sentences:
                if sentence.span.start_char == age.sentence_start:
                    if age.rule_id == "age.sex_slash":
                        value = age.text.strip()[0].upper()
                        return Finding(
                            value,
                            age.start,
                            age.end,
                            age.text,
                            age.sentence,
                            age.sentence_start,
                            age.rule_id,
                        )
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
