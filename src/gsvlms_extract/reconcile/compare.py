"""How an extracted value is judged against a gold value.

Every field's rule sits in the per-field table `gsvlms_extract.fields.FIELDS` (``compare``);
`FIELD_RULES` presents it for the reconcile stage, and ``gold/DATA_DICTIONARY.md``
("Comparison rules") mirrors it in prose. Each comparison of one field of one report ends in
one `Outcome`:

==============  ==========================================================
``agree``       both have a value and the rule says they match
``disagree``    both have a value and the rule says they differ
``missed``      gold has a value, the extraction is null
``extra``       the extraction has a value, gold is null (Table 1 "NA")
``both_null``   neither has a value
==============  ==========================================================

An empty list (explicitly "none", e.g. no metastasis) is a value, not a null.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from gsvlms_extract.fields import (
    AGE_TOLERANCE_YEARS,
    FIELDS,
    FOLLOWUP_TOLERANCE_MONTHS,
    SIZE_TOLERANCE_FRACTION,
    SIZE_TOLERANCE_MM,
    Compare,
    Rule,
)
from gsvlms_extract.schema import CLINICAL_FIELDS, CaseRecord

__all__ = [
    "Outcome",
    "Rule",
    "FIELD_RULES",
    "CATEGORICAL_FIELDS",
    "SIZE_TOLERANCE_FRACTION",
    "SIZE_TOLERANCE_MM",
    "AGE_TOLERANCE_YEARS",
    "FOLLOWUP_TOLERANCE_MONTHS",
    "values_agree",
    "compare_values",
    "compare_records",
]


class Outcome(StrEnum):
    agree = "agree"
    disagree = "disagree"
    missed = "missed"
    extra = "extra"
    both_null = "both_null"


#: Field name -> rule, for every clinical field, in schema order (from `fields.FIELDS`).
FIELD_RULES: dict[str, Compare] = {
    name: spec.compare for name, spec in FIELDS.items() if spec.compare is not None
}
#: Fields with a small closed vocabulary, for which reports show a confusion table.
CATEGORICAL_FIELDS: tuple[str, ...] = tuple(n for n, r in FIELD_RULES.items() if r.categorical)


def _size_close(extracted: float, gold: float) -> bool:
    tolerance = max(SIZE_TOLERANCE_FRACTION * gold, SIZE_TOLERANCE_MM)
    return abs(float(extracted) - float(gold)) <= tolerance + 1e-9


def values_agree(field: str, extracted: Any, gold: Any) -> bool:
    """Whether two non-null values of ``field`` match under the field's rule."""
    rule = FIELD_RULES[field].rule
    if rule is Rule.exact:
        return extracted == gold
    if rule is Rule.age:
        return abs(int(extracted) - int(gold)) <= AGE_TOLERANCE_YEARS
    if rule is Rule.size:
        return _size_close(extracted, gold)
    if rule is Rule.followup:
        return abs(float(extracted) - float(gold)) <= FOLLOWUP_TOLERANCE_MONTHS + 1e-9
    if rule is Rule.set_equal:
        return set(extracted) == set(gold)
    if rule is Rule.sizes_set:
        if len(extracted) != len(gold):
            return False
        return all(_size_close(e, g) for e, g in zip(sorted(extracted), sorted(gold), strict=True))
    raise AssertionError(f"unhandled rule {rule}")  # pragma: no cover


def compare_values(field: str, extracted: Any, gold: Any) -> Outcome:
    """The `Outcome` of one field: null handling first, then the field's rule."""
    if extracted is None and gold is None:
        return Outcome.both_null
    if extracted is None:
        return Outcome.missed
    if gold is None:
        return Outcome.extra
    return Outcome.agree if values_agree(field, extracted, gold) else Outcome.disagree


def compare_records(
    extracted: CaseRecord, gold: CaseRecord, fields: Sequence[str] = CLINICAL_FIELDS
) -> dict[str, Outcome]:
    """Outcome of every field in ``fields`` (default: all clinical fields), in that order."""
    return {
        name: compare_values(name, getattr(extracted, name), getattr(gold, name)) for name in fields
    }
