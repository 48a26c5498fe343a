"""Language of blocks and documents: read the English part, say when there is none."""

from pathlib import Path

import pytest
import yaml

from gsvlms_extract.ingest import load_document
from gsvlms_extract.ingest.language import block_language, language_name, no_english_reason

DATA = Path(__file__).parents[1] / "data" / "ingest" / "language"
SAMPLES = yaml.safe_load((DATA / "samples.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("code", "text"),
    [(code, text) for code, texts in SAMPLES.items() for text in texts],
    ids=[f"{code}{i}" for code, texts in SAMPLES.items() for i in range(len(texts))],
)
def test_paragraph_language(code, text):
    assert block_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Ahmet Güner, MD (1); Şebnem Albeyoğlu, MD (1); Mustafa Çelik, MD (2); İlker Öztürk, MD",
        "Marcin Dziekiewicz (1), Agnieszka Wróblewska (2), Paweł Kąkol (1), Michał Szczęsny (3)",
        "Case report",  # too short to tell
    ],
)
def test_bylines_and_short_lines_get_no_foreign_language(text):
    assert block_language(text) in (None, "en")


def test_english_with_latin_anatomy_stays_english():
    text = (
        "The vena saphena magna was dilated and a firm nodule lay in its wall just below the "
        "saphenofemoral junction."
    )
    assert block_language(text) == "en"


def test_chinese_report_without_english_says_so():
    document = load_document(DATA / "zh_only.txt")
    assert document.language == "zh"
    assert document.english_chars == 0
    assert document.english_ranges == ()
    assert no_english_reason(document) == "report is in Chinese; no English text to read"
    assert document.narrative_blocks() == []


def test_chinese_report_with_english_abstract_reads_only_the_abstract():
    document = load_document(DATA / "zh_english_abstract.txt")
    assert document.language == "zh"
    assert document.english_chars > 300
    assert no_english_reason(document) is None
    narrative = " ".join(document.block_text(b) for b in document.narrative_blocks())
    assert "A 54-year-old woman presented with a painful mass" in narrative
    assert "患者" not in narrative
    english = " ".join(document.text[s:e] for s, e in document.english_ranges)
    assert "leiomyosarcoma" in english and "患者" not in english


def test_german_report_with_english_summary_reads_the_summary():
    document = load_document(DATA / "de_english_summary.txt")
    assert document.language == "de"
    narrative = " ".join(document.block_text(b) for b in document.narrative_blocks())
    assert "The tumour arose from the great saphenous vein" in narrative
    assert "Patientin" not in narrative
    hidden = " ".join(document.block_text(b) for b in document.hidden_blocks())
    assert "Wir berichten" in hidden


def test_english_corpus_report_is_english_throughout():
    corpus = Path(__file__).parents[2] / "corpus" / "text"
    document = load_document(corpus / "allison1965.txt")
    assert document.language == "en"
    assert not [b for b in document.blocks if b.foreign]
    assert no_english_reason(document) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [("zh", "Chinese"), ("de", "German"), ("tr", "Turkish"), ("ro", "Romanian"), (None, "unknown")],
)
def test_language_names(code, name):
    assert language_name(code) == name


def test_a_chinese_paragraph_with_a_few_latin_abbreviations_is_not_english():
    text = (
        "患者女，55岁，因右大腿内侧疼痛性肿物入院，彩色多普勒超声及MRI提示大隐静脉走行区实性占位，"
        "肿瘤大小10 cm×7 cm×6 cm。"
    )
    assert block_language(text) == "zh"
