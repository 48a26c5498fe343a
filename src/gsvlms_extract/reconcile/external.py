"""Score the extractor on an external labelled set (default: MACCROBAT2020 development half).

The set is a folder of ``<id>.txt`` reports and a ``labels.yaml`` derived from human
annotations (``scripts/derive_maccrobat_labels.py``; format in the set's README.md). For each
document and field the labels say one of three things, and the scorer counts accordingly:

* a **label** (value + annotation evidence): the extractor's value is *right*, *wrong* or, when
  it emits nothing, *missed*;
* **unstated**: the annotation shows the text does not state the fact; any value emitted is
  counted as *emitted for an unstated fact* (the target is none);
* **unlabelled** (the annotation cannot settle it): a value emitted there is counted as
  *unjudged* and not scored.

Age, sex and outcome must equal the label exactly (the text states them exactly); size uses the
size tolerance of `reconcile.compare.values_agree`. Each document describes one patient: the
extractor's first patient is scored, and extra patients are counted. Every document of the set
is not a GSV-LMS, so each patient flagged ``is_gsv_lms`` is counted as a false flag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from gsvlms_extract.errors import ReconcileError
from gsvlms_extract.reconcile.compare import values_agree
from gsvlms_extract.schema import ExtractedCase
from gsvlms_extract.yamlfile import read_yaml

__all__ = [
    "DEFAULT_EXTERNAL_SET",
    "LABELS_NAME",
    "SCORED_FIELDS",
    "DocumentLabels",
    "FieldCounts",
    "Judgement",
    "ExternalScore",
    "load_labels",
    "score_cases",
    "evaluate_external",
]

#: The bundled set, relative to the repository root (the CLI's default).
DEFAULT_EXTERNAL_SET = Path("corpus/external/maccrobat2020-dev")
LABELS_NAME = "labels.yaml"
#: Fields the labels can speak about, in report order.
SCORED_FIELDS: tuple[str, ...] = ("age_years", "sex", "size_mm", "sizes_mm", "outcome")
_EXACT_FIELDS = frozenset({"age_years", "sex", "outcome"})


@dataclass(frozen=True)
class DocumentLabels:
    """What the annotation says about one document."""

    doc_id: str
    is_gsv_lms: bool
    labels: Mapping[str, Any]  # field -> value
    evidence: Mapping[str, tuple[dict, ...]]  # field -> annotation entities
    unstated: Mapping[str, str]  # field -> why the text does not state it
    unlabelled: Mapping[str, str]  # field -> why no label


@dataclass
class FieldCounts:
    """Counts of one field over the set (see the module docstring)."""

    labelled: int = 0
    emitted: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    unstated: int = 0
    unstated_emitted: int = 0
    unjudged_emitted: int = 0

    @property
    def accuracy(self) -> float | None:
        """Right values over labelled facts (None when nothing is labelled)."""
        return self.right / self.labelled if self.labelled else None


@dataclass(frozen=True)
class Judgement:
    """One scored fact that went wrong: wrong value, missed, or emitted for an unstated fact."""

    doc_id: str
    field: str
    kind: str  # "wrong" | "missed" | "unstated_emitted"
    expected: Any
    got: Any
    sentence: str | None
    rule_id: str | None


@dataclass
class ExternalScore:
    """The result of `score_cases`: per-field counts, GSV-LMS flags and what went wrong."""

    documents: int = 0
    patients: int = 0
    extra_patients: int = 0
    gsv_lms_flagged: int = 0
    fields: dict[str, FieldCounts] = field(
        default_factory=lambda: {name: FieldCounts() for name in SCORED_FIELDS}
    )
    problems: list[Judgement] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``schema_version`` 1.0)."""
        return {
            "schema_version": "1.0",
            "documents": self.documents,
            "patients": self.patients,
            "extra_patients": self.extra_patients,
            "gsv_lms_flagged": self.gsv_lms_flagged,
            "fields": {
                name: {**vars(counts), "accuracy": counts.accuracy}
                for name, counts in self.fields.items()
            },
            "problems": [vars(problem) for problem in self.problems],
            "failures": [{"path": path, "reason": reason} for path, reason in self.failures],
        }


