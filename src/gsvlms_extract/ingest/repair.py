"""Repair the text layer of OCR'd scans: words letter-spaced, split, run together or misread.

One line at a time, before blocks and offsets exist (so evidence offsets, which point into
`Document.text`, and the PDF page map are built on the repaired text). Language-neutral
typesetting is `normalize`'s job; this module only re-spells words, and only when an English
word list says so. Decisions, in this order (each is conservative: when in doubt, nothing
changes):

1. **Letter-spaced runs** (``L E I O M Y O S A R C O M A``, ``S a p h e n o u s``): three or more
   single letters separated by single spaces are joined when the result is a word; a wider gap
   (two or more spaces), or a capital after a small letter (``C a s e R e p o r t``), separates
   words. A run without wide gaps that is not one word is
   segmented into words (``T H E G R E A T`` → ``THE GREAT``) when every piece is a word.
   A line that is only two spaced letters of one case forming a two-letter function word
   (``O F``, ``I N``) is joined too: a PDF reader cuts a letter-spaced title at its wide gaps,
   and those pieces are read one by one.
2. **Split words** (``w ithout``, ``sa phenous``): two or three adjacent tokens are joined when
   the joined form is a word and at least one piece is not (``of ten`` stays). Three pieces
   join only into a common word and when at most one of them is a word (``w ith in`` →
   ``within``, but ``w ell and`` → ``well and``); pieces that are all single letters never
   join here. A lone capital, or a lone letter after a number (a unit), joins only pieces that
   are not words either (``B and`` and ``24 h and`` stay, ``w oman`` and ``tw o`` join). A gap
   left by a dropped ligature is filled (``signi cant`` → ``significant``).
3. **Misread characters** in a token that is not a word: ``rn``/``m``, ``cl``/``d``,
   ``vv``/``w``, ``li``/``h``, ``ri``/``n``, ``I``/``l`` inside a lower-case word, one or two
   digits ``1``/``0`` between two letters (``c1inical``, ``p0pliteal``, ``fo11owing``) and a
   dropped ``fi``/``fl`` ligature (``signicant``): the change is made when exactly one
   corrected form is a word. Tokens of fewer than five letters are left alone (``Clin``,
   ``Hb`` are abbreviations), but for a lower-case ``rn`` in four letters (``rnan``). One
   ``1``/``0`` at the edge of a token of three letters or more
   (``1eft``, ``1ong``, ``Uneventfu1``) becomes the letter when exactly one reading is a word;
   a digit next to a digit is never touched (``10cm``, ``T1N0M0``, ``1st``).
3b. **Measurements**: an ``l``, ``I`` or ``|`` standing for a ``1`` in a number next to ``x``
   or before ``cm``/``mm`` (``ll x 8 x 7 cm``, ``4 x l.5 cm``) becomes ``1``; these are the only
   digits a repair produces.
4. **Run-together words** (``theleft``, ``greatsaphenous``): a token that is not a word is split
   into its most probable two to four words when every neighbouring pair is a known English
   bigram (symspellpy's bigram list: ``the left``, ``patient was``), a function word from
   ``data/function_words.txt`` before a word of four letters or more (``the tumor``), or a
   very common word before a medical word (``great saphenous``, not ``lymph oedema``). The
   first piece of a pair is never a combining form (``data/affixes.txt``: ``hyper``,
   ``macro``, ``over``), only the first piece may be shorter than three letters, and a token
   starting ``a``/``an`` never splits there. Medical compounds therefore stay whole
   (``contralateral``, ``tibialis``, ``echocardiogram``, ``apyrexia``). A capitalised token is
   split only after a leading function word and into words of five letters or more
   (``Thepatient``, never ``Inman`` or ``Andover``).

Word lists (all shipped in packages, nothing is downloaded):

- *words* (what a repair may produce): symspellpy's English frequency dictionary (82,765 words
  from Google Books n-grams intersected with SCOWL; clean of OCR debris such as ``ith``) plus
  ``data/medical_words.txt``;
- *known* spellings (never altered or split): the words above plus pyspellchecker's list (which
  also holds abbreviations and rare words).

The first word of a line, when it starts in lower case, and a last word ending in ``-`` are not
split or joined to a neighbour on their own account, and the first word is re-spelled only when
it has seven letters or more (``treatrnent was given``): they may be the halves of a word
hyphenated across two lines, which the line joiner (`gsvlms_extract.ingest.hyphens`) puts
back together (``proxi-`` / ``mal one``, not ``malone``).

A line in another language is left alone: a word-level repair is kept only when the repaired
line reads as English (py3langid says English and half its words are known, or 80% of its
words are known; a line under 20 letters needs half its words known). Numbers, units and
anything with a digit outside a word are never changed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from gsvlms_extract.ingest.hyphens import english_words

__all__ = ["Lexicon", "lexicon", "repair_line", "segment"]

_MEDICAL_COUNT = 1_000_000  # medical words count as common words when segmenting
_COMMON = 1_000_000  # symspell count above which a word is "common" (e.g. "tumour" 1.2M)
_VERY_COMMON = 10_000_000  # "great", "left", "long" before a medical word; not "lymph" (1.8M)
_MAX_WORD = 24  # longest piece tried when segmenting
_LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")
# misread characters: (as printed, as meant)
_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("vv", "w"), ("li", "h"), ("ri", "n"))
_DIGIT_LETTERS = {"1": ("l", "i"), "0": ("o",)}
_SPACED = re.compile(r"(?<!\w)[^\W\d_](?: {1,8}[^\W\d_]){2,}(?!\w)")
_WIDE = re.compile(r" {2,}")
_CASE_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: a 1/0 between letters ("c1inical") or at the edge of a run of three letters or more
#: ("1eft", "Uneventfu1"), not next to another digit ("10cm", "1st" are left alone)
_DIGIT_IN_WORD = re.compile(
    r"[^\W\d_][10]{1,2}[^\W\d_]|(?<![\w.,])[10][^\W\d_]{3,}\b|\b[^\W\d_]{3,}[10](?![\w.,])"
)
_DIGIT_RUN = re.compile(r"\d+")
_SPACED_HINT = re.compile(r"\b[A-Z]{1,3} [A-Z]{1,3}\b")  # capitals that may be split pieces
_ALPHA = re.compile(r"[^\W\d_]+")
_ALNUM = re.compile(r"[^\W_]+")
_EDGE = re.compile(r"^(?P<pre>\W*)(?P<core>.*?)(?P<post>\W*)$", re.DOTALL)
_MIN_ENGLISH_SHARE = 0.5
_ENGLISH_SHARE = 0.8
_SHORT_LINE = 20  # letters: below this the language identifier is not asked


@dataclass(frozen=True)
class Lexicon:
    """The word lists a repair consults (see the module docstring)."""

    counts: dict[str, int]  # words a repair may produce, with a frequency
    known: frozenset[str]  # spellings never altered (words plus the broad list)
    function: frozenset[str]
    medical: frozenset[str]
    affixes: frozenset[str]
    total: int

    def is_word(self, word: str) -> bool:
        return word.lower() in self.counts

    def is_known(self, word: str) -> bool:
        low = word.lower()
        return low in self.counts or low in self.known

    def bigrams(self) -> frozenset[tuple[str, str]]:
        """symspellpy's English bigrams (242,342 pairs), loaded on first use (0.2 s)."""
        return _bigrams()

    def cost(self, word: str) -> float:
        """Negative log-probability of a word (for segmentation)."""
        return math.log(self.total / self.counts[word])


