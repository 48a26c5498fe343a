"""Reports of a small fixed evaluation: JSON snapshot, HTML escaping and content, terminal."""

import json
import re

import pytest
from rich.console import Console

from gsvlms_extract.reconcile.evaluation import Verdict, evaluate_cases
from gsvlms_extract.reports import (
    SCHEMA_VERSION,
    build_report,
    render_html,
    render_terminal,
    write_json,
)
from gsvlms_extract.schema import CaseRecord, Evidence, ExtractedCase

HOSTILE = 'The <script>alert("x")</script> mass & "calf" tumour lay in the left calf.'


def ev(text, sentence=None):
    sentence = sentence or f"It was {text}."
    return Evidence(start=0, end=len(text), sentence=sentence, text=text, rule_id="r1")


def make(source, index, **fields):
    evidence = {name: ev(str(value)) for name, value in fields.items()}
    if "region" in fields:
        evidence["region"] = ev("left calf", HOSTILE)
    return ExtractedCase(
        source=source,
        patient_index=index,
        is_gsv_lms=True,
        is_gsv_lms_reason="t",
        evidence=evidence,
        **fields,
    )


@pytest.fixture(scope="module")
def report():
    gold = [
        CaseRecord(
            case_id=1,
            author="Smith",
            year=2001,
            sex="M",
            age_years=40,
            side="left",
            region="thigh",
            outcome="alive",
        ),
        CaseRecord(
            case_id=2,
            author="Jones",
            year=2002,
            sex="F",
            age_years=50,
            side="right",
            region="groin",
            pain="painless",
        ),
    ]
    cases = [
        make("smith2001.txt", 1, sex="M", age_years=41, side="left", region="shank"),
        make(
            "jones2002.txt", 1, sex="F", age_years=50, side="right", pain="painless", outcome="dead"
        ),
        make("brown2025.txt", 1, author="Brown", year=2025, sex="F", age_years=30),
    ]
    printed = {1: {"site": "Left thigh <b>"}, 2: {"initial_symptom": "Painless mass"}}
    verdicts = [Verdict(2, "pain", "painless", "stated in the abstract", "Jones 2002 abstract")]
    evaluation = evaluate_cases(cases, gold, printed=printed, verdicts=verdicts)
    return build_report(evaluation)


def test_json_report_snapshot(report, data_regression):
    assert report["schema_version"] == SCHEMA_VERSION
    data_regression.check(report)


def test_json_round_trips_through_a_file(report, tmp_path):
    path = write_json(report, tmp_path / "out.json")
    assert json.loads(path.read_text(encoding="utf-8")) == report


def test_html_is_one_escaped_self_contained_page(report):
    page = render_html(report)
    assert "<script>alert" not in page  # evidence is escaped, never markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<mark>left calf</mark>" in page
    assert "Left thigh &lt;b&gt;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # no external assets
    assert re.search(r"<link\b", page) is None
    assert page.count('<table class="confusion"') == 9  # one per categorical field
    assert 'id="field-scores"' in page and 'id="accuracy-chart"' in page
    # the embedded data cannot close its script element early
    data = page.split('<script id="report-data" type="application/json">')[1]
    data = data.split("</script>")[0]
    assert json.loads(data) == report


def test_html_lists_disagreements_and_verdicts(report):
    page = render_html(report)
    disagreements = page.split('<section id="disagreements">')[1].split("</section>")[0]
    assert 'data-case="1" data-field="region"' in disagreements
    assert "Table 1 printed “Left thigh &lt;b&gt;”" in disagreements
    resolved = page.split('<section id="resolved">')[1].split("</section>")[0]
    assert 'data-case="2" data-field="pain"' in resolved
    assert "stated in the abstract" in resolved


def test_terminal_report_names_scores_links_and_evidence(report):
    console = Console(record=True, width=200)
    render_terminal(report, console)
    out = console.export_text()
    assert "Linking: 2 linked, 1 candidate new, 0 unlinked near-miss, of 3 patients" in out
    assert "brown2025.txt patient 1: candidate new case: best confidence 0.00" in out
    assert "case 1 region: extracted shank, gold thigh (Table 1 printed 'Left thigh <b>')" in out
    assert HOSTILE in out
    assert "Agreements resting on a curator verdict: 1." in out
    assert re.search(r"region\s+0\s+1\s+1\s+0\s+0\s+0%\s+0%\s+0%\s+50%", out)


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("The man said he was well.", "he", ("The man said ", "he", " was well.")),
        ("In the left calf.", "left calf", ("In the ", "left calf", ".")),
        ("Mass (6 cm).", "6 cm", ("Mass (", "6 cm", ").")),
        ("painless", "pain", ("", "pain", "less")),  # no whole word: first occurrence
        ("nothing here", "calf", ("nothing here", "", "")),
    ],
)
def test_split_evidence_highlights_the_word(sentence, span, expected):
    from gsvlms_extract.reports.text import split_evidence

    assert split_evidence({"sentence": sentence, "text": span}) == expected
    assert split_evidence(None) is None


def test_html_disagreement_suggests_the_verdict_command(report):
    page = render_html(report)
    assert "<code>gsvlms gold correct 1 region shank --reason &quot;…&quot;</code>" in page