def _mapping(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReconcileError(f"{where}: expected a mapping")
    return value


def load_labels(path: str | Path) -> dict[str, DocumentLabels]:
    """Labels of every document of a set (``path`` is the folder or its labels.yaml).

    Raises:
        ReconcileError: missing or malformed labels file (message names the file).
    """
    path = Path(path)
    if path.is_dir():
        path = path / LABELS_NAME
    data = read_yaml(path, "external labels", ReconcileError)
    documents = _mapping(data, str(path)).get("documents")
    if not isinstance(documents, dict) or not documents:
        raise ReconcileError(f"{path}: no 'documents' mapping")
    result: dict[str, DocumentLabels] = {}
    for doc_id, entry in documents.items():
        where = f"{path}: document {doc_id}"
        entry = _mapping(entry, where)
        labels = _mapping(entry.get("labels"), f"{where}: labels")
        values: dict[str, Any] = {}
        evidence: dict[str, tuple[dict, ...]] = {}
        for name, label in labels.items():
            if name not in SCORED_FIELDS:
                raise ReconcileError(f"{where}: unknown field {name!r}")
            label = _mapping(label, f"{where}: {name}")
            if "value" not in label:
                raise ReconcileError(f"{where}: {name} has no value")
            values[name] = label["value"]
            evidence[name] = tuple(label.get("evidence") or ())
        unstated = _mapping(entry.get("unstated"), f"{where}: unstated")
        unlabelled = _mapping(entry.get("unlabelled"), f"{where}: unlabelled")
        for name in (*unstated, *unlabelled):
            if name not in SCORED_FIELDS:
                raise ReconcileError(f"{where}: unknown field {name!r}")
        result[str(doc_id)] = DocumentLabels(
            doc_id=str(doc_id),
            is_gsv_lms=bool(entry.get("is_gsv_lms", False)),
            labels=values,
            evidence=evidence,
            unstated={str(k): str(v) for k, v in unstated.items()},
            unlabelled={str(k): str(v) for k, v in unlabelled.items()},
        )
    return result


def _agree(name: str, got: Any, expected: Any) -> bool:
    if name in _EXACT_FIELDS:
        return got == expected
    return values_agree(name, got, expected)


def _value(case: ExtractedCase, name: str) -> Any:
    """The case's value in the labels' vocabulary (enums as their codes), None if null."""
    value = getattr(case, name)
    return value.value if isinstance(value, StrEnum) else value


def score_cases(
    labels: Mapping[str, DocumentLabels],
    cases: Mapping[str, Sequence[ExtractedCase]],
    failures: Sequence[tuple[str, str]] = (),
) -> ExternalScore:
    """Score extracted cases (document id -> its patients) against the labels."""
    score = ExternalScore(failures=list(failures))
    for doc_id in sorted(labels):
        doc = labels[doc_id]
        patients = list(cases.get(doc_id, ()))
        if not patients:
            continue
        score.documents += 1
        score.patients += len(patients)
        score.extra_patients += len(patients) - 1
        score.gsv_lms_flagged += sum(1 for p in patients if p.is_gsv_lms and not doc.is_gsv_lms)
        case = patients[0]
        for name in SCORED_FIELDS:
            counts = score.fields[name]
            got = _value(case, name)
            evidence = case.evidence.get(name)
            sentence = evidence.sentence if evidence else None
            rule = evidence.rule_id if evidence else None
            if name in doc.labels:
                expected = doc.labels[name]
                counts.labelled += 1
                if got is None:
                    counts.missed += 1
                    score.problems.append(
                        Judgement(doc_id, name, "missed", expected, None, None, None)
                    )
                    continue
                counts.emitted += 1
                if _agree(name, got, expected):
                    counts.right += 1
                else:
                    counts.wrong += 1
                    score.problems.append(
                        Judgement(doc_id, name, "wrong", expected, got, sentence, rule)
                    )
            elif name in doc.unstated:
                counts.unstated += 1
                if got is not None:
                    counts.unstated_emitted += 1
                    score.problems.append(
                        Judgement(doc_id, name, "unstated_emitted", None, got, sentence, rule)
                    )
            elif got is not None:
                counts.unjudged_emitted += 1
    return score


def evaluate_external(
    path: str | Path = DEFAULT_EXTERNAL_SET, nlp: Any = None, progress: bool = False
) -> ExternalScore:
    """Extract every labelled document of the set at ``path`` and score it.

    Raises:
        ReconcileError: no labels file, or a labelled document without its ``<id>.txt``.
    """
    from gsvlms_extract.extract import extract_paths

    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    labels = load_labels(folder)
    files = []
    for doc_id in sorted(labels):
        report = folder / f"{doc_id}.txt"
        if not report.is_file():
            raise ReconcileError(f"{report}: labelled document missing")
        files.append(report)
    run = extract_paths(files, nlp=nlp, progress=progress)
    by_doc: dict[str, list[ExtractedCase]] = {}
    for case in run.cases:
        by_doc.setdefault(Path(case.source).stem, []).append(case)
    return score_cases(labels, by_doc, run.failures)
