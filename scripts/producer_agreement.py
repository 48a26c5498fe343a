"""How faithfully PDFs from each producer read back: word agreement and field parity.

Used by ``scripts/bench_ingest.py`` (``make bench``) and ``tests/component/test_pdf_producers.py``.

Word agreement: the source report and the PDF are both read by ``load_document`` (so both get the
same normalization), split into words on white space, and each word is stripped of the
punctuation around it (``(Figure`` → ``Figure``; inner punctuation stays: ``37-year-old``,
``4.5``). The two word sequences are aligned with difflib (no junk heuristic). Agreement is
matched words / the longer sequence, so a missing word, an extra word (a running head or page
number that was not dropped) and a changed word all count against it. A *run-together* word is
a PDF word equal to two consecutive source words written without the space between them
(``thetumour``, ``mass.The``).

Field parity: ``extract_path`` on the source text and on the PDF, patient by patient; every
clinical field of `CaseRecord` (and ``is_gsv_lms``) must be equal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PRODUCER_DIR = CORPUS / "pdf_producers"

_EDGE = re.compile(r"^[^\w]+|[^\w%°]+$")
_SKIP = frozenset({"case_id", "source", "patient_index", "evidence", "is_gsv_lms_reason"})


def words(text: str) -> list[str]:
    """The text's words, punctuation around each stripped; punctuation-only tokens dropped."""
    out = []
    for token in text.split():
        word = _EDGE.sub("", token)
        if word:
            out.append(word)
    return out


@dataclass
class WordScore:
    """Agreement of one PDF (or a sum of several) with its source text."""

    source_words: int = 0
    pdf_words: int = 0
    matched: int = 0
    run_together: list[str] = field(default_factory=list)
    differences: list[tuple[str, str]] = field(default_factory=list)  # (source, pdf) snippets

    @property
    def agreement(self) -> float:
        longest = max(self.source_words, self.pdf_words)
        return self.matched / longest if longest else 1.0

    def add(self, other: WordScore) -> None:
        self.source_words += other.source_words
        self.pdf_words += other.pdf_words
        self.matched += other.matched
        self.run_together += other.run_together
        self.differences += other.differences


def word_score(source_text: str, pdf_text: str) -> WordScore:
    """Align the words of ``source_text`` and ``pdf_text`` (see the module docstring)."""
    raw = source_text.split()
    source = words(source_text)
    pdf = words(pdf_text)
    pairs = {_EDGE.sub("", a + b) for a, b in zip(raw, raw[1:], strict=False)}
    pairs |= {a + b for a, b in zip(source, source[1:], strict=False)}
    matcher = difflib.SequenceMatcher(None, source, pdf, autojunk=False)
    score = WordScore(len(source), len(pdf))
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            score.matched += i2 - i1
            continue
        score.differences.append((" ".join(source[i1:i2]), " ".join(pdf[j1:j2])))
        score.run_together += [w for w in pdf[j1:j2] if w in pairs and w not in source]
    return score


def producer_files(producer: str) -> list[tuple[Path, Path]]:
    """(source text, PDF) pairs of one producer, from ``corpus/pdf_producers/index.yaml``."""
    index = yaml.safe_load((PRODUCER_DIR / "index.yaml").read_text(encoding="utf-8"))
    return [
        (CORPUS / d["source"], PRODUCER_DIR / producer / f"{d['stem']}.pdf")
        for d in index["documents"]
    ]


def producers() -> list[str]:
    index = yaml.safe_load((PRODUCER_DIR / "index.yaml").read_text(encoding="utf-8"))
    return list(index["producers"])


@dataclass
class FieldScore:
    """Field parity between the cases of source texts and of their PDFs."""

    fields: int = 0
    equal: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def parity(self) -> float:
        return self.equal / self.fields if self.fields else 1.0


def case_fields(cases: Iterable) -> list[dict]:
    """Every clinical field of each case (evidence, ids and the reason text left out)."""
    return [
        {k: v for k, v in case.model_dump(mode="json").items() if k not in _SKIP} for case in cases
    ]


def field_score(name: str, text_cases: list[dict], pdf_cases: list[dict]) -> FieldScore:
    """Compare the fields of the cases from a text with those from its PDF, patient by patient."""
    score = FieldScore()
    for k in range(max(len(text_cases), len(pdf_cases))):
        mine = text_cases[k] if k < len(text_cases) else {}
        theirs = pdf_cases[k] if k < len(pdf_cases) else {}
        for key in sorted(set(mine) | set(theirs)):
            score.fields += 1
            if mine.get(key) == theirs.get(key):
                score.equal += 1
            else:
                score.misses.append(
                    f"{name} patient {k + 1} {key}: text {mine.get(key)!r} pdf {theirs.get(key)!r}"
                )
    return score


# ---------------------------------------------------------------- real-world PDFs

# test data, not corpus reports: `gsvlms run corpus/` must not file them
REAL_WORLD = ROOT / "tests" / "data" / "ingest" / "real_world"
_ALPHA = re.compile(r"[A-Za-z]+")
_SHORT_WORDS = frozenset(
    [
        "a",
        "an",
        "as",
        "at",
        "be",
        "by",
        "he",
        "in",
        "is",
        "it",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "we",
    ]
)


def known_text(name: str) -> str:
    """A known source text by name: ``python-this-module`` is The Zen of Python."""
    if name != "python-this-module":
        raise ValueError(f"unknown known_text {name!r}")
    import codecs
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # importing `this` prints the poem
        import this
    return codecs.decode(this.s, "rot13")


def dictionary_suspects(text: str) -> list[str]:
    """Words (6+ letters) that are not in the English word list but split into two words that
    are: what two words run together look like (``ratherrare``, ``withiron``)."""
    from gsvlms_extract.ingest.hyphens import english_words

    dictionary = english_words()
    out = []
    for token in _ALPHA.findall(text):
        word = token.lower()
        if len(word) < 6 or word in dictionary:
            continue
        for i in range(1, len(word)):
            head, tail = word[:i], word[i:]
            head_ok = head in dictionary and (len(head) >= 3 or head in _SHORT_WORDS)
            tail_ok = tail in dictionary and (len(tail) >= 3 or tail in _SHORT_WORDS)
            if head_ok and tail_ok:
                out.append(token)
                break
    return out


def real_world_scores() -> list[dict]:
    """The checks of ``tests/data/ingest/real_world/origin.yaml``, one dict per PDF."""
    from gsvlms_extract.ingest import load_document
    from gsvlms_extract.ingest.normalize import normalize_text

    origin = yaml.safe_load((REAL_WORLD / "origin.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in origin["documents"]:
        document = load_document(REAL_WORLD / entry["file"])
        result = {
            "file": entry["file"],
            "producer": entry["producer"].split(":")[0].split(",")[0],
            "check": entry["check"],
            "pages": document.n_pages,
            "words": len(words(document.text)),
            "asserted": "expect" not in entry,
            "dictionary_suspects": dictionary_suspects(document.text),
        }
        if entry["check"] == "known_text":
            # the Zen's own title line is not in the PDF, which adds a heading of its own
            source = normalize_text(known_text(entry["known_text"]).split("\n", 2)[2])
            score = word_score(source, document.text)
            result["known_words"] = score.source_words
            result["known_words_found"] = score.matched
            result["run_together"] = score.run_together
        out.append(result)
    return out
