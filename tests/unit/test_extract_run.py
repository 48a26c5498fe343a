"""Runs over files and folders, and the `gsvlms extract` command: a bad file never stops a run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gsvlms_extract.cli import app
from gsvlms_extract.errors import IngestError
from gsvlms_extract.extract import extract_path, extract_paths
from gsvlms_extract.ingest import load_document
from gsvlms_extract.schema import CASE_FIELDS

REPORT = (
    "Leiomyosarcoma of the great saphenous vein\n\nCase report\nA 44-year-old man had a painless "
    "lump in the left thigh. It was excised; pathology showed a leiomyosarcoma of the great "
    "saphenous vein. He is alive at 10 months.\n"
)


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.md").write_text(REPORT.replace("44", "45"), encoding="utf-8")
    (tmp_path / "first.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    return tmp_path


def test_folder_is_read_recursively_in_sorted_order_and_failures_are_kept(nlp, inbox):
    run = extract_paths([inbox], nlp=nlp)
    assert [(Path(c.source).name, c.age_years) for c in run.cases] == [
        ("second.md", 45),
        ("first.txt", 44),
    ]
    assert run.documents == 2
    assert [(Path(p).name, reason) for p, reason in run.failures] == [
        ("empty.txt", "file is empty")
    ]


def test_unsupported_and_missing_paths_are_failures_not_crashes(nlp, inbox):
    run = extract_paths([inbox / "notes.docx", inbox / "nope.txt", inbox / "first.txt"], nlp=nlp)
    assert len(run.cases) == 1 and run.documents == 1
    reasons = dict((Path(p).name, r) for p, r in run.failures)
    assert reasons == {
        "notes.docx": "unsupported file type '.docx' (use .nxml, .xml, .txt, .md, .pdf, .html, "
        ".htm)",
        "nope.txt": "no such file or folder",
    }
    assert all("\n" not in r for r in reasons.values())


def test_extract_path_raises_ingest_error_naming_the_file(nlp, tmp_path):
    with pytest.raises(IngestError, match=r"missing\.txt"):
        extract_path(tmp_path / "missing.txt", nlp)


def test_source_is_the_path_as_given(nlp, inbox):
    given = str(inbox / "first.txt")
    (case,) = extract_paths([given], nlp=nlp).cases
    assert case.source == given


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()  # click 8.2+: stdout and stderr are kept apart


def test_cli_jsonl_has_every_field_and_evidence(runner, inbox):
    result = runner.invoke(app, ["extract", str(inbox / "first.txt")])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert list(row)[: len(CASE_FIELDS)] == list(CASE_FIELDS)
    assert row["age_years"] == 44 and row["is_gsv_lms"] is True and row["patient_index"] == 1
    ev = row["evidence"]["age_years"]
    assert set(ev) == {"start", "end", "page", "sentence", "text", "rule", "modifiers", "cues"}
    text = load_document(inbox / "first.txt").text  # offsets are into the document's clean text
    assert text[ev["start"] : ev["end"]] == ev["text"] == "44-year-old"


def test_a_negated_value_names_the_cue_rule_that_negated_it(nlp, tmp_path):
    report = tmp_path / "negated.txt"
    report.write_text(
        REPORT.replace("He is alive", "Staging showed no evidence of metastases. He is alive"),
        encoding="utf-8",
    )
    (case,) = extract_path(report, nlp)
    assert case.metastasis == []
    ev = case.evidence["metastasis"]
    assert ev.modifiers == ("negated",)
    assert ev.cues == ("context.negated_existence.no_evidence_of",)
    assert case.evidence["age_years"].cues == ()


def test_cli_reports_each_failure_on_one_line_and_exits_1(runner, inbox):
    result = runner.invoke(app, ["extract", str(inbox), "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {inbox / 'empty.txt'}: file is empty"]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["age_years"] for r in rows] == ["45", "44"]
    assert list(rows[0])[-4:] == ["source", "patient_index", "is_gsv_lms", "is_gsv_lms_reason"]


def test_cli_writes_output_file_and_table(runner, inbox, tmp_path):
    out = tmp_path / "cases.jsonl"
    result = runner.invoke(app, ["extract", str(inbox / "first.txt"), "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["sex"] == "M"
    table = runner.invoke(app, ["extract", str(inbox / "first.txt"), "--format", "table"])
    assert "first.txt" in table.stdout and "44" in table.stdout


def test_cli_bad_rule_folder_is_one_line_error(runner, tmp_path, inbox):
    result = runner.invoke(app, ["extract", str(inbox / "first.txt"), "--patterns", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
