"""Regenerate the small ingest fixtures in this folder (run by hand; outputs are committed).

One fixture per feature or failure, each as small as it can be:

- two_column.pdf: columns drawn interleaved line by line, so content order is no help;
- header_footer.pdf: 3 pages with a running header and page numbers;
- hyphenation.pdf: line-end hyphens of every kind;
- superscripts.pdf: raised reference numbers and exponents;
- page_break.pdf: a hyphenated paragraph across a page break;
- table.pdf: ruled table and figure caption between paragraphs;
- grid_table.pdf: an unruled table whose cells line up in columns;
- marginalia.pdf: a rotated "Downloaded from ..." strip beside the text;
- encrypted.pdf (user password), scanned.pdf (image only), mixed_scan.pdf (an image-only page
  between text pages), truncated.pdf (half of two_column.pdf), empty.pdf;
- text files in several encodings, a whitespace-only and a binary one.

Usage: ``python tests/data/ingest/make_fixtures.py``
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).parent
W, H = A4


def canvas(name: str, **kwargs) -> Canvas:
    c = Canvas(str(HERE / name), pagesize=A4, invariant=1, **kwargs)
    c.setTitle(name.removesuffix(".pdf").replace("_", " "))
    c.setAuthor("Fixture Author")
    return c


def two_column() -> None:
    c = canvas("two_column.pdf")
    c.setFont("Times-Bold", 14)
    c.drawString(50, 780, "A two-column page with a full-width title")
    c.setFont("Times-Roman", 10)
    y = 750
    for i in range(1, 13):  # interleaved: left line i, then right line i
        c.drawString(50, y, f"Left column line {i} of the first column.")
        c.drawString(310, y, f"Right column line {i} of the second column.")
        y -= 12
    c.showPage()
    c.save()


def header_footer() -> None:
    c = canvas("header_footer.pdf")
    for page in range(1, 4):
        c.setFont("Times-Roman", 8)
        c.drawString(50, 810, "Journal of Fixture Medicine 2024; 12: 100-103")
        c.drawRightString(545, 810, "Case Report")
        c.drawCentredString(W / 2, 30, str(page))
        c.setFont("Times-Roman", 10)
        y = 760
        for i in range(1, 6):
            c.drawString(50, y, f"Page {page} body sentence {i} stands in the text block.")
            y -= 12
        c.showPage()
    c.save()


HYPHEN_LINES = [
    "The tumour was a leiomyo-",
    "sarcoma of the vein in a 37-year-",
    "old man. The GSV-",
    "LMS showed smooth-",
    "muscle cells of intermediate-",
    "and high-grade type on ultra-",
    "sound and a T1-",
    "weighted scan; leiomyosarcoma is rare.",
]


def hyphenation() -> None:
    c = canvas("hyphenation.pdf")
    c.setFont("Times-Roman", 10)
    y = 760
    for line in HYPHEN_LINES:
        c.drawString(50, y, line)
        y -= 12
    c.showPage()
    c.save()


def table() -> None:
    c = canvas("table.pdf")
    c.setFont("Times-Roman", 10)
    c.drawString(50, 780, "Immunohistochemistry was performed on the resected specimen.")
    c.setFont("Times-Italic", 9)
    c.drawString(50, 750, "Table 1 | Immunohistochemical profile of the tumour.")
    rows = [
        ("Marker", "Result"),
        ("SMA", "Positive"),
        ("Desmin", "Focally positive"),
        ("CK", "Negative"),
    ]
    top = 745
    c.setFont("Times-Roman", 9)
    for marker, result in rows:
        c.line(50, top, 300, top)
        c.drawString(54, top - 11, marker)
        c.drawString(154, top - 11, result)
        for x in (50, 150, 300):
            c.line(x, top, x, top - 15)
        top -= 15
    c.line(50, top, 300, top)
    c.setFillGray(0.8)
    c.rect(50, top - 110, 200, 90, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Times-Italic", 8)
    c.drawString(50, top - 122, "Figure 1 | Gross specimen of the resected vein segment.")
    c.setFont("Times-Roman", 10)
    c.drawString(50, top - 150, "The margins were free of tumour.")
    c.showPage()
    c.save()


def _raised(text_object, text: str) -> None:
    text_object.setFont("Times-Roman", 6)
    text_object.setRise(4)
    text_object.textOut(text)
    text_object.setRise(0)
    text_object.setFont("Times-Roman", 10)


def superscripts() -> None:
    """Reference numbers and exponents set small and raised, as journals print them."""
    c = canvas("superscripts.pdf")
    t = c.beginText(50, 780)
    t.setFont("Times-Roman", 10)
    t.textOut("Leiomyosarcoma")
    _raised(t, "12")
    t.textOut(" is rare and the area was 12 cm")
    _raised(t, "2")
    t.textOut(" in total,")
    c.drawText(t)
    t = c.beginText(50, 766)
    t.setFont("Times-Roman", 10)
    t.textOut("as reported before.")
    _raised(t, "3,4")
    t.textOut(" Platelets 250 \u00d7 10")
    _raised(t, "9")
    t.textOut("/L.")
    c.drawText(t)
    c.showPage()
    c.save()


def page_break() -> None:
    """A paragraph that runs from the foot of page 1 onto page 2, hyphenated at the break."""
    c = canvas("page_break.pdf")
    c.setFont("Times-Bold", 10)
    c.drawString(50, 760, "Case report")
    c.setFont("Times-Roman", 10)
    c.drawString(50, 740, "A 61-year-old woman had a firm mass. Biopsy showed a leiomyo-")
    c.drawCentredString(W / 2, 30, "1")
    c.showPage()
    c.setFont("Times-Roman", 10)
    c.drawString(50, 780, "sarcoma of the great saphenous vein. She is well.")
    c.drawCentredString(W / 2, 30, "2")
    c.showPage()
    c.save()


def marginalia() -> None:
    """A body column and a rotated "Downloaded from" strip in the left margin."""
    c = canvas("marginalia.pdf")
    c.setFont("Times-Roman", 10)
    for i in range(10):
        c.drawString(60, 760 - 12 * i, f"Body line {i} of the only column on this page.")
    c.saveState()
    c.translate(30, 200)
    c.rotate(90)
    c.setFont("Times-Roman", 7)
    c.drawString(0, 0, "Downloaded from journal.example.org on 1 May 2024. Personal use only.")
    c.restoreState()
    c.showPage()
    c.save()


def grid_table() -> None:
    """An unruled table: cells aligned in columns, no rules at all."""
    c = canvas("grid_table.pdf")
    c.setFont("Times-Roman", 10)
    c.drawString(50, 780, "Laboratory tests on admission were unremarkable.")
    c.setFont("Times-Italic", 9)
    c.drawString(50, 755, "Table 2 | Laboratory values on admission.")
    rows = [
        ("Test", "Value", "Reference range"),
        ("Haemoglobin", "12.1 g/dL", "12-16 g/dL"),
        ("Platelets", "250 G/L", "150-400 G/L"),
        ("C-reactive protein", "4 mg/L", "below 5 mg/L"),
    ]
    y = 740
    c.setFont("Times-Roman", 9)
    for row in rows:
        for x, cell in zip((50, 200, 330), row, strict=True):
            c.drawString(x, y, cell)
        y -= 12
    c.setFont("Times-Roman", 10)
    c.drawString(50, y - 14, "The patient was then referred for surgery.")
    c.showPage()
    c.save()


def encrypted() -> None:
    c = canvas("encrypted.pdf", encrypt="fixture-password")
    c.setFont("Times-Roman", 10)
    c.drawString(50, 780, "Secret text.")
    c.showPage()
    c.save()


def _image() -> ImageReader:
    image = Image.new("L", (200, 100), color=200)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def scanned() -> None:
    c = canvas("scanned.pdf")
    c.drawImage(_image(), 50, 600, width=400, height=200)
    c.showPage()
    c.save()


def mixed_scan() -> None:
    """Text on pages 1 and 3, a scanned (image-only) page 2 between them."""
    c = canvas("mixed_scan.pdf")
    for page in (1, 2, 3):
        if page == 2:
            c.drawImage(_image(), 50, 600, width=400, height=200)
        else:
            c.setFont("Times-Roman", 10)
            c.drawString(50, 760, f"Text of page {page}.")
        c.showPage()
    c.save()


def text_files() -> None:
    sample = "Café report\n\nA 37-year-old man from Hôpital Sud had a 5 cm mass.\n"
    (HERE / "utf8_bom.txt").write_bytes(b"\xef\xbb\xbf" + sample.encode("utf-8"))
    (HERE / "utf16.txt").write_bytes(sample.encode("utf-16"))
    (HERE / "cp1252.txt").write_bytes(sample.replace("Café", "Café “quoted”").encode("cp1252"))
    (HERE / "latin1.txt").write_bytes(sample.encode("latin-1"))
    (HERE / "whitespace.txt").write_bytes(b"  \n\t\n  \n")
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 4)


def main() -> None:
    rl_config.invariant = 1
    two_column()
    header_footer()
    hyphenation()
    table()
    superscripts()
    page_break()
    marginalia()
    grid_table()
    encrypted()
    scanned()
    mixed_scan()
    data = (HERE / "two_column.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (HERE / "empty.pdf").write_bytes(b"")
    text_files()


if __name__ == "__main__":
    main()
