"""scripts/derive_maccrobat_labels.py: the rules on small brat files written for these tests,
and the committed labels.yaml reproduced byte for byte."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "derive_maccrobat_labels.py"
BUNDLED = ROOT / "corpus" / "external" / "maccrobat2020-dev"


def _load_script():
    spec = importlib.util.spec_from_file_location("derive_maccrobat_labels", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


derive = _load_script()


def _write(folder: Path, doc_id: str, text: str, entities: list[tuple], extra: str = "") -> None:
    """A .txt and a .ann whose T lines are built from (id, type, substring[, occurrence])."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    lines = []
    for tid, kind, words, *nth in entities:
        start = -1
        for _ in range((nth[0] if nth else 0) + 1):
            start = text.index(words, start + 1)
        lines.append(f"{tid}\t{kind} {start} {start + len(words)}\t{words}")
    (folder / f"{doc_id}.ann").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")


def _derived(folder: Path) -> dict:
    return yaml.safe_load(derive.derive(folder))["documents"]


def test_committed_labels_are_reproduced_byte_for_byte():
    committed = (BUNDLED / "labels.yaml").read_text(encoding="utf-8")
    assert derive.derive(BUNDLED) == committed
    assert derive.main([str(BUNDLED), "--check"]) == 0


def test_check_reports_a_stale_file(tmp_path, capsys):
    _write(tmp_path, "1", "A 45-year-old man.", [("T1", "Age", "45-year-old")])
    (tmp_path / "labels.yaml").write_text("stale\n", encoding="utf-8")
    assert derive.main([str(tmp_path), "--check"]) == 1
    assert "differs" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("45-year-old", 45),
        ("34-yr-old", 34),
        ("36- year- old", 36),
        ("aged 31 years", 31),
        ("27 years old", 27),
        ("14-month-old", 1),
        ("3-month-old", 0),
        ("six-week-old", 0),
        ("4 and a half years old", 4),
        ("in her 60s", None),
        ("early 70s", None),
        ("younger than 50 years old", None),
        ("young", None),
    ],
)
def test_age_in_completed_years(text, value):
    assert derive.age_in_years(text) == value


@pytest.mark.parametrize(
    ("text", "mm"),
    [
        ("3 cm", 30.0),
        ("12 × 4 cm", 120.0),
        ("4.5\u2005cm×5.1\u2005cm× 4.8\u2005cm", 51.0),
        ("64x53 mm", 64.0),
        ("8 mm in diameter", 8.0),
        ("2.8 cm to 4.2 cm", None),
        ("4–5 mm", None),
        ("more than 10cm", None),
        ("up to 15 mm in diameter", None),
        ("16/22/15mm", None),
        ("800 cc per day", None),
    ],
)
def test_size_is_the_largest_dimension_or_nothing(text, mm):
    assert derive.size_in_mm(text) == mm


@given(st.text(max_size=40))
def test_readers_never_raise_on_any_text(text):
    age = derive.age_in_years(text)
    size = derive.size_in_mm(text)
    assert age is None or age >= 0
    assert size is None or size >= 0


def test_labels_keep_the_annotation_they_came_from(tmp_path):
    text = "A 14-month-old boy had a 3 cm mass. He died two days later."
    _write(
        tmp_path,
        "1",
        text,
        [
            ("T1", "Age", "14-month-old"),
            ("T2", "Sex", "boy"),
            ("T3", "Sign_symptom", "mass"),
            ("T4", "Distance", "3 cm"),
            ("T5", "Outcome", "died"),
        ],
        "E1\tSign_symptom:T3 \nR1\tMODIFY Arg1:T4 Arg2:E1\t\nE2\tOutcome:T5 \n",
    )
    doc = _derived(tmp_path)["1"]
    assert doc["labels"]["age_years"] == {
        "value": 1,
        "evidence": [{"id": "T1", "type": "Age", "start": 2, "end": 14, "text": "14-month-old"}],
    }
    assert doc["labels"]["sex"]["value"] == "M"
    assert doc["labels"]["size_mm"]["value"] == 30.0
    assert doc["labels"]["size_mm"]["evidence"][0]["id"] == "T4"
    assert doc["labels"]["outcome"]["value"] == "dead"
    assert doc["is_gsv_lms"] is False and doc["unstated"] == {}


