"""The Dask engine (a LocalCluster of 2 worker processes) writes the same registry as the
process pool."""

from __future__ import annotations

import pytest

from gsvlms_extract.batch import run_batch


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_dask_local_cluster_gives_the_process_pool_registry(
    cluster, gold_table, tmp_path, make_inbox, registry_snapshot
):
    inbox = make_inbox(tmp_path / "inbox")  # includes a corrupt PDF, an empty file, a copy
    pool_url = f"sqlite:///{tmp_path / 'pool.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    pool = run_batch(inbox, pool_url, workers=2, progress=False, gold_table=gold_table)
    dask = run_batch(
        inbox,
        dask_url,
        engine="dask",
        scheduler=cluster.scheduler_address,
        progress=False,
        gold_table=gold_table,
    )
    assert (
        (dask.n_new, dask.n_copies, dask.n_skipped, dask.n_failed)
        == (pool.n_new, pool.n_copies, pool.n_skipped, pool.n_failed)
        == (3, 1, 1, 2)  # stringer1977.pdf is a copy of the text
    )
    assert dask.failures == pool.failures
    assert registry_snapshot(dask_url) == registry_snapshot(pool_url)
