"""`run_batch` over a small real inbox (real ingest, pipeline, extractor and linker), on
SQLite and PostgreSQL: failure isolation, sha256 dedupe, idempotence, PDF + text of one report
linking to the same cases, worker crashes and timeouts."""

from __future__ import annotations

import os
import time

from sqlalchemy import create_engine, select

from gsvlms_extract.batch import Task, engines, find_documents, process_document, run_batch, worker
from gsvlms_extract.registry.db import normalize_url
from gsvlms_extract.registry.models import Document, Extraction, Link, Run
from gsvlms_extract.registry.queries import table_counts


def _engine(url):
    return create_engine(normalize_url(url))


def _counts(url) -> dict[str, int]:
    engine = _engine(url)
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


def _links_by_document(url) -> dict[str, set[int]]:
    engine = _engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Document.path, Link.case_id)
            .join(Extraction, Extraction.document_id == Document.id)
            .join(Link, Link.extraction_id == Extraction.id)
        ).all()
    engine.dispose()
    out: dict[str, set[int]] = {}
    for path, case_id in rows:
        out.setdefault(os.path.basename(path), set()).add(case_id)
    return out


def test_find_documents_is_sorted_and_ignores_other_files(tmp_path):
    for name in ("b.txt", "a.PDF", "sub/c.md", "notes.yaml", ".hidden/x.txt", "d.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in find_documents(tmp_path)] == [
        "a.PDF",
        "b.txt",
        "sub/c.md",
    ]


def test_batch_isolates_failures_dedupes_and_is_idempotent(
    registry_url, gold_table, tmp_path, make_inbox, registry_snapshot
):
    inbox = make_inbox(tmp_path / "inbox")
    first = run_batch(inbox, registry_url, workers=2, progress=False, gold_table=gold_table)
    assert (first.n_found, first.n_new, first.n_copies, first.n_skipped, first.n_failed) == (
        7,
        3,
        1,
        1,
        2,
    )
    assert set(first.failures) == {str(inbox / "corrupt.pdf"), str(inbox / "empty.txt")}
    assert "empty" in first.failures[str(inbox / "empty.txt")]
    assert first.skips[str(inbox / "zz_copy_of_smout.txt")].startswith("same content as")

    engine = _engine(registry_url)
    with engine.connect() as conn:
        docs = {os.path.basename(d.path): d for d in conn.execute(select(Document))}
        run = conn.execute(select(Run)).one()
    engine.dispose()
    assert {name: d.status for name, d in docs.items()} == {
        "stringer1977.txt": "ok",
        "stringer1977.pdf": "ok",
        "smout1960.txt": "ok",
        "leminh2004.txt": "ok",
        "corrupt.pdf": "failed",
        "empty.txt": "failed",
    }
    assert docs["stringer1977.pdf"].n_pages >= 1 and docs["stringer1977.pdf"].media_type == (
        "application/pdf"
    )
    assert docs["corrupt.pdf"].error.startswith(str(inbox / "corrupt.pdf"))
    assert (run.status, run.n_new, run.n_skipped, run.n_failed) == ("finished", 3, 1, 2)
    assert run.summary["documents"] == {
        "found": 7,
        "new": 3,
        "skipped": 1,
        "failed": 2,
        "copies": 1,
    }

    # The PDF and the text of the same report are one article: the text is read, the PDF is
    # recorded as its copy and adds no patients.
    links = _links_by_document(registry_url)
    assert "stringer1977.pdf" not in links
    assert links["stringer1977.txt"], "the Stringer patients link to registry cases"
    assert (docs["stringer1977.txt"].role, docs["stringer1977.pdf"].role) == ("primary", "copy")
    assert docs["stringer1977.pdf"].article_id == docs["stringer1977.txt"].article_id
    assert first.copies[str(inbox / "stringer1977.pdf")].endswith("stringer1977.txt")

    before_counts, before = _counts(registry_url), registry_snapshot(registry_url)
    second = run_batch(inbox, registry_url, workers=2, progress=False, gold_table=gold_table)
    assert (second.n_new, second.n_failed, second.n_skipped) == (0, 0, 7)
    after_counts = _counts(registry_url)
    assert {k: after_counts[k] - before_counts[k] for k in after_counts} == {
        **dict.fromkeys(before_counts, 0),
        "runs": 1,
    }
    assert registry_snapshot(registry_url) == before


def test_failed_documents_are_retried_only_on_request(tmp_path, gold_table):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "late.txt").write_bytes(b"")
    assert run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table).n_failed == 1
    assert run_batch(inbox, url, workers=1, progress=False, gold_table=gold_table).n_skipped == 1
    again = run_batch(
        inbox, url, workers=1, progress=False, gold_table=gold_table, retry_failed=True
    )
    assert again.n_failed == 1
    engine = _engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(Document.attempts)).scalar_one() == 2
    engine.dispose()


# Fault injection around the real per-document function (module level: workers are forked).
def crash_on_leminh(task: Task):
    if "leminh" in task.path:
        os._exit(9)  # the worker process dies mid-document
    return process_document(task)


def sleep_on_smout(task: Task):
    if "smout" in task.path:
        time.sleep(60)  # outside the worker's own alarm: only the parent can stop it
    return process_document(task)


def test_a_crashing_worker_fails_only_its_document(tmp_path, gold_table, make_inbox):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = make_inbox(tmp_path / "inbox", broken=False)
    summary = run_batch(
        inbox, url, workers=2, progress=False, gold_table=gold_table, process=crash_on_leminh
    )
    assert summary.failures == {
        str(inbox / "leminh2004.txt"): (f"{inbox / 'leminh2004.txt'}: worker process crashed")
    }
    assert (summary.n_new, summary.n_copies) == (2, 1)  # stringer1977.pdf: copy of the text


def test_a_document_over_its_time_budget_fails_and_the_batch_goes_on(
    tmp_path, gold_table, make_inbox, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = make_inbox(tmp_path / "inbox", broken=False)
    real = worker._extract

    def slow_extract(task):
        if "smout" in task.path:
            time.sleep(60)  # inside the real per-document function: the worker's alarm fires
        return real(task)

    monkeypatch.setattr(worker, "_extract", slow_extract)  # inherited by forked workers
    summary = run_batch(inbox, url, workers=2, progress=False, gold_table=gold_table, timeout=2)
    assert summary.failures == {
        str(inbox / "smout1960.txt"): f"{inbox / 'smout1960.txt'}: timed out after 2 s"
    }
    assert (summary.n_new, summary.n_copies) == (2, 1)  # stringer1977.pdf: copy of the text


def test_a_worker_stuck_beyond_its_alarm_is_killed_by_the_parent(
    tmp_path, gold_table, make_inbox, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    inbox = make_inbox(tmp_path / "inbox", broken=False)
    monkeypatch.setattr(engines, "PARENT_GRACE_SECONDS", 1.0)
    summary = run_batch(
        inbox,
        url,
        workers=2,
        progress=False,
        gold_table=gold_table,
        process=sleep_on_smout,
        timeout=2,
    )
    assert summary.failures == {
        str(inbox / "smout1960.txt"): f"{inbox / 'smout1960.txt'}: timed out after 2 s (killed)"
    }
    assert (summary.n_new, summary.n_copies) == (2, 1)  # stringer1977.pdf: copy of the text
