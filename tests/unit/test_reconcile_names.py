"""Surname and year metadata: accents, spaces, odd Table 1 spellings, file names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gsvlms_extract.reconcile.names import fold, metadata_from_filename, surname_similarity


@pytest.mark.parametrize(
    ("gold", "byline", "exact"),
    [
        ("Stringer (15)", "Bruce D. Stringer, M.D., et al.", True),
        ("Le Minh (30)", "T. Le Minh (1), J.-P. Durand (1)", True),
        ("Le Minh", "LEMINH", True),
        ("Zhang", "ZHANG Li, WANG Jian-guo, LIU Hong et al.", True),
        ("Ropcke", "K. Röpcke", True),
        ("Güner", "A. Guner", True),
        ("Dzsinch", "J. Dzsinich", False),  # Table 1's spelling; close, not exact
    ],
)
def test_surname_matches(gold, byline, exact):
    match = surname_similarity(gold, byline)
    assert match.score >= 0.85
    assert match.exact is exact


@pytest.mark.parametrize(
    ("gold", "byline"),
    [("Lin", "ZHANG Li"), ("Smout", "Stringer"), ("Fu", "Fung"), ("This case", "Anyone")],
)
def test_surname_rejects(gold, byline):
    assert surname_similarity(gold, byline).score == 0.0


def test_one_word_of_a_two_word_gold_name_is_a_partial_match():
    assert surname_similarity("Ammar Atieh", "A. Atieh").score == 0.9


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("corpus/text/stringer1977.pdf", ("stringer", 1977)),
        ("Le_Minh_2004.pdf", ("Le Minh", 2004)),
        ("dzsinich-1992.txt", ("dzsinich", 1992)),
        ("zhang2005a.txt", ("zhang", 2005)),
        ("case_report_01.txt", (None, None)),
        ("2019.txt", (None, 2019)),
        ("notes.md", (None, None)),
    ],
)
def test_metadata_from_filename(name, expected):
    assert metadata_from_filename(name) == expected


def test_fold():
    assert fold("Tresgallo-Parés") == "tresgallopares"
    assert fold("Le Minh") == "leminh"


@given(st.text(max_size=60), st.text(max_size=60))
def test_never_crashes_and_stays_in_range(gold, byline):
    score = surname_similarity(gold, byline).score
    assert 0.0 <= score <= 1.0
    surname, year = metadata_from_filename(byline)
    assert year is None or 1800 <= year <= 2199
    assert set(fold(gold)) <= set("abcdefghijklmnopqrstuvwxyz")
