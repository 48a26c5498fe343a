"""find_reports: folders searched recursively, one format per report, manifest skipped."""

import pytest

from gsvlms_extract.errors import ReconcileError
from gsvlms_extract.reconcile.run import find_reports


def test_text_source_wins_over_its_rendered_pdf(tmp_path):
    for name in [
        "text/a.txt",
        "pdf/a.pdf",
        "pdf/b.pdf",
        "text/c.md",
        "manifest/x.txt",
        "text/.hidden.txt",
        "text/notes.yaml",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_reports([tmp_path])]
    assert found == ["pdf/b.pdf", "text/a.txt", "text/c.md"]


def test_files_named_explicitly_are_always_read(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.pdf").write_text("x", encoding="utf-8")
    assert find_reports([tmp_path / "a.pdf", tmp_path / "a.txt"]) == [
        tmp_path / "a.pdf",
        tmp_path / "a.txt",
    ]


def test_nothing_to_read_is_an_error(tmp_path):
    with pytest.raises(ReconcileError, match="no reports to evaluate"):
        find_reports([tmp_path])
    with pytest.raises(ReconcileError, match="no such file or directory"):
        find_reports([tmp_path / "missing"])
