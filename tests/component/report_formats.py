# ruff: noqa: E501  (markup templates read better unwrapped)
"""Make a corpus report in the formats users download: PMC JATS XML, a publisher's HTML page and
a scanned PDF (page images only).

Each builder starts from the plain-text report as the text reader sees it (its blocks: headings,
paragraphs, tables, captions), so a test can check that every format gives the same patient
row as the text. The JATS follows the PMC tag set (front/article-meta with article-ids,
contrib-group, pub-date, permissions; body sections; back with a reference list). The HTML page
carries what a page saved from a publisher's site carries: Highwire ``citation_*`` meta tags,
scripts, a cookie banner, navigation, share buttons, the article, a reference list, related
articles and a footer. ``scripts/compare_html_extractors.py`` uses the pages too.
"""

from __future__ import annotations

import html
import io
import random
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from gsvlms_extract.ingest import BlockKind, load_document

REPO = Path(__file__).resolve().parents[2]

__all__ = [
    "REPORTS",
    "ReportMeta",
    "CHROMES",
    "html_page",
    "jats_article",
    "scanned_pdf",
    "report_parts",
]


@dataclass(frozen=True)
class ReportMeta:
    """Bibliographic facts of a corpus report, and where its abstract and body begin."""

    path: str
    title: str
    authors: tuple[tuple[str, str], ...] = ()  # (given names, surname)
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    fpage: str = ""
    lpage: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    abstract_at: str | None = None  # heading that opens the abstract
    body_at: str = ""  # start of the first body block (heading or paragraph)
    references: tuple[str, ...] = field(default=())


REPORTS: dict[str, ReportMeta] = {
    "stringer1977": ReportMeta(
        path="corpus/text/stringer1977.txt",
        title="Leiomyosarcoma of the Greater Saphenous Vein: Report of Two Cases",
        authors=(("Bruce D.", "Stringer"), ("Robert A.", "Miller")),
        journal="The American Journal of Surgery",
        year=1977,
        volume="134",
        issue="1",
        fpage="90",
        lpage="94",
        doi="10.1016/0002-9610(77)90290-8",
        pmid="879412",
        abstract_at="Summary",
        body_at="Introduction",
    ),
    "fu2022": ReportMeta(
        path="corpus/text/fu2022.txt",
        title="Sonographic features of a large leiomyosarcoma of the great saphenous vein: "
        "a case report",
        authors=(("Yu", "Fu"), ("Lei", "Wang"), ("Jing", "Chen"), ("Ming-Hua", "Yao")),
        journal="Journal of Clinical Ultrasound",
        year=2022,
        volume="50",
        issue="7",
        fpage="964",
        lpage="967",
        doi="10.1002/jcu.23190",
        pmid="35188294",
        pmcid="PMC9001234",
        abstract_at="ABSTRACT",
        body_at="1 | INTRODUCTION",
    ),
    "lin2016": ReportMeta(
        path="corpus/text/lin2016.txt",
        title="Leiomyosarcoma of the great saphenous vein in the calf",
        authors=(("Jonathan", "Lin"), ("Sarah", "McKenzie"), ("Ian", "Wong"), ("Peter", "Douglas")),
        journal="ANZ Journal of Surgery",
        year=2016,
        volume="86",
        issue="12",
        fpage="1051",
        lpage="1052",
        doi="10.1111/ans.13418",
        pmid="25123456",
        body_at="A 76-year-old retired farmer",
    ),
    "case_report_01": ReportMeta(
        path="corpus/text/case_report_01.txt",
        title="Leiomyosarcoma of the long saphenous vein: a case report",
        abstract_at="Summary",
        body_at="Case history",
    ),
}

_REFERENCES = (
    "Aufrecht E. Ein Myom der Vena saphena. Virchows Arch Pathol Anat. 1868;44:133-4.",
    "Dzsinich C, Gloviczki P, van Heerden JA, et al. Primary venous leiomyosarcoma: a rare but "
    "lethal disease. J Vasc Surg. 1992;15:595-603.",
    "Berlin O, Stener B, Kindblom LG, Angervall L. Leiomyosarcomas of venous origin in the "
    "extremities. Cancer. 1984;54:2147-59.",
    "Leu HJ, Makek M. Intramural venous leiomyosarcomas. Cancer. 1986;57:1395-400.",
    "Mammano E, Zanon A, Rossi CR, et al. Primary leiomyosarcoma of the great saphenous vein: "
    "a case report and review of the literature. Ann Vasc Surg. 2008;22:455-8.",
)


