"""Execution engines: run the per-document function in parallel, yield results in input order.

Results are yielded in the order of the tasks (a finished document waits for the ones before
it), so the registry a run produces does not depend on worker timing: a process-pool run, a
Dask run and a run resumed after a crash all write the same rows.

Process pool (`process_pool_results`):
    at most ``workers + 1`` documents in flight. A worker
    that dies (BrokenProcessPool) takes every in-flight document down with it; the pool is
    recreated and those documents are re-run one at a time, so only the document that kills a
    worker on its own is recorded as failed ("worker process crashed"). The time budget is
    enforced in the worker (SIGALRM) and, as a backstop for code stuck outside Python, by the
    parent: past ``timeout + grace`` (counted once the workers have built their pipeline) the
    pool is killed and the document recorded as failed.

Dask (`dask_results`):
    the same function on a `distributed` cluster (``scheduler`` address, or a local cluster of
    ``workers`` processes). Documents are submitted at once; the parent waits for each in order
    with the time budget, then records it failed and cancels it. A task that keeps killing
    workers ends as `KilledWorker` and is recorded failed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from gsvlms_extract.batch.worker import Task, run_with_linker
from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.results import DocumentResult

__all__ = ["process_pool_results", "dask_results", "failed_result", "PARENT_GRACE_SECONDS"]

log = logging.getLogger(__name__)

#: Extra time the parent allows beyond the worker's own budget.
PARENT_GRACE_SECONDS = 30.0
#: Longest a fresh pool may take to start (pipeline build) before deadlines run anyway.
STARTUP_LIMIT_SECONDS = 120.0

Process = Callable[[Task], DocumentResult]


def failed_result(task: Task, reason: str) -> DocumentResult:
    return DocumentResult(
        path=task.path,
        sha256=task.sha256,
        size_bytes=task.size_bytes,
        status="failed",
        error=f"{task.path}: {reason}",
    )


def _exit_with_parent(parent: int) -> None:
    """Worker watchdog: leave when the parent dies (after ``kill -9`` nothing else tells the
    pool's workers, which would otherwise wait forever for work)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(70)


def _initialize(initializer: Callable[[], None] | None, ready: Any) -> None:
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="gsvlms-watchdog"
    ).start()
    if initializer is not None:
        initializer()
    with ready.get_lock():
        ready.value += 1


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (a stuck worker ignores polite shutdown)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def process_pool_results(
    tasks: Sequence[Task],
    process: Process,
    *,
    workers: int,
    timeout: float | None,
    initializer: Callable[[], None] | None,
    prepare: Callable[[Task], Task] | None = None,
) -> Iterator[DocumentResult]:
    """Yield one `DocumentResult` per task, in task order, from a process pool.

    ``prepare`` completes a task just before it is sent (the runner attaches the registry's
    current linking candidates)."""
    n = len(tasks)
    if n == 0:
        return
    workers = max(1, min(workers, n))

    ready = multiprocessing.get_context().Value("i", 0)  # workers past their initializer
    state = {"started": 0.0, "ready_at": None, "submitted": 0}

    def new_pool() -> ProcessPoolExecutor:
        ready.value = 0
        state.update(started=time.monotonic(), ready_at=None, submitted=0)
        return ProcessPoolExecutor(
            max_workers=workers, initializer=_initialize, initargs=(initializer, ready)
        )

    def deadline(submitted_at: float) -> float:
        """Budget + grace, counted once the pool's workers have built their pipeline."""
        if state["ready_at"] is None:
            if ready.value >= min(workers, state["submitted"]):
                state["ready_at"] = time.monotonic()
            else:
                return state["started"] + STARTUP_LIMIT_SECONDS + (timeout or 0)
        return max(submitted_at, state["ready_at"]) + (timeout or 0) + PARENT_GRACE_SECONDS

    pending: deque[int] = deque(range(n))
    suspects: deque[int] = deque()  # in flight when a worker died: re-run one at a time
    inflight: dict[Future[DocumentResult], tuple[int, float, bool]] = {}
    done: dict[int, DocumentResult] = {}
    next_out = 0

    def fill(pool: ProcessPoolExecutor) -> None:
        """Submit work: one queued document beyond the busy workers, or a suspect alone."""
        to_submit: list[tuple[int, bool]] = []
        if suspects:
            if not inflight:  # isolate: one suspect alone in the pool
                to_submit.append((suspects.popleft(), True))
        elif not any(alone for _, _, alone in inflight.values()):
            while pending and len(inflight) + len(to_submit) < workers + 1:
                to_submit.append((pending.popleft(), False))
        for i, alone in to_submit:
            task = prepare(tasks[i]) if prepare else tasks[i]
            inflight[pool.submit(process, task)] = (i, time.monotonic(), alone)
            state["submitted"] += 1

    pool = new_pool()
    try:
        while next_out < n:
            fill(pool)
            wait_for = None
            if timeout and inflight:
                first = min(deadline(t) for _, t, _ in inflight.values())
                wait_for = max(0.0, first - time.monotonic())
                if state["ready_at"] is None:
                    wait_for = min(wait_for, 0.2)  # poll until the workers are ready
            finished, _ = wait(list(inflight), timeout=wait_for, return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                i, _, alone = inflight.pop(fut)
                try:
                    done[i] = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        done[i] = failed_result(tasks[i], "worker process crashed")
                    else:
                        suspects.append(i)
                except Exception as exc:  # the function itself raised: keep the reason
                    done[i] = failed_result(tasks[i], f"{type(exc).__name__}: {exc}")
            now = time.monotonic()
            expired = [fut for fut, (_, t, _) in inflight.items() if timeout and deadline(t) <= now]
            if not finished and expired:  # a deadline passed: the worker is stuck
                for fut, (i, _submitted, _alone) in list(inflight.items()):
                    if fut in expired:
                        done[i] = failed_result(tasks[i], f"timed out after {timeout:g} s (killed)")
                        del inflight[fut]
                pending.extendleft(sorted((i for i, _, _ in inflight.values()), reverse=True))
                inflight.clear()
                _kill_pool(pool)
                pool = new_pool()
            elif broken:
                # Every other in-flight future is lost with the pool; collect them as suspects.
                for fut, (i, _, alone) in list(inflight.items()):
                    try:
                        done[i] = fut.result(timeout=5)
                    except Exception:
                        if alone:
                            done[i] = failed_result(tasks[i], "worker process crashed")
                        else:
                            suspects.append(i)
                inflight.clear()
                log.warning("a worker process died; recreating the pool")
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool()
            fill(pool)  # keep the workers busy while the parent writes
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        if inflight:  # interrupted (Ctrl-C) or abandoned: stop the workers now
            _kill_pool(pool)
        else:
            pool.shutdown(wait=False, cancel_futures=True)


def dask_results(
    tasks: Sequence[Task],
    process: Process,
    *,
    workers: int,
    timeout: float | None,
    scheduler: str | None,
    linker: Any = None,
    memory_mb: int | None = None,
) -> Iterator[DocumentResult]:
    """Yield one `DocumentResult` per task, in task order, from a Dask distributed cluster.

    A local cluster's workers get ``memory_mb`` as their memory limit (the nanny restarts a
    worker past it and the document is recorded as crashed); a remote cluster keeps its own."""
    try:
        from distributed import Client, LocalCluster
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise GsvlmsError(
            "engine dask needs Dask distributed: pip install 'gsvlms-extract[dask]'"
        ) from None

    if not tasks:
        return
    cluster: Any = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=f"{memory_mb}MB" if memory_mb else "auto",
        )
        client = Client(cluster)
    try:
        futures = [
            client.submit(run_with_linker, process, task, linker, pure=False) for task in tasks
        ]
        for task, fut in zip(tasks, futures, strict=True):
            try:
                yield fut.result(timeout=timeout)
            except KilledWorker:
                yield failed_result(task, "worker process crashed")
            except TimeoutError:
                fut.cancel()
                yield failed_result(task, f"timed out after {timeout:g} s")
            except Exception as exc:
                yield failed_result(task, f"{type(exc).__name__}: {exc}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
