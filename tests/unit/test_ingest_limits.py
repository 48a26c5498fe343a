"""Input limits: a file above the size limit is refused from its size alone; a PDF whose
streams inflate past the budget (a decompression bomb) is refused before PDFium parses it."""

from __future__ import annotations

import io
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest import document_from_bytes, document_from_stream, load_document
from gsvlms_extract.ingest.limits import Limits, check_pdf_streams

MB = 1024 * 1024
CORPUS = Path(__file__).parents[2] / "corpus"
SMALL = Limits(max_input_bytes=1 * MB, max_inflated_bytes=4 * MB)


def pdf_with_stream(payload: bytes, *, image: bool = False) -> bytes:
    """A minimal one-page PDF whose content (or an image XObject) is ``payload``, deflated."""
    body = zlib.compress(payload, 9)
    kind = b"/Type /XObject /Subtype /Image /Width 1 /Height 1 " if image else b""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        b"4 0 obj << "
        + kind
        + b"/Filter /FlateDecode /Length "
        + str(len(body)).encode()
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def test_a_file_above_the_size_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "thesis.txt"
    with big.open("wb") as handle:  # sparse: 3 MB on paper, nothing on disk
        handle.truncate(3 * MB)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as info:
            load_document(big, limits=SMALL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 256 * 1024  # reading even up to the limit would allocate 1 MB
    message = str(info.value)
    assert message.startswith(f"{big}: file is 3.0 MB, above the input limit of 1.0 MB")
    assert "GSVLMS_MAX_INPUT_MB" in message and "\n" not in message


def test_the_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("GSVLMS_MAX_INPUT_MB", "2")
    assert Limits.from_env().max_input_bytes == 2 * MB
    assert Limits.from_env(5).max_input_bytes == 5 * MB  # an explicit option wins
    monkeypatch.setenv("GSVLMS_MAX_INPUT_MB", "lots")
    with pytest.raises(IngestError, match="GSVLMS_MAX_INPUT_MB='lots': not a whole number"):
        Limits.from_env()


def test_stdin_is_read_up_to_the_limit_only():
    stream = io.BytesIO(b"x" * (2 * MB))
    with pytest.raises(IngestError, match="<stdin>: file is 1.0 MB, above the input limit"):
        document_from_stream(stream, "<stdin>", limits=SMALL)
    assert stream.tell() == 1 * MB + 1
    text = io.BytesIO(b"A 37-year-old man had a mass on his left calf.\n")
    assert "left calf" in document_from_stream(text, "<stdin>", limits=SMALL).text


def test_a_decompression_bomb_is_refused_after_inflating_the_budget_only():
    bomb = pdf_with_stream(b" " * (40 * MB))  # 40 KB that inflates to 40 MB
    assert len(bomb) < 100_000
    with pytest.raises(IngestError) as info:
        document_from_bytes(bomb, "bomb.pdf", limits=SMALL)
    assert str(info.value).startswith("bomb.pdf: PDF streams inflate to more than 4.0 MB")
    assert "decompression bomb" in str(info.value)


def test_images_do_not_count_and_real_pdfs_pass():
    picture = pdf_with_stream(b"\x00" * (10 * MB), image=True)  # text extraction never decodes
    assert check_pdf_streams(picture, "picture.pdf", 4 * MB) == 0
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf"))[:5]:
        data = pdf.read_bytes()
        inflated = check_pdf_streams(data, pdf.name, Limits().max_inflated_bytes)
        assert 0 < inflated < 10 * MB
        assert load_document(pdf).text.strip()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_a_size_or_one_line_error(data):
    for blob in (data, b"%PDF-1.4\n" + data, b"stream\n" + zlib.compress(data) + data):
        try:
            assert check_pdf_streams(blob, "x.pdf", 1000) >= 0
        except IngestError as exc:
            assert str(exc).startswith("x.pdf: PDF streams inflate") and "\n" not in str(exc)
