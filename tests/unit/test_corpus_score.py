"""The corpus-part scorer: stated facts, unstated values, recognition, pairing by order."""

from __future__ import annotations

from gsvlms_extract.corpus_score import score_documents
from gsvlms_extract.errors import IngestError
from gsvlms_extract.manifest import ManifestDocument
from gsvlms_extract.schema import Evidence, ExtractedCase


def _doc(doc_id: str, is_gsv: bool, patients: list[dict]) -> ManifestDocument:
    return ManifestDocument(id=doc_id, file=f"{doc_id}.txt", is_gsv_lms=is_gsv, patients=patients)


def _case(index: int, is_gsv: bool, **values) -> ExtractedCase:
    evidence = {
        name: Evidence(start=0, end=1, sentence="s", text="s", rule_id="test") for name in values
    }
    return ExtractedCase(
        source="x",
        patient_index=index,
        is_gsv_lms=is_gsv,
        is_gsv_lms_reason="r",
        evidence=evidence,
        **values,
    )


def test_counts_right_wrong_missed_and_unstated_values():
    documents = [
        _doc(
            "a",
            True,
            [{"case_id": 1, "expected": {"sex": "M", "age_years": 50, "size_mm": 40}}],
        )
    ]
    cases = {"a": [_case(1, True, sex="F", age_years=51, side="left")]}
    score = score_documents("dev", documents, lambda d: cases[d.id])
    total = score.total()
    assert (total.stated, total.right, total.wrong, total.missed) == (3, 1, 1, 1)
    assert total.unstated_emitted == 1  # side: the text does not state it
    assert score.fields["age_years"].right == 1  # within the ±1 year tolerance
    assert (score.gsv_patients, score.gsv_recognised) == (1, 1)


def test_series_lookalike_patient_and_extra_patients():
    documents = [
        _doc(
            "series",
            True,
            [
                {"case_id": 7, "expected": {"sex": "F"}},
                {"case_id": None, "expected": {"sex": "M"}},  # the femoral vein patient
            ],
        ),
        _doc("review", False, []),
    ]
    cases = {
        "series": [_case(1, True, sex="F"), _case(2, True, sex="M")],
        "review": [_case(1, False, age_years=60)],
    }
    score = score_documents("test", documents, lambda d: cases[d.id])
    assert (score.gsv_patients, score.gsv_recognised) == (1, 1)
    assert (score.lookalike_patients, score.lookalike_flagged) == (1, 1)
    assert score.total().right == 2
    assert score.total().unstated_emitted == 1  # the review has no patient of its own


def test_unreadable_document_counts_its_facts_as_missed():
    documents = [_doc("gone", True, [{"case_id": 2, "expected": {"sex": "F", "age_years": 3}}])]

    def fail(_document):
        raise IngestError("gone.txt: no text")

    score = score_documents("dev", documents, fail)
    assert score.unreadable == ["gone.txt: gone.txt: no text"]
    assert score.total().missed == 2 and score.gsv_recognised == 0
