"""The corpus manifest loads, validates vocabularies and rejects bad entries with one line."""

import pytest

from gsvlms_extract.manifest import ManifestError, load_manifest


def test_bundled_manifest_loads_and_seed_is_case_57():
    documents = {d.id: d for d in load_manifest("corpus")}
    seed = documents["gsv_lms_review_2024"]
    assert [p.case_id for p in seed.patients] == [57]
    assert seed.patients[0].expected_record().region.value == "shank"


def test_every_gsv_lms_document_has_a_patient():
    for document in load_manifest("corpus"):
        if document.is_gsv_lms:
            assert document.patients, document.id


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {id: x, file: x.txt, is_gsv_lms: true, patients: []}", "not found"),
        (
            "- {id: x, file: a.txt, is_gsv_lms: true,"
            " patients: [{case_id: 1, expected: {region: elbow}}]}",
            "entry 1",
        ),
        (
            "- {id: x, file: a.txt, is_gsv_lms: true, patients: [{expected: {colour: red}}]}",
            "unknown field",
        ),
        ("[unclosed", "not valid YAML"),
    ],
)
def test_bad_manifest_is_one_line_error(tmp_path, entry, message):
    (tmp_path / "manifest").mkdir()
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "manifest" / "part.yaml").write_text(entry)
    with pytest.raises(ManifestError, match=message) as info:
        load_manifest(tmp_path)
    assert "\n" not in str(info.value)
