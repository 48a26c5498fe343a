"""load_gold: every malformed gold table is a one-line error naming file:line."""

import pytest

from gsvlms_extract.errors import GoldError, VocabularyError
from gsvlms_extract.gold import load_gold
from gsvlms_extract.schema import CASE_FIELDS

HEADER = ",".join(CASE_FIELDS)
ROW_1 = "1,Aufrecht,1868,Germany,M,23,,ankle,25,25,mass,painful,radical_resection,false,none,false,none,,"  # noqa: E501
ROW_2 = "2,Van Ree,1919,,F,42,left,ankle,,,edema,,radical_resection,false,none,false,none,15,alive"


def _table(tmp_path, *lines):
    path = tmp_path / "table1.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loads_rows_sorted_by_case(tmp_path):
    records = load_gold(_table(tmp_path, HEADER, ROW_2, ROW_1), None)
    assert [r.case_id for r in records] == [1, 2]
    assert records[1].followup_months == 15.0 and records[0].metastasis == []


@pytest.mark.parametrize(
    ("lines", "error", "message"),
    [
        (
            (HEADER.replace(",outcome", ""), ROW_1[:-1]),
            GoldError,
            r":1: missing column\(s\) outcome",
        ),
        ((HEADER + ",colour", ROW_1 + ",red"), GoldError, r":1: unknown column\(s\) colour"),
        ((HEADER, ROW_1, ROW_1), GoldError, r":3: duplicate case_id 1 \(first on line 2\)"),
        ((HEADER, ROW_1.replace("ankle", "elbow")), VocabularyError, r":2: region"),
        ((HEADER, ROW_1.replace(",false,none,false", ",maybe,none,false")), VocabularyError, ":2:"),
        ((HEADER, ROW_1[1:]), GoldError, ":2: row without a case_id"),
        ((HEADER, ROW_1 + ",extra"), GoldError, ":2: wrong number of cells"),
        ((HEADER,), GoldError, "has no rows"),
    ],
)
def test_malformed_tables(tmp_path, lines, error, message):
    path = _table(tmp_path, *lines)
    with pytest.raises(error, match=message) as info:
        load_gold(path, None)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_missing_table_says_how_to_build_it(tmp_path):
    with pytest.raises(GoldError, match="not found.*gsvlms gold build"):
        load_gold(tmp_path / "nope.csv", None)


def test_corrections_are_applied_on_load(tmp_path):
    verdicts = tmp_path / "c.yaml"
    verdicts.write_text(
        "- {case: 2, field: region, value: shank, reason: r, source: s}\n", encoding="utf-8"
    )
    records = load_gold(_table(tmp_path, HEADER, ROW_1, ROW_2), verdicts)
    assert records[1].region.value == "shank"


def test_correction_for_missing_case_names_the_corrections_file(tmp_path):
    verdicts = tmp_path / "c.yaml"
    verdicts.write_text(
        "- {case: 5, field: region, value: shank, reason: r, source: s}\n", encoding="utf-8"
    )
    with pytest.raises(GoldError, match=r"c.yaml: correction for case 5"):
        load_gold(_table(tmp_path, HEADER, ROW_1), verdicts)


def test_defaults_resolve_against_the_working_directory(tmp_path, monkeypatch):
    """Outside a checkout the packaged gold is the default; a local gold/ folder wins."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GSVLMS_GOLD_DIR", raising=False)
    packaged = load_gold()
    assert len(packaged) == 57 and packaged[56].case_id == 57
    assert [m.value for m in packaged[7].metastasis] == ["liver"]  # packaged verdict on case 8
    (tmp_path / "gold").mkdir()
    _table(tmp_path / "gold", HEADER, ROW_1, ROW_2)
    assert load_gold()[1].region.value == "ankle"  # no corrections.yaml: table as written
    (tmp_path / "gold" / "corrections.yaml").write_text(
        "- {case: 2, field: region, value: shank, reason: r, source: s}\n", encoding="utf-8"
    )
    assert load_gold()[1].region.value == "shank"
