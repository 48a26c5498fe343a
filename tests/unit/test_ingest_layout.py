"""Reading order, running-header removal, tables and the page map on synthetic page geometry."""

from gsvlms_extract.ingest.blocks import RawBlock, assemble
from gsvlms_extract.ingest.document import BlockKind, Document
from gsvlms_extract.ingest.layout import Line, Rule, drop_running, find_gutter, reading_order
from gsvlms_extract.ingest.tables import find_tables

W, H = 595.0, 842.0


def _line(page, x0, y, text, width=200.0, size=10.0):
    return Line(page, x0, y, x0 + width, y + size, text, size, False)


def _two_columns(page=1):
    lines = [_line(page, 50, 780, "Title across the whole page", width=480, size=14)]
    for i in range(8):
        y = 740 - 12 * i
        lines.append(_line(page, 310, y, f"R{i}"))  # right first: input order must not matter
        lines.append(_line(page, 50, y, f"L{i}"))
    lines.append(_line(page, 50, 600, "Full-width table or figure", width=480))
    for i in range(3):
        lines.append(_line(page, 50, 580 - 12 * i, f"l{i}"))
        lines.append(_line(page, 310, 580 - 12 * i, f"r{i}"))
    return lines


def test_bands_are_read_left_column_then_right_column():
    ordered = reading_order(_two_columns(), W)
    texts = [item.text for item, _ in ordered]
    assert texts == (
        ["Title across the whole page"]
        + [f"L{i}" for i in range(8)]
        + [f"R{i}" for i in range(8)]
        + ["Full-width table or figure"]
        + [f"l{i}" for i in range(3)]
        + [f"r{i}" for i in range(3)]
    )
    columns = {item.text: column for item, column in ordered}
    assert columns["L0"] == 1 and columns["R0"] == 2 and columns["Title across the whole page"] == 0


def test_single_column_page_has_no_gutter():
    lines = [_line(1, 50, 740 - 12 * i, f"line {i}", width=480) for i in range(20)]
    assert find_gutter(lines, W) is None
    assert [item.text for item, _ in reading_order(lines, W)] == [f"line {i}" for i in range(20)]


def test_running_headers_page_numbers_and_small_isolated_lines_dropped():
    pages = []
    for page in (1, 2):
        pages.append(
            [
                _line(
                    page, 50, 815, f"J Test Med 2024;{page}:1-9", size=7
                ),  # repeats, digits masked
                _line(page, 290, 20, str(page), width=10, size=7),  # bare page number
                *[_line(page, 50, 700 - 12 * i, f"body {page}.{i}") for i in range(5)],
            ]
        )
    single = [
        [
            _line(1, 50, 815, "A journal line only on this page", size=7),  # small, stands apart
            _line(1, 50, 790, "Small but close to the text", size=7),
            _line(1, 50, 775, "Text right below it", size=10),
            *[_line(1, 50, 700 - 12 * i, f"body line {i} of the running text") for i in range(5)],
        ]
    ]
    kept = drop_running(pages, [H, H])
    assert [[line.text for line in page] for page in kept] == [
        [f"body 1.{i}" for i in range(5)],
        [f"body 2.{i}" for i in range(5)],
    ]
    kept_single = [line.text for line in drop_running(single, [H])[0]]
    assert "A journal line only on this page" not in kept_single
    assert "Small but close to the text" in kept_single


def test_ruled_grid_becomes_rows_of_cells():
    rules = [Rule(50, y - 0.5, 300, y + 0.5) for y in (700, 685, 670)]
    rules += [Rule(x - 0.5, 670, x + 0.5, 700) for x in (50, 150, 300)]
    lines = [
        _line(1, 50, 712, "Table 3 | Stains", width=100),
        _line(1, 54, 689, "Marker", width=40, size=8),
        _line(1, 154, 689, "Result", width=40, size=8),
        _line(1, 54, 674, "SMA", width=40, size=8),
        _line(1, 154, 674, "Positive", width=40, size=8),
        _line(1, 50, 640, "After the table.", width=100),
    ]
    tables, rest = find_tables(1, lines, rules)
    assert [line.text for line in rest] == ["After the table."]
    (table,) = tables
    assert table.title == "Table 3 | Stains"
    assert table.rows == (("Marker", "Result"), ("SMA", "Positive"))


def test_two_rules_are_not_a_table():
    rules = [Rule(50, 699.5, 300, 700.5), Rule(50, 649.5, 300, 650.5)]
    tables, rest = find_tables(1, [_line(1, 54, 670, "text")], rules)
    assert tables == [] and len(rest) == 1


