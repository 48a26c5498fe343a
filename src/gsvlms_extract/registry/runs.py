"""The ``runs`` table: one row per batch run, opened at the start and closed with its summary."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, select, update

from gsvlms_extract import __version__
from gsvlms_extract.registry.db import utcnow, write_lock
from gsvlms_extract.registry.models import Run

__all__ = ["start_run", "finish_run", "last_runs"]

COUNT_KEYS = ("n_new", "n_skipped", "n_failed", "n_new_cases", "n_linked", "n_conflicts")


def start_run(engine: Engine, *, inbox: str, engine_name: str, workers: int) -> int:
    """Insert a ``running`` run row and return its id."""
    with engine.begin() as conn, write_lock(conn):
        return conn.execute(
            insert(Run).returning(Run.id),
            [
                {
                    "started_at": utcnow(),
                    "version": __version__,
                    "inbox": inbox,
                    "engine": engine_name,
                    "workers": workers,
                    "status": "running",
                    **dict.fromkeys(COUNT_KEYS, 0),
                }
            ],
        ).scalar_one()


def finish_run(
    engine: Engine, run_id: int, *, counts: dict[str, int], summary: dict[str, Any], status: str
) -> None:
    """Close the run row with its counts, JSON summary and final status."""
    with engine.begin() as conn, write_lock(conn):
        conn.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(
                finished_at=utcnow(),
                status=status,
                summary=summary,
                **{k: counts.get(k, 0) for k in COUNT_KEYS},
            )
        )


def last_runs(engine: Engine, limit: int = 10) -> list[dict[str, Any]]:
    """The most recent runs, newest first, as plain dicts."""
    with engine.connect() as conn:
        rows = conn.execute(select(Run).order_by(Run.id.desc()).limit(limit)).mappings().all()
    return [dict(row) for row in rows]
