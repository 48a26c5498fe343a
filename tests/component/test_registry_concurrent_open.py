"""Several processes opening one new SQLite registry at once (two `gsvlms run` started
together): every one opens it, the schema is migrated once and the gold cases seeded once.

A new file is in rollback-journal mode; switching it to WAL needs the file's write lock and
SQLite reports a conflict there at once, without waiting the busy timeout, so the openers
that lost the race used to fail with "database is locked"."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from alembic import command as alembic_command

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.registry import db
from gsvlms_extract.schema import CaseRecord

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to start openers"
)

GOLD = [
    CaseRecord(case_id=1, author="Aufrecht", year=1868, sex="M", metastasis=[]),
    CaseRecord(case_id=2, author="Berlin", year=1984, sex="F", metastasis=[]),
]
OPENERS = 4


def _gold() -> list[CaseRecord]:
    return GOLD


@pytest.fixture
def upgrades(tmp_path, monkeypatch) -> Path:
    """A file with one line per Alembic upgrade run by any process (forked after patching)."""
    log = tmp_path / "upgrades.log"

    def upgrade(config, revision):  # type: ignore[no-untyped-def]
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        alembic_command.upgrade(config, revision)

    monkeypatch.setattr(db, "command", SimpleNamespace(upgrade=upgrade))
    return log


#: Another process holding the write lock of a file (as a concurrent creator does) until told
#: to release it. A process of its own: an SQLite connection must not be open across fork.
_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def _write_lock_held(path: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        if holder.poll() is None:
            holder.communicate("release\n", timeout=30)


def _open(path: Path, start, results) -> None:  # type: ignore[no-untyped-def]
    start.wait(timeout=60)
    try:
        db.open_registry(path, create=True, gold=_gold).dispose()
        results.put("ok")
    except RegistryError as exc:
        results.put(str(exc))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails
        results.put(f"{type(exc).__name__}: {exc}")


def _open_together(path: Path, n: int, *, held_for: float = 0.0) -> list[str]:
    """Start ``n`` processes opening ``path`` at the same instant; their outcomes. With
    ``held_for``, another process holds the write lock of the (new) file meanwhile, as a
    concurrent creator does, and releases it that many seconds after the openers started."""
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(n + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_open, args=(path, start, results)) for _ in range(n)]
    for proc in procs:
        proc.start()
    try:
        if held_for:
            with _write_lock_held(path) as holder:
                start.wait(timeout=60)
                time.sleep(held_for)
                holder.communicate("release\n", timeout=30)
        else:
            start.wait(timeout=60)
        outcomes = [results.get(timeout=120) for _ in procs]
    finally:
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
    return outcomes


def _registry_rows(path: Path) -> tuple[list[tuple[str, ...]], int, str]:
    with sqlite3.connect(path) as conn:
        versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    return versions, cases, mode


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_openers_of_a_new_file_wait_for_its_creator_then_migrate_once(tmp_path, upgrades):
    """Deterministic: the new file's write lock is held while all the openers start, so each
    meets the lock when switching the file to WAL (before the fix: "database is locked" at
    once, whatever the busy timeout)."""
    path = tmp_path / "registry.db"
    assert _open_together(path, OPENERS, held_for=1.0) == ["ok"] * OPENERS
    assert len(upgrades.read_text().splitlines()) == 1
    assert _registry_rows(path) == ([(_head(),)], len(GOLD), "wal")


def test_openers_started_together_on_a_new_file_all_open_it(tmp_path, upgrades):
    """The race as it happens: openers of a new file released at the same instant, a few
    rounds (each a new file)."""
    for round_ in range(5):
        path = tmp_path / f"registry{round_}.db"
        assert _open_together(path, OPENERS) == ["ok"] * OPENERS, round_
        assert _registry_rows(path) == ([(_head(),)], len(GOLD), "wal"), round_
    assert len(upgrades.read_text().splitlines()) == 5  # one per registry


def test_a_lock_never_released_is_a_one_line_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "_SQLITE_WAIT_SECONDS", 0.5)
    path = tmp_path / "registry.db"
    with _write_lock_held(path):
        began = time.monotonic()
        with pytest.raises(RegistryError) as info:
            db.open_registry(path, create=True, gold=_gold)
        assert time.monotonic() - began >= 0.5  # waited, then gave up
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"sqlite:///{path}: cannot open registry (database is locked")
    assert "another process held it for over 0.5 s" in message
