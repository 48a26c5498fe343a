"""A section title that ends a page is a heading, not the first words of the next page's
paragraph. Fixture: a corpus report printed by headless Chromium from its .txt (page 1 ends
with the line "Discussion"); made with ``scripts/render_text_pdfs.py --sources corpus/text``."""

from __future__ import annotations

from pathlib import Path

from gsvlms_extract.ingest import load_document
from gsvlms_extract.ingest.document import BlockKind

PDF = Path(__file__).resolve().parents[1] / "data/ingest/chromium_text/manuscript_02.pdf"


def test_a_title_at_the_foot_of_a_page_stays_a_heading():
    document = load_document(PDF)
    assert len(document.page_starts) == 2
    headings = [document.block_text(b) for b in document.blocks if b.kind is BlockKind.heading]
    assert "Discussion" in headings
    page_two = document.page_starts[1]
    discussion = next(b for b in document.blocks if document.block_text(b) == "Discussion")
    assert discussion.end <= page_two  # on page 1, not glued to page 2's first sentence


def test_the_discussion_after_it_is_not_read_as_the_patients_story(nlp):
    from gsvlms_extract.extract.builder import extract_document

    (case,) = extract_document(load_document(PDF), nlp)
    assert case.local_recurrence is False and case.metastasis == []  # not the cited cases'
