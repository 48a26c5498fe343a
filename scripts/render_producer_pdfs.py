"""Render corpus reports through the PDF producers users meet (``make pdfs-producers``).

Which reports, in which layout: ``corpus/pdf_producers/sources.yaml``. Each report is read through
the package's own ingest (so its headings, captions and tables are the blocks the text reader
sees) and typeset by four independent producers:

- ``chromium``: an HTML page (CSS columns, justified text, soft hyphens from pyphen's en_US
  patterns as a web page would carry them, ``@page`` margin boxes for the running head and page
  number) printed by headless Chromium (Skia) with ``--print-to-pdf``;
- ``libreoffice``: a flat ODT (``.fodt``: sections with two columns, LibreOffice's own automatic
  hyphenation, a header and a page-number footer, bordered tables) converted by
  ``libreoffice --headless --convert-to pdf``;
- ``pdflatex``: ``\\documentclass[twocolumn]{article}`` (or one column) in Latin Modern, TeX's own
  hyphenation and justification, fancyhdr running heads, a booktabs or ruled longtable;
- ``reportlab``: the corpus typesetter of ``scripts/render_corpus_pdfs.py``, without the
  placeholder figure and section table it adds there (so every producer sets the same text).

Nothing is added to a report but its running head ("<journal>", "Case Report") and page
numbers, which ingest must drop. ``corpus/pdf_producers/index.yaml`` records which source each
PDF came from and the tool versions. Chromium's and LibreOffice's output carries creation dates,
so re-running changes bytes, not text.

Usage: ``python scripts/render_producer_pdfs.py [--only PRODUCER ...] [--out DIR]``.
Needs Debian's ``chromium``, ``libreoffice-writer-nogui`` + ``hyphen-en-us``,
``texlive-latex-base``, ``texlive-latex-recommended``, ``lmodern``, ``fonts-liberation2``,
``fonts-dejavu-core``.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import yaml

from gsvlms_extract.ingest import BlockKind, load_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PRODUCERS = ("chromium", "libreoffice", "pdflatex", "reportlab")
TIMEOUT = 180


@dataclass(frozen=True)
class Part:
    """One block of a report as the typesetters see it."""

    kind: str  # title | front | heading | body | caption | table
    text: str
    rows: tuple[tuple[str, ...], ...] = ()


def report_parts(source: Path) -> list[Part]:
    """The report's blocks: front matter (blocks before the first body paragraph) first."""
    document = load_document(source)
    first_body = next(i for i, b in enumerate(document.blocks) if b.kind is BlockKind.body)
    parts: list[Part] = []
    for index, block in enumerate(document.blocks):
        text = document.text[block.start : block.end]
        if block.kind is BlockKind.table:
            title, _, body = text.partition("\n")
            rows = tuple(
                tuple(line.strip() for line in chunk.split("\n") if line.strip())
                for chunk in body.split("\n\n")
            )
            parts.append(Part("table", title.strip(), tuple(r for r in rows if r)))
        elif index < first_body:
            parts.append(Part("title" if index == 0 else "front", text))
        elif block.kind is BlockKind.caption:
            parts.append(Part("caption", " ".join(text.split("\n"))))
        else:
            parts.append(Part(block.kind.value, text))
    return parts


# ---------------------------------------------------------------- Chromium (HTML + CSS)

_CSS = """
@page { size: A4; margin: 20mm 17mm 18mm 17mm;
  @top-left { content: "%(journal)s"; font: 7.5pt "Liberation Serif"; }
  @top-right { content: "Case Report"; font: 7.5pt "Liberation Serif"; }
  @bottom-center { content: counter(page); font: 8pt "Liberation Serif"; } }
body { font-family: "Liberation Serif"; font-size: 10pt; line-height: 1.28; margin: 0; }
p { margin: 0 0 0.45em 0; text-align: justify; hyphens: manual; orphans: 2; widows: 2; }
h1 { font-size: 15pt; margin: 0 0 0.4em 0; }
.front { font-size: 9pt; text-align: left; }
h2 { font-size: 10.5pt; margin: 0.8em 0 0.3em 0; break-after: avoid; }
.cols { column-count: %(columns)d; column-gap: 7mm; }
figure { margin: 0.6em 0; break-inside: avoid; }
figure div { height: 60pt; background: #d8d8d8; }
figcaption { font-size: 8.5pt; font-style: italic; text-align: left; margin-top: 0.3em; }
.table { column-span: all; margin: 0.8em 0; }
.table p { font-size: 8.5pt; font-style: italic; text-align: left; }
table { border-collapse: collapse; width: 100%%; font-size: %(cell)spt; line-height: 1.15; }
td, th { border: 0.5pt solid #000; padding: 1pt 2pt; vertical-align: top; text-align: left; }
th { font-weight: bold; }
"""


