"""Curator decisions: the registry's one store of curated truth.

Every decision is one row of ``decisions`` (who, when, why, the evidence it rests on, the
kind) written in the same transaction as its effect on the registry, and never updated
afterwards. ``gsvlms gold correct --registry`` and the review application write the same
record, and ``gsvlms run`` never overwrites a curated value (the store only fills empty fields
and records conflicts), so decisions survive every later run.

Kinds and their effect:

    accept        conflict: the extracted value replaces the registry value
    keep          conflict: the registry value stays (now curated)
    value         conflict or any case field: the curator enters another value
    not_reported  conflict or any case field: the field is not reported (empty, curated)
    case_accept   a new case (``needs_review``) is a real new patient
(case and exclusion decisions live in `registry.case_decisions`)

    case_merge    a new case is the same patient as case N: its documents, values and
                  conflicts move to N and the new case is removed
    case_reject   a new case is not a patient for the registry: links and values removed
    include       overrule an ``is_gsv_lms`` exclusion: the patient becomes a case (or joins N)
    exclude       confirm an ``is_gsv_lms`` exclusion

Optimistic locking: a decision names its ``item`` (``conflict:12``, ``case:58``,
``extraction:40``, ``value:8:metastasis``) and the number of decisions the curator saw on it
(``expected``). The write checks that number inside the transaction and ``(item, version)`` is
unique, so of two curators deciding the same item from the same state exactly one succeeds;
the other gets `AlreadyDecided` ("already decided by X at T").
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.db import utcnow, write_lock
from gsvlms_extract.registry.models import (
    Case,
    CaseValue,
    Conflict,
    Decision,
    NoteNlp,
)
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord, record_from_row, record_to_row

__all__ = [
    "AlreadyDecided",
    "CONFLICT_ACTIONS",
    "DecisionResult",
    "current_user",
    "decide_value",
    "decisions",
    "item_version",
    "record_correction",
    "registry_corrections",
    "resolve_conflict",
    "to_cell",
]

CONFLICT_ACTIONS = ("accept", "keep", "value", "not_reported")


class AlreadyDecided(RegistryError):
    """Another curator decided this item first."""

    def __init__(self, item: str, by: str, at: Any) -> None:
        when = at.strftime("%Y-%m-%d %H:%M:%S UTC") if hasattr(at, "strftime") else str(at)
        super().__init__(f"{item}: already decided by {by} at {when}")
        self.item, self.by, self.at = item, by, at


@dataclass(frozen=True, slots=True)
class DecisionResult:
    id: int
    item: str
    kind: str
    case_id: int | None
    field: str | None
    value: str | None
    message: str


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "curator"


def to_cell(field: str, text: str | None) -> str:
    """A curator's value in CSV cell form, validated against the schema ("" = not reported).

    Raises:
        VocabularyError: not a case field, or a value outside its vocabulary.
    """
    from gsvlms_extract.gold.corrections import parse_value

    if text is None or text.strip().lower() in ("", "na", "null", "not reported"):
        parse_value(field, "NA")  # checks the field name
        return ""
    value = parse_value(field, text, where="decision")
    return record_to_row(CaseRecord(**{field: value}))[field]


def item_version(conn: Connection, item: str) -> int:
    """Number of decisions on ``item`` so far."""
    return int(
        conn.execute(
            select(func.count()).select_from(Decision).where(Decision.item == item)
        ).scalar_one()
    )


def _latest(conn: Connection, item: str) -> Any:
    return conn.execute(
        select(Decision.decided_by, Decision.decided_at)
        .where(Decision.item == item)
        .order_by(Decision.version.desc())
        .limit(1)
    ).first()


def _insert(conn: Connection, item: str, expected: int | None, row: dict[str, Any]) -> int:
    """Insert the decision as version ``expected + 1``; `AlreadyDecided` if someone was first."""
    current = item_version(conn, item)
    version = current if expected is None else expected
    if current != version:
        latest = _latest(conn, item)
        raise AlreadyDecided(item, latest.decided_by, latest.decided_at)
    try:
        with conn.begin_nested():
            return conn.execute(
                insert(Decision).returning(Decision.id),
                [{**row, "item": item, "version": version + 1, "decided_at": utcnow()}],
            ).scalar_one()
    except IntegrityError:  # a concurrent transaction committed this version first
        latest = _latest(conn, item)
        if latest is None:
            raise
        raise AlreadyDecided(item, latest.decided_by, latest.decided_at) from None


def _run(engine: Engine, item: str, work) -> Any:  # noqa: ANN001
    """One transaction under the writers' lock; a concurrent duplicate becomes AlreadyDecided."""
    try:
        with engine.begin() as conn, write_lock(conn):
            return work(conn)
    except IntegrityError:  # (item, version) taken by a concurrent transaction
        with engine.connect() as conn:
            latest = _latest(conn, item)
        if latest is None:
            raise
        raise AlreadyDecided(item, latest.decided_by, latest.decided_at) from None


