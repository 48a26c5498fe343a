"""Re-join words that a typesetter hyphenated across line ends.

A line ending in ``letter-`` followed by a line starting with a lower-case letter is either a
typesetter's break (``leiomyo-`` / ``sarcoma`` → ``leiomyosarcoma``) or a real hyphen that
happened to fall at the line end (``37-year-`` / ``old`` → ``37-year-old``). Decision, first rule
that applies:

0. the continuation is ``and``/``or``/``to`` → a suspended hyphen, kept with its space
   (``intermediate-`` / ``and high-grade`` → ``intermediate- and high-grade``);
1. the continuation does not start with a lower-case letter → keep the hyphen (``GSV-`` / ``LMS``);
2. the part before the hyphen contains a digit or a hyphen, or the continuation contains a digit
   → keep (``37-year-old``, ``T2-weighted``, ``follow-up`` split as ``well-de-``/... stays);
3. the part before is all capitals or a single letter → keep (``CD-``, ``X-ray``);
4. the document itself decides: the joined word occurs elsewhere in it → join; else the hyphenated
   form (or its singular: ``follow-ups`` from ``follow-up``) occurs elsewhere → keep;
5. an English dictionary (pyspellchecker's word list) decides: the joined form is a word → join
   (``ultra-``/``sound``); else both parts are words → keep (``smooth-muscle``);
6. common compound heads (``well``, ``non``, ``self``, ``ill``, ``long``, ``short``, ``high``,
   ``low``, ``full``, ``half``, ``cross``, ``co``, ``ex``, ``post``... see `_HEADS`) or tails
   (``up``, ``like``, ``free``, ``based``, ``related``, ``old``, ``term``, ``grade``...) → keep;
7. otherwise join: in justified or ragged journal text a break inside a plain word is far more
   often the typesetter's than a compound's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["Vocabulary", "english_words", "join_lines"]

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?")
_HEADS = frozenset(
    [
        "well",
        "non",
        "self",
        "ill",
        "long",
        "short",
        "high",
        "low",
        "full",
        "half",
        "cross",
        "co",
        "ex",
        "all",
        "semi",
        "multi",
        "post",
        "pre",
        "anti",
        "inter",
        "intra",
        "extra",
        "sub",
        "super",
        "over",
        "under",
    ]
)
_TAILS = frozenset(
    [
        "up",
        "down",
        "out",
        "like",
        "free",
        "based",
        "related",
        "old",
        "term",
        "grade",
        "type",
        "shaped",
        "dependent",
        "induced",
        "associated",
        "positive",
        "negative",
        "specific",
        "year",
        "month",
        "week",
        "day",
        "time",
        "fold",
    ]
)


class Vocabulary:
    """Lower-cased words (and hyphenated compounds) seen in a document's lines.

    The fragments around a line-end hyphen (``leiomyo-`` / ``sarcoma``) are not counted: they
    are what is being decided.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        words: set[str] = set()
        broken = False
        for line in lines:
            found = _WORD.findall(line)
            if broken and found:
                found = found[1:]
            broken = line.endswith("-") and len(line) > 1 and line[-2].isalnum()
            if broken and found:
                found = found[:-1]
            for word in found:
                words.add(word.lower())
                if "-" in word:  # "non-invasive" also teaches "non" and "invasive"
                    words.update(p.lower() for p in word.split("-") if p)
        self.words = words

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.words


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """pyspellchecker's English word list (shipped in its wheel; ~0.15 s to load, once).

    Empty, with a warning, when the package is missing: hyphen decisions then rest on the
    document's own words and the compound lists.
    """
    try:
        from spellchecker import SpellChecker
    except ImportError:
        logger.warning("pyspellchecker missing: line-end hyphens judged without a dictionary")
        return frozenset()
    return frozenset(SpellChecker(distance=1).word_frequency.dictionary)


_SUSPENDED = frozenset({"and", "or", "nor", "to", "und", "et"})


def _joiner(before: str, after: str, vocabulary: Vocabulary | None) -> str:
    """What replaces the line break after ``before`` (which ends in a hyphen): "-", "" or "- "."""
    tail = _WORD.match(after)
    tail_word = tail.group(0) if tail else after
    if tail_word.lower() in _SUSPENDED:
        return "- "  # a suspended hyphen: "intermediate- and high-grade"
    if not after[:1].islower():
        return "-"
    head = before[:-1]
    fragment = re.split(r"[^\w-]", head)[-1]
    if any(c.isdigit() for c in fragment) or "-" in fragment or any(c.isdigit() for c in tail_word):
        return "-"
    if len(fragment) <= 1 or fragment.isupper():
        return "-"
    joined = (fragment + tail_word).lower()
    if vocabulary is not None:
        if joined in vocabulary:
            return ""
        stems = {tail_word, tail_word[:-1] if tail_word.endswith("s") else tail_word}
        if any(f"{fragment}-{stem}".lower() in vocabulary for stem in stems):
            return "-"
    dictionary = english_words()
    if dictionary:
        if joined in dictionary:
            return ""
        if fragment.lower() in dictionary and tail_word.lower() in dictionary:
            return "-"  # two words: a compound ("smooth-muscle", "well-differentiated")
    keep = fragment.lower() in _HEADS or tail_word.split("-")[0].lower() in _TAILS
    return "-" if keep else ""


def join_lines(lines: list[str], vocabulary: Vocabulary | None = None) -> str:
    """Join the lines of one paragraph into one line, re-joining hyphenated words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalnum():
            out = out[:-1] + _joiner(out, line, vocabulary) + line
        else:
            out = f"{out} {line}"
    return out