def _soft_hyphens(text: str) -> str:
    """Soft hyphens inside long lower-case words, as hyphenating web pages ship them."""
    import pyphen

    dic = pyphen.Pyphen(lang="en_US", left=3, right=3)

    def hyphenate(match: re.Match) -> str:
        return dic.inserted(match.group(0), hyphen="\u00ad")

    return re.sub(r"\b[a-z]{8,}\b", hyphenate, text)


def html_page(parts: list[Part], columns: int, journal: str, title: str) -> str:
    big_table = max((len(p.rows[0]) for p in parts if p.kind == "table"), default=0)
    css = _CSS % {"journal": journal, "columns": columns, "cell": 5.5 if big_table > 8 else 8}
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>",
    ]
    in_columns = False
    for part in parts:
        text = html.escape(part.text)
        if part.kind in ("title", "front"):
            tag = "h1" if part.kind == "title" else 'p class="front"'
            out.append(f"<{tag}>{text}</{tag.split()[0]}>")
            continue
        if not in_columns:
            out.append('<div class="cols">')
            in_columns = True
        if part.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif part.kind == "caption":
            out.append(
                f"<figure><div></div><figcaption>{_soft_hyphens(text)}</figcaption></figure>"
            )
        elif part.kind == "table":
            rows = []
            for k, row in enumerate(part.rows):
                cell = "th" if k == 0 else "td"
                rows.append("".join(f"<{cell}>{html.escape(c)}</{cell}>" for c in row))
            body = "".join(f"<tr>{r}</tr>" for r in rows)
            out.append(f'<div class="table"><p>{text}</p><table>{body}</table></div>')
        else:
            out.append(f"<p>{_soft_hyphens(text)}</p>")
    if in_columns:
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def chromium_pdf(page: str, out: Path, work: Path) -> None:
    source = work / f"{out.stem}.html"
    source.write_text(page, encoding="utf-8")
    profile = work / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={out}",
        source.as_uri(),
    ]
    _run(command)


# ---------------------------------------------------------------- LibreOffice (flat ODT)

_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>%(title)s</dc:title></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"
  style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="9.5pt" fo:language="en"
   fo:country="US" fo:hyphenate="true" fo:hyphenation-remain-char-count="3"
   fo:hyphenation-push-char-count="3"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.12cm"
   fo:line-height="118%%"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.25cm"/>
  <style:text-properties fo:font-size="15pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Front" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.1cm"/>
  <style:text-properties fo:font-size="8.5pt" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm"
   fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="10.5pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Caption" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.25cm"/>
  <style:text-properties fo:font-size="8pt" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Figure" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.2cm" fo:background-color="#d8d8d8"
   fo:line-height="1.8cm"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph">
  <style:text-properties fo:font-size="%(cell)spt" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Running" style:family="paragraph">
  <style:paragraph-properties>
   <style:tab-stops><style:tab-stop style:position="17.4cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-size="7.5pt"/>
 </style:style>
 <style:style style:name="Folio" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="8pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.1cm" fo:margin-bottom="1.1cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.5cm"
   fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.5cm"
   fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="Sect" style:family="section">
  <style:section-properties><style:columns fo:column-count="%(columns)d"
   fo:column-gap="0.6cm"/></style:section-properties>
 </style:style>
 <style:style style:name="Tbl" style:family="table">
  <style:table-properties style:width="17.4cm" table:align="margins" fo:margin-top="0.2cm"
   fo:margin-bottom="0.3cm"/>
 </style:style>
 <style:style style:name="TblCell" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.04cm"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Running">%(journal)s<text:tab/>Case Report</text:p>
  </style:header>
  <style:footer><text:p text:style-name="Folio"><text:page-number
   text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""


