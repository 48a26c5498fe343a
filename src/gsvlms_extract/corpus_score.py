"""Score the extractor on a labelled corpus part (``<dir>/manifest/*.yaml``).

The manifest lists, per document and patient, exactly the facts the text states. For each
part (the development corpus, the frozen test part written blind) this counts:

- stated facts right (`values_agree` tolerances), wrong, missed;
- values emitted for facts the text does not state (on labelled patients and on patients the
  extractor found beyond the labelled ones);
- GSV-LMS patients recognised, and look-alike patients wrongly flagged GSV-LMS.

Extracted patients are paired with labelled ones in order (``patient_index``). Nothing here is
used by linking or extraction: it is measurement only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.manifest import ManifestDocument, load_manifest
from gsvlms_extract.reconcile.compare import values_agree
from gsvlms_extract.schema import CLINICAL_FIELDS, ExtractedCase

__all__ = ["FieldCounts", "PartScore", "score_documents", "score_corpus"]


@dataclass
class FieldCounts:
    stated: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    unstated_emitted: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.right / self.stated if self.stated else None


@dataclass
class PartScore:
    """The score of one corpus part."""

    name: str
    documents: int = 0
    unreadable: list[str] = field(default_factory=list)
    patients: int = 0
    gsv_patients: int = 0
    gsv_recognised: int = 0
    lookalike_patients: int = 0
    lookalike_flagged: int = 0
    fields: dict[str, FieldCounts] = field(
        default_factory=lambda: {name: FieldCounts() for name in CLINICAL_FIELDS}
    )

    def total(self) -> FieldCounts:
        out = FieldCounts()
        for counts in self.fields.values():
            for key in ("stated", "right", "wrong", "missed", "unstated_emitted"):
                setattr(out, key, getattr(out, key) + getattr(counts, key))
        return out

    def to_dict(self) -> dict:
        total = self.total()
        return {
            "name": self.name,
            "documents": self.documents,
            "unreadable": list(self.unreadable),
            "patients": self.patients,
            "gsv_patients": self.gsv_patients,
            "gsv_recognised": self.gsv_recognised,
            "lookalike_patients": self.lookalike_patients,
            "lookalike_flagged": self.lookalike_flagged,
            "stated": total.stated,
            "right": total.right,
            "accuracy": round(total.accuracy, 4) if total.accuracy is not None else None,
            "unstated_emitted": total.unstated_emitted,
            "fields": {name: asdict(counts) for name, counts in self.fields.items()},
        }


def _score_patient(score: PartScore, expected: dict, case: ExtractedCase | None) -> None:
    for name in CLINICAL_FIELDS:
        counts = score.fields[name]
        want = expected.get(name)
        got = getattr(case, name) if case is not None else None
        if want is None:
            counts.unstated_emitted += got is not None
            continue
        counts.stated += 1
        if got is None:
            counts.missed += 1
        elif values_agree(name, got, want):
            counts.right += 1
        else:
            counts.wrong += 1


def score_documents(
    name: str,
    documents: Iterable[ManifestDocument],
    extract: Callable[[ManifestDocument], list[ExtractedCase]],
) -> PartScore:
    """Score ``extract``'s cases for each labelled document (raises nothing: a document that
    cannot be read is listed as unreadable and its stated facts count as missed)."""
    score = PartScore(name)
    for document in documents:
        score.documents += 1
        try:
            cases = sorted(extract(document), key=lambda c: c.patient_index)
        except GsvlmsError as exc:
            score.unreadable.append(f"{document.file}: {exc}")
            cases = []
        for index, patient in enumerate(document.patients):
            case = cases[index] if index < len(cases) else None
            score.patients += 1
            if document.patient_is_gsv_lms(index):
                score.gsv_patients += 1
                score.gsv_recognised += bool(case is not None and case.is_gsv_lms)
            else:
                score.lookalike_patients += 1
                score.lookalike_flagged += bool(case is not None and case.is_gsv_lms)
            expected = patient.expected_record().model_dump(exclude_none=True)
            _score_patient(score, expected, case)
        for case in cases[len(document.patients) :]:  # patients the text does not have
            _score_patient(score, {}, case)
            score.lookalike_flagged += case.is_gsv_lms and not document.is_gsv_lms
    return score


def score_corpus(corpus_dir: str | Path, nlp=None, name: str | None = None) -> PartScore:
    """Extract every document of the labelled corpus part at ``corpus_dir`` and score it."""
    from gsvlms_extract.extract import extract_path

    if nlp is None:
        from gsvlms_extract.nlp import build_pipeline

        nlp = build_pipeline()
    corpus_dir = Path(corpus_dir)
    documents = load_manifest(corpus_dir)
    return score_documents(
        name or str(corpus_dir), documents, lambda d: extract_path(d.path(corpus_dir), nlp)
    )
