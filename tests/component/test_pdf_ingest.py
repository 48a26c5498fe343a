"""PDF ingest on small real-format fixtures, one per feature or failure (tests/data/ingest/)."""

from pathlib import Path

import pytest

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest import BlockKind, load_document

DATA = Path(__file__).parents[1] / "data" / "ingest"


def _blocks(document):
    return [(b.kind.value, b.page, document.text[b.start : b.end]) for b in document.blocks]


def test_two_columns_read_left_then_right_although_drawn_interleaved():
    document = load_document(DATA / "two_column.pdf")
    kinds = [kind for kind, _, _ in _blocks(document)]
    assert kinds == ["heading", "body", "body"]
    _, _, left = _blocks(document)[1]
    _, _, right = _blocks(document)[2]
    assert left == " ".join(f"Left column line {i} of the first column." for i in range(1, 13))
    assert right == " ".join(f"Right column line {i} of the second column." for i in range(1, 13))
    assert document.text.index("Left column line 12") < document.text.index("Right column line 1 ")


def test_running_header_footer_and_page_numbers_are_dropped():
    document = load_document(DATA / "header_footer.pdf")
    assert "Journal of Fixture Medicine" not in document.text
    assert "Case Report" not in document.text
    assert [kind for kind, _, _ in _blocks(document)] == ["body"] * 3
    for page in (1, 2, 3):
        block = _blocks(document)[page - 1][2]
        assert block == " ".join(
            f"Page {page} body sentence {i} stands in the text block." for i in range(1, 6)
        )


def test_page_map_gives_every_character_its_page():
    document = load_document(DATA / "header_footer.pdf")
    assert document.n_pages == 3
    assert len(document.page_starts) == 3
    for offset, char in enumerate(document.text):
        if char.isdigit() and document.text[offset - 5 : offset] == "Page ":
            assert document.page_at(offset) == int(char)
    assert document.page_at(0) == 1
    assert document.page_at(len(document.text) - 1) == 3
    assert [b.page for b in document.blocks] == [1, 2, 3]


def test_line_end_hyphens_rejoined_or_kept():
    document = load_document(DATA / "hyphenation.pdf")
    assert document.text == (
        "The tumour was a leiomyosarcoma of the vein in a 37-year-old man. The GSV-LMS showed "
        "smooth-muscle cells of intermediate- and high-grade type on ultrasound and a "
        "T1-weighted scan; leiomyosarcoma is rare."
    )


def test_table_and_caption_kept_apart_from_the_narrative():
    document = load_document(DATA / "table.pdf")
    assert _blocks(document) == [
        ("body", 1, "Immunohistochemistry was performed on the resected specimen."),
        (
            "table",
            1,
            "Table 1 | Immunohistochemical profile of the tumour.\n"
            "\tMarker\n\tResult\n\n\tSMA\n\tPositive\n\n\tDesmin\n\tFocally positive\n\n"
            "\tCK\n\tNegative",
        ),
        ("caption", 1, "Figure 1 | Gross specimen of the resected vein segment."),
        ("body", 1, "The margins were free of tumour."),
    ]
    narrative = [document.text[b.start : b.end] for b in document.narrative_blocks()]
    assert not any("Marker" in text or "Figure" in text for text in narrative)


def test_pdf_document_fields_are_filled():
    document = load_document(DATA / "table.pdf")
    assert document.media_type == "application/pdf"
    assert document.n_pages == 1
    assert len(document.sha256) == 64
    assert document.metadata == {"title": "table", "author": "Fixture Author"}
    assert document.source.endswith("table.pdf")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("encrypted.pdf", "encrypted"),
        ("scanned.pdf", "no text layer (scanned?)"),
        ("truncated.pdf", "truncated"),
        ("empty.pdf", "empty"),
        ("missing.pdf", "cannot read"),
    ],
)
def test_bad_pdfs_raise_one_line_ingest_error_naming_the_file(name, problem):
    with pytest.raises(IngestError) as info:
        load_document(DATA / name)
    message = str(info.value)
    assert message.startswith(str(DATA / name) + ": ")
    assert problem in message
    assert "\n" not in message


def test_corrupt_body_with_pdf_header_is_an_ingest_error(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    with pytest.raises(IngestError, match="garbage.pdf: corrupt"):
        load_document(path)


def test_block_kinds_are_the_document_api():
    document = load_document(DATA / "table.pdf")
    assert {b.kind for b in document.narrative_blocks()} == {BlockKind.body}


def test_raised_reference_numbers_dropped_and_exponents_kept():
    document = load_document(DATA / "superscripts.pdf")
    assert document.text == (
        "Leiomyosarcoma is rare and the area was 12 cm\u00b2 in total, as reported before. "
        "Platelets 250 \u00d7 10\u2079/L."
    )


def test_paragraph_across_a_page_break_is_one_block_with_an_exact_page_map():
    document = load_document(DATA / "page_break.pdf")
    assert [(b.kind.value, b.page) for b in document.blocks] == [("heading", 1), ("body", 1)]
    body = document.block_text(document.blocks[1])
    assert body == (
        "A 61-year-old woman had a firm mass. Biopsy showed a leiomyosarcoma of the great "
        "saphenous vein. She is well."
    )
    text = document.text
    split = text.index("leiomyosarcoma") + len("leiomyo")
    assert document.page_starts == (0, split)
    assert document.page_at(split - 1) == 1  # "leiomyo" was printed on page 1
    assert document.page_at(split) == 2  # "sarcoma" on page 2


def test_image_only_page_inside_a_text_pdf_is_reported_not_fatal():
    document = load_document(DATA / "mixed_scan.pdf")
    assert document.text == "Text of page 1.\n\nText of page 3."
    assert document.metadata["pages_without_text"] == "2"
    assert document.n_pages == 3 and len(document.page_starts) == 3
    assert {document.page_at(i) for i in range(len(document.text))} == {1, 3}


def test_rotated_margin_text_is_dropped():
    document = load_document(DATA / "marginalia.pdf")
    assert document.text == " ".join(
        f"Body line {i} of the only column on this page." for i in range(10)
    )


def test_unruled_aligned_table_is_a_table_block():
    document = load_document(DATA / "grid_table.pdf")
    assert _blocks(document) == [
        ("body", 1, "Laboratory tests on admission were unremarkable."),
        (
            "table",
            1,
            "Table 2 | Laboratory values on admission.\n"
            "\tTest\n\tValue\n\tReference range\n\n"
            "\tHaemoglobin\n\t12.1 g/dL\n\t12-16 g/dL\n\n"
            "\tPlatelets\n\t250 G/L\n\t150-400 G/L\n\n"
            "\tC-reactive protein\n\t4 mg/L\n\tbelow 5 mg/L",
        ),
        ("body", 1, "The patient was then referred for surgery."),
    ]
