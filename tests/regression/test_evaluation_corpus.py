"""End to end on the bundled corpus: real extraction, links checked against the manifest
(read here, by the test; evaluation never reads it), case 57's site, scores pinned."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gsvlms_extract.cli import app
from gsvlms_extract.manifest import load_manifest
from gsvlms_extract.reconcile.run import SEPARATE_PARTS, evaluate_paths, find_reports
from gsvlms_extract.reports import SCHEMA_VERSION, build_report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_paths(["corpus"], skip_dirs=SEPARATE_PARTS)


@pytest.fixture(scope="module")
def manifest():
    return load_manifest("corpus")


def _key(source: str) -> str:
    return Path(source).resolve().relative_to(Path("corpus").resolve()).as_posix()


def test_corpus_folder_yields_each_labelled_report_once(manifest):
    found = sorted(_key(str(p)) for p in find_reports(["corpus"], SEPARATE_PARTS))
    assert found == sorted(document.file for document in manifest)


def _expected(manifest):
    out = {}
    for document in manifest:
        for index, patient in enumerate(document.patients, 1):
            out[document.file, index] = (document.is_gsv_lms, patient.case_id)
    return out


def test_every_gsv_lms_patient_links_to_its_manifest_case(evaluation, manifest):
    """Linking's own score: every patient judged GSV-LMS gets the manifest's case (100%), a
    patient absent from Table 1 gets none."""
    expected = _expected(manifest)
    got = {(_key(k.source), k.patient_index): k.case_id for k in evaluation.links if k.is_gsv_lms}
    assert got == {key: expected[key][1] for key in got}
    assert len(got) >= 50


def test_every_manifest_patient_is_found_and_judged_as_labelled(evaluation, manifest):
    """The extractor's share: one patient per labelled patient, GSV-LMS or near-miss as
    labelled (a report judged a near-miss is never linked)."""
    got = {(_key(k.source), k.patient_index): (k.is_gsv_lms, k.case_id) for k in evaluation.links}
    assert got == _expected(manifest)


def test_the_2025_report_is_a_candidate_new_case_with_nearest_rows(evaluation):
    [link] = [k for k in evaluation.links if _key(k.source) == "text/lindqvist2025.txt"]
    assert link.status == "candidate_new"
    assert link.case_id is None
    assert link.candidates and all("below threshold" in c.rejected for c in link.candidates)


def test_case_57_site_is_flagged_with_sentence_and_printed_cell(evaluation):
    [site] = [c for c in evaluation.disagreements if c.case_id == 57 and c.field == "region"]
    assert (site.extracted.value, site.gold.value) == ("shank", "thigh")
    assert site.printed == "Left thigh"
    assert site.evidence is not None
    assert "calf" in site.evidence.text.lower()
    assert site.evidence.text in site.evidence.sentence


def test_scores_on_the_corpus(evaluation, data_regression):
    report = build_report(evaluation)
    data_regression.check(
        {
            "summary": report["summary"],
            "fields": report["fields"],
            "overall": report["overall"],
            "links": sorted(
                [k["source"], k["patient_index"], k["status"], k["case_id"], k["method"]]
                for k in report["links"]
            ),
        }
    )


def test_cli_writes_json_and_html(tmp_path):
    json_path, html_path = tmp_path / "eval.json", tmp_path / "eval.html"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "corpus/text/stringer1977.txt",
            "corpus/seed/gsv_lms_review_2024.txt",
            "--json",
            str(json_path),
            "--html",
            str(html_path),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(json_path.read_text(encoding="utf-8"))
    assert report["schema_version"] == SCHEMA_VERSION
    assert sorted(k["case_id"] for k in report["links"]) == [12, 13, 57]
    assert "Per-field agreement with Table 1" in result.stdout
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="accuracy-chart"' in page


def test_a_recorded_verdict_is_honoured_in_later_scoring(tmp_path):
    """Curator verdict on case 57's site (gold/ copied, then `gsvlms gold correct`)."""
    import shutil

    gold_dir = tmp_path / "gold"
    shutil.copytree("gold", gold_dir)
    runner = CliRunner()
    args = [
        "evaluate",
        "corpus/seed/gsv_lms_review_2024.txt",
        "--gold",
        str(gold_dir / "table1.csv"),
    ]
    before = tmp_path / "before.json"
    assert runner.invoke(app, [*args, "--json", str(before)]).exit_code == 0
    corrected = runner.invoke(
        app,
        [
            "gold",
            "correct",
            "57",
            "region",
            "shank",
            "--corrections",
            str(gold_dir / "corrections.yaml"),
            "--reason",
            "the case description places the tumour in the left calf",
        ],
    )
    assert corrected.exit_code == 0, corrected.output
    after = tmp_path / "after.json"
    assert runner.invoke(app, [*args, "--json", str(after)]).exit_code == 0

    def region(path):
        report = json.loads(path.read_text(encoding="utf-8"))
        [cell] = [c for c in report["comparisons"] if c["case_id"] == 57 and c["field"] == "region"]
        return cell

    assert region(before)["outcome"] == "disagree" and region(before)["verdict"] is None
    cell = region(after)
    assert (cell["outcome"], cell["gold"], cell["printed_cell"]) == ("agree", "shank", "Left thigh")
    assert cell["resolved_by_verdict"] is True
    assert cell["verdict"]["reason"].startswith("the case description")