def fodt_document(parts: list[Part], columns: int, journal: str, title: str) -> str:
    big_table = max((len(p.rows[0]) for p in parts if p.kind == "table"), default=0)
    head = _FODT_HEAD % {
        "title": xml_escape(title),
        "journal": xml_escape(journal),
        "columns": columns,
        "cell": 5.5 if big_table > 8 else 8,
    }
    # column widths of the (one) table shape: by each column's longest word and typical text
    table = next((p for p in parts if p.kind == "table"), None)
    if table is not None:
        # Liberation Sans at 5.5 pt: ~3 pt a character; 17.4 cm = 493 pt
        widths = _column_widths(table.rows, max(len(r) for r in table.rows), 493.0, char=3.0)
        shares = [w / sum(widths) for w in widths]
        styles = "".join(
            f'<style:style style:name="Col{k + 1}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{share * 17.4:.3f}cm"'
            f' style:rel-width="{round(share * 10000)}*"/>'
            "</style:style>"
            for k, share in enumerate(shares)
        )
        head = head.replace("</office:automatic-styles>", styles + "</office:automatic-styles>")
    out = [head]
    sections = 0
    in_section = False

    def open_section() -> None:
        nonlocal sections, in_section
        if not in_section:
            sections += 1
            out.append(f'<text:section text:style-name="Sect" text:name="Body{sections}">')
            in_section = True

    def close_section() -> None:
        nonlocal in_section
        if in_section:
            out.append("</text:section>")
            in_section = False

    for part in parts:
        text = xml_escape(part.text)
        if part.kind in ("title", "front"):
            style = "Title" if part.kind == "title" else "Front"
            out.append(f'<text:p text:style-name="{style}">{text}</text:p>')
            continue
        if part.kind == "table":
            close_section()
            out.append(f'<text:p text:style-name="Caption">{text}</text:p>')
            ncols = max(len(r) for r in part.rows)
            out.append('<table:table table:name="Table" table:style-name="Tbl">')
            for k in range(ncols):
                out.append(f'<table:table-column table:style-name="Col{k + 1}"/>')
            for row in part.rows:
                cells = "".join(
                    '<table:table-cell table:style-name="TblCell" office:value-type="string">'
                    f'<text:p text:style-name="Cell">{xml_escape(c)}</text:p></table:table-cell>'
                    for c in (*row, *[""] * (ncols - len(row)))
                )
                out.append(f"<table:table-row>{cells}</table:table-row>")
            out.append("</table:table>")
            continue
        open_section()
        if part.kind == "heading":
            out.append(f'<text:p text:style-name="Heading">{text}</text:p>')
        elif part.kind == "caption":
            out.append('<text:p text:style-name="Figure"/>')
            out.append(f'<text:p text:style-name="Caption">{text}</text:p>')
        else:
            out.append(f'<text:p text:style-name="Body">{text}</text:p>')
    close_section()
    out.append("</office:text></office:body></office:document>\n")
    return "\n".join(out)


def libreoffice_pdf(document: str, out: Path, work: Path) -> None:
    source = work / f"{out.stem}.fodt"
    source.write_text(document, encoding="utf-8")
    profile = (work / "lo-profile").as_uri()
    _run(
        [
            "libreoffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
    )
    shutil.move(work / f"{out.stem}.pdf", out)


# ---------------------------------------------------------------- LaTeX (pdfTeX)

_LATEX_HEAD = r"""\documentclass[%(columns)s,10pt,a4paper]{article}
\pdfgentounicode=1
\input{glyphtounicode}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[english]{babel}
\usepackage[a4paper,margin=18mm,top=22mm,bottom=22mm,columnsep=6mm]{geometry}
\usepackage{array,longtable,booktabs,xcolor}
\usepackage{fancyhdr}
\DeclareUnicodeCharacter{2212}{\textminus}
\DeclareUnicodeCharacter{00A0}{~}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\footnotesize %(journal)s}
\fancyhead[R]{\footnotesize Case Report}
\fancyfoot[C]{\small\thepage}
\renewcommand{\headrulewidth}{0.4pt}
\setlength{\parindent}{0pt}
\setlength{\parskip}{3pt plus 1pt}
\pdfinfo{/Title (%(title)s) /Author (gsvlms-extract producer fixtures)}
\begin{document}
"""

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}