def _data_words(name: str) -> frozenset[str]:
    text = resources.files("gsvlms_extract.ingest").joinpath("data", name).read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@lru_cache(maxsize=1)
def _bigrams() -> frozenset[tuple[str, str]]:
    path = resources.files("symspellpy").joinpath("frequency_bigramdictionary_en_243_342.txt")
    pairs = (line.split(" ", 2)[:2] for line in path.read_text("utf-8").splitlines())
    return frozenset((p[0], p[1]) for p in pairs if len(p) == 2)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the word lists once per process (about 0.1 s plus pyspellchecker's 0.15 s)."""
    path = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    counts: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines():
        word, _, count = line.partition(" ")
        if len(word) > 1 or word in ("a", "i"):
            counts[word] = int(count)
    medical = _data_words("medical_words.txt")
    for word in medical:
        counts[word] = max(counts.get(word, 0), _MEDICAL_COUNT)
    function = _data_words("function_words.txt")
    known = frozenset(english_words()) | medical
    affixes = _data_words("affixes.txt")
    return Lexicon(counts, known, function, medical, affixes, sum(counts.values()))


def segment(word: str, lex: Lexicon, max_parts: int = 4) -> list[str] | None:
    """Most probable split of ``word`` (lower case) into words of ``lex``, or None.

    Pieces of one letter are allowed only for ``a``; ``None`` when no split covers the word or
    it needs more than ``max_parts`` pieces.
    """
    n = len(word)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            prev = best[start]
            piece = word[start:end]
            if prev is None or piece not in lex.counts or (len(piece) == 1 and piece != "a"):
                continue
            score = prev[0] + lex.cost(piece)
            current = best[end]
            if current is None or score < current[0]:
                best[end] = (score, start)
    if best[n] is None:
        return None
    parts: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]  # type: ignore[index]
        parts.append(word[start:end])
        end = start
    parts.reverse()
    return parts if len(parts) <= max_parts else None


