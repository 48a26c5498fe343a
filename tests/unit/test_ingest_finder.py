"""The one document finder: suffixes from the reader map, hidden and manifest/ left out,
symbolic links out of a folder not followed (and reported), one format per report when
evaluating; extract, run and evaluate see the same files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gsvlms_extract.batch.runner import find_documents as run_finds
from gsvlms_extract.errors import GsvlmsError, ReconcileError
from gsvlms_extract.extract.run import expand_paths
from gsvlms_extract.ingest.finder import find_documents
from gsvlms_extract.ingest.loader import READERS, SUPPORTED_SUFFIXES
from gsvlms_extract.reconcile.run import find_reports

FILES = (
    "b.txt",
    "a.PDF",
    "sub/c.md",
    "sub/deep/d.txt",
    "notes.yaml",
    "d.docx",
    ".hidden.txt",
    ".git/x.txt",
    "manifest/labels.txt",
)


def _tree(root: Path, names=FILES) -> Path:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return root


def _rel(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_suffixes_come_from_the_reader_map():
    """One list, best source of an article first (JATS, text, PDF, a saved web page)."""
    assert tuple(READERS) == SUPPORTED_SUFFIXES
    assert SUPPORTED_SUFFIXES == (".nxml", ".xml", ".txt", ".md", ".pdf", ".html", ".htm")


def test_a_folder_is_walked_in_order_without_hidden_manifest_or_other_files(tmp_path):
    found = find_documents([_tree(tmp_path)])
    assert _rel(found.files, tmp_path) == ["a.PDF", "b.txt", "sub/c.md", "sub/deep/d.txt"]
    assert found.problems == []


def test_extract_run_and_evaluate_read_the_same_files(tmp_path):
    root = _tree(tmp_path)
    expected = ["a.PDF", "b.txt", "sub/c.md", "sub/deep/d.txt"]
    assert _rel(run_finds(root), root) == expected
    assert sorted(_rel([p for p, problem in expand_paths([root]) if not problem], root)) == (
        expected
    )
    assert sorted(_rel(find_reports([root]), root)) == expected


def test_a_symlink_out_of_the_folder_is_reported_and_not_followed(tmp_path):
    inbox = tmp_path / "inbox"
    _tree(inbox, ["report.txt", "inner/real.txt"])
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the registry", encoding="utf-8")
    (inbox / "passwd.txt").symlink_to(outside)
    (inbox / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (inbox / "alias.txt").symlink_to(inbox / "inner" / "real.txt")  # inside: read
    (inbox / "dangling.txt").symlink_to(inbox / "gone.txt")
    found = find_documents([inbox])
    assert _rel(found.files, inbox) == ["alias.txt", "inner/real.txt", "report.txt"]
    problems = {Path(p.path).name: p for p in found.problems}
    assert set(problems) == {"passwd.txt", "elsewhere", "dangling.txt"}
    assert all(p.kind == "symlink" for p in problems.values())
    assert "outside" in problems["passwd.txt"].reason and "not followed" in (
        problems["passwd.txt"].reason
    )
    assert problems["dangling.txt"].reason == "broken symbolic link"
    # extract reports it as a failure line; the batch runner never reads it
    reasons = dict(expand_paths([inbox]))
    assert "not followed" in reasons[str(inbox / "passwd.txt")]
    assert str(inbox / "passwd.txt") not in map(str, run_finds(inbox))


def test_a_file_named_explicitly_is_read_even_through_a_link(tmp_path):
    target = _tree(tmp_path, ["real.txt"]) / "real.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert find_documents([link]).files == [link]


def test_missing_unsupported_and_empty_are_problems_with_their_kind(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.docx").write_text("x", encoding="utf-8")
    found = find_documents([tmp_path / "nope.txt", tmp_path / "notes.docx", tmp_path / "empty"])
    assert [(Path(p.path).name, p.kind) for p in found.problems] == [
        ("nope.txt", "missing"),
        ("notes.docx", "unsupported"),
        ("empty", "empty"),
    ]
    assert found.problems[1].reason == (
        "unsupported file type '.docx' (use .nxml, .xml, .txt, .md, .pdf, .html, .htm)"
    )
    with pytest.raises(GsvlmsError, match="inbox does not exist"):
        run_finds(tmp_path / "nope")
    with pytest.raises(ReconcileError, match="no such file or directory"):
        find_reports([tmp_path / "nope"])


def test_evaluation_reads_a_text_source_not_its_rendered_pdf(tmp_path):
    root = _tree(tmp_path, ["text/a.txt", "pdf/a.pdf", "pdf/b.pdf", "text/c.md"])
    found = find_documents([root], one_per_stem=True)
    assert _rel(found.files, root) == ["pdf/b.pdf", "text/a.txt", "text/c.md"]
    assert [(_rel([s], root)[0], _rel([k], root)[0]) for s, k in found.duplicates] == [
        ("pdf/a.pdf", "text/a.txt")
    ]
    # the batch keeps both (they are different files; sha256 decides what is new)
    assert len(find_documents([root]).files) == 4


def test_a_fifo_named_like_a_report_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to hash would block the run forever
    _tree(tmp_path, ["real.txt"])
    assert _rel(find_documents([tmp_path]).files, tmp_path) == ["real.txt"]
