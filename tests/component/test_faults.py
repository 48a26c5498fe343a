"""Bad input and faults, as the probe of issue 11 found them: every one ends in one line
naming the file or registry and the problem, the right exit code, nothing lost, and the files
after it still processed; on SQLite and on PostgreSQL where the registry is involved.

Batch runs here reuse the session's pipeline in forked workers (no pipeline build per run).
"""

from __future__ import annotations

import csv
import io
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from gsvlms_extract.batch import run_batch, runner, worker
from gsvlms_extract.cli import app
from gsvlms_extract.registry.db import normalize_url
from gsvlms_extract.registry.models import Document
from gsvlms_extract.registry.queries import table_counts

REPO = Path(__file__).resolve().parents[2]
TEXT = REPO / "corpus" / "text"
GSVLMS = str(Path(sys.executable).with_name("gsvlms"))


@pytest.fixture
def cli():
    return CliRunner()


@pytest.fixture
def shared_pipeline(nlp, monkeypatch):
    """Forked workers inherit the session's pipeline instead of building their own."""
    monkeypatch.setitem(worker._PIPELINE, "nlp", nlp)


def _one_error_line(result, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def _documents(url: str) -> dict[str, Document]:
    engine = create_engine(normalize_url(url))
    with engine.connect() as conn:
        rows = {Path(d.path).name: d for d in conn.execute(select(Document))}
    engine.dispose()
    return rows


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(normalize_url(url))
    try:
        return table_counts(engine)
    finally:
        engine.dispose()


# --- registry locations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("", "registry location is empty"),
        ("sqlite://", "an in-memory or temporary database cannot hold a registry"),
        ("sqlite:///:memory:", "an in-memory or temporary database cannot hold a registry"),
        ("postgresql://u@127.0.0.1:abc/db", "not a usable registry URL"),
    ],
)
def test_a_registry_that_would_vanish_or_cannot_be_parsed_is_refused(
    cli, tmp_path, location, message
):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "r.txt").write_bytes((TEXT / "smout1960.txt").read_bytes())
    result = cli.invoke(app, ["run", str(tmp_path / "inbox"), "--registry", location])
    assert message in _one_error_line(result)


def test_verbs_other_than_run_and_init_never_create_a_registry(cli, registry_url, tmp_path):
    for verb in (["registry", "show"], ["registry", "cases"], ["registry", "conflicts"]):
        line = _one_error_line(cli.invoke(app, [*verb, "--registry", registry_url]))
        assert "no registry here" in line
    export = cli.invoke(
        app, ["registry", "export", "--registry", registry_url, "--out", str(tmp_path / "x")]
    )
    assert "no registry here" in _one_error_line(export)
    assert not (tmp_path / "registry.db").exists()
    assert not (tmp_path / "x").exists()


def test_a_database_holding_other_tables_is_refused_and_left_alone(cli, registry_url, tmp_path):
    engine = create_engine(normalize_url(registry_url))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)")
    engine.dispose()
    (tmp_path / "inbox").mkdir()
    result = cli.invoke(app, ["run", str(tmp_path / "inbox"), "--registry", registry_url])
    assert "not a gsvlms registry (it holds other tables: patients)" in _one_error_line(result)
    engine = create_engine(normalize_url(registry_url))
    with engine.connect() as conn:
        from sqlalchemy import inspect

        assert inspect(conn).get_table_names() == ["patients"]
    engine.dispose()


def test_a_read_only_registry_can_be_shown_but_not_written(cli, tmp_path, gold_table):
    db = tmp_path / "r.db"
    assert cli.invoke(app, ["registry", "init", "--registry", str(db)]).exit_code == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    shown = cli.invoke(app, ["registry", "show", "--registry", read_only])
    assert shown.exit_code == 0 and "cases (gold)" in shown.stdout
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "r.txt").write_bytes((TEXT / "smout1960.txt").read_bytes())
    result = cli.invoke(app, ["run", str(tmp_path / "inbox"), "--registry", read_only])
    assert "readonly database" in _one_error_line(result)