def _recase(word: str, model: str) -> str:
    """``word`` (lower case) in the case pattern of ``model`` (UPPER, Capitalised or lower)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _case_ok(letters: str) -> bool:
    """One case pattern: all upper, all lower, or one capital then lower case."""
    return (
        letters.isupper() or letters.islower() or (letters[0].isupper() and letters[1:].islower())
    )


# -- 1. letter-spaced runs -------------------------------------------------------------------


def _spaced_group(letters: str, lex: Lexicon, alone: bool) -> str | None:
    low = letters.lower()
    if low in lex.counts and (len(low) >= 3 or not alone):
        return letters
    if len(low) < 6:
        return None
    parts = segment(low, lex, max_parts=max(2, len(low) // 3))
    if parts is None or len(parts) < 2 or any(len(p) == 1 and p != "a" for p in parts):
        return None
    out, at = [], 0
    for part in parts:
        out.append(letters[at : at + len(part)])
        at += len(part)
    return " ".join(out)


#: a piece of a letter-spaced title on its own: "O F", "I N" (see rule 1)
_SPACED_PAIR = re.compile(r"^(\s*)([A-Za-z]) ([A-Za-z])(\W?\s*)$")
_PAIR_WORDS = frozenset({"of", "in", "on", "at", "to", "by", "is", "an", "as", "or"})


def _fix_spaced(line: str, lex: Lexicon) -> str:
    pair = _SPACED_PAIR.match(line)
    if pair:
        first, second = pair.group(2), pair.group(3)
        if (first + second).lower() in _PAIR_WORDS and first.isupper() == second.isupper():
            return pair.group(1) + first + second + pair.group(4)

    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        if not set(run.replace(" ", "")) - set("aAI"):
            return run  # "a I a": English single-letter words, not spacing
        groups = [g.replace(" ", "") for g in _WIDE.split(run)]
        # "C a s e R e p o r t": a capital after a small letter starts a word
        groups = [part for g in groups for part in _CASE_BREAK.split(g) if part]
        out = []
        for group in groups:
            fixed = _spaced_group(group, lex, alone=len(groups) == 1) if _case_ok(group) else None
            out.append(fixed if fixed is not None else " ".join(group))
        return " ".join(out)

    return _SPACED.sub(replace, line)


# -- 2-4. word-level repairs ------------------------------------------------------------------


@dataclass
class _Token:
    pre: str
    core: str
    post: str

    @property
    def text(self) -> str:
        return self.pre + self.core + self.post

    @property
    def alpha(self) -> bool:
        return bool(self.core) and self.core.isalpha()


def _tokens(line: str) -> list[_Token]:
    out = []
    for raw in line.split():
        match = _EDGE.match(raw)
        assert match is not None
        out.append(_Token(match.group("pre"), match.group("core"), match.group("post")))
    return out


def _join_windows(tokens: list[_Token], lex: Lexicon) -> bool:
    """Join split words in place (rule 2); True when something changed."""
    # only a window holding a piece that is not a word can join: find those pieces first
    odd = [t.alpha and not _piece_is_word(t.core.lower(), lex) for t in tokens]
    # halves of a word hyphenated across lines are the line joiner's: a lower-case first token
    # ("proxi-" / "mal one" is not "malone") and a last token ending in "-" ("no lo-" / "cal")
    if tokens and tokens[0].core[:1].islower():
        odd[0] = False
    if tokens and tokens[-1].post.endswith("-"):
        odd[-1] = False
    if not any(odd):
        return False
    changed = False
    i = 0
    while i < len(tokens):
        if not any(odd[i : i + 3]):
            i += 1
            continue
        after_number = i > 0 and any(c.isdigit() for c in tokens[i - 1].core)
        for k in (3, 2):
            window = tokens[i : i + k]
            if len(window) < k or not any(odd[i : i + k]) or not _joinable(window):
                continue
            joined = _joined(window, lex, after_number)
            if joined is not None:
                first, last = window[0], window[-1]
                tokens[i : i + k] = [_Token(first.pre, joined, last.post)]
                odd[i : i + k] = [False]
                changed = True
                break
        i += 1
    return changed


def _joinable(window: list[_Token]) -> bool:
    if not all(t.alpha for t in window) or all(len(t.core) == 1 for t in window):
        return False  # single letters only: letter-spacing (rule 1) decided already
    if window[0].post or any(t.pre for t in window[1:]) or any(t.post for t in window[1:-1]):
        return False
    first, rest = window[0].core, "".join(t.core for t in window[1:])
    if first.isupper() and len(first) > 1:
        return rest.isupper()
    return rest.islower() and _case_ok(first)


def _piece_is_word(piece: str, lex: Lexicon) -> bool:
    """A piece of a split word is a word of its own: in the clean list, or known and longer
    than three letters (the broad list also holds OCR debris such as "w" or "rn")."""
    return piece in lex.counts or (len(piece) > 3 and piece in lex.known)


def _joined(window: list[_Token], lex: Lexicon, after_number: bool) -> str | None:
    cores = [t.core for t in window]
    parts = [c.lower() for c in cores]
    words = [_piece_is_word(p, lex) for p in parts]
    if all(words):
        return None  # every piece is a word already: "of ten", "a typical"
    if any(words) and any(
        len(c) == 1 and (c.isupper() or after_number) and not w
        for c, w in zip(cores, words, strict=True)
    ):
        return None  # a label ("types A, B and C") or a unit ("150 g and", "24 h and")
    if len(parts) == 3 and sum(words) > 1:
        return None  # "w ell and" is "well and", not "Welland"
    shortest = 4 if any(words) else 3  # "tw o" -> "two"
    fills = ("",) + (_LIGATURES if len(parts) == 2 else ())
    for fill in fills:
        low = fill.join(parts)
        if len(low) < shortest or low not in lex.counts:
            continue
        if len(parts) == 3 and lex.counts[low] < _COMMON:
            continue  # three pieces make a common word only ("w ith in" -> "within")
        return _recase(low, cores[0] + cores[1])
    return None


def _confusion_candidates(core: str) -> Iterator[str]:
    low = core.lower()
    for wrong, right in _CONFUSIONS:
        at = low.find(wrong)
        while at >= 0:
            yield low[:at] + right + low[at + len(wrong) :]
            at = low.find(wrong, at + 1)
    if len(low) >= 5 and low.isalpha():
        for at in range(2, len(low) - 1):
            for fill in ("fi", "fl"):
                yield low[:at] + fill + low[at:]


def _digit_candidates(core: str) -> Iterator[str]:
    """``c1inical`` → ``clinical``, ``fo11owing`` → ``following``: a run of one or two digits
    1/0 with a letter on both sides becomes letters."""
    letters = sum(c.isalpha() for c in core)
    runs = list(_DIGIT_RUN.finditer(core))
    if letters < 3 or not runs or sum(len(r.group()) for r in runs) > 2:
        return
    if len(runs) == 1 and len(runs[0].group()) == 1 and letters >= 3:
        start, end = runs[0].span()
        if (start == 0 or end == len(core)) and (core[:start] + core[end:]).isalpha():
            # "1eft", "1ong", "Uneventfu1": one digit at the edge of an otherwise letter token
            if runs[0].group() in _DIGIT_LETTERS:
                yield from (
                    core[:start].lower() + letter + core[end:].lower()
                    for letter in _DIGIT_LETTERS[runs[0].group()]
                )
            return
    for run in runs:
        start, end = run.span()
        if start == 0 or end == len(core) or not core[start - 1].isalpha():
            return
        if not core[end].isalpha() or set(run.group()) - set(_DIGIT_LETTERS):
            return
    digits = {i for r in runs for i in range(*r.span())}
    options: list[str] = [""]
    for i, c in enumerate(core.lower()):
        choices = _DIGIT_LETTERS[c] if i in digits else (c,)
        options = [o + ch for o in options for ch in choices]
    yield from options


def _misread(core: str, lex: Lexicon) -> str | None:
    """Rule 3: the one word a misread token stands for, or None."""
    if len(core) < 3 or not _ALNUM.fullmatch(core):
        return None
    if (
        len(core) < 5
        and core.isalpha()
        and not (len(core) == 4 and core.islower() and "rn" in core)
    ):
        return None  # "Clin", "Hb": short tokens are abbreviations more often than misreadings
        # (a lower-case "rnan" or "sorne" is no abbreviation: "rn" for "m" is tried)
    if any(c.isdigit() for c in core):
        found = {c for c in _digit_candidates(core) if c in lex.counts}
    else:
        tail = core[1:]
        if "I" in tail and tail.replace("I", "").islower():
            letters = core[0] + tail.replace("I", "l")  # "cIinical": a capital I for an l
            if letters.lower() in lex.counts:
                return letters
        if not _case_ok(core):
            return None
        found = {c for c in _confusion_candidates(core) if c in lex.counts}
    if len(found) != 1:
        return None
    model = core if not any(c.isdigit() for c in core) else re.sub(r"\d", "x", core)
    return _recase(found.pop(), model)


def _pair_ok(left: str, right: str, lex: Lexicon) -> bool:
    """Two pieces of a run-together token may stand side by side (rule 4)."""
    if left in lex.affixes:
        return False
    if (left, right) in lex.bigrams():
        return True
    if left in lex.function:
        return len(right) >= 4 and right not in lex.function
    if right in lex.medical and len(left) >= 4:
        return left in lex.medical or lex.counts[left] >= _VERY_COMMON
    return False


def _split_run_together(core: str, lex: Lexicon) -> str | None:
    """Rule 4: ``theleft`` → ``the left``, or None."""
    if len(core) < 5 or not core.isalpha() or not _case_ok(core) or core.isupper():
        return None
    parts = segment(core.lower(), lex)
    if parts is None or len(parts) < 2 or any(len(p) < 2 and p != "a" for p in parts):
        return None
    if parts[0] in ("a", "an"):
        return None  # the Greek privative: "aplastic", "atopic", "anuric" are words
    if core[0].isupper() and (parts[0] not in lex.function or any(len(p) < 5 for p in parts[1:])):
        return None  # a name ("Inman", "Andover"), unless a function word + word ("Thepatient")
    if any(len(p) < 3 for p in parts[1:]):
        return None  # "tibialis" is not "tibial is", "histochemical" not "his to chemical"
    if not all(_pair_ok(a, b, lex) for a, b in zip(parts, parts[1:], strict=False)):
        return None
    out, at = [], 0
    for part in parts:
        out.append(core[at : at + len(part)])
        at += len(part)
    return " ".join(out)


def _reads_english(line: str) -> bool:
    """The repaired line is English (so the English word lists had a right to change it)."""
    from gsvlms_extract.ingest.language import english_share, identify, letters

    share = english_share(line)
    if letters(line) < _SHORT_LINE:
        return share >= _MIN_ENGLISH_SHARE
    return share >= _ENGLISH_SHARE or (identify(line)[0] == "en" and share >= _MIN_ENGLISH_SHARE)


def _all_words(line: str, lex: Lexicon) -> bool:
    """Every run of letters is a word already: nothing to join, split or re-spell (most lines)."""
    if _DIGIT_IN_WORD.search(line):
        return False  # "c1inical": a digit between letters may be a misread letter
    counts, known = lex.counts, lex.known
    for word in _ALPHA.findall(line):
        low = word.lower()
        if low not in counts and (len(low) <= 3 or low not in known):
            if word.isupper() and len(word) > 1 and not _SPACED_HINT.search(line):
                continue  # an abbreviation ("GSV", "CT"): never repaired on its own
            return False
    return True


#: a line's first word in lower case is re-spelled only from this length on (see rule 3)
_MIN_FIRST_MISREAD = 7


def _repair_words(line: str, lex: Lexicon) -> str:
    if _all_words(line, lex):
        return line
    tokens = _tokens(line)
    changed = _join_windows(tokens, lex)
    for n, token in enumerate(tokens):
        core = token.core
        if not core or lex.is_known(core) or (core.isupper() and len(core) > 1):
            continue
        if n == len(tokens) - 1 and token.post == "-":
            continue  # maybe half of a word hyphenated across lines: the line joiner decides
        if n == 0 and core[0].islower():
            # maybe the second half of a hyphenated word ("proxi-" / "mal one"): only a long
            # misread word is re-spelled ("treatrnent was given"), never split
            fixed = _misread(core, lex) if len(core) >= _MIN_FIRST_MISREAD else None
        else:
            fixed = _misread(core, lex)
            if fixed is None and core.isalpha():
                fixed = _split_run_together(core, lex)
        if fixed is not None and fixed != core:
            token.core = fixed
            changed = True
    if not changed:
        return line
    repaired = " ".join(t.text for t in tokens)
    return repaired if _reads_english(repaired) else line


#: "ll x 8 x 7 cm", "4 x l.5 cm": an l, I or | read for a 1 inside a measurement
_MEASURE_ONE = re.compile(
    r"(?<![\w.])(?=[lI|0-9.,]*[lI|])(?P<n>[lI|0-9][lI|0-9]?(?:[.,][0-9lI|])?)"
    r"(?=\s*(?:[x×]\s*\d|(?:cm|mm)\b))"
    r"|(?<=[x×] )(?=[lI|0-9.,]*[lI|])(?P<m>[lI|0-9][lI|0-9]?(?:[.,][0-9lI|])?)(?![\w])"
)


#: "57-year-o1d": the 1 and 0 misread inside "old" after "year"
_YEAR_OLD = re.compile(r"(?<=year-)(?:o1d|0ld|01d)\b|(?<=years )(?:o1d|0ld|01d)\b")


def _fix_measures(line: str) -> str:
    line = _YEAR_OLD.sub("old", line)
    return _MEASURE_ONE.sub(lambda m: re.sub(r"[lI|]", "1", m.group(0)), line)


def repair_line(line: str, lex: Lexicon | None = None) -> str:
    """Repair one line of OCR'd text (rules in the module docstring); idempotent.

    ``line`` may still hold runs of spaces (they mark word gaps inside letter-spaced text);
    a changed line comes back with single spaces, an unchanged one exactly as given.
    """
    if not line or not _ALPHA.search(line):
        return line
    lex = lex or lexicon()
    out = _fix_measures(line)
    for _ in range(3):  # to a fixed point: a repair can expose another (a join, then a split)
        step = _repair_words(_fix_spaced(out, lex), lex)
        if step == out:
            break
        out = step
    return out
