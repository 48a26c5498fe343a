"""The Python API: the example in docs/api.md runs as written, and the API's contracts."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import gsvlms_extract
from gsvlms_extract import Registry, extract, to_frame
from gsvlms_extract.errors import IngestError, RegistryError

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "api.md"


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.DOTALL)


def test_the_documented_example_runs_and_gives_integer_ages(tmp_path, monkeypatch, capsys):
    (tmp_path / "corpus").symlink_to(REPO / "corpus", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GSVLMS_GOLD_DIR", raising=False)
    blocks = _python_blocks(DOC.read_text(encoding="utf-8"))
    assert blocks, "docs/api.md lost its example"
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
    assert str(namespace["frame"]["age_years"].dtype) == "Int64"
    assert str(namespace["cases_table"]["age_years"].dtype) == "Int64"
    assert "39" in capsys.readouterr().out
    assert (tmp_path / "notebook_registry.db").exists()


def test_extract_is_the_function_and_the_stage_package_still_imports():
    assert callable(gsvlms_extract.extract) and gsvlms_extract.extract is extract
    import gsvlms_extract.extract.builder as builder  # the stage package of the same name

    assert builder.__name__ == "gsvlms_extract.extract.builder"
    assert gsvlms_extract.extract is extract  # not rebound to the subpackage
    assert (
        gsvlms_extract.extract.extract_paths is sys.modules["gsvlms_extract.extract"].extract_paths
    )


def test_to_frame_types_and_lists(nlp):
    frame = to_frame(extract(REPO / "corpus/text/stringer1977.txt"))
    assert str(frame["year"].dtype) == "Int64" and str(frame["size_mm"].dtype) == "Float64"
    assert str(frame["is_gsv_lms"].dtype) == "boolean" and str(frame["sex"].dtype) == "string"
    assert all(isinstance(m, list) for m in frame["metastasis"])
    empty = to_frame([])
    assert len(empty) == 0 and str(empty["age_years"].dtype) == "Int64"


def test_unreadable_input_raises_one_line_or_warns(tmp_path):
    (tmp_path / "good.txt").write_bytes((REPO / "corpus/text/smout1960.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(IngestError, match=r"empty\.txt: file is empty"):
        extract(tmp_path)
    with pytest.warns(UserWarning, match="empty.txt"):
        cases = extract(tmp_path, on_error="warn")
    assert len(cases) >= 1
    with pytest.raises(IngestError, match="missing.pdf: no such file"):
        extract("missing.pdf")  # looks like a file name: never read as a report's text


def test_a_registry_that_does_not_exist_is_not_created(tmp_path):
    with pytest.raises(RegistryError, match="no registry here"):
        Registry(tmp_path / "typo.db").cases()
    assert not (tmp_path / "typo.db").exists()