def _held(conn: Connection, case_id: int, field: str) -> Any:
    return conn.execute(
        select(CaseValue.value, CaseValue.origin, CaseValue.extraction_id).where(
            CaseValue.case_id == case_id, CaseValue.field == field
        )
    ).first()


def _set_value(
    conn: Connection, case_id: int, field: str, cell: str, extraction_id: int | None = None
) -> None:
    """Write a curated value (``""`` = not reported); later runs never overwrite it."""
    values = {
        "value": cell,
        "origin": "curator",
        "curated": True,
        "extraction_id": extraction_id,
        "updated_at": utcnow(),
    }
    if _held(conn, case_id, field) is None:
        conn.execute(insert(CaseValue), [{"case_id": case_id, "field": field, **values}])
    else:
        conn.execute(
            update(CaseValue)
            .where(CaseValue.case_id == case_id, CaseValue.field == field)
            .values(**values)
        )
    # Open conflicts that now agree with the registry are settled by the same decision.
    conn.execute(
        update(Conflict)
        .where(
            Conflict.case_id == case_id,
            Conflict.field == field,
            Conflict.status == "open",
            Conflict.extracted_value == cell,
        )
        .values(status="resolved", registry_value=cell, registry_origin="curator")
    )
    conn.execute(
        update(Conflict)
        .where(Conflict.case_id == case_id, Conflict.field == field, Conflict.status == "open")
        .values(registry_value=cell, registry_origin="curator")
    )


def _coupled(conn: Connection, case_id: int, field: str, cell: str) -> list[tuple[str, str]]:
    """Other cells a decision must change to keep the case valid (as `apply_corrections`
    does for Table 1): ``size_mm`` is the largest of ``sizes_mm``."""
    if field == "sizes_mm":
        sizes = [float(x) for x in cell.split(";")] if cell and cell != "none" else []
        return (
            [("size_mm", record_to_row(CaseRecord(size_mm=max(sizes)))["size_mm"])] if sizes else []
        )
    if field == "size_mm":
        held = _held(conn, case_id, "sizes_mm")
        if held and held.value not in ("", "none"):
            sizes = [float(x) for x in held.value.split(";")]
            if not cell:
                return [("sizes_mm", "")]
            if float(cell) not in sizes:
                return [("sizes_mm", cell)]
    return []


def _apply(conn: Connection, case_id: int, field: str, cell: str, ext: int | None) -> None:
    """Write the decided cell and the cells it implies, then check the case still parses."""
    for name, value in [(field, cell), *_coupled(conn, case_id, field, cell)]:
        _set_value(conn, case_id, name, value, ext if name == field else None)
    cells = conn.execute(
        select(CaseValue.field, CaseValue.value).where(CaseValue.case_id == case_id)
    ).all()
    row = {name: "" for name in CASE_FIELDS} | dict(cells) | {"case_id": str(case_id)}
    record_from_row(row, where=f"case {case_id} after setting {field}={cell!r}")


def _evidence(conn: Connection, extraction_id: int | None, field: str | None) -> str | None:
    if extraction_id is None or field is None:
        return None
    row = conn.execute(
        select(NoteNlp.snippet, NoteNlp.page).where(
            NoteNlp.extraction_id == extraction_id, NoteNlp.note_nlp_concept == field
        )
    ).first()
    if row is None:
        return None
    return row.snippet + (f" (page {row.page})" if row.page else "")


def _check_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise RegistryError("a decision needs a reason (--reason)")
    return reason.strip()