def test_exports_into_a_file_or_an_impossible_folder_are_one_line(cli, tmp_path):
    db = tmp_path / "r.db"
    cli.invoke(app, ["registry", "init", "--registry", str(db)])
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    for out, message in ((blocker, "not a folder"), (blocker / "sub", "cannot create export")):
        result = cli.invoke(app, ["registry", "export", "--registry", str(db), "--out", str(out)])
        assert message in _one_error_line(result)


# --- the batch: bad files never stop it -------------------------------------------------


def _hostile_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    deep = inbox.joinpath("a_long", *(["a_folder_name_of_fifty_characters_" + "x" * 16] * 5))
    deep.mkdir(parents=True)
    (deep / "unreadable.txt").write_bytes((TEXT / "allison1965.txt").read_bytes())
    with (inbox / "b_huge.txt").open("wb") as handle:  # 2.2 GB on paper (sparse)
        handle.truncate(2_200_000_000)
    secret = root / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (inbox / "c_passwd.txt").symlink_to(secret)
    (inbox / "d_good.txt").write_bytes((TEXT / "smout1960.txt").read_bytes())
    (inbox / "e_good.txt").write_bytes((TEXT / "leminh2004.txt").read_bytes())
    return inbox


def test_hostile_files_are_recorded_and_the_rest_of_the_batch_is_written(
    registry_url, gold_table, tmp_path, monkeypatch, shared_pipeline
):
    inbox = _hostile_inbox(tmp_path)
    unreadable = next(inbox.rglob("unreadable.txt"))
    assert len(str(unreadable)) > 300
    real_sha = runner._sha256
    real_record = runner.record_document

    def sha_or_denied(path):
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_sha(path)

    def disk_fails_once(db, result, **kwargs):  # the first write of d_good.txt fails
        if result.path.endswith("d_good.txt") and result.status == "ok":
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real_record(db, result, **kwargs)

    monkeypatch.setattr(runner, "_sha256", sha_or_denied)
    monkeypatch.setattr(runner, "record_document", disk_fails_once)
    first = run_batch(
        inbox, registry_url, workers=1, progress=False, gold_table=gold_table, initializer=None
    )
    assert (first.n_found, first.n_new, first.n_skipped, first.n_failed) == (5, 1, 1, 3)
    assert "Permission denied" in first.failures[str(unreadable)]
    assert "above the input limit of 256 MB" in first.failures[str(inbox / "b_huge.txt")]
    assert "disk I/O error" in first.failures[str(inbox / "d_good.txt")]
    assert "not followed" in first.skips[str(inbox / "c_passwd.txt")]
    docs = _documents(registry_url)
    assert set(docs) == {"unreadable.txt", "b_huge.txt", "d_good.txt", "e_good.txt"}
    assert len(docs["unreadable.txt"].sha256) == 64  # a long path no longer overflows it
    assert docs["b_huge.txt"].size_bytes == 2_200_000_000  # BIGINT on PostgreSQL
    assert {n: d.status for n, d in docs.items()} == {
        "unreadable.txt": "failed",
        "b_huge.txt": "failed",
        "d_good.txt": "failed",
        "e_good.txt": "ok",
    }

    monkeypatch.setattr(runner, "record_document", real_record)  # the disk is fine again
    counts = _counts(registry_url)
    again = run_batch(
        inbox, registry_url, workers=1, progress=False, gold_table=gold_table, initializer=None
    )
    assert (again.n_new, again.n_failed) == (0, 0)  # the same inbox changes nothing
    assert {k: v for k, v in _counts(registry_url).items() if k != "runs"} == {
        k: v for k, v in counts.items() if k != "runs"
    }
    retried = run_batch(
        inbox,
        registry_url,
        workers=1,
        progress=False,
        gold_table=gold_table,
        initializer=None,
        retry_failed=True,
    )
    assert (retried.n_new, retried.n_failed) == (1, 2)
    assert _documents(registry_url)["d_good.txt"].status == "ok"


