"""Text reports: encodings, errors, and block classification into the documented layout."""

from pathlib import Path

import pytest

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest import BlockKind, load_document
from gsvlms_extract.ingest.blocks import is_caption_start, is_heading, is_table_title

DATA = Path(__file__).parents[1] / "data" / "ingest"
SEED = Path(__file__).parents[2] / "corpus" / "seed" / "gsv_lms_review_2024.txt"


def _blocks(document):
    return [(b.kind.value, document.text[b.start : b.end]) for b in document.blocks]


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16.txt", "latin1.txt"])
def test_encodings_decode_to_the_same_text(name):
    document = load_document(DATA / name)
    assert _blocks(document) == [
        ("heading", "Café report"),
        ("body", "A 37-year-old man from Hôpital Sud had a 5 cm mass."),
    ]
    assert document.media_type == "text/plain"
    assert document.page_starts == () and document.page_at(3) is None


def test_cp1252_smart_quotes_and_accents():
    document = load_document(DATA / "cp1252.txt")
    assert document.text.splitlines()[0] == 'Café "quoted" report'


def test_sha256_is_of_the_file_bytes():
    import hashlib

    document = load_document(DATA / "utf16.txt")
    assert document.sha256 == hashlib.sha256((DATA / "utf16.txt").read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("whitespace.txt", "empty"),
        ("binary.txt", "binary"),
        ("nothing-here.txt", "cannot read"),
    ],
)
def test_bad_text_files_raise_one_line_error(name, problem):
    with pytest.raises(IngestError) as info:
        load_document(DATA / name)
    assert str(info.value).startswith(f"{DATA / name}: ")
    assert problem in str(info.value)


def test_utf16_without_bom_is_binary(tmp_path):
    path = tmp_path / "no_bom.txt"
    path.write_bytes("A report.".encode("utf-16-le"))
    with pytest.raises(IngestError, match="no_bom.txt: binary"):
        load_document(path)


def test_directory_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        load_document(tmp_path)


SAMPLE = """Leiomyosarcoma of the great saphenous vein: a case report

Case presentation
A 61-year-old woman presented with a painless mass.
She had no other complaints.

[image: Ultrasound of the mass.]
Figure 1 | Duplex ultrasound showing the mass.

Table 2 | Laboratory values
\tTest
\tValue

\tHaemoglobin
\t12.1 g/dL

Discussion

The tumour
was hard-wrapped
over three lines.
"""


