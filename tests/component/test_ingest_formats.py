"""A report read from PMC XML, a publisher's HTML page or a scan gives the row its text gives.

The JATS, HTML and scanned PDF are made here from the corpus text (`report_formats`). OCR needs
OCRmyPDF and Tesseract (`make test` installs them as root); without them the OCR tests are
skipped, unless ``CI`` is set, where they fail.
"""

from __future__ import annotations

import os

import pytest
from report_formats import REPO, REPORTS, html_page, jats_article, scanned_pdf

from gsvlms_extract.errors import IngestError
from gsvlms_extract.extract import extract_document
from gsvlms_extract.extract.run import extract_path
from gsvlms_extract.ingest import BlockKind, load_document
from gsvlms_extract.ingest import ocr as ocr_module
from gsvlms_extract.ingest.identifiers import source_format


def _rows(path, nlp) -> list[dict]:
    return [case.case_record().model_dump() for case in extract_path(path, nlp)]


_TEXT_ROWS: dict[str, list[dict]] = {}


def _text_rows(report: str, nlp) -> list[dict]:
    """Rows of the plain-text report (extracted once per session)."""
    if report not in _TEXT_ROWS:
        _TEXT_ROWS[report] = _rows(REPO / REPORTS[report].path, nlp)
    return _TEXT_ROWS[report]


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_jats_gives_the_same_patient_rows_as_the_text(report, nlp, tmp_path):
    meta = REPORTS[report]
    path = tmp_path / f"{report}.nxml"
    path.write_bytes(jats_article(meta))
    rows = _rows(path, nlp)
    assert rows == _text_rows(report, nlp)
    assert all(row["sex"] is not None for row in rows)  # a real extraction, not two empty rows


@pytest.mark.parametrize(
    ("report", "chrome"),
    [
        ("stringer1977", "wiley"),
        ("fu2022", "springer"),
        ("lin2016", "frontiers"),
        ("case_report_01", "wiley"),
    ],
)
def test_html_page_gives_the_same_patient_rows_as_the_text(report, chrome, nlp, tmp_path):
    meta = REPORTS[report]
    path = tmp_path / f"{report}.html"
    path.write_bytes(html_page(meta, chrome))
    assert _rows(path, nlp) == _text_rows(report, nlp)


def test_html_page_metadata_and_no_chrome(tmp_path):
    path = tmp_path / "fu2022.html"
    path.write_bytes(html_page(REPORTS["fu2022"], "springer"))
    document = load_document(path)
    assert document.media_type == "text/html" and source_format(document) == "html"
    assert (document.doi, document.pmid) == ("10.1002/jcu.23190", "35188294")
    assert (document.journal, document.year) == ("Journal of Clinical Ultrasound", 2022)
    assert document.authors[0] == "Yu Fu"
    assert document.licence == "https://creativecommons.org/licenses/by/4.0/"
    for chrome in (
        "cookies",
        "Download PDF",
        "Springer Nature",
        "Associated content",
        "Aufrecht E",
    ):
        assert chrome not in document.text
    headings = [document.block_text(b) for b in document.blocks if b.kind is BlockKind.heading]
    assert headings[:3] == ["Case Report", REPORTS["fu2022"].title, "Abstract"]


def test_jats_document_carries_the_article_metadata(tmp_path):
    path = tmp_path / "fu2022.nxml"
    path.write_bytes(jats_article(REPORTS["fu2022"]))
    document = load_document(path)
    assert (document.pmid, document.pmcid, document.doi) == (
        "35188294",
        "PMC9001234",
        "10.1002/jcu.23190",
    )
    assert document.authors == ("Yu Fu", "Lei Wang", "Jing Chen", "Ming-Hua Yao")
    assert "Aufrecht E" not in document.text  # the reference list is dropped
    assert "conflict of interest" not in document.text  # so are footnotes


def _need_ocr() -> None:
    missing = ocr_module.ocr_missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"OCR unavailable on CI: {missing}")
        pytest.skip(f"OCR unavailable: {missing}")


@pytest.mark.parametrize("report", ["stringer1977"])  # two patients over two pages
def test_scanned_pdf_gives_the_same_patient_rows_as_the_text(report, nlp, tmp_path):
    _need_ocr()
    meta = REPORTS[report]
    path = tmp_path / f"{report}.pdf"
    path.write_bytes(scanned_pdf((REPO / meta.path).read_text(encoding="utf-8")))
    document = load_document(path)  # OCR once (a few seconds a page)
    cases = extract_document(document, nlp)
    assert [c.case_record().model_dump() for c in cases] == _text_rows(report, nlp)
    assert document.ocr and source_format(document) == "ocr"
    assert document.n_pages == 2 and document.page_at(len(document.text) - 1) == 2
    # the evidence of every value says it was read from OCR text
    evidence = [ev for case in cases for ev in case.evidence.values()]
    assert evidence and all("ocr" in ev.modifiers for ev in evidence)


def test_scanned_pdf_without_ocr_says_how_to_enable_it(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr_module, "ocr_missing", lambda: "Python package ocrmypdf not installed")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf("Case report\n\nA 50-year-old woman had a thigh mass.\n"))
    with pytest.raises(IngestError) as info:
        load_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: no text layer (scanned?)")
    assert "pip install 'gsvlms-extract[ocr]'" in message and "tesseract-ocr" in message
    assert "\n" not in message
