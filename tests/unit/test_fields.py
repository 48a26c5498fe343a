"""The per-field table: every clinical field has a comparison rule, a linking weight, a REDCap
item and a CSV column, and every consumer reads its values from the table."""

from __future__ import annotations

from enum import StrEnum
from typing import get_args

import pytest

from gsvlms_extract.fields import FIELDS, NO_METASTASIS, Rule, link_weights, table_columns
from gsvlms_extract.reconcile.compare import CATEGORICAL_FIELDS, FIELD_RULES
from gsvlms_extract.reconcile.features import WEIGHTS
from gsvlms_extract.registry.redcap import redcap_fields
from gsvlms_extract.schema import CASE_FIELDS, CLINICAL_FIELDS, CaseRecord


def test_the_table_has_one_row_per_schema_field_in_schema_order():
    assert tuple(FIELDS) == CASE_FIELDS


@pytest.mark.parametrize("name", CLINICAL_FIELDS)
def test_every_clinical_field_has_each_entry(name):
    spec = FIELDS[name]
    assert spec.compare is not None and isinstance(spec.compare.rule, Rule)
    assert spec.compare.description
    assert spec.link is not None and spec.link.agree >= 0 >= spec.link.conflict
    assert spec.redcap and spec.redcap[0].label
    assert (spec.redcap[0].name or name) == name  # the field's own REDCap variable first
    assert spec.csv == name


def test_consumers_read_the_table():
    assert set(FIELD_RULES) == set(CLINICAL_FIELDS)
    assert all(FIELD_RULES[n].rule is FIELDS[n].compare.rule for n in CLINICAL_FIELDS)
    assert set(CATEGORICAL_FIELDS) == {n for n in CLINICAL_FIELDS if FIELDS[n].compare.categorical}
    assert link_weights() == WEIGHTS
    assert WEIGHTS["surname"] == (FIELDS["author"].link.agree, FIELDS["author"].link.conflict)
    assert "sizes_mm" not in WEIGHTS  # weight (0, 0): deliberately not a linking feature
    by_source = {f.source for f in redcap_fields()}
    assert set(CASE_FIELDS) <= by_source


def _vocabulary(annotation):
    """The StrEnum inside ``Sex | None`` or ``list[MetastasisSite] | None``."""
    for arg in get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, StrEnum):
            return arg
        found = _vocabulary(arg)
        if found is not None:
            return found
    return None


def test_every_vocabulary_value_has_a_redcap_choice():
    for name, info in CaseRecord.model_fields.items():
        item = FIELDS[name].redcap[0]
        if item.field_type not in ("radio", "checkbox"):
            continue
        enum = _vocabulary(info.annotation)
        assert set(item.values) == {m.value for m in enum}, name
        codes = [code for code, _ in item.choices]
        assert len(set(codes)) == len(codes), name
    assert FIELDS["metastasis"].redcap[0].choices[-1][0] == NO_METASTASIS


def test_terminal_tables_show_the_fields_with_a_header():
    assert table_columns()[:2] == [("sex", "sex"), ("age_years", "age_years")]
    assert "sizes_mm" not in dict(table_columns()).values()
