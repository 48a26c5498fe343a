"""REDCap export: the data dictionary and the import file agree field by field."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.gold import load_gold
from gsvlms_extract.registry.export import PROVENANCE_COLUMNS, STATUS_COLUMNS
from gsvlms_extract.registry.redcap import (
    DICTIONARY_COLUMNS,
    MISSING_CODES,
    data_dictionary,
    import_frame,
)
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_to_row

GOLD_TABLE = Path(__file__).resolve().parents[2] / "gold" / "table1.csv"


def frame(records: list[CaseRecord], origins: list[str] | None = None) -> pd.DataFrame:
    """A case frame as `export.cases_frame` returns it."""
    rows = []
    for i, rec in enumerate(records):
        origin = origins[i] if origins else "gold"
        rows.append(
            {
                **record_to_row(rec),
                "origin": origin,
                "needs_review": "true" if origin == "extraction" else "false",
                "n_documents": 1,
                "open_conflicts": 0,
                "extracted_fields": "",
                "pmid": "",
                "doi": "",
                "source_documents": "",
                "evidence": "",
            }
        )
    return pd.DataFrame(rows, columns=[*CASE_FIELDS, *STATUS_COLUMNS, *PROVENANCE_COLUMNS])


@pytest.fixture(scope="module")
def gold_frame() -> pd.DataFrame:
    extra = [
        CaseRecord(
            case_id=58,
            sex="F",
            side="right",
            size_mm=37.5,
            sizes_mm=[37.5, 10],
            presentation=["mass", "thrombosis"],
            metastasis=["lung", "bone"],
        ),
        CaseRecord(case_id=59, sex="M", metastasis=[]),
    ]
    return pd.concat(
        [frame(load_gold(GOLD_TABLE)), frame(extra, ["extraction", "extraction"])],
        ignore_index=True,
    )


def choices(entry: str) -> dict[str, str]:
    return dict(part.strip().split(", ", 1) for part in entry.split("|")) if entry else {}


def test_dictionary_has_the_18_standard_columns_and_record_id_first():
    dictionary = data_dictionary()
    assert list(dictionary.columns) == list(DICTIONARY_COLUMNS) and len(DICTIONARY_COLUMNS) == 18
    names = list(dictionary["Variable / Field Name"])
    assert names[0] == "record_id"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)
    assert len(set(names)) == len(names)
    assert set(dictionary["Field Type"]) <= {"text", "notes", "radio", "checkbox", "yesno"}


def test_dictionary_and_import_file_agree_field_by_field(gold_frame):
    dictionary = data_dictionary().set_index("Variable / Field Name")
    data = import_frame(gold_frame)
    assert list(data.columns)[0] == "record_id"
    missing = set(MISSING_CODES)
    expected_columns = []
    for name, field in dictionary.iterrows():
        if "@CALCTEXT" in field["Field Annotation"]:
            assert name not in data.columns, f"{name}: REDCap calculates it; not imported"
            continue
        kind, coded = field["Field Type"], choices(field["Choices, Calculations, OR Slider Labels"])
        if kind == "checkbox":
            codes = [*coded, *(c.lower() for c in MISSING_CODES)]
            columns = [f"{name}___{code}" for code in codes]
            expected_columns += columns
            block = data[columns].astype(int)
            assert set(block.to_numpy().ravel()) <= {0, 1}, name
            flagged = block[[f"{name}___{c.lower()}" for c in MISSING_CODES]].sum(axis=1)
            assert (flagged <= 1).all(), name
            chosen = block[[f"{name}___{c}" for c in coded]].sum(axis=1)
            assert ((flagged == 0) | (chosen == 0)).all(), f"{name}: code and choice both set"
            continue
        expected_columns.append(name)
        values = set(data[name])
        allowed_missing = (
            missing
            if name
            not in (
                "record_id",
                "registry_origin",
                "needs_review",
                "n_documents",
                "open_conflicts",
            )
            else set()
        )
        if kind == "radio":
            assert values <= set(coded) | allowed_missing, (name, values - set(coded))
        elif kind == "yesno":
            assert values <= {"1", "0"} | allowed_missing, name
        elif field["Text Validation Type OR Show Slider Number"] in ("integer", "number"):
            low = field["Text Validation Min"]
            high = field["Text Validation Max"]
            for value in values - allowed_missing:
                number = float(value)
                if field["Text Validation Type OR Show Slider Number"] == "integer":
                    assert number.is_integer(), (name, value)
                assert low == "" or number >= float(low), (name, value)
                assert high == "" or number <= float(high), (name, value)
        assert "" not in values, f"{name}: blank cell instead of a missing-data code"
    assert list(data.columns) == expected_columns


def _calctext(annotation: str):
    """A REDCap @CALCTEXT expression as a Python function of the record (for checking its
    logic): if(), isnumber(), round() half away from zero as in REDCap, = for equality."""
    body = re.fullmatch(r"@CALCTEXT\((.*)\)", annotation).group(1)
    body = re.sub(r"(?<![<>!=])=(?!=)", "==", body)
    body = re.sub(r"\[(\w+)\]", r"record['\1']", body).replace("if(", "if_(")

    def if_(condition, yes, no):
        return yes if condition else no

    def isnumber(value):
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        return True

    class Text(str):  # REDCap compares a non-number with a number as false (no error)
        def __ge__(self, other):
            return False if isinstance(other, float) else str.__ge__(self, other)

        def __lt__(self, other):
            return False if isinstance(other, float) else str.__lt__(self, other)

    def redcap_round(value, digits):
        if not isnumber(value):
            return ""
        return int(math.floor(float(value) + 0.5)) if digits == 0 else round(value, digits)

    def run(record):
        record = {
            k: (float(v) if isnumber(v) and k != "side" else Text(v)) for k, v in record.items()
        }
        env = {"if_": if_, "isnumber": isnumber, "round": redcap_round, "record": record}
        return str(eval(body, env))  # noqa: S307 - our own annotation, in a test

    return run


def _annotation(name: str) -> str:
    dictionary = data_dictionary().set_index("Variable / Field Name")
    return dictionary.loc[name, "Field Annotation"]


def test_registry_code_sets_are_calculated_from_our_fields(gold_frame):
    data = import_frame(gold_frame).set_index("record_id")
    row = data.loc["58"]
    laterality = _calctext(_annotation("laterality_naaccr"))
    tumour_size = _calctext(_annotation("tumor_size_naaccr"))
    assert row["side"] == "1" and laterality({"side": row["side"]}) == "1"
    assert row["size_mm"] == "37.5" and tumour_size({"size_mm": row["size_mm"]}) == "38"
    assert row["sizes_mm"] == "37.5;10"  # lesion order as reported
    assert (row["metastasis___lung"], row["metastasis___bone"], row["metastasis___liver"]) == (
        "1",
        "1",
        "0",
    )
    unknown_side = data.loc["1"]  # Aufrecht: Table 1 gives no side
    assert unknown_side["side"] == "UNK" and laterality({"side": "UNK"}) == "9"
    no_size = data.loc["2"]
    assert no_size["size_mm"] == "UNK" and tumour_size({"size_mm": "UNK"}) == "999"


def test_missing_codes_unknown_versus_not_asked(gold_frame):
    data = import_frame(gold_frame).set_index("record_id")
    # Case 59 (extraction) has no nation: the report was read and is silent.
    assert data.loc["59", "nation"] == "UNK"
    # Gold case 2 has no nation while other Table 1 rows do: the source is silent.
    assert data.loc["2", "nation"] == "UNK"
    # An explicitly empty metastasis list ticks "none" (@NONEOFTHEABOVE), no missing-data code;
    # a silent one (gold case 3: Table 1 prints no metastasis cell) a missing-data code.
    boxes = data.loc["59"].filter(like="metastasis___")
    assert {k for k, v in boxes.items() if v == "1"} == {"metastasis___none"}
    boxes = data.loc["3"].filter(like="metastasis___")
    assert {k for k, v in boxes.items() if v == "1"} == {"metastasis___unk"}
    assert "@NONEOFTHEABOVE='none'" in _annotation("metastasis")
    # Silent presentation of an extraction case (59) while case 58 reports one: UNK box.
    assert data.loc["59", "presentation___unk"] == "1"
    assert data.loc["59", "presentation___nask"] == "0"


@given(st.floats(min_value=0.01, max_value=5000, allow_nan=False))
def test_naaccr_tumour_size_is_whole_mm_between_1_and_989(size):
    data = import_frame(frame([CaseRecord(case_id=1, size_mm=size)]))
    code = int(_calctext(_annotation("tumor_size_naaccr"))({"size_mm": data.loc[0, "size_mm"]}))
    assert 1 <= code <= 989
    assert code == min(989, max(1, int(float(data.loc[0, "size_mm"]) + 0.5)))


def test_a_field_no_gold_row_records_is_not_asked_for_gold_cases_only():
    records = [CaseRecord(case_id=1, sex="M"), CaseRecord(case_id=2, sex="F", nation="UK")]
    cells = frame(records + [CaseRecord(case_id=3)], ["gold", "gold", "extraction"])
    data = import_frame(cells).set_index("record_id")
    assert data.loc["1", "vein_reconstruction"] == "NASK"  # no gold row records it
    assert data.loc["1", "nation"] == "UNK"  # another gold row does
    assert data.loc["3", "vein_reconstruction"] == "UNK"  # extraction case: report silent
    assert (data.loc["1", "metastasis___nask"], data.loc["3", "metastasis___unk"]) == ("1", "1")
