"""Extracted cases as JSON objects, CSV rows and table cells (one documented shape each).

JSON: every `CaseRecord` field (JSON types: enums as strings, lists, null), then ``source``,
``patient_index``, ``is_gsv_lms``, ``is_gsv_lms_reason`` and ``evidence``: field →
``{start, end, page, sentence, text, rule, modifiers, cues}``.
CSV: `schema.record_to_row` cells (CASE_FIELDS order) then the provenance columns.
"""

from __future__ import annotations

from typing import Any

from gsvlms_extract.schema import CASE_FIELDS, ExtractedCase, record_to_row

__all__ = ["PROVENANCE_COLUMNS", "case_to_json", "case_to_csv_row", "csv_columns"]

PROVENANCE_COLUMNS: tuple[str, ...] = ("source", "patient_index", "is_gsv_lms", "is_gsv_lms_reason")


def case_to_json(case: ExtractedCase) -> dict[str, Any]:
    """One JSON-ready object per patient."""
    data = case.model_dump(mode="json")
    out: dict[str, Any] = {name: data[name] for name in CASE_FIELDS}
    for name in PROVENANCE_COLUMNS:
        out[name] = data[name]
    out["evidence"] = {
        name: {
            "start": ev.start,
            "end": ev.end,
            "page": ev.page,
            "sentence": ev.sentence,
            "text": ev.text,
            "rule": ev.rule_id,
            "modifiers": list(ev.modifiers),
            "cues": list(ev.cues),
        }
        for name, ev in sorted(case.evidence.items(), key=lambda item: CASE_FIELDS.index(item[0]))
    }
    return out


def csv_columns() -> list[str]:
    return [*CASE_FIELDS, *PROVENANCE_COLUMNS]


def case_to_csv_row(case: ExtractedCase) -> dict[str, str]:
    """`record_to_row` cells plus provenance columns (booleans as true/false)."""
    row = record_to_row(case)
    row["source"] = case.source
    row["patient_index"] = str(case.patient_index)
    row["is_gsv_lms"] = "true" if case.is_gsv_lms else "false"
    row["is_gsv_lms_reason"] = case.is_gsv_lms_reason
    return row
