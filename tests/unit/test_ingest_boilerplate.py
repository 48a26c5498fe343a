"""Boilerplate around an article: marked as its own blocks, kept in the text, never narrative."""

from pathlib import Path

import pytest

from gsvlms_extract.ingest import BlockKind, document_from_bytes, load_document
from gsvlms_extract.ingest.boilerplate import is_boilerplate_line, is_page_number, running_heads
from gsvlms_extract.ingest.text import text_blocks

DATA = Path(__file__).parents[1] / "data" / "ingest" / "ocr"


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Search | Log in | Register",
        "Home • Journals • Download PDF",
        "Cite this article",
        "Similar articles",
        "Cited by",
        "MeSH terms",
        "Free PMC article",
        "We use cookies to improve your experience. Accept all cookies",
        "Received: 12 March 2010; Accepted: 3 May 2010",
        "Received for publication March 3, 1961",
        "Published online 2019 Jun 4",
        "DOI: 10.12659/AJCR.935842",
        "doi:10.1155/2012/403287",
        "https://doi.org/10.1002/ccr3.8712",
        "© 2020 The Authors. Published by Elsevier Ltd.",
        "Copyright 1977 by the American Journal of Surgery. All rights reserved.",
        "This is an open access article distributed under the Creative Commons license.",
        "Keywords: leiomyosarcoma; saphenous vein",
        "[Key words] Saphenous vein; Leiomyosarcoma",
        "Key-words: great saphenous vein, venous aneurysm, leiomyosarcoma.",
        "Mots-clés : léiomyosarcome ; veine saphène",
        "Palabras clave: leiomiosarcoma; vena safena interna",
        "Correspondence to: Dr J. Smith, Department of Surgery",
        "Address correspondence to: Christopher Bibbo, DO",
        "E-mail: j.smith@example.org",
        "PMID: 12345678",
        "PubMed.gov                      Search: saphenous leiomyosarcoma",
        "Search: saphenous vein leiomyosarcoma",
        "... A 54-year-old woman presented with a 7-cm mass in the left groin and swelling.",
        "The tumour arose from the common femoral vein and was resected with ...",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Leiomyosarcoma of the great saphenous vein: a case report",
        "P. R. ALLISON, et al.",
        "Department of Paediatric Surgery, Hospital for Sick Children, London",
        "British Journal of Surgery, Vol. 52, 1965",
        "Case report",
        "References",
        "Abstract",
        "She received two cycles of doxorubicin in May 2010.",
        "Received chemotherapy was well tolerated.",
        "The tumour was excised; the margins were clear.",
        "Search for metastases was negative.",
    ],
)
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["12", "- 12 -", "Page 3", "3 of 10", "p. 4"])
def test_page_numbers(line):
    assert is_page_number(line)


def test_running_heads_repeat_with_their_page_number():
    lines = ["1036 BRITISH JOURNAL OF SURGERY", "text", "1037 BRITISH JOURNAL OF SURGERY", "Case 1"]
    assert running_heads(lines) == {"# british journal of surgery"}


def test_a_running_head_inside_a_paragraph_moves_after_it():
    text = (
        "It was removed by wide\n"
        "1036 BRITISH JOURNAL OF SURGERY\n"
        "excision together with the vein.\n"
        "\n"
        "1037 BRITISH JOURNAL OF SURGERY\n"
        "The patient was well.\n"
    )
    blocks = [(b.kind, b.text) for b in text_blocks(text)]
    assert blocks == [
        (BlockKind.body, "It was removed by wide excision together with the vein."),
        (BlockKind.boilerplate, "1036 BRITISH JOURNAL OF SURGERY"),
        (BlockKind.boilerplate, "1037 BRITISH JOURNAL OF SURGERY"),
        (BlockKind.body, "The patient was well."),
    ]


def test_repeated_case_headings_are_not_running_heads():
    text = "Patient 1: history\n\nA man of 60.\n\nPatient 2: history\n\nA woman of 50.\n"
    kinds = [b.kind for b in text_blocks(text)]
    assert BlockKind.boilerplate not in kinds


def test_scan_saved_from_a_web_page_reads_as_the_clean_article():
    document = load_document(DATA / "scan_with_web_page.txt")
    narrative = "\n\n".join(document.block_text(b) for b in document.narrative_blocks())
    expected = (DATA / "scan_with_web_page.expected.txt").read_text(encoding="utf-8").strip()
    assert narrative == expected
    boilerplate = [document.block_text(b) for b in document.blocks if b.kind == "boilerplate"]
    assert "Skip to main content" in boilerplate
    assert "Received for publication March 3, 1961" in boilerplate
    assert "1036 BRITISH JOURNAL OF SURGERY" in boilerplate
    assert any(line.startswith("©") for line in boilerplate)
    # boilerplate stays in the text: offsets of every block still index it
    for block in document.blocks:
        assert document.text[block.start : block.end] == document.block_text(block)
    assert "Skip to main content" in document.text


