"""The committed gold files are exactly what the builder makes from the review article."""

import csv
from pathlib import Path

import pytest

from gsvlms_extract.gold import build_gold, load_gold
from gsvlms_extract.gold.table import RAW_FIELDS
from gsvlms_extract.schema import CASE_FIELDS, record_from_row, record_to_row

ROOT = Path(__file__).parents[2]
ARTICLE = ROOT / "corpus" / "seed" / "gsv_lms_review_2024.txt"
GOLD = ROOT / "gold"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("gold")
    result = build_gold(ARTICLE, out, GOLD / "corrections.yaml")
    return out, result


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", ["table1_raw.csv", "table1.csv", "anomalies.csv"])
def test_rebuild_is_byte_identical_to_committed(rebuilt, name):
    out, _ = rebuilt
    assert (out / name).read_bytes() == (GOLD / name).read_bytes()


def test_raw_table_is_57_rows_by_14_printed_cells(rebuilt):
    out, _ = rebuilt
    rows = _rows(out / "table1_raw.csv")
    assert len(rows) == 57
    assert all(list(row) == list(RAW_FIELDS) for row in rows)
    by_case = {int(row["case"].lstrip("# ")): row for row in rows}
    assert by_case[47]["gender_age"] == "F65"
    assert by_case[52]["case"] == "#52"
    assert by_case[45]["site"] == "right shank"
    assert by_case[8]["metastasis"] == "Liver/check"
    assert by_case[35]["size"] == "40 and 60"
    assert by_case[51]["metastasis"] == "Cardiac metastasis"


def test_every_raw_cell_is_printed_in_the_article_in_order(rebuilt):
    """Each cell is a tab-indented line of the article, in reading order."""
    out, _ = rebuilt
    lines = [line[1:] for line in ARTICLE.read_text(encoding="utf-8").splitlines()]
    position = 0
    for row in _rows(out / "table1_raw.csv"):
        for column in RAW_FIELDS:
            position = lines.index(row[column], position) + 1


def test_normalized_table_round_trips_through_case_record(rebuilt):
    out, result = rebuilt
    rows = _rows(out / "table1.csv")
    assert list(rows[0]) == list(CASE_FIELDS)
    records = [record_from_row(row, where=f"line {i}") for i, row in enumerate(rows, 2)]
    assert [record_to_row(r) for r in records] == rows
    assert records == sorted(result.records, key=lambda r: r.case_id)


def test_normalized_table_snapshot(rebuilt, data_regression):
    out, _ = rebuilt
    data_regression.check({"rows": _rows(out / "table1.csv")})


def test_anomalies_snapshot(rebuilt, data_regression):
    out, result = rebuilt
    data_regression.check({"anomalies": _rows(out / "anomalies.csv")})
    problems = {(a.case, a.column) for a in result.anomalies}
    assert {(47, "gender_age"), (8, "metastasis"), (52, "case"), (45, "site")} <= problems
    assert (57, "site") in problems  # Table 1 'Left thigh' vs the case description's calf


def test_own_case_site_is_reported_not_corrected(rebuilt):
    _, result = rebuilt
    case57 = next(r for r in result.records if r.case_id == 57)
    assert case57.region.value == "thigh"
    assert all(c.correction.case != 57 for c in result.applied)
    conflict = next(a for a in result.anomalies if (a.case, a.column) == (57, "site"))
    assert "shank" in conflict.problem and "left calf" in conflict.problem


def test_liver_check_is_decided_by_the_corrections_file(rebuilt):
    _, result = rebuilt
    [applied] = [a for a in result.applied if a.correction.case == 8]
    assert applied.correction.field == "metastasis"
    assert applied.raw == "Liver/check"
    assert applied.changed and applied.normalized.startswith("unreadable")
    assert next(r for r in result.records if r.case_id == 8).metastasis == ["liver"]


def test_load_gold_reapplying_corrections_is_a_no_op():
    with_verdicts = load_gold(GOLD / "table1.csv", GOLD / "corrections.yaml")
    as_written = load_gold(GOLD / "table1.csv", None)
    assert with_verdicts == as_written
    assert len(as_written) == 57


PDF = ROOT / "corpus" / "pdf" / "gsv_lms_review_2024.pdf"


@pytest.mark.skipif(not PDF.exists(), reason="the rendered PDF of the review is not in the tree")
def test_the_pdf_of_the_review_gives_the_same_gold_files(tmp_path):
    build_gold(PDF, tmp_path, GOLD / "corrections.yaml")
    for name in ("table1_raw.csv", "table1.csv", "anomalies.csv"):
        assert (tmp_path / name).read_bytes() == (GOLD / name).read_bytes(), name