def test_ambiguous_or_missing_annotation_gives_no_label(tmp_path):
    text = "A 45-year-old woman; at 50-year-old she was a male. In her 60s. Her husband died."
    _write(
        tmp_path,
        "1",
        text,
        [
            ("T1", "Age", "45-year-old"),
            ("T2", "Age", "50-year-old"),
            ("T3", "Sex", "woman"),
            ("T4", "Age", "male"),
            ("T5", "Outcome", "died"),
            ("T6", "Subject", "husband"),
        ],
        "E1\tOutcome:T5 \nR1\tMODIFY Arg1:T6 Arg2:E1\t\n",
    )
    doc = _derived(tmp_path)["1"]
    assert doc["labels"] == {}
    assert doc["unlabelled"]["age_years"] == "different ages: 45, 50"
    assert doc["unlabelled"]["sex"] == "both sexes annotated"
    assert doc["unlabelled"]["outcome"].startswith("no death of the patient")
    assert doc["unstated"] == {
        "size_mm": "no Distance, Area or Volume entity",
        "sizes_mm": "no Distance, Area or Volume entity",
    }


def test_decades_are_unstated_and_negated_deaths_do_not_count(tmp_path):
    text = "A woman in her 60s had a mass of 2 cm and another of 4 cm. She had not died."
    _write(
        tmp_path,
        "1",
        text,
        [
            ("T1", "Age", "60s"),
            ("T2", "Sign_symptom", "mass"),
            ("T3", "Distance", "2 cm"),
            ("T4", "Distance", "4 cm"),
            ("T5", "Outcome", "died"),
        ],
        "E1\tSign_symptom:T2 \nR1\tMODIFY Arg1:T3 Arg2:E1\t\nR2\tMODIFY Arg1:T4 Arg2:E1\t\n"
        "E2\tOutcome:T5 \nA1\tPolarity E2 NEG\n",
    )
    doc = _derived(tmp_path)["1"]
    assert doc["unstated"]["age_years"] == "no age in years: 60s"
    assert doc["unlabelled"]["size_mm"] == "different lesion sizes (mm): 20, 40"
    assert "outcome" not in doc["labels"]
    assert doc["unlabelled"]["outcome"] == "no death of the patient annotated: died"
    assert doc["unlabelled"]["sex"].startswith("no Sex entity")


def test_a_review_withdraws_an_unstated_judgement(tmp_path):
    _write(
        tmp_path, "7", "A 45-year-old man had a 4 cm-sized mass.", [("T1", "Age", "45-year-old")]
    )
    (tmp_path / "reviews.yaml").write_text(
        "- document: '7'\n  field: size_mm\n  reason: untagged '4 cm-sized mass'\n",
        encoding="utf-8",
    )
    doc = _derived(tmp_path)["7"]
    assert "size_mm" not in doc["unstated"] and "sizes_mm" not in doc["unstated"]
    assert doc["unlabelled"]["size_mm"] == "reviewed: untagged '4 cm-sized mass'"
    assert doc["labels"]["age_years"]["value"] == 45


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tAge 0 5\twrong\n", r"1\.ann:1: text 'wrong' != \.txt"),
        ("T1\tAge x y\tA 45\n", r"1\.ann:1: cannot read"),
        ("R1\tMODIFY Arg1:T1\n", r"1\.ann:1: cannot read"),
    ],
)
def test_a_bad_annotation_line_is_named(tmp_path, ann, message):
    (tmp_path / "1.txt").write_text("A 45-year-old man.", encoding="utf-8")
    (tmp_path / "1.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(derive.AnnotationError, match=message):
        derive.derive(tmp_path)


def test_missing_files_and_bad_reviews_are_named(tmp_path, capsys):
    assert derive.main([str(tmp_path)]) == 1
    assert "no .txt files" in capsys.readouterr().err
    (tmp_path / "1.txt").write_text("A man.", encoding="utf-8")
    with pytest.raises(derive.AnnotationError, match=r"1\.txt: no 1\.ann beside it"):
        derive.derive(tmp_path)
    (tmp_path / "1.ann").write_text("", encoding="utf-8")
    (tmp_path / "reviews.yaml").write_text("- document: '2'\n  field: sex\n  reason: x\n")
    with pytest.raises(derive.AnnotationError, match="unknown documents 2"):
        derive.derive(tmp_path)
    (tmp_path / "reviews.yaml").write_text("- document: '1'\n  field: colour\n  reason: x\n")
    with pytest.raises(derive.AnnotationError, match="unknown field 'colour'"):
        derive.derive(tmp_path)
