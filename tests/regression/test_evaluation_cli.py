"""`gsvlms evaluate` on malformed inputs: one line naming the file, non-zero exit, no traceback."""

import csv
import re

import pytest
from typer.testing import CliRunner

from gsvlms_extract.cli import app

runner = CliRunner()


def _gold_copy(tmp_path, edit):
    with open("gold/table1.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    header, rows = edit(header, rows)
    path = tmp_path / "table1.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _drop_region(header, rows):
    return [name for name in header if name != "region"], rows


def _elbow(header, rows):
    rows[3]["region"] = "elbow"
    return header, rows


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_drop_region, r"table1\.csv:1: missing column\(s\) region"),
        (_elbow, r"table1\.csv:5: region: Input should be"),
    ],
)
def test_bad_gold_table_is_one_line_error(tmp_path, edit, message):
    gold = _gold_copy(tmp_path, edit)
    result = runner.invoke(app, ["evaluate", "corpus/text/smout1960.txt", "--gold", str(gold)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in result.output


def test_empty_corpus_folder_is_one_line_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["evaluate", str(tmp_path / "empty")])
    assert result.exit_code == 1
    expected = (
        f"error: {tmp_path / 'empty'}: no reports to evaluate "
        "(.nxml, .xml, .txt, .md, .pdf, .html, .htm)"
    )
    assert result.stderr.strip() == expected


def test_missing_path(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'}: no such file or directory"


def test_bad_corrections_file_is_one_line_error(tmp_path):
    bad = tmp_path / "corrections.yaml"
    bad.write_text(
        "- case: 57\n  field: region\n  value: elbow\n  reason: r\n  source: s\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["evaluate", "corpus/text/smout1960.txt", "--corrections", str(bad)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: correction 1")
    assert len(result.stderr.strip().splitlines()) == 1


def test_explicit_corrections_file_must_exist(tmp_path):
    missing = tmp_path / "corrections.yaml"
    result = runner.invoke(
        app, ["evaluate", "corpus/text/smout1960.txt", "--corrections", str(missing)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {missing}: corrections file not found"


def test_unreadable_reports_only_is_one_line_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: none of the 2 report(s) could be read (first: ")


def test_one_unreadable_report_does_not_stop_the_evaluation(tmp_path):
    import json
    import shutil

    shutil.copy("corpus/text/smout1960.txt", tmp_path / "smout1960.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "eval.json"
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--json", str(out)])
    # the others are scored and the report written, and the exit status says one failed
    assert result.exit_code == 1, result.output
    assert f"error: {tmp_path / 'broken.pdf'}: corrupt or truncated PDF" in result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["path"] for f in report["failures"]] == [str(tmp_path / "broken.pdf")]
    assert [(k["case_id"], k["status"]) for k in report["links"]] == [(4, "linked")]
    assert report["summary"]["failed_documents"] == 1
    assert "unreadable" in result.stdout


def test_threshold_outside_0_1_is_refused_before_extraction():
    result = runner.invoke(app, ["evaluate", "corpus/text/smout1960.txt", "--threshold", "1.5"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: link threshold 1.5 is not between 0 and 1"