@dataclass
class Parts:
    """A report split like an article: front-matter-free abstract, keywords and body blocks."""

    abstract: list[str]
    keywords: list[str]
    body: list[tuple[str, object]]  # (kind, text or (title, rows))


def report_parts(meta: ReportMeta) -> Parts:
    """The report's abstract paragraphs, keywords and body blocks, from the text reader."""
    document = load_document(REPO / meta.path)
    blocks = [(b.kind, document.block_text(b)) for b in document.blocks]
    texts = [text for _, text in blocks]
    body_start = next(i for i, t in enumerate(texts) if t.startswith(meta.body_at))
    abstract: list[str] = []
    keywords: list[str] = []
    if meta.abstract_at is not None:
        start = texts.index(meta.abstract_at) + 1
        for text in texts[start:body_start]:
            if text.lower().startswith(("keywords", "key words")):
                keywords = [
                    k.strip(" .") for k in text.split(":", 1)[1].replace(",", ";").split(";")
                ]
            else:
                abstract.append(text)
    body: list[tuple[str, object]] = []
    for kind, text in blocks[body_start:]:
        if kind is BlockKind.table:
            title, _, rest = text.partition("\n")
            rows = [
                [cell.strip() for cell in row.split("\n") if cell.strip()]
                for row in rest.split("\n\n")
            ]
            body.append(("table", (title, [r for r in rows if r])))
        else:
            body.append((str(kind), text))
    return Parts(abstract, keywords, body)


def _split_label(title: str, word: str) -> tuple[str, str]:
    """``"Table 1. Reported cases"`` → (``"Table 1"``, ``"Reported cases"``)."""
    head, _, rest = title.partition(" ")
    number, _, caption = rest.partition(" ")
    return f"{word} {number.rstrip('.:|')}", caption.lstrip("|. ").strip()


# --- JATS ------------------------------------------------------------------------------------


