"""`gsvlms run` as a real process: killed with SIGKILL mid-batch then re-run, and two runs at
once on one registry. Either way the registry ends with exactly the rows of one
uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from gsvlms_extract.batch import run_batch
from gsvlms_extract.registry.db import normalize_url
from gsvlms_extract.registry.models import Document, Run

GSVLMS = str(Path(sys.executable).with_name("gsvlms"))
REPO = Path(__file__).resolve().parents[2]
#: Enough single-report texts that a one-worker run takes a few seconds.
TEXTS = sorted(
    p.relative_to(REPO / "corpus").as_posix() for p in (REPO / "corpus" / "text").glob("*.txt")
)[:16]


def _cli(inbox: Path, url: str, gold: Path, workers: int = 1) -> list[str]:
    return [
        GSVLMS,
        "run",
        str(inbox),
        "--registry",
        url,
        "--workers",
        str(workers),
        "--no-progress",
        "--gold",
        str(gold),
    ]


def _documents(url: str) -> int:
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Document)).scalar_one()
    except Exception:  # the registry may not exist yet while the run starts
        return 0
    finally:
        engine.dispose()


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _wait_gone(pids: list[int], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and not _zombie(p)]
        time.sleep(0.1)
    assert not alive, f"worker processes {alive} outlived their killed parent"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def _reference(tmp_path: Path, inbox: Path, gold: Path, registry_snapshot):
    url = f"sqlite:///{tmp_path / 'reference.db'}"
    run_batch(inbox, url, workers=2, progress=False, gold_table=gold)
    return registry_snapshot(url)


def test_kill_9_mid_batch_then_rerun_gives_the_rows_of_an_uninterrupted_run(
    registry_url, gold_table, tmp_path, make_inbox, registry_snapshot
):
    inbox = make_inbox(tmp_path / "inbox", TEXTS, broken=False)
    proc = subprocess.Popen(
        _cli(inbox, registry_url, gold_table),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        committed = _documents(registry_url)
        if committed >= 3:
            break
        time.sleep(0.02)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the parent and its writes die at once
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert workers, "the run had started its worker"
    _wait_gone(workers)  # orphaned workers notice and exit
    killed_at = _documents(registry_url)
    assert 3 <= killed_at < len(TEXTS), "the run must be killed mid-batch"

    rerun = subprocess.run(
        _cli(inbox, registry_url, gold_table, workers=2),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert registry_snapshot(registry_url) == _reference(
        tmp_path, inbox, gold_table, registry_snapshot
    )
    engine = create_engine(normalize_url(registry_url))
    with engine.connect() as conn:
        runs = conn.execute(select(Run.status, Run.n_new, Run.n_skipped).order_by(Run.id)).all()
    engine.dispose()
    # The killed run never closed its row: the re-run found its process gone and marked it
    # interrupted, then skipped what was committed before.
    assert [r.status for r in runs] == ["interrupted", "finished"]
    assert (runs[1].n_new, runs[1].n_skipped) == (len(TEXTS) - killed_at, killed_at)


def test_two_concurrent_runs_write_each_document_once(
    registry_url, gold_table, tmp_path, make_inbox, registry_snapshot
):
    inbox = make_inbox(tmp_path / "inbox", TEXTS[:8], broken=False)
    procs = [
        subprocess.Popen(
            _cli(inbox, registry_url, gold_table),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    engine = create_engine(normalize_url(registry_url))
    with engine.connect() as conn:
        new = conn.execute(select(func.sum(Run.n_new))).scalar_one()
    engine.dispose()
    assert new == 8  # each document written by exactly one of the two runs
    got = registry_snapshot(registry_url)
    want = _reference(tmp_path, inbox, gold_table, registry_snapshot)
    for table in ("documents", "extractions", "evidence"):
        assert got[table] == want[table], table
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
