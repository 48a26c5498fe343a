"""Arbitrary text through the pipeline and the extractor: values or nulls, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gsvlms_extract.extract import extract_document
from gsvlms_extract.ingest.document import Block, BlockKind, Document

WORDS = [
    "A",
    "52-year-old",
    "woman",
    "man",
    "left",
    "right",
    "thigh",
    "calf",
    "groin",
    "mass",
    "lump",
    "painless",
    "tender",
    "no",
    "not",
    "metastasis",
    "lung",
    "liver",
    "recurrence",
    "excised",
    "wide",
    "en",
    "bloc",
    "fascia",
    "radiotherapy",
    "chemotherapy",
    "died",
    "alive",
    "months",
    "years",
    "6",
    "×",
    "7",
    "cm",
    "mm",
    "leiomyosarcoma",
    "great",
    "saphenous",
    "vein",
    "(GSV)",
    "GSV",
    "et",
    "al.",
    "(12)",
    "Case",
    "1",
    "2",
    "Discussion",
    "Abstract",
    "Follow-up",
    ".",
    ",",
    ";",
    ":",
    "\n",
    "\n\n",
    "\t",
    "Fig.",
    "—",
    "second",
    "patient",
    "F/42",
    "aged",
]

text_strategy = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=text_strategy)
def test_any_text_extracts_without_raising(nlp, text):
    document = Document(source="x.txt", text=text, blocks=(Block(BlockKind.body, 0, len(text)),))
    cases = extract_document(document, nlp)
    assert len(cases) >= 1
    for case in cases:
        for ev in case.evidence.values():
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.text


def test_tables_and_captions_are_not_read(nlp):
    body = (
        "A 37-year-old man had a painless mass on his left calf; a leiomyosarcoma of the great "
        "saphenous vein was excised.\n\n"
    )
    table = "Age\t64\nSite\tright thigh\nOutcome\tdied\n\n"
    caption = "Figure 1. A 70-year-old woman with lung metastases.\n"
    text = body + table + caption
    blocks = (
        Block(BlockKind.body, 0, len(body)),
        Block(BlockKind.table, len(body), len(body) + len(table)),
        Block(BlockKind.caption, len(body) + len(table), len(text)),
    )
    (case,) = extract_document(Document(source="x.txt", text=text, blocks=blocks), nlp)
    assert (case.age_years, case.side.value, case.outcome, case.metastasis) == (
        37,
        "left",
        None,
        None,
    )


def test_evidence_pages_come_from_the_document(nlp):
    first = "Case report\nA 37-year-old man had a painless mass on his left calf.\n\n"
    second = "Pathology\nA leiomyosarcoma of the great saphenous vein was excised.\n"
    text = first + second
    document = Document(
        source="x.pdf",
        text=text,
        blocks=(Block(BlockKind.body, 0, len(text)),),
        page_starts=(0, len(first)),
        n_pages=2,
    )
    (case,) = extract_document(document, nlp)
    assert case.evidence["age_years"].page == 1
    assert case.evidence["operation"].page == 2