def test_assemble_page_map_with_an_empty_page_and_a_block_across_pages():
    blocks = [
        RawBlock(BlockKind.heading, "Title", page=1),
        RawBlock(
            BlockKind.body, "first page text second page text", page=1, page_breaks=((16, 3),)
        ),
        RawBlock(BlockKind.body, "more", page=3),
    ]
    text, out, starts = assemble(blocks, n_pages=4)
    document = Document("x.pdf", text, out, starts, n_pages=4)
    assert text == "Title\n\nfirst page text second page text\n\nmore"
    assert starts[0] == 0 and starts[1] == starts[2]  # page 2 has no text
    assert document.page_at(text.index("first")) == 1
    assert document.page_at(text.index("second")) == 3
    assert document.page_at(text.index("more")) == 3
    assert starts[3] == len(text)  # page 4 empty, at the end


def test_assemble_unpaged_text_has_no_page_map():
    text, blocks, starts = assemble([RawBlock(BlockKind.body, "  only  ")])
    assert (text, starts) == ("only", ())
    assert blocks[0].start == 0 and blocks[0].end == 4


def test_two_column_body_lines_are_not_an_unruled_table():
    lines = _two_columns()
    tables, rest = find_tables(1, lines, [])
    assert tables == [] and len(rest) == len(lines)


def test_unruled_grid_with_descenders_is_one_row_per_baseline():
    lines = []
    for i, (a, b) in enumerate([("Marker", "Result"), ("SMA", "Positive"), ("Desmin", "g/dL")]):
        y = 700 - 12 * i
        lines.append(Line(1, 50, y, 80, y + 8, a, 8, False))
        lines.append(Line(1, 150, y - 2, 190, y + 8, b, 8, False))  # a descender lowers the box
    tables, rest = find_tables(1, lines, [])
    assert rest == []
    assert tables[0].rows == (("Marker", "Result"), ("SMA", "Positive"), ("Desmin", "g/dL"))


def test_short_last_page_is_read_with_the_documents_gutter():
    # a balanced last page: too few lines to find a gutter of its own
    lines = [
        _line(1, 50, 760, "Conclusions", width=60),
        _line(1, 310, 760, "right one"),
        _line(1, 50, 748, "left one"),
        _line(1, 310, 748, "right two"),
        _line(1, 50, 736, "left two"),
    ]
    assert find_gutter(lines, W) is None
    texts = [item.text for item, _ in reading_order(lines, W, gutter=280.0)]
    assert texts == ["Conclusions", "left one", "left two", "right one", "right two"]
    # a one-column page is not forced into two columns by the document's gutter
    one_column = [_line(1, 50, 760 - 12 * i, f"line {i}", width=480) for i in range(4)]
    ordered = reading_order(one_column, W, gutter=280.0)
    assert [item.text for item, _ in ordered] == [f"line {i}" for i in range(4)]
    assert {column for _, column in ordered} == {0}


def test_rules_drawn_cell_by_cell_make_one_table():
    # Chromium draws each cell's border: a row's rule arrives as one segment per cell
    xs = [50.0, 150.0, 250.0, 350.0]
    cells = list(zip(xs, xs[1:], strict=False))
    rules = [Rule(a, y, b, y + 0.75) for y in (700.0, 680.0, 660.0) for a, b in cells]
    rules += [Rule(x, 660.0, x + 0.75, 700.75) for x in xs]
    lines = [
        _line(1, 55, 685, "Test", width=40, size=8),
        _line(1, 155, 685, "Value", width=40, size=8),
        _line(1, 255, 685, "Unit", width=40, size=8),
        _line(1, 55, 665, "Hb", width=40, size=8),
        _line(1, 155, 665, "12.1", width=40, size=8),
        _line(1, 255, 665, "g/dL", width=40, size=8),
    ]
    tables, rest = find_tables(1, lines, rules)
    assert rest == []
    (table,) = tables
    assert table.rows == (("Test", "Value", "Unit"), ("Hb", "12.1", "g/dL"))


def _ragged(text_before: str, text_after: str) -> bool:
    """Does a ragged-right line that stopped early start a new paragraph with the next line?"""
    from gsvlms_extract.ingest.pdf import _starts_paragraph

    prev = Line(1, 50, 700, 250, 710, text_before, 10.0, False)
    line = Line(1, 50, 688, 400, 698, text_after, 10.0, False)
    return _starts_paragraph(prev, 0, line, 0, pitch=12.0, right=500.0)


def test_a_sentence_that_goes_on_with_a_quantity_is_one_paragraph():
    assert not _ragged("and his colleagues removed a tumour", "6 cm. in length from the thigh")
    assert not _ragged("the series held", "12 patients with venous sarcoma")


def test_a_line_that_stopped_early_still_ends_a_paragraph_before_a_new_sentence():
    assert _ragged("the tumour was removed.", "6 cm. of vein were taken with it")
    assert _ragged("References", "1. Andrade F, Lopes M. Leiomyosarcoma. Phlebology 2015")
    assert _ragged("and his colleagues removed a tumour", "The patient was well")