def test_a_failure_that_cannot_even_be_recorded_does_not_stop_the_batch(
    tmp_path, gold_table, monkeypatch, shared_pipeline
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("leminh2004", "smout1960"):
        (inbox / f"{name}.txt").write_bytes((TEXT / f"{name}.txt").read_bytes())
    real_record = runner.record_document

    def leminh_never_written(db, result, **kwargs):
        if "leminh" in result.path:
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        return real_record(db, result, **kwargs)

    monkeypatch.setattr(runner, "record_document", leminh_never_written)
    url = f"sqlite:///{tmp_path / 'r.db'}"
    summary = run_batch(
        inbox, url, workers=1, progress=False, gold_table=gold_table, initializer=None
    )
    assert (summary.n_new, summary.n_failed) == (1, 1)
    reason = summary.failures[str(inbox / "leminh2004.txt")]
    assert "could not be recorded" in reason and "disk is full" in reason
    assert set(_documents(url)) == {"smout1960.txt"}  # retried on the next run


def test_a_full_disk_ends_the_run_in_one_line_and_keeps_what_was_committed(tmp_path, gold_table):
    """A real `gsvlms run` whose registry file may not grow (RLIMIT_FSIZE, as a full disk)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("allison1965", "amato2013", "deweese1958", "leminh2004", "smout1960"):
        (inbox / f"{name}.txt").write_bytes((TEXT / f"{name}.txt").read_bytes())
    db = tmp_path / "r.db"
    init = subprocess.run(
        [GSVLMS, "registry", "init", "--registry", str(db), "--gold", str(gold_table)],
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    limit = db.stat().st_size + 40_000

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    args = [GSVLMS, "run", str(inbox), "--registry", str(db), "--no-progress", "--workers", "1"]
    full = subprocess.run(args, preexec_fn=full_disk, capture_output=True, text=True, timeout=300)
    assert full.returncode == 1
    assert "Traceback" not in full.stderr + full.stdout
    reported = [
        line for line in full.stderr.splitlines() if line.startswith(("error: ", "failed: "))
    ]
    assert reported and all("disk" in line for line in reported), full.stderr
    with sqlite3.connect(db) as conn:
        committed = conn.execute("SELECT count(*) FROM documents WHERE status='ok'").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < committed < 5
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert rerun.returncode in (0, 1), rerun.stderr  # failures recorded while full stay failed
    assert "Traceback" not in rerun.stderr
    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        runs = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert total == 5 and runs[-1] == "finished"


# --- exit codes and streams ---------------------------------------------------------------


def test_run_exits_1_when_a_document_failed_with_failures_on_stderr(
    cli, tmp_path, gold_table, shared_pipeline
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes((TEXT / "smout1960.txt").read_bytes())
    (inbox / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage\n")
    result = cli.invoke(
        app,
        [
            "run",
            str(inbox),
            "--registry",
            str(tmp_path / "r.db"),
            "--gold",
            str(gold_table),
            "--workers",
            "1",
            "--no-progress",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "documents found" in result.stdout and "corrupt.pdf" not in result.stdout
    assert f"failed: {inbox / 'corrupt.pdf'}:" in result.stderr
    assert "created a new registry" in result.stderr


def test_evaluate_exits_1_when_a_report_is_unreadable(cli, tmp_path, gold_table):
    (tmp_path / "stringer1977.txt").write_bytes((TEXT / "stringer1977.txt").read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    result = cli.invoke(app, ["evaluate", str(tmp_path), "--gold", str(gold_table)])
    assert result.exit_code == 1, result.output
    assert "field" in result.stdout  # the scores still come out
    assert f"error: {tmp_path / 'broken.pdf'}:" in result.stderr


def test_extract_reads_stdin_and_neutralises_formulas_in_csv(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "=HYPERLINK(evil).txt"  # a file name a spreadsheet would run as a formula
    (tmp_path / name).write_bytes((TEXT / "smout1960.txt").read_bytes())
    result = cli.invoke(app, ["extract", name, "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["source"] == "'" + name
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    piped = cli.invoke(app, ["extract", "-"], input=(TEXT / "smout1960.txt").read_bytes())
    assert piped.exit_code == 0 and '"source": "<stdin>"' in piped.stdout


def test_registry_csv_xlsx_and_redcap_cells_never_run_as_formulas(tmp_path, gold_table):
    from gsvlms_extract.reconcile import link_cases
    from gsvlms_extract.registry import export_registry, open_registry, record_document
    from gsvlms_extract.results import DocumentResult
    from gsvlms_extract.schema import Evidence, ExtractedCase

    ev = Evidence(start=0, end=1, sentence="s", text="s", rule_id="r")
    case = ExtractedCase(
        source="=cmd|' /C calc'!A0.txt",
        patient_index=1,
        is_gsv_lms=True,
        is_gsv_lms_reason="r",
        author='=HYPERLINK("http://x")',
        year=2031,
        sex="F",
        evidence={"author": ev, "year": ev, "sex": ev},
    )
    engine = open_registry(tmp_path / "r.db", create=True, gold_table=gold_table)
    record_document(
        engine,
        DocumentResult(path=case.source, sha256="f" * 64, size_bytes=1, cases=[case]),
        run_id=None,
        linker=link_cases,
    )
    written = export_registry(engine, "csv", tmp_path / "csv") + export_registry(
        engine, "redcap", tmp_path / "redcap"
    )
    [workbook] = export_registry(engine, "xlsx", tmp_path / "xlsx")
    engine.dispose()
    from openpyxl import load_workbook

    cells = [c for sheet in load_workbook(workbook) for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    assert any(c.value == '\'=HYPERLINK("http://x")' for c in cells)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "'=HYPERLINK" in text or path.name == "redcap_data_dictionary.csv"
        assert ",=" not in text and '"=' not in text and "\n=" not in text


def test_gold_correct_refuses_values_and_cases_the_table_does_not_hold(cli, tmp_path):
    verdicts = tmp_path / "corrections.yaml"
    for args, message in (
        (["5", "size_mm", "inf"], "size_mm"),
        (["999", "region", "thigh"], "case 999: no such case"),
        (["5", "age_years", "300"], "age_years"),
    ):
        result = cli.invoke(
            app, ["gold", "correct", *args, "--reason", "r", "--corrections", str(verdicts)]
        )
        assert message in _one_error_line(result)
    assert not verdicts.exists()


def test_gold_correct_outside_a_checkout_starts_from_the_packaged_verdicts(
    cli, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GSVLMS_GOLD_DIR", raising=False)
    result = cli.invoke(app, ["gold", "correct", "57", "region", "shank", "--reason", "calf"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "gold" / "corrections.yaml").read_text(encoding="utf-8")
    assert "case: 8" in text and "case: 57" in text  # the packaged verdict is kept


def test_version_module_entry_point_and_environment(cli, tmp_path, monkeypatch):
    from gsvlms_extract import __version__

    assert cli.invoke(app, ["--version"]).stdout.strip() == f"gsvlms-extract {__version__}"
    module = subprocess.run(
        [sys.executable, "-m", "gsvlms_extract", "--version"], capture_output=True, text=True
    )
    assert module.returncode == 0 and module.stdout.strip() == f"gsvlms-extract {__version__}"
    db = tmp_path / "env.db"
    cli.invoke(app, ["registry", "init", "--registry", str(db)])
    monkeypatch.setenv("GSVLMS_REGISTRY", str(db))
    shown = cli.invoke(app, ["registry", "show"])
    assert shown.exit_code == 0 and "cases (gold)" in shown.stdout
    assert "env var: GSVLMS_REGISTRY" in cli.invoke(app, ["registry", "show", "--help"]).stdout


def test_a_worker_past_its_memory_limit_fails_its_document_not_the_host():
    code = (
        "from gsvlms_extract.batch.worker import set_memory_limit\n"
        "set_memory_limit(300)\n"
        "try:\n"
        "    block = bytearray(600 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert child.stdout.strip() == "MemoryError", child.stderr
