"""Operation, vein reconstruction and adjuvant therapy.

Operation: a wide/extended/en bloc resection, or a resection taking the surrounding muscle
or fascia → ``extended_resection``; any other excision/resection/removal →
``radical_resection``. Vein reconstruction: a graft, bypass, patch or reconstruction →
true; "no reconstruction was needed" → false; silence (a ligated vein included) → null.
Adjuvant: radiotherapy and/or chemotherapy given for the primary tumour; an explicit
"no adjuvant therapy" → none; treatment of a later recurrence or metastasis counts only when
the report says nothing else about adjuvant therapy.
"""

from __future__ import annotations

from spacy.tokens import Span

from gsvlms_extract.extract.findings import Finding, from_span
from gsvlms_extract.extract.patients import PatientText
from gsvlms_extract.extract.view import Sentence, is_asserted, modifiers_of

__all__ = ["extract_operation", "extract_vein_reconstruction", "extract_adjuvant"]

#: extended-resection words that only count next to a resection word in the same sentence
_NEEDS_RESECTION = ("fascia", "muscle", "margin")


def _case_then_summary(patient: PatientText) -> tuple[list[Sentence], ...]:
    return (patient.case, patient.summary)


def _about_relapse(sentence: Sentence) -> bool:
    return any(is_asserted(t) for t in sentence.of("METASTASIS", "RECURRENCE"))


def extract_operation(patient: PatientText) -> Finding | None:
    """The operation on the primary tumour; re-excisions of a recurrence or metastasectomies
    count only when the report describes no other operation."""
    primary = [s for s in patient.case if not _about_relapse(s)]
    relapse = [s for s in patient.case if _about_relapse(s)]
    for sentences in (primary, patient.summary, relapse):
        radical: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            resections = [s for s in sentence.of("OPERATION") if is_asserted(s)]
            for span in sentence.of("OPERATION_EXTENDED"):
                if not is_asserted(span):
                    continue
                needs = any(word in span.text.lower() for word in _NEEDS_RESECTION)
                if (
                    needs
                    and not resections
                    and not any(
                        other is not span
                        and is_asserted(other)
                        and not any(w in other.text.lower() for w in _NEEDS_RESECTION)
                        for other in sentence.of("OPERATION_EXTENDED")
                    )
                ):
                    continue
                return from_span("extended_resection", sentence, span)
            if radical is None and resections:
                radical = (sentence, resections[0])
        if radical is not None:
            return from_span("radical_resection", *radical)
    return None


def extract_vein_reconstruction(patient: PatientText) -> Finding | None:
    for sentences in (patient.course, patient.summary):
        negative: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            for span in sentence.of("VEIN_RECONSTRUCTION"):
                if "historical" in modifiers_of(span):
                    continue  # an earlier operation (a coronary bypass with the vein...)
                if is_asserted(span):
                    return from_span(True, sentence, span)
                if negative is None and "negated" in modifiers_of(span):
                    negative = (sentence, span)
        if negative is not None:
            return from_span(False, *negative)
    return None


def _combine(values: set[str]) -> str | None:
    radio = "radiotherapy" in values or "radiochemotherapy" in values
    chemo = "chemotherapy" in values or "radiochemotherapy" in values
    if radio and chemo:
        return "radiochemotherapy"
    if radio:
        return "radiotherapy"
    if chemo:
        return "chemotherapy"
    return None


def extract_adjuvant(patient: PatientText) -> Finding | None:
    for sentences in (patient.course, patient.summary):
        primary: list[tuple[Sentence, Span]] = []
        relapse: list[tuple[Sentence, Span]] = []
        negated: tuple[Sentence, Span] | None = None
        for sentence in sentences:
            for_relapse = sentence.has("RELAPSE_TREATMENT") or any(
                is_asserted(t) for t in sentence.of("METASTASIS", "RECURRENCE")
            )
            for span in sentence.of("ADJUVANT"):
                mods = modifiers_of(span)
                if "historical" in mods:
                    continue
                if is_asserted(span):
                    (relapse if for_relapse else primary).append((sentence, span))
                elif "negated" in mods and negated is None:
                    negated = (sentence, span)
        for chosen in (primary, [] if negated else relapse):
            value = _combine({span._.gsvlms_value for _, span in chosen})
            if value is not None:
                sentence, span = next(
                    (s, sp) for s, sp in chosen if sp._.gsvlms_value != "unspecified"
                )
                return from_span(value, sentence, span)
        if negated is not None:
            return from_span("none", *negated)
    return None
