"""`gsvlms registry …` and `gsvlms run` on the command line: output and one-line errors."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from gsvlms_extract.cli import app


@pytest.fixture
def cli():
    return CliRunner()


def test_init_show_cases_and_export_on_a_fresh_registry(cli, tmp_path, gold_table):
    db = tmp_path / "r.db"
    init = cli.invoke(app, ["registry", "init", "--registry", str(db), "--gold", str(gold_table)])
    assert init.exit_code == 0, init.output
    assert "{'gold': 57}" in init.output
    show = cli.invoke(app, ["registry", "show", "--registry", f"sqlite:///{db}"])
    assert show.exit_code == 0 and "cases (gold)" in show.output and "57" in show.output
    cases = cli.invoke(app, ["registry", "cases", "--review", "--registry", str(db)])
    assert cases.exit_code == 0 and "0 cases" in cases.output
    conflicts = cli.invoke(app, ["registry", "conflicts", "--registry", str(db)])
    assert conflicts.exit_code == 0 and "0 conflicts" in conflicts.output
    out = tmp_path / "exports"
    export = cli.invoke(
        app, ["registry", "export", "--format", "redcap", "--registry", str(db), "--out", str(out)]
    )
    assert export.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "redcap_data_dictionary.csv",
        "redcap_import.csv",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["registry", "export", "--format", "xlsx"], "export format 'xlsx': choose one of"),
        (["registry", "show", "--registry", "nodir/r.db"], "does not exist"),
        (["run", "no_such_inbox"], "no_such_inbox: inbox does not exist"),
        (["run", ".", "--engine", "spark"], "engine 'spark': choose one of process, dask"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_1(
    cli, tmp_path, gold_table, args, message, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "r.db"
    if "--registry" not in args:
        args = [*args, "--registry", str(db)]
    if args[0] == "run":
        args = [*args, "--gold", str(gold_table)]
    result = cli.invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_a_newer_registry_is_refused_on_the_command_line(cli, tmp_path, gold_table):
    db = tmp_path / "r.db"
    cli.invoke(app, ["registry", "init", "--registry", str(db), "--gold", str(gold_table)])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    result = cli.invoke(app, ["registry", "show", "--registry", str(db)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "newer than this gsvlms-extract" in result.output