def test_hidden_blocks_are_everything_but_prose():
    data = b"Download PDF\n\nA case of a lump.\n\nFigure 1 | Lump.\n\nTable 1 | Sizes\n\tcm\n\t4\n"
    document = document_from_bytes(data, "x.txt")
    kinds = {b.kind for b in document.hidden_blocks()}
    assert kinds == {BlockKind.boilerplate, BlockKind.table, BlockKind.caption}
    assert [document.block_text(b) for b in document.narrative_blocks()] == ["A case of a lump."]


def _narrative(data: bytes, name: str = "page.txt") -> str:
    document = document_from_bytes(data, name)
    return " ".join(document.block_text(b) for b in document.narrative_blocks())


def test_lists_of_other_articles_on_a_web_page_are_not_narrative():
    data = (
        b"Leiomyosarcoma of the long saphenous vein\n\n"
        b"Abstract\n\n"
        b"A 70-year-old woman had a lump above the knee; it was excised with the vein.\n\n"
        b"Similar articles\n\n"
        b"Leiomyosarcoma of the saphenous vein in a 2-year-old girl.\n"
        b"Byard RW, et al. Pediatr Pathol. 1993. PMID: 1234567\n\n"
        b"Primary leiomyosarcoma of the popliteal vein treated by resection and reconstruction.\n"
        b"Okafor E, et al. J Vasc Surg. 2017. PMID: 7654321\n\n"
        b"Cited by\n\n"
        b"Venous leiomyosarcoma of the leg in a 50-year-old man.\n\n"
        b"Discussion\n\n"
        b"Such tumours are rare.\n"
    )
    narrative = _narrative(data)
    assert "2-year-old girl" not in narrative
    assert "resection and reconstruction" not in narrative
    assert "50-year-old man" not in narrative
    # the article's own text before the list and the section after it are read
    assert "70-year-old woman" in narrative
    assert "Such tumours are rare." in narrative


def test_a_list_heading_in_the_sidebar_does_not_hide_the_article_front_matter():
    data = (
        b"Similar articles\n\n"
        b"Published online 2019 Apr 5. doi: 10.1097/MD.0000000000015077\n\n"
        b"Leiomyosarcoma of the great saphenous vein: a case report\n\n"
        b"A 60-year-old man had a painful lump of the thigh.\n"
    )
    narrative = _narrative(data, "pmc.txt")
    assert "a case report" in narrative
    assert "60-year-old man" in narrative


def test_similar_articles_run_together_into_one_paragraph_are_not_narrative():
    data = (
        b"Abstract\n\nA 62-year-old man had a soft swelling in the right groin.\n\n"
        b"Similar articles\n"
        b"Leiomyosarcoma of the femoral vein: report of a case with eleven-year\n"
        b"survival. Kessler P, et al. Vasa. 1985. PMID: 3984211\n"
        b"Leiomyosarcoma of the greater saphenous vein presenting as a groin lump in a\n"
        b"52-year-old woman. Yao KA, et al. J Vasc Surg. 2004. PMID: 15297838\n"
        b"Groin swelling in adults: an audit of 312 ultrasound referrals. Morgan TL, et al.\n"
        b"Clin Radiol. 2012. PMID: 22208717\n"
    )
    narrative = _narrative(data, "pubmed.txt")
    assert narrative == "Abstract A 62-year-old man had a soft swelling in the right groin."


def test_similar_articles_given_as_title_journal_year_are_not_narrative():
    data = (
        b"Abstract\n\nA 58-year-old woman had bilateral leg oedema.\n\n"
        b"Similar articles\n"
        b"Leiomyosarcoma of the inferior vena cava: results of a national registry (n=77).\n"
        b"Ann Chir Vasc 2014.\n"
        b"Leiomyosarcoma of the long saphenous vein in a 61-year-old woman. Phlebologie 2009.\n"
        b"Venous leiomyosarcoma of the lower limb: 9 cases treated in one centre over 20\n"
        b"years. J Mal Vasc 2011.\n"
    )
    narrative = _narrative(data, "europepmc.txt")
    assert narrative == "Abstract A 58-year-old woman had bilateral leg oedema."


def test_a_reference_in_running_text_is_still_narrative():
    data = b"As Evans DG, et al. showed in 62 patients, the tumour recurs.\n"
    assert (
        _narrative(data, "x.txt") == "As Evans DG, et al. showed in 62 patients, the tumour recurs."
    )


@pytest.mark.parametrize(
    "heading", ["Related literature (similar articles):", "People also read", "You may also like"]
)
def test_other_names_of_a_list_of_other_articles(heading):
    data = (
        b"Leiomyosarcoma of the great saphenous vein\n\n"
        b"A 58-year-old man had a painless mass in the left lower leg.\n\n"
        + heading.encode()
        + b"\n\n- Leiomyosarcoma of the femoral vein in a 45-year-old woman: a case report\n\n"
        b"- Misdiagnosis of superficial thrombophlebitis: analysis of 14 cases\n"
    )
    narrative = _narrative(data)
    assert "45-year-old woman" not in narrative
    assert "58-year-old man" in narrative
