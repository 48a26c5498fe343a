"""Each corpus PDF gives the same rows as its text version (and cites pages)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gsvlms_extract.extract import extract_path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LAYOUTS = CORPUS / "pdf_layouts.yaml"
ENTRIES = (
    yaml.safe_load(LAYOUTS.read_text(encoding="utf-8"))["documents"] if LAYOUTS.is_file() else []
)


def _pdf(entry: dict) -> Path:
    return CORPUS / "pdf" / f"{Path(entry['source']).stem}.pdf"


@pytest.mark.parametrize("entry", ENTRIES, ids=[Path(e["source"]).stem for e in ENTRIES])
def test_pdf_rows_equal_text_rows(nlp, entry):
    if not _pdf(entry).is_file():
        pytest.skip(f"{_pdf(entry).name} not rendered")
    from_text = extract_path(CORPUS / entry["source"], nlp)
    from_pdf = extract_path(_pdf(entry), nlp)
    assert [c.case_record() for c in from_pdf] == [c.case_record() for c in from_text]
    assert [c.is_gsv_lms for c in from_pdf] == [c.is_gsv_lms for c in from_text]
    for case in from_pdf:
        for name, ev in case.evidence.items():
            assert ev.page is not None and ev.page >= 1, name
