"""The shared contract: CSV round trip, vocabularies, the evidence invariant."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.errors import VocabularyError
from gsvlms_extract.schema import (
    CASE_FIELDS,
    CaseRecord,
    Evidence,
    ExtractedCase,
    MetastasisSite,
    Presentation,
    record_from_row,
    record_to_row,
)


def test_list_fields_serialize_sorted_and_empty_list_is_none():
    record = CaseRecord(case_id=16, metastasis=["lung", "liver"], sizes_mm=[40, 60], size_mm=60)
    row = record_to_row(record)
    assert row["metastasis"] == "liver;lung"
    assert row["sizes_mm"] == "40;60"
    assert row["size_mm"] == "60"
    assert record_to_row(CaseRecord(metastasis=[]))["metastasis"] == "none"
    assert record_to_row(CaseRecord())["metastasis"] == ""


def test_size_must_be_largest_lesion():
    with pytest.raises(ValueError, match="largest"):
        CaseRecord(size_mm=40, sizes_mm=[40, 60])


def test_unknown_vocabulary_value_names_row_and_field():
    row = record_to_row(CaseRecord(case_id=1))
    row["region"] = "elbow"
    with pytest.raises(VocabularyError, match=r"table1.csv:2: region"):
        record_from_row(row, where="table1.csv:2")


def test_missing_column_is_reported():
    row = record_to_row(CaseRecord(case_id=1))
    del row["outcome"]
    with pytest.raises(VocabularyError, match="missing column"):
        record_from_row(row)


def test_value_without_evidence_cannot_be_built():
    with pytest.raises(ValueError, match="no evidence"):
        ExtractedCase(
            source="x.txt", patient_index=1, is_gsv_lms=True, is_gsv_lms_reason="r", age_years=37
        )
    ev = Evidence(start=0, end=2, sentence="37-year-old", text="37", rule_id="age.test")
    case = ExtractedCase(
        source="x.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="r",
        age_years=37,
        evidence={"age_years": ev},
    )
    assert case.case_record().age_years == 37


records = st.builds(
    CaseRecord,
    case_id=st.none() | st.integers(1, 500),
    age_years=st.none() | st.integers(0, 120),
    followup_months=st.none() | st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)),
    presentation=st.none() | st.lists(st.sampled_from(list(Presentation)), max_size=4),
    metastasis=st.none() | st.lists(st.sampled_from(list(MetastasisSite)), max_size=5),
    vein_reconstruction=st.none() | st.booleans(),
)


@given(records)
def test_csv_round_trip_is_lossless(record):
    assert record_from_row(record_to_row(record)) == record
    assert list(record_to_row(record)) == list(CASE_FIELDS)
