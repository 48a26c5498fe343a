"""Undo journal typesetting so every input (text or PDF) speaks the same plain text.

Decisions (each is what `normalize_text` does, in this order):

- Unicode NFC first, so accented letters are single code points (``Güner`` stays ``Güner``).
- Soft hyphens (U+00AD) and zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) are removed.
- Every Unicode space (NBSP, thin, hair, figure, narrow NBSP, em/en spaces, ideographic) → `` ``.
- Hyphen-like dashes → ``-``: hyphen U+2010, non-breaking hyphen U+2011, figure dash U+2012,
  en dash U+2013 (ranges: ``5–10%`` → ``5-10%``), Unicode minus U+2212 (``CK (−)`` → ``CK (-)``),
  small/full-width hyphen-minus. Em dash U+2014 and horizontal bar U+2015 are punctuation between
  words, so they become `` - `` (spaced) to keep the words apart.
- The raised decimal point between digits (``2·5 cm``, ``2 · 5``) → ``.``; a typewriter's
  double hyphen between words (``Course.--No``) → `` - ``.
- Smart quotes → ASCII: ``‘ ’ ‚ ‛ ′`` → ``'`` and ``“ ” „ ‟ ″`` → ``"``.
- ``×`` is kept as ``×``; ``x`` between numbers is left alone (the NLP stage reads both).
- Reference markers: a run of superscript digits (with superscript/ASCII commas and dashes between
  them) glued to the end of a word is a citation and is dropped (``sarcoma¹²`` → ``sarcoma``,
  ``vein¹˒³`` → ``vein``, ``tumour.⁴`` → ``tumour.``). It is KEPT when it is an exponent: directly
  after a digit (``10⁹/L``) or after a unit of length/volume (``cm²``, ``mm³``, ``m²``, ``µm²``).
  Kept exponents stay as Unicode superscripts (NFKC would turn ``cm²`` into ``cm2``).
- Compatibility characters are then mapped one by one with NFKC (ligatures ``ﬁ ﬂ ﬀ ﬃ ﬄ`` →
  ``fi fl ff ffi ffl``, full-width forms, ``™`` → ``TM``, ``µ`` → ``μ``), except the superscripts,
  subscripts and vulgar fractions (``½``) whose NFKC forms would change a number's meaning.
- OCR damage is repaired line by line when asked (``repair=True``, as `normalize_line` does for
  every line of a text file or PDF): letter-spaced, split, run-together and misread words, by
  the rules of `gsvlms_extract.ingest.repair` (which sees the line before its spaces collapse,
  since wide gaps separate letter-spaced words).
- Line ends are ``\\n``; runs of spaces/tabs inside a line collapse to one space; lines are
  stripped.
  (Table-cell indentation is added back by the block assembler, not here.)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gsvlms_extract.ingest.repair import repair_line

__all__ = ["normalize_text", "normalize_line"]

_REMOVE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
    "\u3000"
)
_MAP = {
    **{ord(c): " " for c in _SPACES},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d\u2043"},
    **{ord(c): " - " for c in "\u2014\u2015"},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
}

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# characters whose NFKC form would change the meaning of a number: keep as printed
_KEEP = (
    set(SUPERSCRIPT_DIGITS + "⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
    | {c for c in map(chr, range(0x00BC, 0x00BF))}
    | {chr(c) for c in range(0x2150, 0x2160)}
)
_UNITS = r"(?:cm|mm|m|km|dm|µm|μm|nm|in|ft|L|mL|dL|l|ml|dl)"
# a reference-marker run: superscript digits, maybe joined by commas/dashes (plain or superscript)
_REF_RUN = re.compile(
    rf"(?P<before>[^\s\d{SUPERSCRIPT_DIGITS}]|^)"
    rf"(?P<run>[{SUPERSCRIPT_DIGITS}]+(?:[,\u02d2\u207b\-–][{SUPERSCRIPT_DIGITS}]+)*)"
)
_UNIT_BEFORE = re.compile(rf"(?:^|[^A-Za-zµμ]){_UNITS}$")
_MULTISPACE = re.compile(r"[ \t\f\v]+")


@lru_cache(maxsize=4096)
def _compat(ch: str) -> str:
    if ch in _KEEP or unicodedata.combining(ch):
        return ch
    return unicodedata.normalize("NFKC", ch)


#: the raised decimal point of older British typesetting between two digits: "2·5 cm", "2 · 5"
_RAISED_POINT = re.compile(r"(?<=\d) ?[·•∙] ?(?=\d)")
#: a typewriter's dash between words or after a full stop: "Course.--No irradiation was given"
_DOUBLE_HYPHEN = re.compile(r"(?<=[\w.)]) ?-{2,3} ?(?=\w)")


def _drop_reference_markers(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        before = match.group("before")
        start = match.start("run")
        if not before:  # superscript at line start: not glued to a word
            return match.group(0)
        if _UNIT_BEFORE.search(text[max(0, start - 4) : start]):
            return match.group(0)  # exponent of a unit: cm², mm³
        return before

    return _REF_RUN.sub(replace, text)


def normalize_line(line: str) -> str:
    """Normalize one line of a document (no newlines inside), OCR repair included; see the
    module docstring for every rule."""
    return normalize_text(line, repair=True)


def normalize_text(text: str, *, repair: bool = False) -> str:
    """Return ``text`` with journal typesetting undone (rules in the module docstring).

    Newlines are preserved as ``\\n`` (``\\r\\n``/``\\r``/U+2028/U+2029 become ``\\n``); each
    line is stripped and its inner runs of blanks collapsed to one space. ``repair`` also
    repairs OCR damage (`gsvlms_extract.ingest.repair.repair_line`) in every line.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\x85", "\n")
    text = text.translate(_REMOVE).translate(_MAP)
    text = _drop_reference_markers(text)
    text = _RAISED_POINT.sub(".", text)
    text = _DOUBLE_HYPHEN.sub(" - ", text)
    if not text.isascii():
        text = "".join(_compat(c) if ord(c) > 127 else c for c in text)
        text = text.translate(_MAP)  # NFKC can produce NBSP-like spaces again
    lines = text.split("\n")
    if repair:
        lines = [repair_line(line.replace("\t", " ")) for line in lines]
    return "\n".join(_MULTISPACE.sub(" ", line).strip() for line in lines)