def tex_escape(text: str) -> str:
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def _column_widths(
    rows: tuple[tuple[str, ...], ...], ncols: int, total: float, char: float = 1.0
) -> list[float]:
    """Column widths adding up to ``total``: every column gets room for its longest word
    (``char`` per character, the header row counted in bold), what is left is shared by the
    columns' typical text length."""
    longest = [1.0] * ncols
    typical = [1.0] * ncols
    for k, row in enumerate(rows):
        for i, cell in enumerate(row):
            bold = 1.2 if k == 0 else 1.0
            word = max((len(w) for w in re.split(r"[\s/]", cell)), default=1) * bold
            longest[i] = max(longest[i], (word + 1) * char)
            typical[i] = max(typical[i], min(len(cell), 30))
    spare = total - sum(longest)
    if spare <= 0:
        return [w * total / sum(longest) for w in longest]
    return [lo + spare * t / sum(typical) for lo, t in zip(longest, typical, strict=True)]


_LINEWIDTH = 493.0  # points: A4 less 2 x 18 mm


def latex_table(part: Part, two_column: bool) -> str:
    ncols = max(len(r) for r in part.rows)
    small = ncols > 8
    lines = []
    if two_column:
        lines.append(r"\onecolumn")
    if small:
        lines.append(r"\begingroup\fontsize{4.4}{5.4}\selectfont\setlength{\tabcolsep}{1.5pt}")
    else:
        lines.append(r"\begingroup\small")
    if small:  # the review's Table 1: a ruled grid, cells wrapped in p columns
        # 4.4 pt type: ~2.3 pt a character; 3.4 pt of padding and rule per column
        widths = _column_widths(part.rows, ncols, _LINEWIDTH - 3.4 * ncols, char=2.3)
        spec = "|" + "|".join(f">{{\\raggedright\\arraybackslash}}p{{{w:.1f}pt}}" for w in widths)
        spec += "|"
        rule, top, bottom = r"\hline", r"\hline", r"\hline"
    else:  # booktabs: horizontal rules only
        spec = "l" * ncols
        rule, top, bottom = r"\midrule", r"\toprule", r"\bottomrule"
    lines.append(f"\\begin{{longtable}}{{{spec}}}")
    title = tex_escape(part.text)
    lines.append(f"\\multicolumn{{{ncols}}}{{@{{}}l}}{{\\small\\itshape {title}}}\\\\")
    lines.append(top)
    for k, row in enumerate(part.rows):
        # a line may break after a slash ("Lung/" / "liver"), as in the other producers
        cells = [
            tex_escape(c).replace("/", "/\\allowbreak{}")
            for c in (*row, *[""] * (ncols - len(row)))
        ]
        if k == 0 and not small:  # the big table's header stays upright, to fit
            cells = [f"\\textbf{{{c}}}" if c else c for c in cells]
        lines.append(" & ".join(cells) + r" \\")
        lines.append(rule if (small or k == 0) and k < len(part.rows) - 1 else "")
    lines.append(bottom)
    lines.append(r"\end{longtable}")
    lines.append(r"\endgroup")
    if two_column:
        lines.append(r"\twocolumn")
    return "\n".join(line for line in lines if line)


def latex_document(parts: list[Part], columns: int, journal: str, title: str) -> str:
    two = columns == 2
    out = [
        _LATEX_HEAD
        % {
            "columns": "twocolumn" if two else "onecolumn",
            "journal": tex_escape(journal),
            "title": tex_escape(title),
        }
    ]
    front = [p for p in parts if p.kind in ("title", "front")]
    if front:
        block = []
        for part in front:
            if part.kind == "title":
                block.append(f"{{\\LARGE\\bfseries\\raggedright {tex_escape(part.text)}\\par}}")
                block.append(r"\vspace{6pt}")
            else:
                block.append(f"{{\\small\\raggedright {tex_escape(part.text)}\\par}}")
                block.append(r"\vspace{2pt}")
        block.append(r"\vspace{10pt}")
        body = "\n".join(block)
        out.append(f"\\twocolumn[{{{body}}}]" if two else body)
    for part in parts:
        text = tex_escape(part.text)
        if part.kind in ("title", "front"):
            continue
        if part.kind == "heading":
            out.append(f"\\subsection*{{{text}}}")
        elif part.kind == "caption":
            out.append(
                "\\par\\medskip{\\color{lightgray}\\rule{\\linewidth}{50pt}}\\par\\smallskip"
            )
            out.append(f"{{\\footnotesize\\itshape {text}\\par}}")
        elif part.kind == "table":
            out.append(latex_table(part, two))
        else:
            out.append(text + "\n")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def latex_pdf(document: str, out: Path, work: Path) -> None:
    source = work / f"{out.stem}.tex"
    source.write_text(document, encoding="utf-8")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name]
    for _ in range(2):  # longtable settles its column widths on the second pass
        _run(command, cwd=work)
    shutil.move(work / f"{out.stem}.pdf", out)