def test_blocks_of_a_sample_report(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    document = load_document(path)
    assert _blocks(document) == [
        ("heading", "Leiomyosarcoma of the great saphenous vein: a case report"),
        ("heading", "Case presentation"),
        # short lines without a blank line between them read as one hard-wrapped paragraph
        (
            "body",
            "A 61-year-old woman presented with a painless mass. She had no other complaints.",
        ),
        (
            "caption",
            "[image: Ultrasound of the mass.]\nFigure 1 | Duplex ultrasound showing the mass.",
        ),
        ("table", "Table 2 | Laboratory values\n\tTest\n\tValue\n\n\tHaemoglobin\n\t12.1 g/dL"),
        ("heading", "Discussion"),
        ("body", "The tumour was hard-wrapped over three lines."),
    ]
    # blocks are separated by exactly one blank line and cover the text
    pieces = [document.text[b.start : b.end] for b in document.blocks]
    assert document.text == "\n\n".join(pieces)


def test_markdown_headings_and_emphasis(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# A **bold** title\n\n## Case report\n\nA **firm** mass.\n", encoding="utf-8")
    document = load_document(path)
    assert document.media_type == "text/markdown"
    assert _blocks(document) == [
        ("heading", "A bold title"),
        ("heading", "Case report"),
        ("body", "A firm mass."),
    ]


def test_markdown_pipe_table(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "Table 1 | Stains\n| Marker | Result |\n|---|---|\n| SMA | + |\n\nAfter the table.\n",
        encoding="utf-8",
    )
    assert _blocks(load_document(path)) == [
        ("table", "Table 1 | Stains\n\tMarker\n\tResult\n\n\tSMA\n\t+"),
        ("body", "After the table."),
    ]


def test_space_aligned_table_with_a_two_line_title(tmp_path):
    """A web page's table of earlier cases, columns lined up with spaces: its rows are other
    patients, so they are a table (hidden from the narrative), not lines of text."""
    path = tmp_path / "report.txt"
    path.write_text(
        "Table 1\nPreviously reported cases\n\n"
        "Author   Year  Age/Sex  Outcome\n"
        "Kim      2013  49/M     Alive\n"
        "Ozturk   2015  70/F     Death\n\n"
        "The differential diagnosis includes a saphena varix.\n",
        encoding="utf-8",
    )
    assert _blocks(load_document(path)) == [
        (
            "table",
            "Table 1 Previously reported cases\n\tAuthor\n\tYear\n\tAge/Sex\n\tOutcome\n\n"
            "\tKim\n\t2013\n\t49/M\n\tAlive\n\n\tOzturk\n\t2015\n\t70/F\n\tDeath",
        ),
        ("body", "The differential diagnosis includes a saphena varix."),
    ]


def test_seed_article_table1_is_one_block_with_rows_of_fourteen_cells():
    document = load_document(SEED)
    tables = [b for b in document.blocks if b.kind is BlockKind.table]
    assert len(tables) == 1
    title, _, body = document.text[tables[0].start : tables[0].end].partition("\n")
    assert title == "Table 1 | The 57 cases of great saphenous vein leiomyosarcoma."
    rows = [chunk.split("\n") for chunk in body.split("\n\n")]
    assert len(rows) == 58
    assert all(len(row) == 14 and all(c.startswith("\t") for c in row) for row in rows)
    assert rows[0][0] == "\tCase" and rows[1][:2] == ["\t# 1", "\tAufrecht (4)"]
    assert rows[57][:6] == ["\t# 57", "\tThis case", "\t2024", "\tChina", "\tM/37", "\tLeft thigh"]
    narrative = " ".join(document.text[b.start : b.end] for b in document.narrative_blocks())
    assert "Aufrecht (4)" not in narrative and "Figure 1 |" not in narrative
    assert "\u00a0" not in document.text and "\u2212" not in document.text
    assert "6 cm \u00d7 4 cm" in document.text


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Case presentation", True),
        ("2. Case Presentation", True),
        ("CASE REPORT", True),
        ("Case report:", True),
        ("He was discharged on day 5.", False),
        ("a lower-case start", False),
        ("Figure 1 | A caption", False),
        ("Table 1 | A table", False),
        ("", False),
        ("Word " * 25, False),
    ],
)
def test_is_heading(line, heading):
    assert is_heading(line) is heading


def test_caption_and_table_title_patterns():
    assert is_caption_start("Figure 1 | x") and is_caption_start("Fig. 2. x")
    assert is_caption_start("[image: alt text]") and is_caption_start("Figures 3")
    assert not is_caption_start("Figure skating") and not is_caption_start("Fig tree")
    assert is_table_title("Table 1 | x") and is_table_title("TABLE II: x")
    assert is_table_title("Table 3. x") and not is_table_title("Tablet computers")


def test_caption_ends_where_a_sentence_ends(tmp_path):
    path = tmp_path / "captions.txt"
    path.write_text(
        "Figure 1 | Duplex ultrasound of the\nlesion in the thigh.\nThe patient recovered.\n",
        encoding="utf-8",
    )
    assert _blocks(load_document(path)) == [
        ("caption", "Figure 1 | Duplex ultrasound of the\nlesion in the thigh."),
        ("body", "The patient recovered."),
    ]


def test_markdown_lists_rules_italics_and_links(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "*Journal of Tests*, 2004\n\n---\n\n## Imaging\n\n"
        "- *Duplex:* a solid lesion of 3 cm.\n- **MRI:** no invasion.\n"
        "1. See [the guideline](https://example.org/g).\n",
        encoding="utf-8",
    )
    assert _blocks(load_document(path)) == [
        ("heading", "Journal of Tests, 2004"),
        ("heading", "Imaging"),
        ("body", "Duplex: a solid lesion of 3 cm."),
        ("body", "MRI: no invasion."),
        ("body", "1. See the guideline."),
    ]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # a wrapped sentence that goes on with a measurement is one paragraph
        (
            "Pathological examination showed a grade 2 leiomyosarcoma measuring\n"
            "8.7 x 4.5 x 4.0 cm, with 12 mitoses per 10 high power fields.\n",
            [BlockKind.body],
        ),
        # a title stays a title when the next line starts with a number
        ("Case report\n12 patients were seen in 2019.\n", [BlockKind.heading, BlockKind.body]),
    ],
)
def test_a_line_going_on_with_a_measurement_is_not_a_title(text, kinds):
    from gsvlms_extract.ingest.text import text_blocks

    assert [b.kind for b in text_blocks(text)] == kinds


