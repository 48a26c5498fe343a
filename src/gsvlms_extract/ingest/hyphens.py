"""Re-join words that a typesetter hyphenated across line ends.

A line ending in ``letter-`` followed by a line starting with a lower-case letter is either a
typesetter's break (``leiomyo-`` / ``sarcoma`` → ``leiomyosarcoma``) or a real hyphen that
happened to fall at the line end (``37-year-`` / ``old`` → ``37-year-old``). Decision, first rule
that applies:

0. the continuation is ``and``/``or``/``to`` → a suspended hyphen, kept with its space
   (``intermediate-`` / ``and high-grade`` → ``intermediate- and high-grade``);
1. an upper-case word whose joined form is a word of the document or the dictionary → join
   (``LIT-`` / ``ERATURE`` in a heading); otherwise a continuation that does not start with a
   lower-case letter → keep the hyphen (``GSV-`` / ``LMS``);
2. the part before the hyphen or the continuation contains a digit → keep (``37-year-old``,
   ``T2-weighted``, ``6-cm``); a part before that holds a hyphen itself joins only when its last
   piece and the continuation make a known word (``near-com-`` / ``plete`` → ``near-complete``;
   ``thoraco-abdomino-`` / ``pelvic`` keeps its hyphen);
3. the continuation holds a hyphen → keep (``sixty-`` / ``four-year-old``) unless the first
   piece written solid is a word of the document or the dictionary (``honey-`` / ``comb-like``,
   ``Con-`` / ``trast-enhanced``); the
   part before is all capitals or a single letter → keep (``CD-``, ``X-ray``);
4. the document itself decides: the joined word occurs elsewhere in it → join; else the hyphenated
   form (or its singular: ``follow-ups`` from ``follow-up``) occurs elsewhere → keep;
5. compound tails (``up``, ``like``, ``free``, ``based``, ``related``, ``old``, ``grade``... see
   `_TAILS`) → keep; heads written hyphenated (``well``, ``non``, ``self``, ``ill``, ``ex``...
   `_HEADS`) → keep when the continuation is a word itself (``ex-`` / ``ertional`` is not);
6. a part ending in the vowel the continuation starts with → keep (``anti-inflammatory``,
   ``intra-arterial``); else prefixes that medical English writes solid (``retro``, ``hypo``,
   ``intra``, ``sub``, ``peri``... `_SOLID_PREFIXES`) → join;
7. an English dictionary (pyspellchecker's word list) decides: the joined form is a word → join
   (``ultra-``/``sound``); else both parts are words → keep (``smooth-muscle``);
8. otherwise join: in journal text a break inside a plain word is far more often the typesetter's
   than a compound's.

A hyphen and a space inside a line, left by a reflow of hyphenated text (``leio- myosarcoma``,
``reconstruc- tion``), joins when the joined form is a word and the part before is not
(`join_inline_breaks`); ``intermediate- and high-grade`` and ``well- known`` stay.

A line ending in a slash after a letter (``Lung/`` / ``liver``), or in a hyphen after a sign
(``5%-`` / ``10%``), joins without a space. A line
that the PDF reader knows ends in the producer's discretionary hyphen (``soft``) joins without
the hyphen, whatever the rules say.

Checked on corpus reports rendered as PDFs (``tests/component/test_pdf_corpus.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = ["Vocabulary", "english_words", "join_inline_breaks", "join_lines"]

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
    if _capitals_broken(before[:-1], tail_word, vocabulary):
        return ""  # "LIT-" / "ERATURE" in an upper-case heading
    if not after[:1].islower():
        return "-"
    head = before[:-1]
    fragment = re.split(r"[^\w-]", head)[-1]
    if any(c.isdigit() for c in fragment) or any(c.isdigit() for c in tail_word):
        return "-"
    if "-" in fragment:  # a break in the last part of a compound: "near-com-" / "plete"
        fragment = fragment.rsplit("-", 1)[1]
        solid = (fragment + tail_word).lower()
        known = (vocabulary is not None and solid in vocabulary) or solid in english_words()
        return "" if fragment and known else "-"  # not "thoraco-abdomino-" / "pelvic"
    if "-" in tail_word:  # "sixty-" / "four-year-old" unless the first piece is a word solid
        solid = (fragment + tail_word.split("-", 1)[0]).lower()
        known = (vocabulary is not None and solid in vocabulary) or solid in english_words()
        return "" if known else "-"
    if len(fragment) <= 1 or fragment.isupper():
        return "-"  # "X-ray", "CD-"
    joined = (fragment + tail_word).lower()
    if vocabulary is not None:
        if joined in vocabulary:
            return ""
        stems = {tail_word, tail_word[:-1] if tail_word.endswith("s") else tail_word}
        if any(f"{fragment}-{stem}".lower() in vocabulary for stem in stems):
            return "-"
    if tail_word.lower().rstrip("s") in _TAILS:
        return "-"
    if fragment.lower() in _HEADS and _is_word(tail_word, vocabulary):
        return "-"  # "well-" / "defined"; not "ex-" / "ertional"
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


def _is_word(word: str, vocabulary: Vocabulary | None) -> bool:
    word = word.lower()
    dictionary = english_words()
    return (vocabulary is not None and word in vocabulary) or word in dictionary or not dictionary


def _capitals_broken(head: str, tail_word: str, vocabulary: Vocabulary | None) -> bool:
    """An upper-case word broken by the typesetter: both parts capitals and the joined word a
    word of the document or the dictionary (``LIT-`` / ``ERATURE``; ``GSV-`` / ``LMS`` stays)."""
    fragment = re.split(r"[^\w]", head)[-1]
    if not (fragment.isalpha() and tail_word.isalpha() and fragment.isupper()):
        return False
    if not tail_word.isupper() or len(fragment) < 2 or len(tail_word) < 2:
        return False
    joined = fragment + tail_word
    return (vocabulary is not None and joined in vocabulary) or joined.lower() in english_words()


_INLINE_BREAK = re.compile(r"(?<![\w-])([A-Za-z]{2,})- ([a-z]{2,})\b")


def join_inline_breaks(line: str) -> str:
    """Re-join words broken by a hyphen and a space inside a line (module docstring)."""
    if "- " not in line or not _INLINE_BREAK.search(line):
        return line
    from gsvlms_extract.ingest.repair import lexicon

    lex = lexicon()

    def joined(match: re.Match[str]) -> str:
        head, tail = match.groups()
        if tail in _SUSPENDED or lex.is_word(head) or not lex.is_word(head + tail):
            return match.group(0)
        return head + tail

    return _INLINE_BREAK.sub(joined, line)


def join_lines(
    lines: list[str], vocabulary: Vocabulary | None = None, soft: Sequence[bool] | None = None
) -> str:
    """Join the lines of one paragraph into one line, re-joining hyphenated words.

    ``soft[k]`` true: line ``k`` ends in the producer's own discretionary hyphen (PDF readers
    know it from the character code), so the word is re-joined without asking `_joiner`.
    """
    out = ""
    soft_end = False
    for k, line in enumerate(lines):
        line = line.strip()
        was_soft, soft_end = soft_end, bool(soft and k < len(soft) and soft[k])
        if not line:
            continue
        if not out:
            out = line
        elif was_soft and out.endswith("-") and line[:1].isalnum():
            out = out[:-1] + line
        elif len(out) >= 2 and out.endswith("-") and out[-2].isalnum():
            out = out[:-1] + _joiner(out, line, vocabulary) + line
        elif len(out) >= 2 and out.endswith("/") and out[-2].isalnum() and line[:1].isalnum():
            out += line  # a break after a slash: "Lung/" / "liver"
        elif len(out) >= 2 and out.endswith("-") and out[-2] in "%)]" and line[:1].isalnum():
            out += line  # a break after a hyphen that follows a sign: "5%-" / "10%"
        else:
            out = f"{out} {line}"
    return join_inline_breaks(out)
