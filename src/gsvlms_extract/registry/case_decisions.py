"""Curator decisions on whole patients: new cases (accept, merge, reject) and ``is_gsv_lms``
exclusions (confirm, overrule). Same record and locking as `registry.decisions`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry.db import utcnow
from gsvlms_extract.registry.decisions import (
    AlreadyDecided,
    DecisionResult,
    _check_reason,
    _held,
    _insert,
    _latest,
    _run,
    current_user,
    item_version,
)
from gsvlms_extract.registry.models import (
    EXTRACTION_VALUE_FIELDS,
    RETIRED_ORIGINS,
    Case,
    CaseValue,
    Conflict,
    Decision,
    Extraction,
    Link,
)
from gsvlms_extract.schema import CASE_FIELDS

__all__ = ["CASE_ACTIONS", "decide_case", "decide_exclusion"]

CASE_ACTIONS = ("accept", "merge", "reject")


def _merge_values(conn: Connection, source: int, target: int) -> None:
    """Move ``source``'s values to ``target`` (see `_merge_rows`)."""
    rows = conn.execute(select(CaseValue).where(CaseValue.case_id == source)).mappings().all()
    _merge_rows(conn, [dict(r) for r in rows], target)
    conn.execute(delete(CaseValue).where(CaseValue.case_id == source))


def _merge_rows(conn: Connection, rows: list[dict[str, Any]], target: int) -> None:
    """Fill ``target``'s empty fields from ``rows`` (case_values rows); a differing value
    becomes an open conflict on ``target``."""
    now = utcnow()
    for cv in rows:
        held = _held(conn, target, cv["field"])
        if held is None:
            conn.execute(insert(CaseValue), [{**dict(cv), "case_id": target, "updated_at": now}])
        elif held.value != cv["value"] and cv["extraction_id"] is not None:
            exists = conn.execute(
                select(Conflict.id).where(
                    Conflict.extraction_id == cv["extraction_id"], Conflict.field == cv["field"]
                )
            ).first()
            if exists is None:
                conn.execute(
                    insert(Conflict),
                    [
                        {
                            "case_id": target,
                            "field": cv["field"],
                            "registry_value": held.value,
                            "registry_origin": held.origin,
                            "extracted_value": cv["value"],
                            "extraction_id": cv["extraction_id"],
                            "status": "open",
                            "created_at": now,
                        }
                    ],
                )


def _case_exists(conn: Connection, case_id: int) -> Any:
    """The case's row, or None for a missing, merged or rejected case."""
    return conn.execute(
        select(Case.case_id, Case.origin, Case.needs_review).where(
            Case.case_id == case_id, Case.origin.not_in(RETIRED_ORIGINS)
        )
    ).first()


def _retire(conn: Connection, case_id: int, origin: str) -> None:
    """Keep the row (case numbers are never reused) but take it out of the registry."""
    conn.execute(
        update(Case).where(Case.case_id == case_id).values(origin=origin, needs_review=False)
    )


