"""Language of each block and of the document: which parts of a report can be read in English.

Identifier: py3langid (langid.py's model, shipped in its wheel; nothing is downloaded), limited
to the languages case reports are published in (`LANGUAGES`; Latin and the rarer languages are
left out: with them, English bylines and Latin anatomy such as "vena saphena magna" were taken
for Latin). Measured by ``scripts/bench_language.py`` against lingua and the unrestricted model.

A block gets a language when it has at least `MIN_LETTERS` letters (a CJK character
counts three; a block mostly in CJK script needs only four characters) and the
identifier is sure of it:

- ``en`` when the identifier says English, or when at least 80% of its words (two letters or
  more) are English words from the repair word lists (bylines full of names fool the model, not
  the word list);
- another language when the identifier gives it with probability at least 0.9 and the block is
  prose: at least half of its words start in lower
  case (bylines and affiliations, lists of capitalised names, were taken for Turkish, Polish or
  Lithuanian by the model; scripts without case, such as Chinese, are always prose);
- otherwise ``None`` (too short or unsure: read as English), except that a heading takes the
  language of the next block that has one (it reads as its section: "Abstract" before an
  English abstract is English, "Zusammenfassung" before a German one German), or of the
  previous one at the end of the document.

The document's language is the one with the most letters among body, heading and caption
blocks (``None`` when no block has one); ``english_chars`` counts the letters of English blocks.
Blocks in another language are kept in the text (offsets unchanged) but flagged, so that the
extractor reads only English: see `Document.hidden_blocks`.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from gsvlms_extract.ingest.document import BlockKind, Document

__all__ = [
    "LANGUAGES",
    "MIN_LETTERS",
    "annotate_languages",
    "block_language",
    "identify",
    "language_name",
    "no_english_reason",
]

#: languages the identifier chooses among (ISO 639-1)
LANGUAGES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "ro",
    "tr",
    "pl",
    "cs",
    "sk",
    "hu",
    "ru",
    "uk",
    "bg",
    "sr",
    "hr",
    "sl",
    "el",
    "sv",
    "da",
    "no",
    "fi",
    "lt",
    "lv",
    "et",
    "zh",
    "ja",
    "ko",
    "ar",
    "fa",
    "he",
    "id",
    "vi",
    "th",
]
MIN_LETTERS = 30
_SURE = 0.9
_ENGLISH_SHARE = 0.8
_MIN_CJK = 4  # characters: a CJK title or name is unambiguous by its script
_PROSE_SHARE = 0.5
_MIN_CASED = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_READ_KINDS = (BlockKind.body, BlockKind.heading, BlockKind.caption)


@lru_cache(maxsize=1)
def _identifier():
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    class SparseIdentifier(LanguageIdentifier):
        """langid's naive Bayes over the features a text has (a paragraph has ~100 of the
        model's 7,480): the same sums as the dense product, 10x faster per call."""

        def nb_classprobs(self, fv):
            present = np.flatnonzero(fv)
            return fv[present].astype(np.float64) @ self.nb_ptc[present] + self.nb_pc

    identifier = SparseIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of ``text`` among `LANGUAGES` (py3langid)."""
    code, probability = _identifier().classify(text)
    return str(code), float(probability)


def letters(text: str) -> int:
    """Letters in ``text``; a CJK character counts three (it carries about as much as three
    letters of an alphabet: a Chinese word of 1.5 characters against an English one of 5)."""
    return sum(map(str.isalpha, text)) + 2 * len(_CJK.findall(text))


def english_share(text: str) -> float:
    """Share of the words (two letters or more) that are English words; 0 without words."""
    from gsvlms_extract.ingest.repair import lexicon

    lex = lexicon()
    words = _WORD.findall(text)
    words = [w for w in words if not _CJK.search(w)]
    if not words:
        return 0.0
    return sum(lex.is_known(w) for w in words) / len(words)


def block_language(text: str) -> str | None:
    """Language of one block's text (rules in the module docstring), or None when unsure."""
    count = letters(text)
    cjk = len(_CJK.findall(text))
    if count < MIN_LETTERS and not (cjk >= _MIN_CJK and 3 * cjk >= count):
        return None
    # the word list decides at once (the model costs 0.5 ms a call), unless most letters are
    # CJK: a Chinese paragraph's few Latin words ("MRI", "cm", "DOI") are all English
    if 6 * cjk < count and english_share(text) >= _ENGLISH_SHARE:
        return "en"
    code, probability = identify(text)
    if code == "en":
        return "en"
    if probability >= _SURE and _prose(text):
        return code
    return None


def _prose(text: str) -> bool:
    """Running text rather than a list of names: in a script with case, at least half of the
    words start in lower case (a byline or an affiliation is mostly capitalised names, whose
    language says nothing about the article's)."""
    words = (w.strip("([{\"'*.,;:") for w in text.split())
    cased = [w for w in words if w[:1].isupper() or w[:1].islower()]
    if len(cased) < _MIN_CASED:
        return True  # Chinese, Japanese, Arabic...: no case to judge by
    return sum(w[0].islower() for w in cased) >= _PROSE_SHARE * len(cased)


def annotate_languages(document: Document) -> Document:
    """``document`` with a language on every block and the document-level language fields."""
    texts = [document.block_text(block) for block in document.blocks]
    found = [block_language(text) for text in texts]
    totals: dict[str, int] = {}
    for block, text, code in zip(document.blocks, texts, found, strict=True):
        if code is not None and block.kind in _READ_KINDS:
            totals[code] = totals.get(code, 0) + letters(text)
    inherited = _inherit(found)
    blocks = [
        dataclasses.replace(block, language=code if block.kind is BlockKind.heading else own)
        for block, own, code in zip(document.blocks, found, inherited, strict=True)
    ]
    main = max(totals, key=lambda c: totals[c]) if totals else None
    return dataclasses.replace(
        document,
        blocks=tuple(blocks),
        language=main,
        english_chars=totals.get("en", 0),
    )


def _inherit(codes: list[str | None]) -> list[str | None]:
    """Fill each None with the next known language, or the previous one at the end."""
    out = list(codes)
    following: str | None = None
    for i in range(len(out) - 1, -1, -1):
        if out[i] is None:
            out[i] = following
        else:
            following = out[i]
    previous: str | None = None
    for i, code in enumerate(out):
        if code is None:
            out[i] = previous
        else:
            previous = code
    return out


@lru_cache(maxsize=128)
def language_name(code: str | None) -> str:
    """English name of a language code (``zh`` → ``Chinese``); ``unknown`` for None.

    Names come from langcodes' CLDR data (the ``language_data`` package).
    """
    if not code:
        return "unknown"
    import langcodes

    try:
        return str(langcodes.Language.get(code).display_name("en"))
    except (LookupError, ValueError):
        return code


def no_english_reason(document: Document) -> str | None:
    """``"report is in Chinese; no English text to read"`` when the document has no English
    block, else None. A document whose language is unknown too is not judged (None)."""
    if document.english_chars or document.language is None:
        return None
    return f"report is in {language_name(document.language)}; no English text to read"
