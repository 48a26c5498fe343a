"""The curator's command line: conflicts with ids and evidence, resolve, gold correct into the
registry, and evaluate honouring registry decisions (CliRunner, SQLite)."""

from __future__ import annotations

import hashlib

from typer.testing import CliRunner

from gsvlms_extract.cli import app
from gsvlms_extract.reconcile import link_cases
from gsvlms_extract.registry import load_cases, open_registry, record_document
from gsvlms_extract.registry.decisions import decisions, registry_corrections
from gsvlms_extract.registry.store import DocumentResult
from gsvlms_extract.schema import Evidence, ExtractedCase


def test_conflict_listed_with_id_and_evidence_then_resolved(tmp_path, gold_table):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = open_registry(url, create=True, gold_table=gold_table)
    sentence = "The patient, a woman of 77, had a lump in the thigh."
    case = ExtractedCase(
        source="smout1960.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="t",
        sex="F",
        age_years=77,
        side="left",
        region="thigh",
        author="Smóut",
        evidence={
            name: Evidence(start=0, end=2, sentence=sentence, text=text, rule_id="r")
            for name, text in (
                ("age_years", "77"),
                ("author", "Smóut"),
                ("sex", "woman"),
                ("side", "left"),
                ("region", "thigh"),
            )
        },
    )
    doc = DocumentResult("inbox/smout1960.txt", hashlib.sha256(b"s").hexdigest(), 1, cases=[case])
    record_document(engine, doc, run_id=None, linker=link_cases)
    runner = CliRunner()
    listed = runner.invoke(
        app, ["registry", "conflicts", "--registry", url], env={"COLUMNS": "250"}
    )
    assert listed.exit_code == 0, listed.output
    assert "1 conflicts" in listed.output  # "Smóut" vs "Smout" is no conflict
    assert "a woman of 77" in listed.output and "age_years" in listed.output
    both = runner.invoke(
        app, ["registry", "resolve", "1", "--accept", "--keep", "--reason", "x", "--registry", url]
    )
    assert both.exit_code == 2
    done = runner.invoke(
        app,
        [
            "registry",
            "resolve",
            "1",
            "--accept",
            "--reason",
            "text says 77",
            "--by",
            "ana",
            "--registry",
            url,
        ],
    )
    assert done.exit_code == 0 and "age_years = 77" in done.output
    again = runner.invoke(
        app, ["registry", "resolve", "1", "--keep", "--reason", "no", "--registry", url]
    )
    assert again.exit_code == 1 and "already decided by ana at" in again.output
    assert load_cases(engine)[3].age_years == 77
    # gold correct --registry writes the same kind of record as the review.
    corrections = tmp_path / "corrections.yaml"
    corrected = runner.invoke(
        app,
        [
            "gold",
            "correct",
            "9",
            "metastasis",
            "lung",
            "--reason",
            "p. 4 says lung",
            "--corrections",
            str(corrections),
            "--registry",
            url,
        ],
    )
    assert corrected.exit_code == 0, corrected.output
    assert "metastasis" in corrections.read_text()
    assert [(d["channel"], d["case_id"], d["value"]) for d in decisions(engine)] == [
        ("cli", 4, "77"),
        ("gold-corrections", 9, "lung"),
    ]
    assert load_cases(engine)[8].metastasis == ["lung"]
    assert [(c.case, c.field) for c in registry_corrections(engine)] == [
        (4, "age_years"),
        (9, "metastasis"),
    ]
    engine.dispose()
