"""Re-join words that a typesetter hyphenated across line ends.

A line ending in ``letter-`` followed by a line starting with a lower-case letter is either a
typesetter's break (``leiomyo-`` / ``sarcoma`` → ``leiomyosarcoma``) or a real hyphen that
happened to fall at the line end (``37-year-`` / ``old`` → ``37-year-old``). Decision, first rule
that applies:

0. the continuation is ``and``/``or``/``to`` → a suspended hyphen, kept with its space
   (``intermediate-`` / ``and high-grade`` → ``intermediate- and high-grade``);
1. the continuation does not start with a lower-case letter → keep the hyphen (``GSV-`` / ``LMS``);
2. the part before the hyphen contains a digit or a hyphen, or the continuation contains a digit
   → keep (``37-year-old``, ``T2-weighted``, ``6-cm``);
3. the part before is all capitals or a single letter, or the continuation itself holds a hyphen
   → keep (``CD-``, ``X-ray``, ``sixty-`` / ``four-year-old``);
4. the document itself decides: the joined word occurs elsewhere in it → join; else the hyphenated
   form (or its singular: ``follow-ups`` from ``follow-up``) occurs elsewhere → keep;
5. compound tails (``up``, ``like``, ``free``, ``based``, ``related``, ``old``, ``grade``... see
   `_TAILS`) and heads written hyphenated (``well``, ``non``, ``self``, ``ill``... `_HEADS`) → keep;
6. a part ending in the vowel the continuation starts with → keep (``anti-inflammatory``,
   ``intra-arterial``); else prefixes that medical English writes solid (``retro``, ``hypo``,
   ``intra``, ``sub``, ``peri``... `_SOLID_PREFIXES`) → join;
7. an English dictionary (pyspellchecker's word list) decides: the joined form is a word → join
   (``ultra-``/``sound``); else both parts are words → keep (``smooth-muscle``);
8. otherwise join: in journal text a break inside a plain word is far more often the typesetter's
   than a compound's.

Checked on corpus reports rendered as PDFs (``tests/component/test_pdf_corpus.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["Vocabulary", "english_words", "join_lines"]

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_](?:[\w'-]*[^\W_])?")
# heads normally written with a hyphen ("well-differentiated", "non-invasive", "self-limiting")
_HEADS = frozenset(
    [
        "well",
        "non",
        "self",
        "ill",
        "all",
        "half",
        "full",
        "cross",
        "long",
        "short",
        "high",
        "low",
        "ex",
    ]
)
# prefixes that medical English writes solid ("retroperitoneal", "intraluminal", "hypoechoic")
_SOLID_PREFIXES = frozenset(
    [
        "retro",
        "hyper",
        "hypo",
        "intra",
        "inter",
        "sub",
        "trans",
        "peri",
        "para",
        "ultra",
        "supra",
        "infra",
        "neo",
        "endo",
        "epi",
        "myo",
        "angio",
        "micro",
        "macro",
        "poly",
        "mono",
        "multi",
        "semi",
        "post",
        "pre",
        "anti",
        "extra",
        "over",
        "under",
        "super",
    ]
)
# tails that make compounds ("follow-up", "honeycomb-like", "tumour-free", "high-grade")
_TAILS = frozenset(
    [
        "up",
        "like",
        "free",
        "based",
        "related",
        "old",
        "grade",
        "shaped",
        "dependent",
        "induced",
        "associated",
        "positive",
        "negative",
        "specific",
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
    if len(fragment) <= 1 or fragment.isupper() or "-" in tail_word:
        return "-"  # "X-ray", "CD-", "sixty-" / "four-year-old"
    joined = (fragment + tail_word).lower()
    if vocabulary is not None:
        if joined in vocabulary:
            return ""
        stems = {tail_word, tail_word[:-1] if tail_word.endswith("s") else tail_word}
        if any(f"{fragment}-{stem}".lower() in vocabulary for stem in stems):
            return "-"
    if tail_word.lower().rstrip("s") in _TAILS or fragment.lower() in _HEADS:
        return "-"
    if fragment[-1].lower() in "aeiou" and fragment[-1].lower() == tail_word[0]:
        return "-"  # a doubled vowel is kept apart: "anti-inflammatory", "intra-arterial"
    if fragment.lower() in _SOLID_PREFIXES:
        return ""
    dictionary = english_words()
    if dictionary:
        if joined in dictionary:
            return ""
        if fragment.lower() in dictionary and tail_word.lower() in dictionary:
            return "-"  # two words: a compound ("smooth-muscle")
    return ""


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
