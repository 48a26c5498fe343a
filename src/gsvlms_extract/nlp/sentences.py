"""`gsvlms_sentencizer`: rule-based sentence splitting for case reports.

Splits after ``.``, ``!`` and ``?`` when the next word starts a sentence, and at every line
break, but not after abbreviations clinicians use inside sentences ("Fig.", "et al.",
"approx.", "vs.", initials like "D."), and never inside numbers ("5.9 cm", tokenized whole).
A run-in heading ("Operation.—Under ...") ends its own sentence.

Chosen over PyRuSH for speed; see ``scripts/bench_nlp.py`` for the measurement.
"""

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["CaseReportSentencizer", "DEFAULT_ABBREVIATIONS"]

DEFAULT_ABBREVIATIONS = (
    "fig",
    "figs",
    "al",
    "approx",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "dr",
    "drs",
    "mr",
    "mrs",
    "ms",
    "prof",
    "vs",
    "no",
    "nos",
    "vol",
    "ca",
    "cf",
    "st",
    "resp",
    "ref",
    "refs",
    "pp",
    "p",
    "jr",
    "sr",
    "inc",
    "etc",
    "ed",
    "eds",
    "tab",
    "max",
    "min",
    "mt",
    "ltd",
    "co",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "viz",
)
_ENDERS = frozenset({".", "!", "?"})
_DASHES = frozenset({"—", "–"})


class CaseReportSentencizer:
    """Set ``Token.is_sent_start`` on every token (a full sentence segmentation)."""

    def __init__(self, abbreviations: list[str]):
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        texts = [token.text for token in doc]
        spaces = [token.is_space for token in doc]
        starts = numpy.full((n, 1), -1, dtype="int64")
        starts[0, 0] = 1
        for i in self._boundaries(texts, spaces):
            starts[i, 0] = 1
        doc.from_array([SENT_START], starts.view("uint64"))
        return doc

    def _boundaries(self, texts: list[str], spaces: list[bool]) -> list[int]:
        """Indices of tokens that start a sentence (besides the first)."""
        n = len(texts)
        found: list[int] = []
        abbreviations = self.abbreviations
        break_next = False
        for i in range(n):
            text = texts[i]
            if spaces[i]:
                if "\n" in text:
                    break_next = True
                continue
            if break_next:
                found.append(i)
                break_next = False
            if text in _ENDERS:
                nxt = i + 1
                if text == "." and i > 0:
                    prev = texts[i - 1]
                    if prev.lower() in abbreviations:
                        continue
                    if len(prev) == 1 and prev.isupper():  # an initial: "D. Stringer"
                        continue
                if nxt >= n:
                    continue
                if texts[nxt] in _DASHES:
                    continue
                if spaces[nxt]:
                    break_next = True
                    continue
                first = texts[nxt][0]
                if first.isupper() or first.isdigit() or first in "([“\"'":
                    break_next = True
            elif text in _DASHES and i > 0 and texts[i - 1] == ".":
                break_next = True
        return found


@Language.factory(
    "gsvlms_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"abbreviations": list(DEFAULT_ABBREVIATIONS)},
)
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str]) -> CaseReportSentencizer:
    """Factory: rule-based sentence splitter for case reports."""
    return CaseReportSentencizer(abbreviations)
