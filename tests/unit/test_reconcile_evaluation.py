"""evaluate_cases: disagreements carry both sides' evidence; verdicts show; only links score."""

from gsvlms_extract.gold import load_corrections, load_gold
from gsvlms_extract.reconcile.compare import Outcome
from gsvlms_extract.reconcile.evaluation import Verdict, evaluate_cases
from gsvlms_extract.reconcile.printed import PRINTED_COLUMN, load_printed_cells
from gsvlms_extract.schema import CLINICAL_FIELDS, Evidence, ExtractedCase

CALF = (
    "On the first day of admission, the patient's physical examination revealed that there "
    "was a 6 cm × 4 cm mass in the inner part of the lower left calf."
)


def ev(text, sentence=None):
    sentence = sentence or f"... {text} ..."
    return Evidence(start=10, end=10 + len(text), sentence=sentence, text=text, rule_id="t")


def case57(**over):
    fields = dict(
        sex="M", age_years=37, side="left", region="shank", size_mm=70, outcome="alive", year=2024
    )
    fields.update(over)
    evidence = {name: ev(str(value)) for name, value in fields.items()}
    evidence["region"] = ev("lower left calf", CALF)
    return ExtractedCase(
        source="gsv_lms_review_2024.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="t",
        evidence=evidence,
        **fields,
    )


def test_case_57_site_is_a_disagreement_with_evidence_and_printed_cell():
    gold = load_gold("gold/table1.csv")
    printed = load_printed_cells("gold/table1_raw.csv")
    evaluation = evaluate_cases([case57()], gold, printed=printed)
    assert [link.case_id for link in evaluation.links] == [57]
    [site] = [c for c in evaluation.disagreements if c.field == "region"]
    assert (site.extracted.value, site.gold.value) == ("shank", "thigh")
    assert site.printed == "Left thigh"
    assert site.printed_column == "site"
    assert site.evidence.sentence == CALF and site.evidence.text == "lower left calf"
    record = site.as_dict()
    assert record["printed_cell"] == "Left thigh"
    assert record["evidence"]["text"] == "lower left calf"
    assert record["resolved_by_verdict"] is False


def test_a_curator_verdict_resolves_the_disagreement_in_later_scoring(tmp_path):
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text(
        "- case: 57\n  field: region\n  value: shank\n"
        "  reason: the case description places the tumour in the left calf\n"
        "  source: 'Case presentation: mass in the inner part of the lower left calf'\n",
        encoding="utf-8",
    )
    gold = load_gold("gold/table1.csv", corrections)
    verdicts = [
        Verdict(c.case, c.field, c.value, c.reason, c.source) for c in load_corrections(corrections)
    ]
    evaluation = evaluate_cases([case57()], gold, verdicts=verdicts)
    region = next(c for c in evaluation.comparisons if c.field == "region")
    assert region.outcome is Outcome.agree
    assert region.resolved_by_verdict
    assert region.verdict.reason.startswith("the case description")
    assert evaluation.resolved == [region]
    assert "region" not in {c.field for c in evaluation.disagreements}


def test_only_linked_patients_are_scored_and_counts_add_up():
    gold = load_gold("gold/table1.csv")
    stranger = ExtractedCase(
        source="lindqvist2025.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="t",
        author="E. Lindqvist",
        year=2025,
        sex="F",
        evidence={"author": ev("E"), "year": ev("2025"), "sex": ev("F")},
    )
    evaluation = evaluate_cases([case57(), stranger], gold, failures=[("bad.pdf", "encrypted")])
    assert [link.status for link in evaluation.links] == ["linked", "candidate_new"]
    assert len(evaluation.comparisons) == len(CLINICAL_FIELDS)
    assert {c.source for c in evaluation.comparisons} == {"gsv_lms_review_2024.txt"}
    assert sum(score.n for score in evaluation.scores) == len(CLINICAL_FIELDS)
    assert evaluation.micro.n == len(CLINICAL_FIELDS)
    assert evaluation.n_documents == 3
    by_field = {score.field: score for score in evaluation.scores}
    assert by_field["sex"].agree == 1
    assert by_field["size_mm"].disagree == 1  # 70 mm vs printed 60 mm
    assert by_field["followup_months"].missed == 1
    assert evaluation.confusion["region"] == {"thigh": {"shank": 1}}
    assert evaluation.confusion["pain"] == {"painless": {"(null)": 1}}


def test_printed_columns_follow_the_gold_builder():
    from gsvlms_extract.gold.build import COLUMN_RULES

    builder = {field: column for column, (fields, _) in COLUMN_RULES.items() for field in fields}
    assert {f: PRINTED_COLUMN[f] for f in builder} == builder
    assert set(CLINICAL_FIELDS) <= set(PRINTED_COLUMN)


def test_printed_cells_reject_bad_files(tmp_path):
    import pytest

    from gsvlms_extract.errors import GoldError

    bad = tmp_path / "raw.csv"
    bad.write_text("case,author\n# 1,X\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"raw.csv:1: missing column\(s\)"):
        load_printed_cells(bad)
    header = ",".join(["case", *sorted(set(PRINTED_COLUMN.values()))])
    bad.write_text(header + "\nfirst," + "," * (header.count(",") - 1) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match="raw.csv:2: case cell 'first' is not a number"):
        load_printed_cells(bad)
    with pytest.raises(GoldError, match="cannot read"):
        load_printed_cells(tmp_path / "missing.csv")


def test_evaluation_code_never_imports_the_manifest():
    """The manifest labels the corpus for tests; linking and scoring must not see it."""
    import ast
    from pathlib import Path

    import gsvlms_extract

    package = Path(gsvlms_extract.__file__).parent
    files = [
        *(package / "reconcile").glob("*.py"),
        *(package / "reports").glob("*.py"),
        package / "cli" / "evaluate.py",
    ]
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            assert not any("manifest" in name for name in names), f"{file.name} imports manifest"
