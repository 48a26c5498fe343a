"""Calendar dates in case text: which forms are read, and how they become follow-up."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.extract.dates import find_dates, months_between


def _dates(text: str) -> list[tuple[date, bool]]:
    return [(when, has_day) for _, _, when, has_day in find_dates(text)]


def test_day_month_year_and_month_day_year():
    assert _dates("operated on 8 April 2010 and seen on October 12, 2011") == [
        (date(2010, 4, 8), True),
        (date(2011, 10, 12), True),
    ]


def test_ordinal_day_and_abbreviated_month():
    assert _dates("on the 3rd of Sept. 1998") == [(date(1998, 9, 3), True)]


def test_month_and_year_without_a_day_count_from_mid_month():
    assert _dates("In March 2005 she noticed a lump.") == [(date(2005, 3, 15), False)]


def test_a_full_date_is_not_read_again_as_month_and_year():
    assert len(find_dates("on April 8, 2010")) == 1


def test_impossible_day_is_skipped():
    assert _dates("on 31 February 2010") == []


def test_numeric_dates_are_not_read():
    # 03/04/2010 is April in one country and March in another
    assert find_dates("operated on 03/04/2010, seen 2011-10-12") == []


def test_may_as_a_verb_is_not_a_date():
    assert find_dates("Recurrence may occur years later.") == []


def test_spans_point_at_the_date_text():
    text = "She was operated on 8 April 2010."
    ((start, end, _, _),) = find_dates(text)
    assert text[start:end] == "8 April 2010"


def test_months_between_rounds_to_whole_months():
    assert months_between(date(2010, 4, 8), date(2010, 10, 12)) == 6.0
    assert months_between(date(2010, 4, 8), date(2011, 10, 12)) == 18.0
    assert months_between(date(2010, 1, 15), date(2010, 1, 20)) == 0.0


@given(st.text(max_size=300))
def test_find_dates_never_raises_and_returns_sorted_valid_spans(text):
    found = find_dates(text)
    assert [f[0] for f in found] == sorted(f[0] for f in found)
    for start, end, when, _ in found:
        assert 0 <= start < end <= len(text)
        assert 1800 <= when.year <= 2099
