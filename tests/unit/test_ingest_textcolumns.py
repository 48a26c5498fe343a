"""Two-column text layers saved with their spacing are read one column after the other."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.ingest.text import text_blocks
from gsvlms_extract.ingest.textcolumns import unfold_columns

LEFT = [
    "A 58-year-old woman noticed a lump in",
    "her right thigh four months before she",
    "was referred. It was firm, mobile and",
    "not tender; the leg was not swollen.",
    "Duplex scanning showed a solid mass",
]
RIGHT = [
    "within the lumen of the great saphenous",
    "vein. The mass was excised en bloc with",
    "the involved vein segment, which was",
    "ligated at both ends. Histology showed",
    "a leiomyosarcoma with clear margins.",
]


def _side_by_side(left: list[str], right: list[str], gutter: int = 46) -> list[str]:
    return [f"{a:<{gutter}}{b}" for a, b in zip(left, right, strict=True)]


def test_two_columns_are_read_left_then_right():
    lines = ["CASE REPORT", ""] + _side_by_side(LEFT, RIGHT)
    assert unfold_columns(lines) == ["CASE REPORT", ""] + LEFT + RIGHT


def test_a_full_width_line_ends_a_region_and_each_band_is_read_in_turn():
    band1 = _side_by_side(LEFT[:4], RIGHT[:4])
    band2 = _side_by_side(LEFT[1:], RIGHT[1:])
    running = "Journal of Vascular Surgery Cases (2019) 5: 112-115, a running head across"
    out = unfold_columns(band1 + [running] + band2)
    assert out == LEFT[:4] + RIGHT[:4] + [running] + LEFT[1:] + RIGHT[1:]


def test_a_two_column_table_of_labels_is_left_as_it_is():
    table = [
        "Time                         Event",
        "7 months before referral     Groin swelling noticed by the patient",
        "Referral                     Vascular clinic; duplex ultrasound, MRI",
        "Week 2                       Core biopsy: leiomyosarcoma; staging CT",
        "Week 5                       Extended en bloc resection",
        "Thereafter                   Chemotherapy with doxorubicin",
    ]
    assert unfold_columns(table) == table


def test_a_table_of_three_columns_is_left_as_it_is():
    table = [
        "                        Case 1                  Case 2",
        "Age (years)/sex         49/F                    36/M",
        "Site                    right lower leg         left groin",
        "Size                    3.5 cm                  2 cm",
        "Operation               wide excision           excision",
    ]
    assert unfold_columns(table) == table


def test_single_column_text_with_a_page_number_is_unchanged():
    lines = [line + "." for line in LEFT] + ["", "Smith et al.                         215"]
    assert unfold_columns(lines) == lines


def test_text_blocks_join_each_column_into_its_own_paragraph():
    blocks = text_blocks("\n".join(_side_by_side(LEFT, RIGHT)) + "\n")
    text = " ".join(block.text for block in blocks)
    assert "Duplex scanning showed a solid mass within the lumen of the great saphenous" in text


_word = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
_line = st.lists(_word, min_size=0, max_size=6).map(" ".join)
_spaces = st.text(alphabet=" ", max_size=12)


@given(st.lists(st.tuples(_line, _spaces, _line), max_size=30))
def test_unfolding_never_loses_or_invents_a_word(rows):
    lines = [f"{a}{gap}{b}" if b else a for a, gap, b in rows]
    out = unfold_columns(lines)
    assert Counter(" ".join(out).split()) == Counter(" ".join(lines).split())
