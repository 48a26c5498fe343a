"""`gsvlms_sentencizer`: rule-based sentence splitting for case reports.

Splits after ``.``, ``!`` and ``?`` when the next word starts a sentence, and at every line
break, but not after abbreviations clinicians use inside sentences ("Fig.", "et al.",
"approx.", "vs.", initials like "D."), and never inside numbers ("5.9 cm", tokenized whole).
A run-in heading ("Operation.—Under ...") ends its own sentence, and so does a title run into
the first sentence without a stop ("... mimicking a soft-tissue tumour A 52-year-old woman").

Chosen over PyRuSH for speed; see ``scripts/bench_nlp.py`` for the measurement.
"""

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
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
#: "A 52-year-old woman" after a lower-case word: a patient introduced after an unstopped title
_ARTICLES = frozenset({"A", "An"})
_AGE_UNITS = frozenset({"year", "years", "yr", "month", "months"})
_DASHES = frozenset({"—", "–"})


def _introduces_after_title(words: list[str]) -> bool:
    """``words`` (previous, "A", "52", "-", "year") open "A 52-year-old ..." right after a
    lower-case word."""
    previous, _, number, dash, unit = words
    return (
        previous.isalpha()
        and previous.islower()
        and number.isdigit()
        and dash == "-"
        and unit.lower() in _AGE_UNITS
    )


class CaseReportSentencizer:
    """Set ``Token.is_sent_start`` on every token (a full sentence segmentation).

    Only the tokens that can end a sentence (line breaks, ``.``, ``!``, ``?``, a dash after a
    period) are looked at in Python; the rest is array work.
    """

    def __init__(self, abbreviations: list[str]):
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        starts = numpy.full((n, 1), -1, dtype="int64")
        starts[0, 0] = 1
        for i in self._boundaries(doc):
            starts[i, 0] = 1
        doc.from_array([SENT_START], starts.view("uint64"))
        return doc

    def _boundaries(self, doc: Doc) -> list[int]:
        """Indices of tokens that start a sentence (besides the first)."""
        n = len(doc)
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, IS_SPACE])
        space_column = columns[:, 1].astype(bool)
        marks = numpy.isin(columns[:, 0], [strings[t] for t in (*_ENDERS, *_DASHES, *_ARTICLES)])
        candidates = numpy.flatnonzero(marks | space_column).tolist()
        words = numpy.flatnonzero(~space_column)  # the tokens a pending break lands on
        orths = columns[:, 0].tolist()
        spaces = space_column.tolist()
        text = strings.__getitem__
        abbreviations = self.abbreviations
        breaks: list[int] = []  # tokens after which the next word starts a sentence
        for i in candidates:
            current = text(orths[i])
            if spaces[i]:
                if "\n" in current:
                    breaks.append(i)
                continue
            if current in _ARTICLES:
                if 0 < i < n - 3 and _introduces_after_title(
                    [text(o) for o in orths[i - 1 : i + 4]]
                ):
                    breaks.append(i - 1)
                continue
            if current in _ENDERS:
                nxt = i + 1
                if current == "." and i > 0:
                    prev = text(orths[i - 1])
                    if prev.lower() in abbreviations:
                        continue
                    if len(prev) == 1 and prev.isupper():  # an initial: "D. Stringer"
                        continue
                if nxt >= n:
                    continue
                following = text(orths[nxt])
                if following in _DASHES:
                    continue
                if spaces[nxt]:
                    breaks.append(i)
                    continue
                first = following[0]
                if first.isupper() or first.isdigit() or first in "([“\"'":
                    breaks.append(i)
            elif i > 0 and text(orths[i - 1]) == ".":  # a dash after a period
                breaks.append(i)
        if not breaks:
            return []
        positions = numpy.searchsorted(words, numpy.asarray(breaks), side="right")
        return sorted({int(words[p]) for p in positions.tolist() if p < len(words)})


@Language.factory(
    "gsvlms_sentencizer",
    assigns=["token.is_sent_start"],
    default_config={"abbreviations": list(DEFAULT_ABBREVIATIONS)},
)
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str]) -> CaseReportSentencizer:
    """Factory: rule-based sentence splitter for case reports."""
    return CaseReportSentencizer(abbreviations)
