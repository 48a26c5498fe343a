"""Bibliographic metadata for linking: surnames and years, from a byline or a file name.

Table 1 spells some names oddly ("Dzsinch" for Dzsinich, "Ropcke" for Röpcke, "Le Minh" vs
"LeMinh"), so surnames are compared after folding accents, case, spaces and punctuation, and a
close spelling counts as a (weaker) match. Nothing here knows about files beyond a name string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import PurePath

__all__ = [
    "fold",
    "name_tokens",
    "surname_similarity",
    "SurnameMatch",
    "metadata_from_filename",
]

#: Two spellings at least this similar (difflib ratio, folded) count as the same surname.
FUZZY_SURNAME_MIN = 0.85
#: Fuzzy matching only for folded names this long; short names must match exactly.
FUZZY_MIN_LENGTH = 4

#: Score of a byline word equal to one word of a multi-word gold name.
PARTIAL_SURNAME_SCORE = 0.9

_REFERENCE = re.compile(r"\(\s*\d+[\d,\s\-–]*\)")  # "Stringer (15)" -> "Stringer"
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_FILENAME = re.compile(r"^(?P<name>.*?)[\s_\-.]*(?P<year>(?:1[89]|20|21)\d\d)(?:[a-z])?$", re.I)


def fold(text: str) -> str:
    """Lower-case ASCII letters only: 'Güner' -> 'guner', 'Le Minh' -> 'leminh'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in ascii_only.casefold() if "a" <= ch <= "z")


def name_tokens(text: str) -> list[str]:
    """Folded word tokens of a name, reference markers and initials dropped.

    'Bruce D. Stringer, M.D.' -> ['bruce', 'stringer', 'md']; 'Stringer (15)' -> ['stringer'].
    """
    text = _REFERENCE.sub(" ", text)
    text = re.sub(r"\b[A-Za-z]\.(?:\s*[A-Za-z]\.)*", " ", text)  # initials like "M. S." / "M.D."
    tokens = [fold(token) for token in _TOKEN.findall(text)]
    return [token for token in tokens if len(token) > 1]


@dataclass(frozen=True, slots=True)
class SurnameMatch:
    """How well a gold surname matches a byline: ``score`` 1.0 exact, 0 no match."""

    score: float
    gold: str
    matched: str

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


@lru_cache(maxsize=8192)  # pure; linking asks the same pairs for every patient
def surname_similarity(gold_author: str, byline: str) -> SurnameMatch:
    """Best match of the gold surname against any run of 1-3 words of ``byline``.

    The gold side ("Le Minh (30)", "van Marle") is folded whole; the byline ("T. Le Minh et al",
    "ZHANG Li, WANG Jian-guo") is tried word run by word run, so first names and co-authors do
    not hide the surname. Exact folded equality scores 1.0; otherwise the difflib ratio counts if
    it reaches `FUZZY_SURNAME_MIN` and the name has at least `FUZZY_MIN_LENGTH` letters.
    """
    gold = "".join(name_tokens(gold_author))
    tokens = name_tokens(byline)
    if not gold or not tokens:
        return SurnameMatch(0.0, gold, "")
    best = SurnameMatch(0.0, gold, "")
    for size in (1, 2, 3):
        for start in range(0, max(len(tokens) - size + 1, 0)):
            candidate = "".join(tokens[start : start + size])
            if candidate == gold:
                return SurnameMatch(1.0, gold, candidate)
            if len(gold) < FUZZY_MIN_LENGTH or len(candidate) < FUZZY_MIN_LENGTH:
                continue
            ratio = SequenceMatcher(None, gold, candidate).ratio()
            if ratio >= FUZZY_SURNAME_MIN and ratio > best.score:
                best = SurnameMatch(round(ratio, 3), gold, candidate)
    if best.score == 0.0:
        # One word of a multi-word gold name ("Atieh" of "Ammar Atieh", "Marle" of "van Marle").
        parts = [part for part in name_tokens(gold_author) if len(part) >= FUZZY_MIN_LENGTH]
        if len(parts) > 1:
            for part in parts:
                if part in tokens:
                    return SurnameMatch(PARTIAL_SURNAME_SCORE, gold, part)
    return best


@lru_cache(maxsize=4096)
def metadata_from_filename(source: str) -> tuple[str | None, int | None]:
    """(surname, year) from a file name such as 'stringer1977.pdf' or 'Le_Minh_2004.txt'.

    Returns ``(None, None)`` when the stem does not end in a plausible publication year.
    The surname is returned as written (spaces for separators), or ``None`` if empty.
    """
    stem = PurePath(source).stem
    match = _FILENAME.match(stem)
    if not match:
        return None, None
    name = re.sub(r"[\s_\-.]+", " ", match.group("name")).strip()
    return (name or None), int(match.group("year"))
