"""The ``runs`` table: one row per batch run, opened at the start and closed with its summary.

A run killed with ``kill -9`` never closes its row; the next run marks such rows
``interrupted`` (`mark_interrupted`). A row is stale when its process is gone:

* PostgreSQL: every run holds a session advisory lock keyed on its id for as long as it runs
  (taken in the transaction that inserts the row, so no other run can see the row unlocked);
  a row whose lock can be taken has no live owner, whatever host it ran on;
* SQLite: the row's process id is checked on this host (``os.kill(pid, 0)``); rows of another
  host are left alone.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from gsvlms_extract import __version__
from gsvlms_extract.registry.db import utcnow, write_lock
from gsvlms_extract.registry.models import Run

__all__ = ["RunRow", "start_run", "finish_run", "last_runs", "mark_interrupted"]

COUNT_KEYS = ("n_new", "n_skipped", "n_failed", "n_new_cases", "n_linked", "n_conflicts")
#: First key of the per-run PostgreSQL advisory locks (the second is the run id).
_RUN_LOCK_CLASS = 0x6753_5652


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _stale(conn: Connection, run_id: int, pid: int | None, host: str | None) -> bool:
    if conn.dialect.name == "postgresql":
        taken = conn.execute(
            text("SELECT pg_try_advisory_lock(:c, :r)"), {"c": _RUN_LOCK_CLASS, "r": run_id}
        ).scalar_one()
        if taken:
            conn.execute(
                text("SELECT pg_advisory_unlock(:c, :r)"), {"c": _RUN_LOCK_CLASS, "r": run_id}
            )
        return bool(taken)
    if pid is None:  # written before runs recorded their process: nothing can be running it
        return True
    return host == socket.gethostname() and not _pid_alive(pid)


def mark_interrupted(engine: Engine) -> list[int]:
    """Mark ``running`` rows whose process is gone as ``interrupted``; return their ids."""
    with engine.begin() as conn, write_lock(conn):
        rows = conn.execute(select(Run.id, Run.pid, Run.host).where(Run.status == "running")).all()
        stale = [row.id for row in rows if _stale(conn, row.id, row.pid, row.host)]
        if stale:
            conn.execute(
                update(Run)
                .where(Run.id.in_(stale))
                .values(status="interrupted", finished_at=utcnow())
            )
    return stale


class RunRow:
    """A ``running`` row for the lifetime of a batch run (`start_run` ... `finish`)."""

    def __init__(self, engine: Engine, *, inbox: str, engine_name: str, workers: int) -> None:
        self.engine = engine
        self._holder: Connection | None = None
        conn = engine.connect()
        try:
            with conn.begin(), write_lock(conn):
                self.id = conn.execute(
                    insert(Run).returning(Run.id),
                    [
                        {
                            "started_at": utcnow(),
                            "version": __version__,
                            "inbox": inbox,
                            "engine": engine_name,
                            "workers": workers,
                            "status": "running",
                            "pid": os.getpid(),
                            "host": socket.gethostname()[:255],
                            **dict.fromkeys(COUNT_KEYS, 0),
                        }
                    ],
                ).scalar_one()
                if conn.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_lock(:c, :r)"),
                        {"c": _RUN_LOCK_CLASS, "r": self.id},
                    )
        except BaseException:
            conn.close()
            raise
        if conn.dialect.name == "postgresql":
            self._holder = conn  # the session keeps the run's lock until `finish`
        else:
            conn.close()

    def finish(self, *, counts: dict[str, int], summary: dict[str, Any], status: str) -> None:
        """Close the row with its counts, JSON summary and final status; release the lock."""
        try:
            finish_run(self.engine, self.id, counts=counts, summary=summary, status=status)
        finally:
            if self._holder is not None:
                holder, self._holder = self._holder, None
                try:
                    holder.execute(
                        text("SELECT pg_advisory_unlock(:c, :r)"),
                        {"c": _RUN_LOCK_CLASS, "r": self.id},
                    )
                    holder.commit()
                finally:
                    holder.close()


def start_run(engine: Engine, *, inbox: str, engine_name: str, workers: int) -> RunRow:
    """Insert a ``running`` run row (owned by this process) and return it."""
    return RunRow(engine, inbox=inbox, engine_name=engine_name, workers=workers)


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
