"""Curator verdicts on Table 1 cells: ``gold/corrections.yaml``.

Each entry says which case and `CaseRecord` field it overrides, the value, why, and on what
source the verdict rests::

    - case: 8
      field: metastasis
      value: [liver]
      reason: "'check' is not a metastasis site ..."
      source: "Table 1 cell 'Liver/check'; Literature review: 'followed by the liver (two cases)'"

Values use the YAML form of the field (a string for a vocabulary value, a list for list fields,
true/false, a number, or null for *not reported*). The builder applies them when it writes
``gold/table1.csv`` and `load_gold` applies them again on load; applying a correction whose
value is already there changes nothing, so both are idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gsvlms_extract.errors import GoldError, VocabularyError
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_from_row, record_to_row
from gsvlms_extract.yamlfile import read_yaml

logger = logging.getLogger(__name__)

_HEADER = (
    "# Curator verdicts on Table 1 cells, applied by `gsvlms gold build` and `load_gold`.\n"
    "# One entry per judged cell: {case, field (a CaseRecord field), value, reason, source}.\n"
    "# Add entries with `gsvlms gold correct CASE FIELD VALUE --reason TEXT`.\n"
)


class Correction(BaseModel):
    """One human verdict: set ``field`` of case ``case`` to ``value``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: int = Field(ge=1)
    field: str
    value: Any = None
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)


def _check_value(field: str, value: Any, where: str) -> Any:
    """Validate ``value`` for ``field`` against the schema; return it in its YAML form."""
    if field not in CASE_FIELDS or field == "case_id":
        raise VocabularyError(f"{where}: {field!r} is not a correctable CaseRecord field")
    try:
        record = CaseRecord(**{field: value})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise VocabularyError(f"{where}: {field}={value!r}: {first['msg']}") from None
    return _yaml_value(record, field)


def _yaml_value(record: CaseRecord, field: str) -> Any:
    value = record.model_dump(mode="json")[field]
    return value


def parse_value(field: str, text: str, where: str = "value") -> Any:
    """Read a command-line value in the CSV cell form: ``liver;lung``, ``none`` (an empty list),
    ``true``, ``60``; ``NA`` or ``null`` means *not reported*."""
    if field not in CASE_FIELDS or field == "case_id":
        raise VocabularyError(f"{where}: {field!r} is not a correctable CaseRecord field")
    cell = "" if text.strip().lower() in ("na", "null") else text
    row = {name: "" for name in CASE_FIELDS}
    row[field] = cell
    record = record_from_row(row, where=f"{where}: {field}={text!r}")
    return _yaml_value(record, field)


def load_corrections(path: str | Path) -> list[Correction]:
    """Read and validate a corrections file.

    Raises:
        GoldError: unreadable file, not a YAML list, an entry with missing/extra keys, or two
            verdicts on the same (case, field).
        VocabularyError: a field that is not a `CaseRecord` field or a value outside its vocabulary.
    """
    path = Path(path)
    data = read_yaml(path, "corrections", GoldError)
    if data is None:
        return []
    if not isinstance(data, list):
        raise GoldError(f"{path}: expected a list of corrections")
    corrections: list[Correction] = []
    seen: set[tuple[int, str]] = set()
    for index, entry in enumerate(data, 1):
        where = f"{path}: correction {index}"
        try:
            correction = Correction.model_validate(entry)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"]) or "entry"
            raise GoldError(f"{where}: {loc}: {first['msg']}") from None
        value = _check_value(correction.field, correction.value, where)
        key = (correction.case, correction.field)
        if key in seen:
            raise GoldError(f"{where}: a second verdict for case {key[0]} field {key[1]}")
        seen.add(key)
        corrections.append(correction.model_copy(update={"value": value}))
    return corrections


