"""Assemble one `ExtractedCase` per patient from the field extractors' findings.

Every value comes with its `Evidence`; a field without a finding stays null. Facts are
extracted for every patient of every report, whatever the diagnosis: ``is_gsv_lms`` (with its
reason) is a per-patient judgement that decides what the registry files as a case, not what
is read. A femoral vein leiomyosarcoma or a saphenous leiomyoma still has an age, a sex and a
size, and a curator who overrules the judgement needs them.
"""

from __future__ import annotations

import logging

from spacy.language import Language

from gsvlms_extract.extract import course, demographics, site, treatment, tumour
from gsvlms_extract.extract.bibliography import extract_author_year
from gsvlms_extract.extract.diagnosis import diagnose_patient
from gsvlms_extract.extract.findings import Finding, to_evidence
from gsvlms_extract.extract.patients import PatientText, split_patients
from gsvlms_extract.extract.review import review_without_own_patient
from gsvlms_extract.extract.view import DocView, annotate, narrative_text
from gsvlms_extract.ingest.document import Document
from gsvlms_extract.ingest.language import no_english_reason
from gsvlms_extract.schema import ExtractedCase

__all__ = ["extract_document", "patient_findings"]

logger = logging.getLogger(__name__)


def patient_findings(patient: PatientText, is_gsv_lms: bool = True) -> dict[str, Finding | None]:
    """Every clinical field's finding (or None) for one patient."""
    age = demographics.extract_age(patient)
    region = site.extract_region(patient, is_gsv_lms)
    size, sizes = tumour.extract_sizes(patient, in_the_leg=is_gsv_lms or region is not None)
    return {
        "sex": demographics.extract_sex(patient, age),
        "age_years": age,
        "side": site.extract_side(patient, region, is_gsv_lms),
        "region": region,
        "size_mm": size,
        "sizes_mm": sizes,
        "presentation": tumour.extract_presentation(patient),
        "pain": tumour.extract_pain(patient),
        "operation": treatment.extract_operation(patient),
        "vein_reconstruction": treatment.extract_vein_reconstruction(patient),
        "adjuvant": treatment.extract_adjuvant(patient),
        "local_recurrence": course.extract_recurrence(patient),
        "metastasis": course.extract_metastasis(patient),
        "followup_months": course.extract_followup(patient),
        "outcome": course.extract_outcome(patient),
    }


def _build(
    view: DocView,
    patient: PatientText,
    diagnosis: tuple[bool, str],
    bibliographic: dict[str, Finding | None],
) -> ExtractedCase:
    is_gsv_lms, reason = diagnosis
    findings: dict[str, Finding | None] = dict(bibliographic)
    findings.update(patient_findings(patient, is_gsv_lms))
    values = {name: f.value for name, f in findings.items() if f is not None}
    evidence = {name: to_evidence(f, view.document) for name, f in findings.items() if f}
    return ExtractedCase(
        source=view.document.source,
        patient_index=patient.index,
        is_gsv_lms=is_gsv_lms,
        is_gsv_lms_reason=reason,
        evidence=evidence,
        **values,
    )


def _from_ocr(case: ExtractedCase) -> ExtractedCase:
    """The case with the ``ocr`` modifier on every evidence: its text was recognised by OCR."""
    evidence = {
        name: ev.model_copy(update={"modifiers": (*ev.modifiers, "ocr")})
        for name, ev in case.evidence.items()
    }
    return case.model_copy(update={"evidence": evidence})


def extract_document(document: Document, nlp: Language) -> list[ExtractedCase]:
    """One `ExtractedCase` per patient described in ``document`` (at least one).

    Args:
        document: an ingested document (`gsvlms_extract.ingest.load_document`).
        nlp: the pipeline from `gsvlms_extract.nlp.build_pipeline`.
    """
    narrative = narrative_text(document)
    unreadable = no_english_reason(document) or review_without_own_patient(narrative)
    if unreadable is not None:  # say so, instead of calling a German report "not GSV-LMS"
        return [
            ExtractedCase(
                source=document.source,
                patient_index=1,
                is_gsv_lms=False,
                is_gsv_lms_reason=unreadable,
            )
        ]
    view = annotate(document, nlp, narrative)
    patients = split_patients(view)
    author, year = extract_author_year(view)
    bibliographic = {"author": author, "year": year}
    cases = [
        _build(view, patient, diagnose_patient(patient, patients), bibliographic)
        for patient in patients
    ]
    if document.ocr:  # each value read from OCR text says so
        cases = [_from_ocr(case) for case in cases]
    logger.debug(
        "%s: %d patient(s), is_gsv_lms=%s",
        document.source,
        len(cases),
        [case.is_gsv_lms for case in cases],
    )
    return cases