def decide_case(
    engine: Engine,
    case_id: int,
    action: str,
    *,
    reason: str,
    into: int | None = None,
    by: str | None = None,
    channel: str = "cli",
    expected: int | None = 0,
) -> DecisionResult:
    """Accept a new case, merge it into case ``into``, or reject it."""
    if action not in CASE_ACTIONS:
        raise RegistryError(f"case action {action!r}: choose one of {CASE_ACTIONS}")
    reason = _check_reason(reason)
    item = f"case:{case_id}"

    def work(conn: Connection) -> DecisionResult:
        case = _case_exists(conn, case_id)
        if case is None:
            latest = _latest(conn, item)
            if latest is not None:
                raise AlreadyDecided(item, latest.decided_by, latest.decided_at)
            raise RegistryError(f"case {case_id}: no such case")
        if action != "accept" and case.origin == "gold":
            raise RegistryError(
                f"case {case_id} is a Table 1 case; only new cases can be {action}ed"
            )
        if action == "merge" and (
            into is None or into == case_id or _case_exists(conn, into) is None
        ):
            raise RegistryError(f"case {case_id}: --merge needs another existing case")
        decision_id = _insert(
            conn,
            item,
            expected,
            {
                "kind": f"case_{action}",
                "case_id": case_id,
                "target_case_id": into if action == "merge" else None,
                "reason": reason,
                "evidence": "; ".join(
                    f"{k}={v}"
                    for k, v in conn.execute(
                        select(CaseValue.field, CaseValue.value).where(CaseValue.case_id == case_id)
                    ).all()
                )
                or None,
                "decided_by": by or current_user(),
                "channel": channel,
            },
        )
        if action == "accept":
            conn.execute(update(Case).where(Case.case_id == case_id).values(needs_review=False))
            return DecisionResult(
                decision_id,
                item,
                "case_accept",
                case_id,
                None,
                None,
                f"case {case_id}: accepted as a new case",
            )
        if action == "merge":
            _merge_values(conn, case_id, into)
            conn.execute(update(Link).where(Link.case_id == case_id).values(case_id=into))
            conn.execute(update(Conflict).where(Conflict.case_id == case_id).values(case_id=into))
            _retire(conn, case_id, "merged")
            return DecisionResult(
                decision_id,
                item,
                "case_merge",
                case_id,
                None,
                None,
                f"case {case_id}: merged into case {into}",
            )
        conn.execute(
            update(Conflict)
            .where(Conflict.case_id == case_id, Conflict.status == "open")
            .values(status="dismissed")
        )
        conn.execute(delete(CaseValue).where(CaseValue.case_id == case_id))
        _retire(conn, case_id, "rejected")
        return DecisionResult(
            decision_id,
            item,
            "case_reject",
            case_id,
            None,
            None,
            f"case {case_id}: rejected (its number is not reused)",
        )

    return _run(engine, item, work)


def decide_exclusion(
    engine: Engine,
    extraction_id: int,
    action: str,
    *,
    reason: str,
    into: int | None = None,
    by: str | None = None,
    channel: str = "cli",
    expected: int | None = 0,
) -> DecisionResult:
    """Confirm (``exclude``) or overrule (``include``) an ``is_gsv_lms`` exclusion; an included
    patient becomes a new case, or joins case ``into``."""
    if action not in ("include", "exclude"):
        raise RegistryError(f"exclusion action {action!r}: choose include or exclude")
    reason = _check_reason(reason)
    item = f"extraction:{extraction_id}"

    def work(conn: Connection) -> DecisionResult:
        ext = conn.execute(select(Extraction).where(Extraction.id == extraction_id)).mappings()
        ext = ext.first()
        if ext is None:
            raise RegistryError(f"extraction {extraction_id}: no such patient")
        if ext["is_gsv_lms"] and item_version(conn, item) == 0:
            raise RegistryError(f"extraction {extraction_id}: not an excluded patient")
        target = into
        decision_id = _insert(
            conn,
            item,
            expected,
            {
                "kind": action,
                "extraction_id": extraction_id,
                "target_case_id": into,
                "reason": reason,
                "evidence": ext["is_gsv_lms_reason"],
                "decided_by": by or current_user(),
                "channel": channel,
            },
        )
        if action == "exclude":
            return DecisionResult(
                decision_id,
                item,
                action,
                None,
                None,
                None,
                f"extraction {extraction_id}: exclusion confirmed",
            )
        now = utcnow()
        if target is None:
            target = (conn.execute(select(func.max(Case.case_id))).scalar() or 0) + 1
            conn.execute(
                insert(Case),
                [
                    {
                        "case_id": target,
                        "origin": "extraction",
                        "needs_review": False,
                        "created_at": now,
                    }
                ],
            )
        elif _case_exists(conn, target) is None:
            raise RegistryError(f"case {target}: no such case")
        rows = [
            {
                "field": name,
                "value": ext[name],
                "origin": "extraction",
                "curated": False,
                "extraction_id": extraction_id,
                "updated_at": now,
            }
            for name in EXTRACTION_VALUE_FIELDS
            if name in CASE_FIELDS and ext[name] not in (None, "")
        ]
        _merge_rows(conn, rows, target)
        conn.execute(
            insert(Link),
            [
                {
                    "extraction_id": extraction_id,
                    "case_id": target,
                    "confidence": 1.0,
                    "method": "curator",
                    "created_case": into is None,
                    "reasons": [reason],
                }
            ],
        )
        conn.execute(update(Decision).where(Decision.id == decision_id).values(case_id=target))
        return DecisionResult(
            decision_id,
            item,
            action,
            target,
            None,
            None,
            f"extraction {extraction_id}: included as case {target}",
        )

    return _run(engine, item, work)
