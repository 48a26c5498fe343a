"""Typesetting normalization: each documented rule, and robustness on arbitrary text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.ingest.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Table\u00a01", "Table 1"),  # NBSP
        ("5\u2009cm and 6\u202fmm", "5 cm and 6 mm"),  # thin / narrow no-break spaces
        ("CK (\u2212)", "CK (-)"),  # Unicode minus
        ("5\u201310%", "5-10%"),  # en dash in a range
        ("mass\u2014hard and fixed", "mass - hard and fixed"),  # em dash between words
        ("6 cm \u00d7 4 cm", "6 cm \u00d7 4 cm"),  # multiplication sign kept
        ("6 x 4 cm", "6 x 4 cm"),  # x between numbers left alone
        (
            "\ufb01brous \ufb02ow e\ufb00ect o\ufb03ce ba\ufb04e",
            "fibrous flow effect office baffle",
        ),
        ("the patient\u2019s \u201clump\u201d", 'the patient\'s "lump"'),
        ("leiomyo\u00adsarcoma", "leiomyosarcoma"),  # soft hyphen
        ("zero\u200bwidth", "zerowidth"),
        ("sarcoma\u00b9\u00b2 is rare", "sarcoma is rare"),  # reference marker
        ("vein\u00b9\u02d2\u00b3 and", "vein and"),
        ("vein\u00b9\u207b\u00b3.", "vein."),
        ("rare tumour.\u2074 It", "rare tumour. It"),
        ("an area of 12 cm\u00b2", "an area of 12 cm\u00b2"),  # exponent of a unit kept
        ("5 mm\u00b3 volume", "5 mm\u00b3 volume"),
        ("platelets 250 \u00d7 10\u2079/L", "platelets 250 \u00d7 10\u2079/L"),  # exponent kept
        ("Gu\u0308ner", "G\u00fcner"),  # NFC composes
        ("\uff21\uff22\uff23", "ABC"),  # full-width forms
        ("a  b\t\tc  ", "a b c"),  # blank runs collapse, line stripped
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("\u00bd of it", "\u00bd of it"),  # vulgar fraction kept
    ],
)
def test_normalization_rules(raw, clean):
    assert normalize_text(raw) == clean


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_normalize_is_idempotent_and_never_raises(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "\u00a0" not in once and "\u00ad" not in once
