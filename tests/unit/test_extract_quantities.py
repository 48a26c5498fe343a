"""Quantity parsing: numbers, sizes and durations as clinicians write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.nlp.quantities import QuantityFinder
from gsvlms_extract.nlp.quantity_parse import (
    parse_age,
    parse_duration_months,
    parse_number,
    parse_sizes_mm,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5.9", 5.9),
        ("5,9", 5.9),
        ("six", 6),
        ("eighty-five", 85),
        ("Thirty", 30),
        ("twenty one", 21),
        ("a hundred", 100),
        ("walnut", None),
        ("", None),
        ("eighty-twelve", None),
        # fractions, as older papers write them
        ("3 1/2", 3.5),
        ("1/4", 0.25),
        ("3½", 3.5),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("6 cm × 7 cm × 5 cm", [70.0]),
        ("6 x 7 x 5 cm", [70.0]),
        ("3 by 2 by 2 cm", [30.0]),
        ("5.9 cm", [59.0]),
        ("17 and 19 mm", [17.0, 19.0]),
        # a list of lesions: each comma-separated item is one lesion, in printed order
        ("8, 14 and 10 mm", [8.0, 14.0, 10.0]),
        ("3.5 cm, 1.5 cm, and 0.8 cm", [35.0, 15.0, 8.0]),
        ("2,5 x 1,8 cm", [25.0]),
        ("4-cm", [40.0]),
        ("3.6 cm x 2.5 cm and 5.4 cm x 3.2 cm", [36.0, 54.0]),
        ("3–5 cm", [50.0]),
        ("five centimetres", [50.0]),
        ("45 x 32 mm", [45.0]),
        # inches: "in." only with its stop
        ("3 1/2 by 1 1/4 by 1 in.", [88.9]),
        ("7 by 5 by 4 inches", [177.8]),
        # the finder matches "in" only before its full stop, and its span stops before it
        ("2 in", [50.8]),
        ("1 x 3/4 x 3/4 inch", [25.4]),
    ],
)
def test_parse_sizes_mm_gives_each_lesions_largest_diameter(text, sizes):
    assert parse_sizes_mm(text) == sizes


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("13 months", 13.0),
        ("two years", 24.0),
        ("18 mo", 18.0),
        ("6-month", 6.0),
        ("a year", 12.0),
        ("eight years", 96.0),
        ("2 weeks", 0.5),
        ("22nd month", 22.0),
        ("9th post-operative month", 9.0),
        ("after", None),
        ("7 apples", None),
    ],
)
def test_parse_duration_months(text, months):
    assert parse_duration_months(text) == months


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("76-year-old", 76),
        ("eighty-five-year-old", 85),
        ("aged 85", 85),
        ("F/42", 42),
        ("63 y/o", 63),
        ("aged 200", None),
    ],
)
def test_parse_age(text, age):
    assert parse_age(text) == age


@pytest.fixture(scope="module")
def finder():
    return QuantityFinder(None)


def _found(finder, text):
    return [(kind, rule, text[s:e]) for s, e, kind, rule in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A 76-year-old woman", [("age", "age.years_old", "76-year-old")]),
        ("a woman aged 76 attended", [("age", "age.aged", "aged 76")]),
        ("The patient, F/42, had", [("age", "age.sex_slash", "F/42")]),
        ("a man of 23 with a painful tumour", [("age", "age.person_of", "man of 23")]),
        ("a man in his sixties", []),
        ("a 4-month history of a mass", [("duration", "duration.number_unit", "4-month")]),
        ("a mass of 6 cm × 7 cm × 5 cm in size", [("size", "size.dims", "6 cm × 7 cm × 5 cm")]),
        ("two nodules of 17 and 19 mm", [("size", "size.pair", "17 and 19 mm")]),
        ("a 3 × 2-cm nodule", [("size", "size.dims", "3 × 2-cm")]),
        ("a 4.5×3.0×2.0-cm tumour", [("size", "size.dims", "4.5×3.0×2.0-cm")]),
        ("followed up for 13 months", [("duration", "duration.number_unit", "13 months")]),
        ("at 6-month follow-up", [("duration", "duration.number_unit", "6-month")]),
    ],
)
def test_finder_matches_one_rule_per_phrase(finder, text, expected):
    assert _found(finder, text) == expected


@given(st.text(max_size=200))
def test_parsers_never_raise(text):
    parse_number(text)
    parse_age(text)
    parse_sizes_mm(text)
    parse_duration_months(text)


@given(
    st.text(alphabet=st.sampled_from(list("0123456789 .,-x×cmyearsoldagedmonthF/")), max_size=80)
)
def test_finder_spans_are_ordered_and_disjoint(text):
    found = QuantityFinder(None).find(text)
    ends = [-1]
    for start, end, _, _ in found:
        assert start >= ends[-1] and end > start
        ends.append(end)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_dims_take_the_largest(a, b):
    assert parse_sizes_mm(f"{a} x {b} mm") == [float(max(a, b))]
    assert parse_sizes_mm(f"{a} cm x {b} cm") == [float(max(a, b) * 10)]


def test_no_quantity_rule_catches_a_year_of_publication(finder):
    assert _found(finder, "published in 1968; see volume 44") == []


def test_the_word_in_after_a_number_is_not_an_inch(finder):
    found = _found(finder, "seen in 2 in 10 patients; a 3 in. lump")
    assert [(kind, text) for kind, _, text in found] == [("size", "3 in")]


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("The tumour measured 4 by 3 by 2 1/2 in. It was firm.", [101.6]),
        ("a firm mass measuring 1 x 3/4 x 3/4 inch.", [25.4]),
        # fractions in words, as older papers write them
        ("The mass measured one inch and three-quarters in length.", [44.4]),
        ("a nodule, half an inch across, lay higher up", [12.7]),
        ("a lump about an inch and a half across", [38.1]),
        ("a growth of two and a half inches", [63.5]),
        ("a nodule three-quarters of an inch in diameter", [19.0]),
        ("a growth of 2 in. and a half", [63.5]),
    ],
)
def test_sizes_in_inches_are_read_from_the_text(finder, text, sizes):
    (found,) = [text[s:e] for s, e, kind, _ in finder.find(text) if kind == "size"]
    assert parse_sizes_mm(found) == sizes