def test_a_paragraph_wrapped_a_little_over_100_characters_is_one_paragraph():
    from gsvlms_extract.ingest.text import text_blocks

    text = (
        "An 83-year-old man presented with a painful mass on the medial side of the right "
        "lower leg, 8 cm\nbelow the tibial tuberosity, which had grown over three months. "
        "Ultrasound showed a 38 mm solid lesion\narising from the great saphenous vein. Under "
        "local anaesthesia the tumour was excised together\nwith the involved saphenous segment.\n"
    )
    (block,) = text_blocks(text)
    assert "solid lesion arising from the great saphenous vein." in block.text


def test_numbered_references_of_similar_width_stay_one_per_line():
    from gsvlms_extract.ingest.text import text_blocks

    text = (
        "1. Berlin O, Stener B, Kindblom LG, Angervall L. Leiomyosarcomas of venous origin in "
        "the extremities.\n2. Dzsinich C, Gloviczki P, van Heerden JA, et al. Primary venous "
        "leiomyosarcoma: a rare but lethal.\n3. Stringer BD. Leiomyosarcoma of artery and vein. "
        "Am J Surg 1977;134:90-4.\n"
    )
    assert len(text_blocks(text)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title wrapped after a word no title ends on stays one title
        (
            "A CASE OF LEIOMYOSARCOMA OF THE\nRETROPERITONEAL TISSUES, WITH A\nSECONDARY DEPOSIT "
            "IN THE THIGH\n\nThe patient was well.\n",
            [
                (
                    BlockKind.heading,
                    "A CASE OF LEIOMYOSARCOMA OF THE RETROPERITONEAL TISSUES, WITH A SECONDARY "
                    "DEPOSIT IN THE THIGH",
                ),
                (BlockKind.body, "The patient was well."),
            ],
        ),
        # a prose line broken before a number or a month is not a title
        (
            "The specimen consisted of the kidney and a lobulated, firm, greyish tumour measuring\n"
            "7 by 5 by 4 inches.\n",
            [
                (
                    BlockKind.body,
                    "The specimen consisted of the kidney and a lobulated, firm, greyish tumour "
                    "measuring 7 by 5 by 4 inches.",
                )
            ],
        ),
        (
            "In the following winter she began to cough, and she died at home on\nMay 11, 1930.\n",
            [
                (
                    BlockKind.body,
                    "In the following winter she began to cough, and she died at home on "
                    "May 11, 1930.",
                )
            ],
        ),
        # a title that ends on a full word is still its own line
        (
            "Case report\nA 54-year-old man was seen.\n",
            [(BlockKind.heading, "Case report"), (BlockKind.body, "A 54-year-old man was seen.")],
        ),
    ],
)
def test_a_line_that_cannot_end_where_it_does_goes_on(text, expected):
    from gsvlms_extract.ingest.text import text_blocks

    assert [(b.kind, b.text) for b in text_blocks(text)] == expected


def test_wrapped_paragraphs_with_no_blank_line_between_them_are_each_joined():
    from gsvlms_extract.ingest.text import text_blocks

    text = (
        "A 54-year-old woman presented with a 4-month history of a painful, growing swelling\n"
        "of the medial left thigh. Duplex ultrasound showed a solid mass within the lumen of the\n"
        "femoral vein, with no flow through the involved segment. Staging CT of the chest\n"
        "was negative.\n"
        "She underwent en bloc resection of the tumor with a 14-cm segment of the femoral vein and "
        "a cuff of the\n"
        "adjacent adductor magnus muscle, and the vein was replaced with a graft of the opposite\n"
        "great saphenous vein.\n"
    )
    blocks = text_blocks(text)
    assert [b.text.split()[0] for b in blocks] == ["A", "She"]
    assert "abutting" not in blocks[0].text and blocks[0].text.endswith("was negative.")
