"""The external-set scorer on small synthetic labels and cases (no pipeline)."""

from __future__ import annotations

import pytest

from gsvlms_extract.errors import ReconcileError
from gsvlms_extract.reconcile.external import load_labels, score_cases
from gsvlms_extract.reconcile.run import SEPARATE_PARTS, find_reports
from gsvlms_extract.schema import Evidence, ExtractedCase

LABELS = """\
rules_version: 1
documents:
  'a':
    is_gsv_lms: false
    labels:
      age_years: {value: 45, evidence: [{id: T1, type: Age, start: 2, end: 13, text: 45-year-old}]}
      sex: {value: M}
      size_mm: {value: 30.0}
    unstated: {}
    unlabelled: {outcome: no Outcome entity}
  'b':
    labels:
      age_years: {value: 1}
      sex: {value: F}
      outcome: {value: dead}
    unstated: {size_mm: no Distance, sizes_mm: no Distance}
  'c':
    labels: {sex: {value: F}}
    unstated: {age_years: no age in years}
  'd':
    labels: {age_years: {value: 70}}
"""


def _case(doc_id: str, index: int = 1, is_gsv_lms: bool = False, **values) -> ExtractedCase:
    evidence = {
        name: Evidence(start=0, end=1, sentence=f"sentence about {name}", text="x", rule_id="r")
        for name in values
    }
    return ExtractedCase(
        source=f"set/{doc_id}.txt",
        patient_index=index,
        is_gsv_lms=is_gsv_lms,
        is_gsv_lms_reason="test",
        evidence=evidence,
        **values,
    )


@pytest.fixture
def labels(tmp_path):
    (tmp_path / "labels.yaml").write_text(LABELS, encoding="utf-8")
    return load_labels(tmp_path)


def test_labels_load_with_their_evidence(labels):
    assert sorted(labels) == ["a", "b", "c", "d"]
    assert labels["a"].labels == {"age_years": 45, "sex": "M", "size_mm": 30.0}
    assert labels["a"].evidence["age_years"][0]["id"] == "T1"
    assert labels["b"].unstated == {"size_mm": "no Distance", "sizes_mm": "no Distance"}
    assert labels["a"].unlabelled == {"outcome": "no Outcome entity"}


def test_right_wrong_missed_unstated_and_unjudged_are_counted(labels):
    cases = {
        "a": [_case("a", age_years=45, sex="M", size_mm=32.0, outcome="alive")],
        "b": [_case("b", age_years=1, sex="M", size_mm=10.0, sizes_mm=[10.0])],
        "c": [_case("c", age_years=60, sex="F")],
        "d": [_case("d", is_gsv_lms=True), _case("d", index=2, age_years=70)],
    }
    score = score_cases(labels, cases)
    age, sex, size, sizes, outcome = (
        score.fields[n] for n in ("age_years", "sex", "size_mm", "sizes_mm", "outcome")
    )
    assert (age.labelled, age.emitted, age.right, age.wrong, age.missed) == (3, 2, 2, 0, 1)
    assert (age.unstated, age.unstated_emitted) == (1, 1)
    assert (sex.labelled, sex.right, sex.wrong, sex.missed) == (3, 2, 1, 0)
    assert (size.labelled, size.right) == (1, 1)  # 32 mm is within the size tolerance of 30
    assert (size.unstated, size.unstated_emitted, sizes.unstated_emitted) == (1, 1, 1)
    assert (outcome.labelled, outcome.missed, outcome.unjudged_emitted) == (1, 1, 1)
    assert age.accuracy == pytest.approx(2 / 3)
    assert (score.documents, score.patients, score.extra_patients) == (4, 5, 1)
    assert score.gsv_lms_flagged == 1
    kinds = {(p.doc_id, p.field, p.kind) for p in score.problems}
    assert ("b", "sex", "wrong") in kinds
    assert ("c", "age_years", "unstated_emitted") in kinds
    assert ("d", "age_years", "missed") in kinds  # only the first patient is scored
    wrong = next(p for p in score.problems if p.kind == "wrong")
    assert (wrong.expected, wrong.got, wrong.sentence) == ("F", "M", "sentence about sex")


def test_json_is_complete_and_documents_without_cases_are_not_counted(labels):
    score = score_cases(labels, {"a": [_case("a", age_years=44)]}, [("x.txt", "no text")])
    data = score.to_json()
    assert data["schema_version"] == "1.0" and data["documents"] == 1
    assert data["fields"]["age_years"]["wrong"] == 1
    assert data["fields"]["age_years"]["accuracy"] == 0.0
    assert data["fields"]["outcome"]["accuracy"] is None
    assert data["failures"] == [{"path": "x.txt", "reason": "no text"}]
    assert data["problems"][0]["kind"] == "wrong"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("documents: {}\n", "no 'documents' mapping"),
        ("[1, 2]\n", "expected a mapping"),
        ("documents:\n  a: {labels: {colour: {value: 1}}}\n", "document a: unknown field 'colour'"),
        ("documents:\n  a: {labels: {sex: {evidence: []}}}\n", "document a: sex has no value"),
        ("documents:\n  a: {unstated: {shoe: x}}\n", "unknown field 'shoe'"),
        ("documents: [\n", r"labels\.yaml:\d+: not valid YAML"),
    ],
)
def test_bad_labels_are_named(tmp_path, text, message):
    (tmp_path / "labels.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReconcileError, match=message):
        load_labels(tmp_path / "labels.yaml")


def test_missing_labels_file_is_named(tmp_path):
    with pytest.raises(ReconcileError, match=r"labels\.yaml: cannot read external labels"):
        load_labels(tmp_path)


def test_evaluate_skips_external_sets_unless_named(tmp_path):
    for name in ("text/a.txt", "external/set/1.txt", "external/set/README.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = find_reports([tmp_path], skip_dirs=SEPARATE_PARTS)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["text/a.txt"]
    named = find_reports([tmp_path / "external" / "set"])
    assert [p.name for p in named] == ["1.txt", "README.md"]
