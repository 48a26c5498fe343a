"""Whatever bytes arrive, ingest either returns a Document or raises IngestError: nothing else."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest import Document
from gsvlms_extract.ingest.loader import document_from_bytes

DATA = Path(__file__).parents[1] / "data" / "ingest"
PDF = (DATA / "table.pdf").read_bytes()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(data: bytes, name: str) -> Document | None:
    try:
        document = document_from_bytes(data, name)
    except IngestError as exc:
        message = str(exc)
        assert message.startswith(f"{name}: ")
        assert "\n" not in message
        return None
    assert isinstance(document, Document)
    # the documented layout holds whatever came in: ordered blocks, one blank line between them,
    # covering the whole text; every offset of a paged document has a page
    for block in document.blocks:
        assert 0 <= block.start < block.end <= len(document.text)
    assert document.text == "\n\n".join(document.block_text(b) for b in document.blocks)
    if document.n_pages:
        assert len(document.page_starts) == document.n_pages
        assert list(document.page_starts) == sorted(document.page_starts)
        assert 1 <= document.page_at(len(document.text) - 1) <= document.n_pages
    return document


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_text(data: bytes) -> None:
    _load(data, "random.txt")


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_in_utf8_and_utf16(text: str) -> None:
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        document = _load(data, "random.txt")
        if document is not None:
            assert document.text.strip()


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_pdf(data: bytes) -> None:
    _load(b"%PDF-1.4\n" + data, "random.pdf")


@SETTINGS
@given(st.integers(min_value=0, max_value=len(PDF)))
def test_truncated_pdf(cut: int) -> None:
    _load(PDF[:cut], "cut.pdf")


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)), min_size=1, max_size=20)
)
def test_byte_flipped_pdf(flips: list[tuple[int, int]]) -> None:
    data = bytearray(PDF)
    for position, value in flips:
        data[position] = value
    _load(bytes(data), "flipped.pdf")


def test_unreadable_text_layer_share():
    from gsvlms_extract.ingest.pdf import unreadable_share

    assert unreadable_share("Leiomyosarcoma of the vein.") == 0.0
    assert unreadable_share("\ue001\ue002\ue003 ab") == 0.6  # private-use glyph codes
    assert unreadable_share("\ufffd\ufffd text") == 2 / 6
    assert unreadable_share("   ") == 0.0
