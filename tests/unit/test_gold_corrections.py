"""Curator verdicts: load, validate, apply (idempotently) and append."""

from pathlib import Path

import pytest
import yaml

from gsvlms_extract.errors import GoldError, VocabularyError
from gsvlms_extract.gold.corrections import (
    Correction,
    add_correction,
    apply_corrections,
    load_corrections,
    parse_value,
)
from gsvlms_extract.schema import CaseRecord, MetastasisSite, Region


def _records():
    return [
        CaseRecord(case_id=8, metastasis=None, size_mm=60, sizes_mm=[40, 60]),
        CaseRecord(case_id=9, region=Region.thigh),
    ]


def _write(path: Path, entries) -> Path:
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    return path


def test_apply_sets_the_field_and_leaves_inputs_alone(tmp_path):
    path = _write(
        tmp_path / "c.yaml",
        [{"case": 8, "field": "metastasis", "value": ["liver"], "reason": "r", "source": "s"}],
    )
    records = _records()
    out = apply_corrections(records, load_corrections(path))
    assert out[0].metastasis == [MetastasisSite.liver]
    assert records[0].metastasis is None
    assert out[1] == records[1]


def test_apply_is_idempotent(tmp_path):
    path = _write(
        tmp_path / "c.yaml",
        [{"case": 9, "field": "region", "value": "shank", "reason": "r", "source": "s"}],
    )
    verdicts = load_corrections(path)
    once = apply_corrections(_records(), verdicts)
    assert apply_corrections(once, verdicts) == once
    assert once[1].region is Region.shank


def test_sizes_correction_keeps_size_consistent():
    verdict = Correction(case=8, field="sizes_mm", value=[70.0], reason="r", source="s")
    [record, _] = apply_corrections(_records(), [verdict])
    assert (record.size_mm, record.sizes_mm) == (70.0, [70.0])


def test_correction_for_unknown_case():
    verdict = Correction(case=99, field="region", value="knee", reason="r", source="s")
    with pytest.raises(GoldError, match="case 99"):
        apply_corrections(_records(), [verdict])


@pytest.mark.parametrize(
    ("entry", "error", "message"),
    [
        ({"case": 8, "field": "colour", "value": "x"}, VocabularyError, "'colour' is not"),
        ({"case": 8, "field": "region", "value": "elbow"}, VocabularyError, "region='elbow'"),
        ({"case": 8, "field": "metastasis", "value": ["moon"]}, VocabularyError, "metastasis="),
        ({"case": 8, "field": "region", "value": "knee", "extra": 1}, GoldError, "extra"),
        ({"case": 8, "field": "region", "value": "knee", "reason": ""}, GoldError, "reason"),
    ],
)
def test_invalid_entries_are_one_line_errors_naming_the_file(tmp_path, entry, error, message):
    full = {"reason": "r", "source": "s", **entry}
    path = _write(tmp_path / "bad.yaml", [full])
    with pytest.raises(error, match=message) as info:
        load_corrections(path)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_two_verdicts_on_one_cell_is_an_error(tmp_path):
    entry = {"case": 8, "field": "region", "value": "knee", "reason": "r", "source": "s"}
    path = _write(tmp_path / "dup.yaml", [entry, entry])
    with pytest.raises(GoldError, match="second verdict for case 8 field region"):
        load_corrections(path)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("- case: 8\n  field: [unclosed\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"broken.yaml:\d+: not valid YAML"):
        load_corrections(path)


def test_add_correction_appends_validates_and_replaces(tmp_path):
    path = tmp_path / "corrections.yaml"
    add_correction(path, 9, "region", "shank", reason="calf in text", source="p. 2")
    add_correction(path, 8, "metastasis", "lung;liver", reason="r", source="s")
    assert [(c.case, c.field, c.value) for c in load_corrections(path)] == [
        (8, "metastasis", ["liver", "lung"]),
        (9, "region", "shank"),
    ]
    add_correction(path, 9, "region", "knee", reason="second look", source="p. 3")
    verdicts = load_corrections(path)
    assert [(c.case, c.value, c.reason) for c in verdicts] == [
        (8, ["liver", "lung"], "r"),
        (9, "knee", "second look"),
    ]
    with pytest.raises(VocabularyError):
        add_correction(path, 9, "region", "elbow", reason="r", source="s")
    assert load_corrections(path) == verdicts  # a rejected verdict leaves the file alone


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("metastasis", "none", []),
        ("metastasis", "NA", None),
        ("local_recurrence", "true", True),
        ("size_mm", "60", 60.0),
        ("sex", "F", "F"),
    ],
)
def test_parse_value_uses_the_csv_cell_form(field, text, value):
    assert parse_value(field, text) == value
