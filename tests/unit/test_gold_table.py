"""Table 1 parser: cells per line, rows per line, table blocks, and each kind of broken table."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.errors import GoldError
from gsvlms_extract.gold.table import RAW_FIELDS, parse_table1
from gsvlms_extract.ingest import load_document
from gsvlms_extract.ingest.document import Block, BlockKind, Document

DATA = Path(__file__).parents[1] / "data" / "gold"

MINI_ROW_2 = (
    "# 2",
    "Szasz (11)",
    "1969",
    "Canada",
    "F65",
    "Above knee",
    "Painless mass, femoral vein thrombosis",
    "40 and 60",
    "Radical resection and femoral vein reconstruction",
    "Radiotherapy and chemotherapy",
    "Yes",
    "Lung/liver",
    "48",
    "Death",
)


def test_cells_one_per_line():
    table = parse_table1(load_document(DATA / "mini_article.txt"))
    assert table.caption == "Table 1 | The 3 cases of great saphenous vein leiomyosarcoma."
    assert table.header[4] == "Gender/age (years)"
    assert [row.case for row in table.rows] == [1, 2, 3]
    assert table.rows[1].cells == MINI_ROW_2
    assert list(table.rows[1].as_dict()) == list(RAW_FIELDS)


def test_one_row_per_line_gives_the_same_cells():
    per_cell = parse_table1(load_document(DATA / "mini_article.txt"))
    per_row = parse_table1(load_document(DATA / "mini_article_row_per_line.txt"))
    assert [r.cells for r in per_row.rows] == [r.cells for r in per_cell.rows]


def _plain_table_doc(kind: BlockKind) -> Document:
    """A PDF-like document: cells without tab indentation, inside a table block."""
    header = "Case\nAuthor\nYear\nNation\nGender/age\nSite\nInitial symptom\nSize (mm)\n"
    header += "Operation\nAdjuvant therapy\nLocal recurrence\nMetastasis\nFollow-up (months)\n"
    header += "Outcome\n"
    body = "\n".join(MINI_ROW_2).replace("# 2", "# 1") + "\n"
    prose = "Some prose before.\n\n"
    caption = "Table 1 | The 1 cases.\n"
    text = prose + caption + header + body + "\nProse after the table.\n"
    start = len(prose)
    end = start + len(caption) + len(header) + len(body)
    blocks = (
        Block(BlockKind.body, 0, start),
        Block(kind, start, end),
        Block(BlockKind.body, end + 1, len(text)),
    )
    return Document(source="fake.pdf", text=text, blocks=blocks)


def test_table_block_without_tabs_is_read_from_the_block():
    table = parse_table1(_plain_table_doc(BlockKind.table))
    assert len(table.rows) == 1
    assert table.rows[0].cells[1:] == MINI_ROW_2[1:]


def test_without_a_table_block_untabbed_cells_are_not_a_table():
    with pytest.raises(GoldError, match="no rows"):
        parse_table1(_plain_table_doc(BlockKind.body))


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("no_table.txt", r"no_table.txt: no 'Table 1' caption found"),
        ("truncated_table.txt", r"truncated_table.txt: Table 1 is truncated: its last row '# 3'"),
        ("missing_cell.txt", r"missing_cell.txt: Table 1 row '# 2' has 13 cells, expected 14"),
        ("bad_header.txt", r"bad_header.txt: Table 1 header cell 5 is 'Sex'"),
    ],
)
def test_broken_tables_raise_one_line_gold_errors(fixture, message):
    with pytest.raises(GoldError, match=message) as info:
        parse_table1(load_document(DATA / fixture))
    assert "\n" not in str(info.value)


def test_fewer_rows_than_the_caption_announces_is_truncation():
    text = (DATA / "mini_article.txt").read_text(encoding="utf-8")
    cut = text[: text.index("\t# 3")] + "\nDiscussion\n"
    doc = Document(source="cut.txt", text=cut, blocks=(Block(BlockKind.body, 0, len(cut)),))
    with pytest.raises(GoldError, match="cut.txt: Table 1 is truncated: 2 rows but the caption"):
        parse_table1(doc)


def test_rows_out_of_sequence():
    text = (DATA / "mini_article.txt").read_text(encoding="utf-8").replace("\t# 2\n", "\t# 7\n")
    doc = Document(source="seq.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    with pytest.raises(GoldError, match="row 2 is numbered '# 7'"):
        parse_table1(doc)


_HEADER = "".join(
    f"\t{cell}\n" for cell in parse_table1(load_document(DATA / "mini_article.txt")).header
)
_TOKENS = [
    "Table 1 | The 2 cases.\n",
    _HEADER,
    "\t# 1\n",
    "\t# 2\n",
    "\tNA\n",
    "\n",
    "Prose.\n",
    "\t",
]


@given(st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join))
def test_any_text_is_a_table_or_a_gold_error(text):
    doc = Document(source="fuzz.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    try:
        table = parse_table1(doc)
    except GoldError as exc:
        assert str(exc).startswith("fuzz.txt: ") and "\n" not in str(exc)
        return
    assert all(len(row.cells) == len(RAW_FIELDS) for row in table.rows)
