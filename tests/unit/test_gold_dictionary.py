"""gold/DATA_DICTIONARY.md documents every CaseRecord field and every vocabulary value."""

from pathlib import Path

import pytest

from gsvlms_extract import schema
from gsvlms_extract.schema import CASE_FIELDS

DICTIONARY = Path(__file__).parents[2] / "gold" / "DATA_DICTIONARY.md"
VOCABULARIES = [
    schema.Sex,
    schema.Side,
    schema.Region,
    schema.Presentation,
    schema.Pain,
    schema.Operation,
    schema.Adjuvant,
    schema.Outcome,
    schema.MetastasisSite,
]


@pytest.fixture(scope="module")
def text() -> str:
    return DICTIONARY.read_text(encoding="utf-8")


@pytest.mark.parametrize("field", CASE_FIELDS)
def test_every_field_has_a_row(text, field):
    assert f"| `{field}` |" in text


@pytest.mark.parametrize(
    "value", [m.value for vocab in VOCABULARIES for m in vocab], ids=lambda v: str(v)
)
def test_every_vocabulary_value_is_listed(text, value):
    assert f"`{value}`" in text
