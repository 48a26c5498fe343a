"""PDFs printed by four producers read back as their source reports.

The committed fixtures in ``corpus/pdf_producers/`` (``make pdfs-producers``: Chromium
print-to-pdf, LibreOffice, pdfTeX two-column, reportlab; 12 corpus reports each) are ingested and
compared with the source text (``scripts/producer_agreement.py``): word agreement >= 0.995 and
no run-together word per producer, and every clinical field extracted from the PDF equal to the
one extracted from the text.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from gsvlms_extract.extract import extract_document
from gsvlms_extract.ingest import BlockKind, load_document

ROOT = Path(__file__).parents[2]


def _agreement():
    path = ROOT / "scripts" / "producer_agreement.py"
    spec = importlib.util.spec_from_file_location("producer_agreement", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


pa = _agreement()
PRODUCERS = pa.producers()


@pytest.fixture(scope="module")
def sources():
    """Each source report, ingested once: {path: Document}."""
    paths = {source for producer in PRODUCERS for source, _ in pa.producer_files(producer)}
    return {path: load_document(path) for path in paths}


@pytest.fixture(scope="module")
def pdfs():
    """Every producer PDF, ingested once: {path: Document}."""
    paths = [pdf for producer in PRODUCERS for _, pdf in pa.producer_files(producer)]
    return {path: load_document(path) for path in paths}


@pytest.fixture(scope="module")
def source_cases(sources, nlp):
    return {path: pa.case_fields(extract_document(doc, nlp)) for path, doc in sources.items()}


def test_four_producers_and_the_same_reports_for_each():
    assert set(PRODUCERS) >= {"chromium", "libreoffice", "pdflatex", "reportlab"}
    stems = {p: [pdf.stem for _, pdf in pa.producer_files(p)] for p in PRODUCERS}
    assert all(len(s) >= 8 for s in stems.values())
    assert len({tuple(s) for s in stems.values()}) == 1
    for producer in PRODUCERS:
        assert all(pdf.exists() for _, pdf in pa.producer_files(producer)), producer


@pytest.mark.parametrize("producer", PRODUCERS)
def test_word_agreement_and_no_run_together_words(producer, sources, pdfs):
    total = pa.WordScore()
    for source, pdf in pa.producer_files(producer):
        document = pdfs[pdf]
        # every page mapped, every block on a page
        assert len(document.page_starts) == document.n_pages
        assert all(b.page is not None for b in document.blocks)
        total.add(pa.word_score(sources[source].text, document.text))
    assert total.run_together == []
    assert total.agreement >= 0.995, total.differences[:10]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_field_parity_text_vs_pdf(producer, source_cases, pdfs, nlp):
    total = pa.FieldScore()
    for source, pdf in pa.producer_files(producer):
        cases = pa.case_fields(extract_document(pdfs[pdf], nlp))
        score = pa.field_score(pdf.stem, source_cases[source], cases)
        total.fields += score.fields
        total.equal += score.equal
        total.misses += score.misses
    assert total.fields > 200
    assert total.misses == []


@pytest.mark.parametrize("producer", PRODUCERS)
def test_running_heads_dropped_and_review_table_kept(producer, pdfs):
    document = pdfs[pa.PRODUCER_DIR / producer / "lin2016.pdf"]
    assert "Journal of Venous Case Reports" not in document.text
    tables = [document.block_text(b) for b in document.blocks if b.kind is BlockKind.table]
    assert len(tables) == 1
    rows = tables[0].split("\n\n")
    assert rows[0].startswith("Table 1. Reported great saphenous vein leiomyosarcomas")
    assert rows[-1].split("\n") == [
        "\tPresent case",
        "\tM/76",
        "\tRight calf",
        "\t20",
        "\tWide excision",
        "\tAlive, 6 months",
    ]


def test_real_world_pdfs_from_a_package_sdist():
    scores = {d["file"]: d for d in pa.real_world_scores()}
    # Skia (Google Docs): every word of The Zen of Python, in order, none run together
    zen = scores["example.pdf"]
    assert zen["known_words"] > 100
    assert zen["known_words_found"] == zen["known_words"]
    assert zen["run_together"] == []
    # pdfTeX, 4 pages of filler text: no two dictionary words glued together
    assert scores["pdflatex-outline.pdf"]["dictionary_suspects"] == []
    assert scores["pdflatex-outline.pdf"]["words"] > 1000
    assert all(
        d["dictionary_suspects"] == []
        for d in scores.values()
        if d["check"] == "dictionary" and d["asserted"]
    )


def test_dictionary_check_finds_words_run_together():
    assert pa.dictionary_suspects("they are ratherrare and withiron heads") == [
        "ratherrare",
        "withiron",
    ]
    assert pa.dictionary_suspects("they are rather rare, leiomyosarcoma") == []


def test_word_score_counts_run_together_and_extra_words():
    score = pa.word_score("the tumour was excised. The patient", "thetumour was excised.The 3")
    assert score.run_together == ["thetumour", "excised.The"]
    assert score.matched == 1 and score.agreement == pytest.approx(1 / 6)