def jats_article(meta: ReportMeta, *, padding_paragraphs: int = 0) -> bytes:
    """The report as a PMC open-access JATS 1.3 article (``.nxml``)."""
    parts = report_parts(meta)
    ids = "".join(
        f'<article-id pub-id-type="{kind}">{escape(value)}</article-id>'
        for kind, value in (("pmid", meta.pmid), ("pmc", meta.pmcid[3:]), ("doi", meta.doi))
        if value
    )
    contribs = "".join(
        f'<contrib contrib-type="author"><name><surname>{escape(s)}</surname>'
        f'<given-names>{escape(g)}</given-names></name><xref ref-type="aff" rid="aff1">1</xref>'
        "</contrib>"
        for g, s in meta.authors
    )
    pub_date = (
        f'<pub-date pub-type="epub"><day>12</day><month>3</month><year>{meta.year}</year></pub-date>'
        if meta.year
        else ""
    )
    abstract = "".join(f"<p>{escape(p)}</p>" for p in parts.abstract)
    keywords = "".join(f"<kwd>{escape(k)}</kwd>" for k in parts.keywords if k)
    body: list[str] = []
    open_sec = False
    table_n = figure_n = 0
    for kind, value in parts.body:
        if kind == "heading":
            if open_sec:
                body.append("</sec>")
            body.append(f'<sec id="s{len(body)}"><title>{escape(str(value))}</title>')
            open_sec = True
        elif kind == "table":
            title, rows = value  # type: ignore[misc]
            table_n += 1
            label, caption = _split_label(title, "Table")
            head, *rest = rows
            body.append(
                f'<table-wrap id="t{table_n}" position="float"><label>{escape(label)}</label>'
                f'<caption><p>{escape(caption)}</p></caption><table frame="hsides">'
                "<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr></thead>"
                "<tbody>"
                + "".join(
                    "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rest
                )
                + "</tbody></table><table-wrap-foot><fn><p>NR, not reported.</p></fn>"
                "</table-wrap-foot></table-wrap>"
            )
        elif kind == "caption":
            figure_n += 1
            label, caption = _split_label(str(value), "Figure")
            body.append(
                f'<fig id="f{figure_n}"><label>{escape(label)}</label><caption><p>'
                f"{escape(caption)}</p></caption>"
                f'<graphic xlink:href="jcu-f{figure_n}.jpg"/></fig>'
            )
        else:
            cite = ' [<xref ref-type="bibr" rid="B1">1</xref>]' if len(body) % 3 == 0 else ""
            text = escape(str(value))
            if cite and text.endswith("."):
                text = text[:-1] + cite + "."
            body.append(f"<p>{text}</p>")
    rng = random.Random(7)
    for i in range(padding_paragraphs):
        body.append(f"<p>{escape(_filler(rng))}</p>")
        if i % 40 == 39:
            body.append(f"<sec><title>Supplementary discussion {i // 40 + 1}</title></sec>")
    if open_sec:
        body.append("</sec>")
    refs = "".join(
        f'<ref id="B{i}"><label>{i}</label><mixed-citation publication-type="journal">'
        f"{escape(r)}</mixed-citation></ref>"
        for i, r in enumerate(meta.references or _REFERENCES, start=1)
    )
    journal_id = (meta.journal or "Case Rep").split()[0]
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.3 20210610//EN" "JATS-archive-oasis-article1-3-mathml3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="case-report" dtd-version="1.3" xml:lang="en">
<processing-meta base-tagset="archiving" mathml-version="3.0" table-model="xhtml" tagset-family="jats"><restricted-by>pmc</restricted-by></processing-meta>
<front>
<journal-meta><journal-id journal-id-type="nlm-ta">{escape(journal_id)}</journal-id>
<journal-title-group><journal-title>{escape(meta.journal)}</journal-title></journal-title-group>
<issn pub-type="epub">1234-5678</issn><publisher><publisher-name>Example Publishing</publisher-name></publisher></journal-meta>
<article-meta>{ids}
<article-categories><subj-group subj-group-type="heading"><subject>Case Report</subject></subj-group></article-categories>
<title-group><article-title>{escape(meta.title)}</article-title></title-group>
<contrib-group>{contribs}</contrib-group>
<aff id="aff1"><label>1</label>Department of Surgery, University Hospital</aff>
<author-notes><corresp id="cor1">Correspondence: <email>author@example.org</email></corresp></author-notes>
{pub_date}
<volume>{escape(meta.volume)}</volume><issue>{escape(meta.issue)}</issue><fpage>{escape(meta.fpage)}</fpage><lpage>{escape(meta.lpage)}</lpage>
<history><date date-type="received"><day>2</day><month>9</month><year>2021</year></date></history>
<permissions><copyright-statement>© The Authors</copyright-statement>
<license license-type="open-access" xlink:href="https://creativecommons.org/licenses/by/4.0/"><license-p>This is an open access article under the CC BY licence.</license-p></license></permissions>
{"<abstract>" + abstract + "</abstract>" if abstract else ""}
{'<kwd-group kwd-group-type="author"><title>Keywords</title>' + keywords + "</kwd-group>" if keywords else ""}
</article-meta>
</front>
<body>{"".join(body)}</body>
<back><ack><title>Acknowledgements</title><p>We thank the staff of the pathology department.</p></ack>
<fn-group><fn fn-type="COI-statement"><p>The authors declare no conflict of interest.</p></fn></fn-group>
<ref-list><title>References</title>{refs}</ref-list></back>
</article>
"""
    return xml.encode("utf-8")


_WORDS = [
    "patients",
    "cohort",
    "analysis",
    "results",
    "treatment",
    "observed",
    "significant",
    "clinical",
    "study",
    "group",
    "increased",
    "expression",
    "protein",
    "cells",
    "response",
    "therapy",
    "tumour",
    "samples",
    "data",
    "model",
    "figure",
    "measured",
    "compared",
    "controls",
    "associated",
    "outcome",
    "follow-up",
    "imaging",
    "cardiac",
    "renal",
    "hepatic",
    "pulmonary",
    "infection",
    "inflammatory",
    "receptor",
    "mutation",
    "genome",
    "sequencing",
    "trial",
    "randomised",
    "baseline",
    "dose",
    "weeks",
    "months",
    "median",
    "interquartile",
    "range",
    "regression",
    "hazard",
    "ratio",
    "confidence",
    "interval",
    "previously",
    "described",
    "methods",
    "protocol",
    "approved",
    "committee",
    "consent",
]


def _filler(rng: random.Random, sentences: int = 6) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 24))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


# --- HTML ------------------------------------------------------------------------------------

#: publisher page chromes: (name, cookie banner, navigation, related-articles box, footer)
CHROMES: dict[str, dict[str, str]] = {
    "wiley": {
        "cookie": "We use cookies to improve your experience on our website. By continuing to "
        "browse this site you agree to our use of cookies. Accept all cookies Manage preferences",
        "nav": "Journals Topics Resources Submit an article Log in / Register Search Advanced Search",
        "related": "Related articles: Venous leiomyosarcoma of the lower limb: outcomes of 40 "
        "patients; Imaging of vascular smooth muscle tumours; Soft tissue sarcoma follow-up",
        "footer": "About Wiley Online Library Privacy Policy Terms of Use Cookies Accessibility "
        "Copyright © 1999-2024 John Wiley & Sons, Inc. All rights reserved",
    },
    "springer": {
        "cookie": "Your privacy, your choice. We use essential cookies to make sure the site can "
        "function. We also use optional cookies for advertising, personalisation of content, "
        "usage analysis, and social media. Accept all cookies Reject optional cookies",
        "nav": "Explore journals Get published About BMC Login Search all BMC articles Menu",
        "related": "Associated content: Leiomyosarcoma of the inferior vena cava: a systematic "
        "review; You might also like: Sarcoma surgery in the elderly",
        "footer": "Follow BMC By using this website, you agree to our Terms and Conditions, "
        "Your US state privacy rights, Privacy statement and Cookies policy. © 2024 BioMed "
        "Central Ltd unless otherwise stated. Part of Springer Nature.",
    },
    "frontiers": {
        "cookie": "Frontiers uses cookies. Some cookies are necessary for the website to "
        "function; others help us improve your experience. Cookies Settings Accept Cookies",
        "nav": "Journals A-Z Sections Articles Research Topics Editorial board About journal "
        "Submit your research Download article PDF EPUB XML Share on X Share on Facebook",
        "related": "People also looked at: Case report: inferior vena cava leiomyosarcoma; "
        "Outcomes of vascular resection in extremity sarcoma",
        "footer": "Guidelines Author guidelines Editor guidelines Policies and publication ethics "
        "Contact us Careers Frontiers Facebook X LinkedIn © 2007 - 2024 Frontiers Media S.A.",
    },
}


def html_page(meta: ReportMeta, chrome: str = "wiley") -> bytes:
    """The report as an article page saved from a publisher's site (``.html``)."""
    parts = report_parts(meta)
    c = CHROMES[chrome]
    e = html.escape
    tags = [f'<meta name="citation_title" content="{e(meta.title)}">']
    tags.append('<meta name="citation_article_type" content="Case Report">')
    tags += [f'<meta name="citation_author" content="{e(g)} {e(s)}">' for g, s in meta.authors]
    if meta.journal:
        tags.append(f'<meta name="citation_journal_title" content="{e(meta.journal)}">')
    if meta.year:
        tags.append(f'<meta name="citation_publication_date" content="{meta.year}/03/12">')
    for name, value in (
        ("citation_volume", meta.volume),
        ("citation_issue", meta.issue),
        ("citation_firstpage", meta.fpage),
        ("citation_lastpage", meta.lpage),
        ("citation_doi", meta.doi),
        ("citation_pmid", meta.pmid),
    ):
        if value:
            tags.append(f'<meta name="{name}" content="{e(value)}">')
    tags.append('<meta name="citation_pdf_url" content="https://example.org/article.pdf">')
    tags.append('<meta name="dc.rights" content="https://creativecommons.org/licenses/by/4.0/">')
    byline = ", ".join(f"{g} {s}" for g, s in meta.authors)
    body: list[str] = []
    open_sec = False
    for kind, value in parts.body:
        if kind == "heading":
            if open_sec:
                body.append("</section>")
            body.append(f'<section class="article-section"><h2>{e(str(value))}</h2>')
            open_sec = True
        elif kind == "table":
            title, rows = value  # type: ignore[misc]
            head, *rest = rows
            body.append(
                f'<div class="table-wrap"><table><caption>{e(title)}</caption><thead><tr>'
                + "".join(f"<th>{e(x)}</th>" for x in head)
                + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in r) + "</tr>" for r in rest)
                + "</tbody></table></div>"
            )
        elif kind == "caption":
            body.append(
                f'<figure><img src="fig.jpg" alt="figure"><figcaption>{e(str(value))}'
                "</figcaption></figure>"
            )
        else:
            cite = ' <a href="#ref1" class="bibr">[1]</a>' if len(body) % 3 == 0 else ""
            body.append(f"<p>{e(str(value))}{cite}</p>")
    if open_sec:
        body.append("</section>")
    abstract = "".join(f"<p>{e(p)}</p>" for p in parts.abstract)
    keywords = ", ".join(e(k) for k in parts.keywords)
    refs = "".join(f'<li id="ref{i}">{e(r)}</li>' for i, r in enumerate(_REFERENCES, start=1))
    journal_line = (
        f"{e(meta.journal)} {meta.year}; {e(meta.volume)}({e(meta.issue)}): "
        f"{e(meta.fpage)}-{e(meta.lpage)}"
        if meta.journal
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(meta.title)} - {e(meta.journal or "Case Reports")}</title>
{"".join(tags)}
<meta property="og:title" content="{e(meta.title)}"><meta property="og:type" content="article">
<link rel="stylesheet" href="/css/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"ScholarlyArticle","headline":"{e(meta.title)}"}}</script>
<style>.cookie-banner{{position:fixed;bottom:0}}</style>
</head><body>
<div id="onetrust-banner-sdk" class="cookie-banner" role="dialog"><p>{e(c["cookie"])}</p><button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">Publisher</a><nav aria-label="main"><ul>{"".join(f"<li><a href='#'>{e(w)}</a></li>" for w in c["nav"].split("  ") if w)}</ul></nav>
<form class="search"><input type="search" placeholder="Search"></form></header>
<nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/journal">Journal</a> &gt; <a href="/issue">Issue</a></nav>
<main id="main-content"><article class="article">
<div class="article-header"><span class="article-type">Case Report</span><span class="open-access">Open Access</span>
<h1 class="article-title">{e(meta.title)}</h1>
<ul class="authors"><li>{e(byline)}</li></ul>
<p class="citation-line">{journal_line} {"https://doi.org/" + e(meta.doi) if meta.doi else ""}</p>
<div class="share"><a href="#">Download PDF</a> <a href="#">Cite this article</a> <a href="#">Share</a> <a href="#">Metrics</a></div></div>
{'<section class="abstract"><h2>Abstract</h2>' + abstract + "</section>" if abstract else ""}
{'<section class="keywords"><h2>Keywords</h2><p>' + keywords + "</p></section>" if keywords else ""}
<div class="article-body">{"".join(body)}</div>
<section class="references" id="references"><h2>References</h2><ol>{refs}</ol></section>
<section class="article-info"><h2>Rights and permissions</h2><p>Open Access. This article is licensed under a Creative Commons Attribution 4.0 International License.</p></section>
</article>
<aside class="related"><h3>Related articles</h3><p>{e(c["related"])}</p></aside></main>
<footer class="site-footer"><p>{e(c["footer"])}</p></footer>
<script src="/js/analytics.js"></script>
</body></html>
"""
    return page.encode("utf-8")


# --- scanned PDF -----------------------------------------------------------------------------


def scanned_pdf(text: str, *, dpi: int = 200) -> bytes:
    """``text`` typeset on A4 page images (no text layer), slightly skewed and blurred."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # Bitstream Vera, shipped
    font = ImageFont.truetype(str(vera), size=int(dpi * 10 / 72))
    margin, pitch = int(dpi * 0.9), int(dpi * 10 / 72 * 1.5)
    lines: list[str] = []
    for raw in text.splitlines():
        words, current = raw.split(), ""
        if not words:
            lines.append("")
            continue
        for word in words:
            trial = f"{current} {word}".strip()
            if font.getlength(trial) <= width - 2 * margin:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    pages: list = []
    y = height
    draw = None
    for line in lines:
        if y + pitch > height - margin:
            page = Image.new("L", (width, height), 255)
            pages.append(page)
            draw, y = ImageDraw.Draw(page), margin
        if line and draw is not None:
            draw.text((margin, y), line, fill=0, font=font)
        y += pitch
    scans = [
        p.rotate(0.4, fillcolor=255, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.6))
        for p in pages
    ]
    buffer = io.BytesIO()
    scans[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=scans[1:])
    return buffer.getvalue()