def resolve_conflict(
    engine: Engine,
    conflict_id: int,
    action: str,
    *,
    reason: str,
    value: str | None = None,
    by: str | None = None,
    channel: str = "cli",
    expected: int | None = 0,
) -> DecisionResult:
    """Settle one conflict: ``accept`` the extracted value, ``keep`` the registry value, enter
    another ``value``, or mark the field ``not_reported``."""
    if action not in CONFLICT_ACTIONS:
        raise RegistryError(f"conflict action {action!r}: choose one of {CONFLICT_ACTIONS}")
    reason = _check_reason(reason)
    item = f"conflict:{conflict_id}"

    def work(conn: Connection) -> DecisionResult:
        c = conn.execute(select(Conflict).where(Conflict.id == conflict_id)).mappings().first()
        if c is None:
            raise RegistryError(f"conflict {conflict_id}: no such conflict")
        if c["status"] != "open" and item_version(conn, item) == 0:
            raise RegistryError(f"conflict {conflict_id}: already {c['status']}")
        held = _held(conn, c["case_id"], c["field"])
        previous = held.value if held else None
        if action == "accept":
            cell, ext = c["extracted_value"], c["extraction_id"]
        elif action == "keep":
            cell, ext = previous or "", held.extraction_id if held else None
        elif action == "value":
            if value is None:
                raise RegistryError("--value needs a value")
            cell, ext = to_cell(c["field"], value), None
        else:
            cell, ext = "", None
        decision_id = _insert(
            conn,
            item,
            expected,
            {
                "kind": action,
                "case_id": c["case_id"],
                "field": c["field"],
                "value": cell,
                "previous_value": previous,
                "conflict_id": conflict_id,
                "extraction_id": c["extraction_id"],
                "reason": reason,
                "evidence": _evidence(conn, c["extraction_id"], c["field"]),
                "decided_by": by or current_user(),
                "channel": channel,
            },
        )
        _apply(conn, c["case_id"], c["field"], cell, ext)
        conn.execute(update(Conflict).where(Conflict.id == conflict_id).values(status="resolved"))
        shown = cell if cell != "" else "not reported"
        return DecisionResult(
            decision_id,
            item,
            action,
            c["case_id"],
            c["field"],
            cell,
            f"conflict {conflict_id}: case {c['case_id']} {c['field']} = {shown} ({action})",
        )

    return _run(engine, item, work)


def decide_value(
    engine: Engine,
    case_id: int,
    field: str,
    value: str | None,
    *,
    reason: str,
    evidence: str | None = None,
    by: str | None = None,
    channel: str = "cli",
    expected: int | None = None,
) -> DecisionResult:
    """Set one field of a case to a curated value (``None``/``""`` = not reported)."""
    reason = _check_reason(reason)
    cell = to_cell(field, value)
    item = f"value:{case_id}:{field}"

    def work(conn: Connection) -> DecisionResult:
        if conn.execute(select(Case.case_id).where(Case.case_id == case_id)).first() is None:
            raise RegistryError(f"case {case_id}: no such case")
        held = _held(conn, case_id, field)
        decision_id = _insert(
            conn,
            item,
            expected,
            {
                "kind": "value" if cell else "not_reported",
                "case_id": case_id,
                "field": field,
                "value": cell,
                "previous_value": held.value if held else None,
                "reason": reason,
                "evidence": evidence,
                "decided_by": by or current_user(),
                "channel": channel,
            },
        )
        _apply(conn, case_id, field, cell, None)
        shown = cell if cell else "not reported"
        return DecisionResult(
            decision_id,
            item,
            "value" if cell else "not_reported",
            case_id,
            field,
            cell,
            f"case {case_id} {field} = {shown}",
        )

    return _run(engine, item, work)


def decisions(engine: Engine) -> list[dict[str, Any]]:
    """Every decision, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(Decision).order_by(Decision.id)).mappings().all()
    return [dict(row) for row in rows]


def record_correction(engine: Engine, correction: Any, *, by: str | None = None) -> bool:
    """Record a ``gold/corrections.yaml`` verdict as a registry decision (and apply it), unless
    the latest decision on that cell already says the same. Returns True when recorded."""
    cell = record_to_row(CaseRecord(**{correction.field: correction.value}))[correction.field]
    item = f"value:{correction.case}:{correction.field}"
    with engine.connect() as conn:
        latest = conn.execute(
            select(Decision.value, Decision.reason)
            .where(Decision.item == item)
            .order_by(Decision.version.desc())
            .limit(1)
        ).first()
    if latest is not None and (latest.value, latest.reason) == (cell, correction.reason):
        return False
    decide_value(
        engine,
        correction.case,
        correction.field,
        cell or None,
        reason=correction.reason,
        evidence=correction.source,
        by=by,
        channel="gold-corrections",
    )
    return True


def registry_corrections(engine: Engine) -> list[Any]:
    """The latest value decision on each cell of a Table 1 case, as gold `Correction` verdicts
    (what ``gsvlms evaluate --registry`` applies on top of ``gold/corrections.yaml``)."""
    from gsvlms_extract.gold.corrections import Correction, parse_value

    with engine.connect() as conn:
        gold = {cid for (cid,) in conn.execute(select(Case.case_id).where(Case.origin == "gold"))}
        rows = (
            conn.execute(
                select(Decision)
                .where(Decision.field.is_not(None), Decision.value.is_not(None))
                .order_by(Decision.id)
            )
            .mappings()
            .all()
        )
    latest: dict[tuple[int, str], Any] = {}
    for row in rows:
        if row["case_id"] in gold and row["kind"] != "keep":
            latest[(row["case_id"], row["field"])] = row
    return [
        Correction(
            case=case_id,
            field=field,
            value=parse_value(field, row["value"] or "NA"),
            reason=row["reason"],
            source=row["evidence"] or f"registry decision {row['id']} by {row['decided_by']}",
        )
        for (case_id, field), row in sorted(latest.items())
    ]
