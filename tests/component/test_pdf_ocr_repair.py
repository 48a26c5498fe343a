"""An OCR-damaged text layer in a PDF: words repaired before blocks exist, pages still right."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from gsvlms_extract.ingest import BlockKind, document_from_bytes

W, H = A4


def _pdf(pages: list[list[tuple[str, str, int]]]) -> bytes:
    """Pages of (text, font, size) lines; a change of font starts a new paragraph."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    for lines in pages:
        y = H - 80
        for line, font, size in lines:
            canvas.setFont(font, size)
            canvas.drawString(72, y, line)
            y -= 16
        canvas.showPage()
    canvas.save()
    return out.getvalue()


BODY, BOLD, SMALL = ("Helvetica", 11), ("Helvetica-Bold", 13), ("Helvetica", 8)


def test_repaired_words_keep_their_page():
    data = _pdf(
        [
            [
                ("Case report", *BOLD),
                ("A w oman aged 54 was admitted w ith a painful lump.", *BODY),
            ],
            [
                ("Cite this article", *SMALL),
                ("The turnour lay in theleft greatsaphenous vein. It was", *BODY),
                ("removed w ithout difficulty.", *BODY),
            ],
        ]
    )
    document = document_from_bytes(data, "ocr.pdf")
    text = document.text
    assert "A woman aged 54 was admitted with a painful lump." in text
    at = text.index("The tumour lay in the left great saphenous vein.")
    assert document.page_at(at) == 2
    assert document.page_at(text.index("A woman")) == 1
    assert document.page_at(text.index("without difficulty")) == 2
    kinds = {document.block_text(b): b.kind for b in document.blocks}
    assert kinds["Cite this article"] == BlockKind.boilerplate
    assert "Cite this article" not in " ".join(
        document.block_text(b) for b in document.narrative_blocks()
    )
    for block in document.blocks:  # every block still indexes the final text
        assert document.page_at(block.start) == block.page