def apply_corrections(records: list[CaseRecord], corrections: list[Correction]) -> list[CaseRecord]:
    """Return new records with every correction applied (inputs untouched).

    Setting ``sizes_mm`` also sets ``size_mm`` to its largest value; setting ``size_mm`` to a
    value that is not one of the printed lesions replaces ``sizes_mm`` with ``[size_mm]``.

    Raises:
        GoldError: a correction names a case that is not in ``records``, or leaves a record
            inconsistent.
    """
    by_case = {record.case_id: record for record in records}
    out = dict(by_case)
    for correction in corrections:
        if correction.case not in out:
            raise GoldError(
                f"correction for case {correction.case}: no such case in the gold table"
            )
        data = out[correction.case].model_dump()
        data[correction.field] = correction.value
        if correction.field == "sizes_mm":
            data["size_mm"] = max(correction.value) if correction.value else None
        elif (
            correction.field == "size_mm"
            and data["sizes_mm"]
            and correction.value not in data["sizes_mm"]
        ):
            data["sizes_mm"] = [correction.value] if correction.value is not None else None
        try:
            out[correction.case] = CaseRecord(**data)
        except ValidationError as exc:
            raise GoldError(
                f"correction for case {correction.case} {correction.field}: "
                f"{exc.errors()[0]['msg']}"
            ) from None
    return [out[record.case_id] for record in records]


def changed_fields(before: CaseRecord, after: CaseRecord) -> list[str]:
    """Fields whose serialized value differs (what a correction actually changed)."""
    a, b = record_to_row(before), record_to_row(after)
    return [name for name in CASE_FIELDS if a[name] != b[name]]


def add_correction(
    path: str | Path,
    case: int,
    field: str,
    value: Any,
    reason: str,
    source: str,
    *,
    gold: Sequence[CaseRecord] | None = None,
    table: str | Path | None = None,
) -> Correction:
    """Append a curator verdict to ``path`` (created if missing) after validating it.

    ``value`` may be a Python value or a string in the CSV cell form (see `parse_value`); it is
    validated with the schema (`CaseRecord`: vocabularies, ranges, finite numbers). A new
    verdict on a (case, field) that already has one replaces it (the file keeps one verdict per
    cell).

    Args:
        gold: the gold table the verdict applies to: a case not in it is refused (it would
            break ``gold build`` and the exports later), and the corrected record must still be
            valid (``size_mm`` the largest of ``sizes_mm``...). ``table`` names the table in
            messages.

    Raises:
        VocabularyError: unknown field or a value outside the field's vocabulary.
        GoldError: an unknown case, an empty reason/source or an unreadable existing file.
    """
    path = Path(path)
    if case < 1:
        raise GoldError(f"{path}: case {case} is not a case number")
    where = f" in {table}" if table is not None else ""
    by_case = {record.case_id: record for record in gold} if gold is not None else None
    if by_case is not None and case not in by_case:
        ids = sorted(i for i in by_case if i is not None)
        known = f" (cases {ids[0]}-{ids[-1]})" if ids else ""
        raise GoldError(f"{path}: case {case}: no such case{where}{known}")
    if isinstance(value, str):
        value = parse_value(field, value, where=f"{path}: case {case}")
    value = _check_value(field, value, f"{path}: case {case}")
    if not reason.strip() or not source.strip():
        raise GoldError(f"{path}: a correction needs a reason and a source")
    new = Correction(
        case=case, field=field, value=value, reason=reason.strip(), source=source.strip()
    )
    if by_case is not None:
        try:
            apply_corrections([by_case[case]], [new])
        except GoldError as exc:
            raise GoldError(f"{path}: {exc}{where}") from None
    existing = load_corrections(path) if path.exists() else []
    kept = [c for c in existing if (c.case, c.field) != (case, field)]
    kept.append(new)
    write_corrections(path, kept)
    logger.info("%s: case %d %s = %r", path, case, field, value)
    return new


def write_corrections(path: str | Path, corrections: list[Correction]) -> None:
    """Write ``corrections`` sorted by (case, field), with a header comment."""
    entries = [
        c.model_dump()
        for c in sorted(corrections, key=lambda c: (c.case, CASE_FIELDS.index(c.field)))
    ]
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
    try:
        Path(path).write_text(_HEADER + body, encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot write corrections ({exc.strerror})") from None
