"""A PDF typeset by another engine (reportlab platypus: justified text in two frames, its own
line breaking, running header and page numbers) reads back as the text it was made from.

Guards against fitting the reader to our own corpus renderer.
"""

from pathlib import Path

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from gsvlms_extract.ingest import BlockKind, Document, load_document

SEED = Path(__file__).parents[2] / "corpus" / "seed" / "gsv_lms_review_2024.txt"
W, H = A4


def _narrative(document: Document) -> list[str]:
    return [" ".join(document.block_text(b).split()) for b in document.narrative_blocks()]


def _platypus_pdf(source: Document, path: Path) -> None:
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone(
        "justified", alignment=TA_JUSTIFY, fontName="Times-Roman", fontSize=9.5, leading=11.5
    )
    heading = styles["Heading4"]
    width = (W - 100 - 15) / 2
    frames = [
        Frame(50, 60, width, H - 130, id="left"),
        Frame(50 + width + 15, 60, width, H - 130, id="right"),
    ]

    def running(canvas, doc):
        canvas.setFont("Times-Roman", 7)
        canvas.drawString(50, H - 40, "Platypus Journal of Vascular Surgery")
        canvas.drawCentredString(W / 2, 30, str(doc.page))

    doc = BaseDocTemplate(str(path), pagesize=A4, invariant=1)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=running)])
    story = []
    for block in source.narrative_blocks():
        text = source.block_text(block).replace("&", "&amp;").replace("<", "&lt;")
        story.append(Paragraph(text, heading if block.kind is BlockKind.heading else body))
    doc.build(story)


def test_justified_two_frame_pdf_reads_back_as_its_text(tmp_path):
    source = load_document(SEED)
    path = tmp_path / "platypus.pdf"
    _platypus_pdf(source, path)
    document = load_document(path)
    assert document.n_pages >= 3
    assert _narrative(document) == _narrative(source)
    assert "Platypus Journal" not in document.text
    # block kinds survive too: the headings are headings again
    assert [document.block_text(b) for b in document.blocks if b.kind is BlockKind.heading] == [
        source.block_text(b) for b in source.blocks if b.kind is BlockKind.heading
    ]
