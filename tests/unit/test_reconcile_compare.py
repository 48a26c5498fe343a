"""Every comparison rule of FIELD_RULES, its tolerance edges, and the null outcomes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.reconcile.compare import (
    CATEGORICAL_FIELDS,
    FIELD_RULES,
    Outcome,
    compare_records,
    compare_values,
    values_agree,
)
from gsvlms_extract.schema import (
    CLINICAL_FIELDS,
    Adjuvant,
    CaseRecord,
    MetastasisSite,
    Presentation,
    Region,
    Sex,
    Side,
)
from gsvlms_extract.schema import (
    Outcome as Vital,
)


def test_rules_cover_every_clinical_field_in_schema_order():
    assert tuple(FIELD_RULES) == CLINICAL_FIELDS
    assert set(CATEGORICAL_FIELDS) == {
        "sex",
        "side",
        "region",
        "pain",
        "operation",
        "vein_reconstruction",
        "adjuvant",
        "local_recurrence",
        "outcome",
    }


@pytest.mark.parametrize(
    ("field", "extracted", "gold", "agree"),
    [
        ("sex", Sex.M, Sex.M, True),
        ("sex", Sex.M, Sex.F, False),
        ("side", Side.left, Side.right, False),
        ("region", Region.shank, Region.thigh, False),
        ("region", Region.groin, Region.groin, True),
        ("adjuvant", Adjuvant.none, Adjuvant.radiotherapy, False),
        ("outcome", Vital.dead, Vital.dead, True),
        ("vein_reconstruction", False, False, True),
        ("local_recurrence", True, False, False),
        # age within one year
        ("age_years", 37, 38, True),
        ("age_years", 37, 36, True),
        ("age_years", 37, 39, False),
        # size: 10% of gold or 5 mm, whichever larger
        ("size_mm", 55, 60, True),  # 5 mm
        ("size_mm", 54, 60, True),  # 6 mm = 10% of 60, larger than 5 mm
        ("size_mm", 53, 60, False),  # 7 mm
        ("size_mm", 15, 20, True),  # 5 mm floor beats 10% (2 mm)
        ("size_mm", 14, 20, False),
        ("size_mm", 108, 120, True),  # 12 mm = 10% of 120
        ("size_mm", 107, 120, False),  # 13 mm
        ("size_mm", 70, 60, False),  # case 57: 7 cm vs printed 60 mm
        # follow-up within one month
        ("followup_months", 13, 12, True),
        ("followup_months", 13, 11, False),
        ("followup_months", 96.5, 96, True),
        # sets
        (
            "presentation",
            [Presentation.mass, Presentation.edema],
            [Presentation.edema, Presentation.mass],
            True,
        ),
        ("presentation", [Presentation.mass], [Presentation.mass, Presentation.edema], False),
        ("metastasis", [], [], True),
        ("metastasis", [MetastasisSite.lung], [], False),
        ("sizes_mm", [30.0, 70.0], [72.0, 29.0], True),
        ("sizes_mm", [70.0], [70.0, 30.0], False),
        ("sizes_mm", [30.0, 90.0], [30.0, 70.0], False),
    ],
)
def test_rule(field, extracted, gold, agree):
    assert values_agree(field, extracted, gold) is agree
    assert compare_values(field, extracted, gold) is (Outcome.agree if agree else Outcome.disagree)


def test_null_outcomes():
    assert compare_values("sex", None, None) is Outcome.both_null
    assert compare_values("sex", None, Sex.F) is Outcome.missed
    assert compare_values("sex", Sex.F, None) is Outcome.extra
    # an empty list ("none reported") is a value, not a null
    assert compare_values("metastasis", [], None) is Outcome.extra
    assert compare_values("metastasis", None, []) is Outcome.missed


def test_compare_records_field_by_field():
    extracted = CaseRecord(sex="M", age_years=37, region="shank", size_mm=70, metastasis=[])
    gold = CaseRecord(sex="M", age_years=37, region="thigh", size_mm=60, outcome="alive")
    outcomes = compare_records(extracted, gold)
    assert list(outcomes) == list(CLINICAL_FIELDS)
    assert outcomes["sex"] is Outcome.agree
    assert outcomes["region"] is Outcome.disagree
    assert outcomes["size_mm"] is Outcome.disagree
    assert outcomes["metastasis"] is Outcome.extra
    assert outcomes["outcome"] is Outcome.missed
    assert outcomes["pain"] is Outcome.both_null


sizes = st.floats(min_value=1, max_value=500, allow_nan=False)


@given(gold=sizes, delta=st.floats(min_value=-1, max_value=1))
def test_size_tolerance_is_max_of_ten_percent_and_5mm(gold, delta):
    tolerance = max(0.1 * gold, 5.0)
    extracted = gold + delta * tolerance
    if extracted <= 0:
        return
    assert values_agree("size_mm", extracted, gold)
    assert not values_agree("size_mm", gold + tolerance * 1.01 + 0.01, gold)


@given(st.integers(0, 120), st.integers(0, 120))
def test_age_rule_is_symmetric_one_year(a, b):
    assert values_agree("age_years", a, b) == values_agree("age_years", b, a) == (abs(a - b) <= 1)


@given(st.lists(st.sampled_from(list(MetastasisSite)), max_size=5), st.randoms())
def test_set_rule_ignores_order_and_duplicates(sites, rnd):
    shuffled = sites[:] + sites[:1]
    rnd.shuffle(shuffled)
    assert values_agree("metastasis", shuffled, sites)
