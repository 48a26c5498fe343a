"""The HTML report rendered by headless Chromium: tables present, chart bars drawn by script."""

import os
import re
import shutil
import subprocess

import pytest

from gsvlms_extract.reconcile.evaluation import evaluate_cases
from gsvlms_extract.reports import build_report, write_html
from gsvlms_extract.schema import CLINICAL_FIELDS, CaseRecord, Evidence, ExtractedCase

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium not installed (required when CI is set)", allow_module_level=True)


def _report():
    sentence = "A <b>painless</b> mass in the left calf & ankle."
    evidence = Evidence(start=0, end=9, sentence=sentence, text="left calf", rule_id="r")
    case = ExtractedCase(
        source="smith2001.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="t",
        sex="M",
        age_years=40,
        region="shank",
        side="left",
        evidence={"sex": evidence, "age_years": evidence, "region": evidence, "side": evidence},
    )
    gold = [
        CaseRecord(
            case_id=1,
            author="Smith",
            year=2001,
            sex="M",
            age_years=40,
            side="left",
            region="thigh",
            pain="painless",
        )
    ]
    return build_report(evaluate_cases([case], gold, printed={1: {"site": "Left thigh"}}))


def test_report_renders_tables_and_script_drawn_bars(tmp_path):
    assert CHROMIUM is not None, "CI is set but chromium is not installed"
    page = write_html(_report(), tmp_path / "report.html")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert 'id="field-scores"' in dom
    assert dom.count('class="confusion"') >= 4
    bars = re.findall(r'<rect class="bar" data-field="([a-z_]+)" data-accuracy="([0-9.]*)"', dom)
    # one bar per field, drawn by the inline script (the served HTML has no <rect> at all)
    assert "<rect" not in page.read_text(encoding="utf-8")
    assert [field for field, _ in bars] == list(CLINICAL_FIELDS)
    accuracy = dict(bars)
    assert accuracy["sex"] == "1" and accuracy["region"] == "0" and accuracy["pain"] == "0"
    assert accuracy["outcome"] == ""  # no gold value: no bar length
    assert "<mark>left calf</mark>" in dom
    assert "&lt;b&gt;painless&lt;/b&gt;" in dom
