"""Table 1 cell normalizers: one example per documented rule, and robustness on any string."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.errors import GoldError, VocabularyError
from gsvlms_extract.gold import normalize as n
from gsvlms_extract.schema import (
    Adjuvant,
    MetastasisSite,
    Operation,
    Outcome,
    Pain,
    Presentation,
    Region,
    Sex,
    Side,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("M/23", (Sex.M, 23)),
        ("F/3", (Sex.F, 3)),
        ("F65", (Sex.F, 65)),  # malformed in the table (case 47), still unambiguous
        (" m / 40 ", (Sex.M, 40)),
        ("NA", (None, None)),
    ],
)
def test_sex_age(cell, expected):
    assert n.parse_sex_age(cell) == expected


@pytest.mark.parametrize("cell", ["X/23", "M/", "23", "M/200", "Male 23", "M/23/4"])
def test_sex_age_rejects(cell):
    with pytest.raises(VocabularyError, match="gender/age"):
        n.parse_sex_age(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Left thigh", (Side.left, Region.thigh)),
        ("right shank", (Side.right, Region.shank)),
        ("Above knee", (None, Region.thigh)),
        ("Below knee", (None, Region.shank)),
        ("Right knee", (Side.right, Region.knee)),
        ("left calf", (Side.left, Region.shank)),
        ("Lower leg", (None, Region.shank)),
        ("Inguinal", (None, Region.groin)),
        ("Thigh", (None, Region.thigh)),
        ("Groin", (None, Region.groin)),
        ("Ankle", (None, Region.ankle)),
        ("NA", (None, None)),
    ],
)
def test_site(cell, expected):
    assert n.parse_site(cell) == expected


@pytest.mark.parametrize("cell", ["Left arm", "thigh left", "Both thighs"])
def test_site_rejects(cell):
    with pytest.raises(VocabularyError, match="site"):
        n.parse_site(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("25", (25.0, [25.0])),
        ("40 and 60", (60.0, [40.0, 60.0])),
        ("100 and 50", (100.0, [100.0, 50.0])),
        ("17.5", (17.5, [17.5])),
        ("NA", (None, None)),
    ],
)
def test_size(cell, expected):
    assert n.parse_size(cell) == expected


@pytest.mark.parametrize("cell", ["0", "large", "40 mm x 20 mm", "40 and"])
def test_size_rejects(cell):
    with pytest.raises(VocabularyError, match="size"):
        n.parse_size(cell)


P = Presentation


@pytest.mark.parametrize(
    ("cell", "symptoms", "pain"),
    [
        ("Painless mass", [P.mass], Pain.painless),
        ("Asymptomatic mass", [P.asymptomatic, P.mass], Pain.painless),
        ("Painful lump", [P.mass], Pain.painful),
        ("Painful mass, edema", [P.edema, P.mass], Pain.painful),
        ("Superficial thrombophlebitis symptoms", [P.phlebitis], None),
        ("Painless mass, femoral vein thrombosis", [P.mass, P.thrombosis], Pain.painless),
        (
            "Lower extremity edema, extensive Deep venous thrombosis (DVT)",
            [P.edema, P.thrombosis],
            None,
        ),
        ("thrombosis", [P.thrombosis], None),
        ("Small nodule", [P.nodule], None),
        ("Asymptomatic swelling", [P.asymptomatic, P.swelling], Pain.painless),
        ("History of Leiomyosarcoma of the great saphenous vein(GSLMS)", None, None),
        ("NA", None, None),
    ],
)
def test_presentation(cell, symptoms, pain):
    assert n.parse_presentation(cell) == (symptoms, pain)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Painless ulcer", "unknown word"),
        ("Painful", "names no symptom"),
        ("Painless mass, painful mass", "both painful and painless"),
    ],
)
def test_presentation_rejects(cell, problem):
    with pytest.raises(VocabularyError, match=problem):
        n.parse_presentation(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Radical resection", (Operation.radical_resection, False)),
        ("Extended resection", (Operation.extended_resection, False)),
        (
            "Radical resection and femoral vein reconstruction",
            (Operation.radical_resection, True),
        ),
        ("NA", (None, None)),
    ],
)
def test_operation(cell, expected):
    assert n.parse_operation(cell) == expected


def test_operation_rejects_amputation():
    with pytest.raises(VocabularyError, match="operation"):
        n.parse_operation("Amputation")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("No", Adjuvant.none),
        ("Radiotherapy", Adjuvant.radiotherapy),
        ("Chemotherapy", Adjuvant.chemotherapy),
        ("Radiotherapy and chemotherapy", Adjuvant.radiochemotherapy),
        ("NA", None),
    ],
)
def test_adjuvant(cell, expected):
    assert n.parse_adjuvant(cell) == expected


def test_yes_no():
    assert [n.parse_yes_no(c) for c in ("Yes", "No", "NA")] == [True, False, None]
    with pytest.raises(VocabularyError):
        n.parse_yes_no("Maybe")


M = MetastasisSite


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("No", []),
        ("NA", None),
        ("Lung/liver", [M.liver, M.lung]),
        ("Cardiac metastasis", [M.heart]),
        ("Lung/scalp/chest/bone/heart", [M.bone, M.chest_wall, M.heart, M.lung, M.scalp]),
        ("Thyroid/subcutaneous", [M.subcutaneous, M.thyroid]),
        ("Skin/lung/brain", [M.brain, M.lung, M.skin]),
    ],
)
def test_metastasis(cell, expected):
    assert n.parse_metastasis(cell) == expected


def test_metastasis_unknown_word_is_an_error_not_a_drop():
    with pytest.raises(VocabularyError, match="'check' is not a metastasis site"):
        n.parse_metastasis("Liver/check")


def test_followup_outcome_year_author_nation():
    assert n.parse_months("216") == 216.0
    assert n.parse_months("NA") is None
    assert n.parse_outcome("Death") is Outcome.dead
    assert n.parse_outcome("Alive") is Outcome.alive
    assert n.parse_year("1868") == 1868
    assert n.parse_author("Aufrecht (4)") == ("Aufrecht", 4)
    assert n.parse_author("Tresgallo-Parés (50)") == ("Tresgallo-Parés", 50)
    assert n.parse_author("This case") == (None, None)
    assert n.parse_nation("Puerto Rico") == "Puerto Rico"
    assert n.parse_nation("NA") is None
    for parse, bad in [(n.parse_months, "six"), (n.parse_outcome, "Lost"), (n.parse_year, "19x")]:
        with pytest.raises(VocabularyError):
            parse(bad)


ALL_PARSERS = [
    n.parse_sex_age,
    n.parse_site,
    n.parse_size,
    n.parse_presentation,
    n.parse_operation,
    n.parse_adjuvant,
    n.parse_yes_no,
    n.parse_metastasis,
    n.parse_months,
    n.parse_outcome,
    n.parse_year,
    n.parse_author,
    n.parse_nation,
]


@given(st.text(max_size=40))
def test_gender_age_never_raises_anything_else(text):
    try:
        sex, age = n.parse_sex_age(text)
    except (GoldError, VocabularyError):
        return
    assert (sex is None) == (age is None)
    assert sex is None or 0 <= age <= 120


@given(st.text(alphabet="0123456789. andANx,/;-", max_size=30))
def test_size_never_raises_anything_else(text):
    try:
        size, sizes = n.parse_size(text)
    except (GoldError, VocabularyError):
        return
    assert size is None or (size == max(sizes) and all(s > 0 for s in sizes))


@given(st.text(max_size=60))
def test_every_parser_raises_only_the_family(text):
    for parse in ALL_PARSERS:
        with contextlib.suppress(GoldError, VocabularyError):
            parse(text)
