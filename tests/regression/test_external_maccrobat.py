"""The extractor on real clinical English: 100 MACCROBAT2020 case presentations (none GSV-LMS)
labelled from their human annotations (corpus/external/maccrobat2020-dev, CC BY 4.0).

Targets of issue 8: age and sex >= 0.98 each with no wrong value, no report flagged GSV-LMS,
and no value for a fact the text does not state. One pipeline build, 100 short texts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gsvlms_extract.cli import app
from gsvlms_extract.reconcile.external import evaluate_external

BUNDLED = Path(__file__).resolve().parents[2] / "corpus" / "external" / "maccrobat2020-dev"


@pytest.fixture(scope="module")
def score(nlp):
    return evaluate_external(BUNDLED, nlp=nlp)


def test_every_document_is_read_and_none_is_flagged_gsv_lms(score):
    assert score.failures == []
    assert score.documents == 100
    assert score.gsv_lms_flagged == 0


@pytest.mark.parametrize("field", ["age_years", "sex"])
def test_age_and_sex_targets(score, field):
    counts = score.fields[field]
    problems = [p for p in score.problems if p.field == field]
    assert counts.labelled >= 95
    assert counts.wrong == 0, problems
    assert counts.accuracy >= 0.98, problems
    assert counts.unstated_emitted == 0, problems


def test_no_age_where_the_text_gives_none(score):
    # "in her 60s", "early 70s": judged unstated by the annotation, and left null
    assert score.fields["age_years"].unstated >= 2
    assert score.fields["age_years"].unstated_emitted == 0


def test_no_size_where_no_measurement_is_annotated(score):
    assert score.fields["size_mm"].unstated_emitted == 0, [
        p for p in score.problems if p.field == "size_mm"
    ]


def test_cli_prints_the_table_and_writes_json(tmp_path, monkeypatch, nlp):
    monkeypatch.setattr("gsvlms_extract.nlp.build_pipeline", lambda *a, **k: nlp)
    chosen = ["23678274", "24898994"]  # a 14-month-old boy; a woman "in her 60s"
    labels = yaml.safe_load((BUNDLED / "labels.yaml").read_text(encoding="utf-8"))
    labels["documents"] = {k: v for k, v in labels["documents"].items() if k in chosen}
    (tmp_path / "labels.yaml").write_text(yaml.safe_dump(labels), encoding="utf-8")
    for doc_id in chosen:
        shutil.copy(BUNDLED / f"{doc_id}.txt", tmp_path)
    out = tmp_path / "score.json"
    result = CliRunner().invoke(
        app, ["evaluate-external", str(tmp_path), "--json", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "age_years" in result.output and "0 flagged GSV-LMS" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    age = data["fields"]["age_years"]
    assert (age["labelled"], age["right"], age["unstated"], age["unstated_emitted"]) == (1, 1, 1, 0)
    assert data["documents"] == 2 and data["gsv_lms_flagged"] == 0


def test_cli_names_a_missing_labels_file(tmp_path):
    result = CliRunner().invoke(app, ["evaluate-external", str(tmp_path)])
    assert result.exit_code == 1
    assert "labels.yaml: cannot read external labels" in result.output
