"""Documents longer than the pipeline's max_length are annotated in chunks with every offset
kept: the same cases as in one piece, and every evidence span is the document's own text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.extract import extract_document
from gsvlms_extract.extract import view as view_module
from gsvlms_extract.extract.view import annotate, chunk_text
from gsvlms_extract.ingest import load_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(20, 400))
def test_chunks_cover_the_text_exactly_and_respect_the_size(text, size):
    pieces = chunk_text(text, size)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= size for p in pieces if text)


def test_chunks_end_at_paragraph_breaks_when_there_are_some():
    text = ("A sentence of the case. " * 20 + "\n\n") * 10
    pieces = chunk_text(text, 1200)
    assert len(pieces) > 1 and all(p.endswith("\n\n") for p in pieces[:-1])


@pytest.mark.parametrize(
    "report", ["seed/gsv_lms_review_2024.txt", "text/stringer1977.txt", "pdf/eris2012.pdf"]
)
def test_a_document_over_max_length_gives_the_same_cases(nlp, monkeypatch, report):
    document = load_document(CORPUS / report)
    whole = extract_document(document, nlp)
    monkeypatch.setattr(view_module, "CHUNK_CHARS", 3000)
    monkeypatch.setattr(nlp, "max_length", 4000)  # as a 600-page PDF is to the default
    assert len(document.text) > nlp.max_length
    view = annotate(document, nlp)
    assert view.doc.text == view_module.narrative_text(document)
    chunked = extract_document(document, nlp)
    assert [c.model_dump() for c in chunked] == [c.model_dump() for c in whole]
    for case in chunked:
        for ev in case.evidence.values():
            assert document.text[ev.start : ev.end] == ev.text
