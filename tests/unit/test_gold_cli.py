"""`gsvlms gold ...` via CliRunner: bad input is one line on stderr, never a traceback."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gsvlms_extract.cli import app

DATA = Path(__file__).parents[1] / "data" / "gold"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def runner():
    return CliRunner()


def _single_error_line(result) -> str:
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    ("fixture", "problem"),
    [
        ("no_table.txt", "no 'Table 1' caption found"),
        ("truncated_table.txt", "Table 1 is truncated"),
        ("missing_cell.txt", "row '# 2' has 13 cells, expected 14"),
        ("unreadable.txt", "binary file"),
        ("does_not_exist.txt", "cannot read file"),
        ("unknown_vocabulary.txt", "case 2 column metastasis: metastasis 'Lung/moon'"),
    ],
)
def test_build_errors(runner, tmp_path, fixture, problem):
    source = DATA / fixture
    no_verdicts = tmp_path / "none.yaml"
    no_verdicts.write_text("[]\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["gold", "build", str(source), "--out", str(tmp_path), "--corrections", str(no_verdicts)],
    )
    line = _single_error_line(result)
    assert line.startswith(f"error: {source}: ")
    assert problem in line
    assert not (tmp_path / "table1.csv").exists()


def test_build_prints_anomalies_and_corrections(runner, tmp_path):
    verdicts = tmp_path / "verdicts.yaml"
    verdicts.write_text(
        "- {case: 2, field: metastasis, value: [lung], reason: liver doubtful, source: test}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "gold",
            "build",
            str(DATA / "mini_article.txt"),
            "--out",
            str(tmp_path / "o"),
            "--corrections",
            str(verdicts),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "correction applied: case 2 metastasis = ['lung']" in result.stdout
    assert "F65" in result.stdout and "thigh contradicts the case description" in result.stdout
    rows = (tmp_path / "o" / "table1.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4 and ",lung," in rows[2]


def test_correct_then_build_honours_the_verdict(runner, tmp_path):
    verdicts = tmp_path / "corrections.yaml"
    result = runner.invoke(
        app,
        [
            "gold",
            "correct",
            "3",
            "region",
            "shank",
            "--reason",
            "the text says calf",
            "--corrections",
            str(verdicts),
        ],
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app,
        [
            "gold",
            "build",
            str(DATA / "mini_article.txt"),
            "--out",
            str(tmp_path / "o"),
            "--corrections",
            str(verdicts),
        ],
    )
    assert result.exit_code == 0, result.output
    last = (tmp_path / "o" / "table1.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last.split(",")[7] == "shank"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["3", "colour", "red"], "'colour' is not a correctable CaseRecord field"),
        (["3", "region", "elbow"], "region"),
    ],
)
def test_correct_rejects_bad_verdicts(runner, tmp_path, args, problem):
    verdicts = tmp_path / "corrections.yaml"
    result = runner.invoke(
        app, ["gold", "correct", *args, "--reason", "r", "--corrections", str(verdicts)]
    )
    line = _single_error_line(result)
    assert line.startswith(f"error: {verdicts}: case 3: ")
    assert problem in line
    assert not verdicts.exists()


def test_audit_runs_on_the_committed_gold(runner, tmp_path):
    out = tmp_path / "audit.json"
    result = runner.invoke(
        app,
        [
            "gold",
            "audit",
            "--gold",
            str(ROOT / "gold" / "table1.csv"),
            "--claims",
            str(ROOT / "gold" / "review_claims.yaml"),
            "--json",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "claims reproduce; not reproduced:" in result.stdout
    assert "followup_sd" in result.stdout.split("not reproduced:")[1]
    assert out.exists()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--gold", "missing.csv"], "missing.csv: gold table not found"),
        (["--claims", "missing.yaml"], "missing.yaml: cannot read claims"),
    ],
)
def test_audit_errors(runner, args, problem):
    defaults = [
        "--gold",
        str(ROOT / "gold" / "table1.csv"),
        "--claims",
        str(ROOT / "gold" / "review_claims.yaml"),
    ]
    result = runner.invoke(app, ["gold", "audit", *defaults, *args])
    assert problem in _single_error_line(result)


def test_unwritable_output_is_one_line(runner, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "gold",
            "build",
            str(ROOT / "corpus" / "seed" / "gsv_lms_review_2024.txt"),
            "--out",
            str(blocker / "sub"),
            "--corrections",
            str(ROOT / "gold" / "corrections.yaml"),
        ],
    )
    assert "cannot create output directory" in _single_error_line(result)
