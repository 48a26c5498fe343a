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
        (["registry", "show", "--registry", "nodir/r.db"], "nodir/r.db: no registry here"),
        (["run", "no_such_inbox"], "no_such_inbox: inbox does not exist"),
        (["run", ".", "--registry", "nodir/r.db"], "directory nodir does not exist"),
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


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["registry", "export", "--format", "xls"], "'csv', 'parquet', 'redcap', 'xlsx'"),
        (["run", ".", "--engine", "spark"], "'process', 'dask'"),
    ],
)
def test_a_value_outside_the_choices_is_a_usage_error_listing_them(cli, args, choices):
    result = cli.invoke(app, args)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("Error: Invalid value")
    assert choices in result.output
    help_text = cli.invoke(app, [*args[:-2], "--help"]).output
    assert choices.replace("'", "").replace(", ", "|") in help_text.replace(" ", "").replace(
        "\n", ""
    )


def test_a_newer_registry_is_refused_on_the_command_line(cli, tmp_path, gold_table):
    db = tmp_path / "r.db"
    cli.invoke(app, ["registry", "init", "--registry", str(db), "--gold", str(gold_table)])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    result = cli.invoke(app, ["registry", "show", "--registry", str(db)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "newer than this gsvlms-extract" in result.output


def test_patients_judged_not_gsv_lms_are_stored_as_excluded_with_reason_and_facts(
    cli, tmp_path, gold_table
):
    """A caval leiomyosarcoma is filed as no case, but its patient, facts and the reason are
    kept so a curator can confirm or overrule the exclusion."""
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "text"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("hartmann2019.txt", "lindqvist2016.txt"):
        (inbox / name).write_bytes((corpus / name).read_bytes())
    db = tmp_path / "r.db"
    run = cli.invoke(
        app, ["run", str(inbox), "--registry", str(db), "--gold", str(gold_table), "--workers", "1"]
    )
    assert run.exit_code == 0, run.output
    listed = cli.invoke(
        app, ["registry", "cases", "--excluded", "--registry", str(db)], terminal_width=200
    )
    assert listed.exit_code == 0, listed.output
    assert "2 excluded patients" in listed.output
    assert "inferior vena cava" in listed.output and "F/58" in listed.output
    assert "leiomyoma" in listed.output and "F/47" in listed.output
    show = cli.invoke(app, ["registry", "show", "--registry", str(db)])
    assert "excluded patients (not GSV-LMS)" in show.output
    cases = cli.invoke(app, ["registry", "cases", "--review", "--registry", str(db)])
    assert "0 cases" in cases.output  # no case was filed for either patient


def test_run_skips_the_folders_it_is_told_to(cli, tmp_path, gold_table):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus" / "text"
    inbox = tmp_path / "inbox"
    (inbox / "frozen").mkdir(parents=True)
    (inbox / "a.txt").write_bytes((corpus / "hartmann2019.txt").read_bytes())
    (inbox / "frozen" / "b.txt").write_bytes((corpus / "lindqvist2016.txt").read_bytes())
    db = tmp_path / "r.db"
    args = ["run", str(inbox), "--registry", str(db), "--gold", str(gold_table), "--workers", "1"]
    run = cli.invoke(app, [*args, "--skip", "frozen"], terminal_width=200)
    assert run.exit_code == 0, run.output
    shown = cli.invoke(app, ["registry", "cases", "--excluded", "--registry", str(db)])
    assert "1 excluded patients" in shown.output  # b.txt under frozen/ was never read
