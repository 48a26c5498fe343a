"""Age and sex as clinicians write them, on short reports written for these tests (no corpus
or MACCROBAT wording): one test per way of writing, plus what must stay null."""

from __future__ import annotations

import pytest

from gsvlms_extract.extract import extract_document
from gsvlms_extract.extract.demographics import age_in_years
from gsvlms_extract.ingest.document import Block, BlockKind, Document

FRAME = """Leiomyosarcoma of the great saphenous vein: a case report

Case presentation
{presentation}

Pathology
The specimen contained a leiomyosarcoma of the great saphenous vein.
"""
LUMP = "presented with a lump in the left thigh."


def _age_sex(nlp, presentation: str):
    text = FRAME.format(presentation=presentation)
    document = Document(source="r.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    (case,) = extract_document(document, nlp)
    return case, (case.age_years, case.sex.value if case.sex else None)


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        (f"A 45-year-old man {LUMP}", (45, "M")),
        (f"A 45-year-old Caucasian female {LUMP}", (45, "F")),
        (f"A woman aged 60 {LUMP}", (60, "F")),
        (f"A woman, aged 60 years, {LUMP}", (60, "F")),
        (f"A male patient, 45 years of age, {LUMP}", (45, "M")),
        (f"Mrs. A, 62 years old, {LUMP}", (62, "F")),
        (f"A 36- year- old man {LUMP}", (36, "M")),
        (f"A 34-yr-old man {LUMP}", (34, "M")),
        (f"Age: 63 years. Sex: male. The patient {LUMP}", (63, "M")),
        (f"A woman {LUMP[:-1]} at 47 years of age.", (47, "F")),
    ],
)
def test_adults(nlp, presentation, expected):
    assert _age_sex(nlp, presentation)[1] == expected


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        (f"A 3-month-old girl {LUMP}", (0, "F")),
        (f"A 14-month-old boy {LUMP}", (1, "M")),
        (f"A six-week-old male infant {LUMP}", (0, "M")),
        (f"A 3-week-old boy {LUMP}", (0, "M")),
        (f"An infant aged 14 months {LUMP} She was born at term.", (1, "F")),
        (f"A 4 and a half years old boy {LUMP}", (4, "M")),
        (f"A 6-year-old child {LUMP} The boy was otherwise healthy.", (6, "M")),
        (f"A newborn girl {LUMP}", (None, "F")),
    ],
)
def test_infants_and_children_in_completed_years(nlp, presentation, expected):
    assert _age_sex(nlp, presentation)[1] == expected


@pytest.mark.parametrize(
    ("presentation", "expected", "rule"),
    [
        (f"45 yo M {LUMP[10:]}", (45, "M"), "sex.letter_after_age"),
        (f"A 52 yo F {LUMP}", (52, "F"), "sex.letter_after_age"),
        (f"A 28-year-old primigravida {LUMP}", (28, "F"), "sex.f.gravida_para"),
        (f"A 31-year-old G2P1 {LUMP}", (31, "F"), "sex.f.gp_notation"),
        (f"A 31-year-old, G3 P2, {LUMP}", (31, "F"), "sex.f.gp_notation_spaced"),
        (f"A 30-year-old pregnant patient {LUMP}", (30, "F"), "sex.f.pregnant"),
        (f"A 50-year-old post-menopausal patient {LUMP}", (50, "F"), "sex.f.menopausal"),
        (f"A 72-year-old widow {LUMP}", (72, "F"), "sex.f.female_roles"),
        (f"A 12-year-old schoolboy {LUMP}", (12, "M"), "sex.m.male_roles"),
    ],
)
def test_sex_from_shorthand_and_words_that_imply_it(nlp, presentation, expected, rule):
    case, got = _age_sex(nlp, presentation)
    assert got == expected
    assert case.evidence["sex"].rule_id == rule


def test_a_sex_noun_wins_over_a_word_that_implies_it(nlp):
    case, got = _age_sex(nlp, f"A 29-year-old pregnant woman {LUMP}")
    assert got == (29, "F") and case.evidence["sex"].text == "woman"


def test_letter_after_an_age_must_stand_alone(nlp):
    _, got = _age_sex(nlp, f"A 45 yo M.D. {LUMP} He smoked.")
    assert got == (45, "M")  # from 'He', not from the 'M' of 'M.D.'
    case, _ = _age_sex(nlp, f"A 45 yo M.D. {LUMP} He smoked.")
    assert case.evidence["sex"].rule_id == "sex.m.he"


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        (f"The patient, a 60-year-old, {LUMP} He had no other complaints. He smoked.", (60, "M")),
        (f"The patient, a 60-year-old, {LUMP} She had no other complaints.", (60, "F")),
        (f"The 21-year-old patient {LUMP} He was a student.", (21, "M")),
        (f"A 66 year old patient {LUMP}", (66, None)),
    ],
)
def test_sex_from_later_pronouns_or_none(nlp, presentation, expected):
    assert _age_sex(nlp, presentation)[1] == expected


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        (f"A man in his fifties {LUMP}", (None, "M")),
        (f"A woman in her early 70s {LUMP}", (None, "F")),
        (f"A woman {LUMP} Her 70-year-old mother had breast cancer.", (None, "F")),
        (f"A girl was born to a 25-year-old mother and {LUMP[:-1]} later.", (None, "F")),
        (f"A male newborn, born at 38 weeks to a 30-year-old primigravida, {LUMP}", (None, "M")),
        (f"The boy's bone age was 10 years. He {LUMP}", (None, "M")),
        (f"A baby girl {LUMP} She died aged 55 h.", (None, "F")),
        (
            f"The boy had seizures at the age of 1 year. By the age of 3 years he {LUMP}",
            (None, "M"),
        ),
    ],
)
def test_no_age_when_the_text_gives_none_for_the_patient(nlp, presentation, expected):
    assert _age_sex(nlp, presentation)[1] == expected


@pytest.mark.parametrize(
    ("presentation", "expected"),
    [
        (f"A woman {LUMP} She first noticed it at the age of 52.", (52, "F")),
        (f"A 45-year-old {LUMP} His father, aged 80, had diabetes. He smoked.", (45, "M")),
        (f"A 62-year-old woman {LUMP} Her husband, a 65-year-old man, was well.", (62, "F")),
        (f"A 45-year-old man {LUMP} His wife was pregnant.", (45, "M")),
    ],
)
def test_the_patients_age_and_sex_not_a_relatives(nlp, presentation, expected):
    assert _age_sex(nlp, presentation)[1] == expected


@pytest.mark.parametrize(
    ("text", "value", "years"),
    [
        ("45-year-old", 45, 45),
        ("14-month-old", 14, 1),
        ("11 months old", 11, 0),
        ("six-week-old", 6, 0),
        ("aged 400 days", 400, 1),
    ],
)
def test_age_in_completed_years(text, value, years):
    assert age_in_years(text, value) == years
