"""A review with no patient of its own yields no patient facts; a case report that also
reviews the literature keeps its patient."""

from __future__ import annotations

import pytest

from gsvlms_extract.extract.review import review_without_own_patient

REVIEW = """REVIEW ARTICLE

Leiomyosarcoma of the great saphenous vein: a review

About 55 patients have been reported. A 3-year-old girl had a groin tumour of 2.5 cm
excised; a man of 60 died one month after surgery with lung metastases.
"""


def test_a_labelled_review_without_its_own_patient_is_recognised():
    assert review_without_own_patient(REVIEW) is not None
    assert review_without_own_patient("This review contains no new patient.") is not None


@pytest.mark.parametrize(
    "own",
    [
        "Herein we report a case of leiomyosarcoma of the great saphenous vein.",
        "Case 1. A woman of 52 had a lump in the thigh.",
        "A 54-year-old woman was referred with a lump in the left thigh.",
        "Our patient remains free of disease.",
    ],
)
def test_a_review_that_reports_its_own_patient_is_a_case_report(own):
    assert review_without_own_patient(REVIEW + "\n" + own) is None


def test_a_case_report_that_reviews_the_literature_is_not_a_review():
    text = "Leiomyosarcoma of the GSV: case report and literature review\nWe reviewed 44 cases."
    assert review_without_own_patient(text) is None


def test_the_extractor_emits_no_facts_for_such_a_review(nlp):
    from gsvlms_extract.extract.builder import extract_document
    from gsvlms_extract.ingest.loader import document_from_bytes

    (case,) = extract_document(document_from_bytes(REVIEW.encode(), "review.txt"), nlp)
    assert case.is_gsv_lms is False and "review" in case.is_gsv_lms_reason
    assert case.age_years is None and case.size_mm is None and not case.evidence


@pytest.mark.parametrize(
    "opening",
    ["Sir,", "We read with interest the report by Kowalczyk et al."],
)
def test_a_letter_is_known_by_its_salutation_or_its_opening(opening):
    letter = (
        f"CORRESPONDENCE\n\n{opening}\n\nKowalczyk et al. described a 61-year-old woman with "
        "a 4.5-cm leiomyosarcoma of the great saphenous vein. Yao et al. described a "
        "33-year-old woman whose tumour recurred.\n"
    )
    assert review_without_own_patient(letter.replace("CORRESPONDENCE", "")) is not None