# ---------------------------------------------------------------- reportlab


def reportlab_pdf(parts: list[Part], columns: int, journal: str, title: str, out: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "render_corpus_pdfs", ROOT / "scripts" / "render_corpus_pdfs.py"
    )
    rc = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = rc  # dataclasses look their module up
    spec.loader.exec_module(rc)
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.invariant = 1
    rc.register_fonts()
    canvas = Canvas(str(out), pagesize=rc.A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("gsvlms-extract producer fixtures")
    setter = rc.Typesetter(canvas, columns=columns, journal=journal)
    setter.new_page()
    for part in parts:
        if part.kind in ("title", "front"):
            setter.full_width(part.text, rc.TITLE if part.kind == "title" else rc.HEADING)
        elif part.kind == "heading":
            setter.gap(6)
            setter.advance(rc.HEADING.leading * 3)
            setter.paragraph(part.text, rc.HEADING, before=0)
        elif part.kind == "caption":
            setter.figure(part.text)
        elif part.kind == "table":
            setter.table(part.text, list(part.rows))
        else:
            setter.paragraph(part.text, rc.BODY)
    canvas.showPage()
    canvas.save()


# ---------------------------------------------------------------- driver


def _run(command: list[str], cwd: Path | None = None) -> None:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise RuntimeError(f"{command[0]} failed ({done.returncode}):\n" + "\n".join(tail))


def tool_version(producer: str) -> str:
    if producer == "reportlab":
        import reportlab

        return f"reportlab {reportlab.Version}"
    command = {
        "chromium": ["chromium", "--version"],
        "libreoffice": ["libreoffice", "--version"],
        "pdflatex": ["pdflatex", "--version"],
    }[producer]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return (done.stdout.strip().splitlines() or ["unknown"])[0]


def render(producer: str, entry: dict, journal: str, out: Path, work: Path) -> None:
    source = CORPUS / entry["source"]
    parts = report_parts(source)
    columns = 2 if entry["layout"] == "two_column" else 1
    title = source.stem
    if producer == "chromium":
        chromium_pdf(html_page(parts, columns, journal, title), out, work)
    elif producer == "libreoffice":
        libreoffice_pdf(fodt_document(parts, columns, journal, title), out, work)
    elif producer == "pdflatex":
        latex_pdf(latex_document(parts, columns, journal, title), out, work)
    else:
        reportlab_pdf(parts, columns, journal, title, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=CORPUS / "pdf_producers" / "sources.yaml")
    parser.add_argument("--out", type=Path, default=CORPUS / "pdf_producers")
    parser.add_argument("--only", nargs="*", choices=PRODUCERS, default=None)
    parser.add_argument("--stem", nargs="*", default=None, help="render only these reports")
    args = parser.parse_args(argv)
    config = yaml.safe_load(args.sources.read_text(encoding="utf-8"))
    producers = args.only or config["producers"]
    index_path = args.out / "index.yaml"
    index = yaml.safe_load(index_path.read_text(encoding="utf-8")) if index_path.exists() else {}
    index = index or {}
    index.setdefault("producers", {})
    index["documents"] = [
        {"stem": Path(e["source"]).stem, "source": e["source"], "layout": e["layout"]}
        for e in config["documents"]
    ]
    for producer in producers:
        folder = args.out / producer
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f"render-{producer}-") as tmp:
            for entry in config["documents"]:
                stem = Path(entry["source"]).stem
                if args.stem and stem not in args.stem:
                    continue
                out = folder / f"{stem}.pdf"
                try:
                    render(producer, entry, config["journal"], out, Path(tmp))
                except (RuntimeError, subprocess.TimeoutExpired, FileNotFoundError) as exc:
                    print(f"error: {producer} {entry['source']}: {exc}", file=sys.stderr)
                    return 1
                print(f"{out.relative_to(args.out)}  ({entry['layout']})")
        index["producers"][producer] = {"tool": tool_version(producer)}
    index["producers"] = {p: index["producers"][p] for p in PRODUCERS if p in index["producers"]}
    index_path.write_text(
        "# Written by scripts/render_producer_pdfs.py: the producer of every PDF in the\n"
        "# folders beside this file, and the corpus source (relative to corpus/) it came from.\n"
        + yaml.safe_dump(index, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
