"""Rule usage (``make rules-report``): firings counted per rule, document and sentence."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from gsvlms_extract.nlp.rule_usage import RuleUsage, all_rule_ids, firings

REPO = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location(
        "rules_report", REPO / "scripts" / "rules_report.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts_distinct_documents_and_sentences():
    usage = RuleUsage({"a": "targets.jsonl", "b": "context.jsonl", "c": "sections.jsonl"})
    usage.add("doc1", "dev", iter([("a", 0), ("a", 0), ("a", 5), ("b", 5)]))
    usage.add("doc2", "test", iter([("a", 0), ("x", 1)]))
    rows = {row.rule_id: row for row in usage.rows()}
    assert (len(rows["a"].documents), len(rows["a"].sentences)) == (2, 3)
    assert (len(rows["b"].documents), len(rows["b"].sentences)) == (1, 1)
    assert {g: sorted(d) for g, d in rows["a"].documents_by_group.items()} == {
        "dev": ["doc1"],
        "test": ["doc2"],
    }
    assert [row.rule_id for row in usage.rows()] == ["a", "b", "c", "x"]  # unknown id last
    assert [row.rule_id for row in usage.never_fired()] == ["c"]
    assert [row.rule_id for row in usage.single_sentence()] == ["b", "x"]
    assert usage.groups == {"dev": 1, "test": 1}


def test_every_rule_file_contributes_ids():
    ids = all_rule_ids()
    assert {"targets.jsonl", "context.jsonl", "sections.jsonl", "quantities.jsonl"} == set(
        ids.values()
    )
    assert ids["presentation.mass.mass"] == "targets.jsonl"


def test_firings_of_each_rule_family_in_a_pipeline_doc(nlp):
    doc = nlp(
        "Case report\nA 65-year-old woman noticed a mass in her thigh. The mass was not painful.\n"
    )
    fired = sorted(firings(doc, nlp))
    second = [s.start for s in doc.sents][2]  # title line, first sentence, second sentence
    assert ("section.case.case_report", 0) in fired  # sections.jsonl
    assert ("age.years_old", 3) in fired  # quantities.jsonl
    assert ("context.negated_existence.not", second) in fired  # context.jsonl
    assert [f for f in fired if f[0] == "presentation.mass.mass"] == [
        ("presentation.mass.mass", 3),
        ("presentation.mass.mass", second),
    ]


def test_report_over_a_tiny_document_set(nlp, tmp_path):
    dev, other = tmp_path / "dev", tmp_path / "other"
    dev.mkdir()
    other.mkdir()
    (dev / "one.txt").write_text("A woman had a mass. The mass grew.\n", encoding="utf-8")
    (dev / "two.txt").write_text("A man had no mass.\n", encoding="utf-8")
    (dev / "README.md").write_text("Not a report: a mass.\n", encoding="utf-8")
    (other / "three.txt").write_text("The thigh was swollen.\n", encoding="utf-8")
    script = _script()
    usage, examples = script.collect([dev, other], nlp)
    rows = {row.rule_id: row for row in usage.rows()}
    assert usage.groups == {str(dev): 2, str(other): 1}
    assert (
        len(rows["presentation.mass.mass"].documents),
        len(rows["presentation.mass.mass"].sentences),
    ) == (2, 3)
    assert len(rows["sex.m.man"].sentences) == 1
    assert rows["sex.m.man"] in usage.single_sentence()
    assert examples["sex.m.man"][1] == "A man had no mass."
    assert rows["region.thigh.thigh"].documents_by_group == {str(other): {str(other / "three.txt")}}
    assert rows["section.case.case_report"] in usage.never_fired()

    script.write_csv(usage, tmp_path / "rules.csv")
    with (tmp_path / "rules.csv").open(encoding="utf-8") as handle:
        table = {row["rule_id"]: row for row in csv.DictReader(handle)}
    assert table["presentation.mass.mass"]["documents"] == "2"
    assert table["presentation.mass.mass"]["sentences"] == "3"
    assert table["presentation.mass.mass"][str(dev)] == "2"
    assert table["presentation.mass.mass"][str(other)] == "0"
    assert len(table) == len(all_rule_ids())
