"""`RuleMatcher`: medspaCy's rule matcher, with literal token patterns run as phrases.

medspaCy's ``MedspacyMatcher`` (inside its TargetMatcher, Sectionizer and ConText) puts every
rule that has a token ``pattern`` into spaCy's ``Matcher``, whose cost grows with the number
of patterns times the number of tokens: every pattern is tried at every token. Most rules in
``patterns/`` are literals written token by token (``[{"LOWER": "great"}, {"LOWER":
"saphenous"}, {"LOWER": "vein"}]``, with ``IN`` alternatives and ``"OP": "?"`` tokens), and a
``PhraseMatcher`` finds those with one hash lookup per token, however many there are.

`RuleMatcher` has the interface medspaCy's components call (``add``, ``rules``,
``rule_map``, ``labels``, ``__call__``) and returns the same matches in the same order:

- a pattern whose tokens test only ``LOWER`` (or ``TEXT``/``ORTH`` against strings without
  letters) with ``IN`` alternatives and ``?`` is expanded into its phrases (`compile_pattern`);
- a pattern with such a *core* and other tokens before or after it (``{"LIKE_NUM": true}``, a
  regex, ``*``/``+``) is found by its core phrases, then the tokens around each hit are tested
  (each distinct token test once per document, by one single-token ``Matcher``);
- anything else (``!``, a regex token inside the core, a callback, too many expansions) stays
  in spaCy's ``Matcher``; rules without a pattern go to a ``PhraseMatcher`` exactly as
  medspaCy adds them; string patterns go to medspaCy's ``RegexMatcher``.

Overlapping matches are then pruned with medspaCy's algorithm (`prune_overlapping_matches`,
same result, linear passes instead of ``list.pop(0)``). Adding rules never slows matching per
token: a new literal rule is one more phrase in the same table.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

__all__ = [
    "RuleMatcher",
    "CompiledPattern",
    "compile_pattern",
    "prune_overlapping_matches",
    "use_rule_matcher",
]

#: a pattern expanding into more phrases than this stays in spaCy's Matcher
MAX_PHRASES = 512
_PHRASE_ATTRS = frozenset({"LOWER", "TEXT", "ORTH"})
_OPS = (None, "?", "*", "+")

Match = tuple[int, int, int]


@dataclass(frozen=True)
class CompiledPattern:
    """A token pattern as core phrases (lowercase words) plus token tests before/after them.

    ``prefix`` and ``suffix`` hold ``(token test key, OP)`` pairs in pattern order; the key
    is the JSON of the token's attribute test (without ``OP``).
    """

    phrases: tuple[tuple[str, ...], ...]
    prefix: tuple[tuple[str, str | None], ...] = ()
    suffix: tuple[tuple[str, str | None], ...] = ()


def _phrase_words(spec: dict[str, Any]) -> list[str] | None:
    """The lowercase words a token test accepts when it is a pure literal test, else None."""
    keys = [key for key in spec if key != "OP"]
    if len(keys) != 1 or keys[0] not in _PHRASE_ATTRS:
        return None
    attr, value = keys[0], spec[keys[0]]
    if isinstance(value, str):
        words = [value]
    elif (
        isinstance(value, dict)
        and list(value) == ["IN"]
        and isinstance(value["IN"], list)
        and all(isinstance(word, str) for word in value["IN"])
    ):
        words = value["IN"]
    else:
        return None
    if not words or any(not word for word in words):
        return None
    if attr == "LOWER":
        literal = all(word == word.lower() for word in words)
    else:  # TEXT/ORTH equal a token's lowercase form only for strings without letters
        literal = all(word == word.lower() == word.upper() for word in words)
    return list(dict.fromkeys(words)) if literal else None


def _token_key(spec: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in spec.items() if k != "OP"}, sort_keys=True)


def compile_pattern(pattern: Any) -> CompiledPattern | None:
    """Split a spaCy token pattern into core phrases and surrounding token tests.

    The core is the longest run of literal tokens (`_phrase_words`, ``OP`` absent or ``?``)
    with at least one required token. Returns None when the pattern has no such core, uses an
    operator other than ``?``, ``*``, ``+``, or expands into more than `MAX_PHRASES` phrases.
    """
    if not isinstance(pattern, list) or not pattern:
        return None
    words: list[list[str] | None] = []
    for spec in pattern:
        if not isinstance(spec, dict) or spec.get("OP") not in _OPS:
            return None
        words.append(_phrase_words(spec) if spec.get("OP") in (None, "?") else None)
    best: tuple[tuple[int, int], int, int] | None = None
    i = 0
    while i < len(pattern):
        if words[i] is None:
            i += 1
            continue
        j = i
        while j < len(pattern) and words[j] is not None:
            j += 1
        required = sum(1 for k in range(i, j) if pattern[k].get("OP") is None)
        if required and (best is None or (required, j - i) > best[0]):
            best = ((required, j - i), i, j)
        i = j
    if best is None:
        return None
    _, start, end = best
    options = []
    count = 1
    for k in range(start, end):
        choice: list[tuple[str, ...]] = [(word,) for word in words[k] or []]
        if pattern[k].get("OP") == "?":
            choice.append(())
        options.append(choice)
        count *= len(choice)
        if count > MAX_PHRASES:
            return None
    phrases = tuple(
        dict.fromkeys(
            tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)
        )
    )
    return CompiledPattern(
        phrases=phrases,
        prefix=tuple((_token_key(spec), spec.get("OP")) for spec in pattern[:start]),
        suffix=tuple((_token_key(spec), spec.get("OP")) for spec in pattern[end:]),
    )


_SPAN = operator.itemgetter(1, 2)


def prune_overlapping_matches(matches: list[Match]) -> list[Match]:
    """medspaCy's ``prune_overlapping_matches`` ("longest"), same result in linear passes.

    Sort by (start, end); walk neighbours, keeping the longer of two overlapping matches (the
    earlier on a tie) and skipping the match after it; repeat until a pass removes nothing.
    """
    while matches:
        ordered = sorted(matches, key=_SPAN)
        n = len(ordered)
        pruned: list[Match] = []
        current = ordered[0]
        i = 1
        while True:
            if i == n:
                pruned.append(current)
                break
            following = ordered[i]
            i += 1
            _, start, end = current
            _, other_start, other_end = following
            # medspaCy's tuple_overlaps: the following match starts or ends inside this one
            if start <= other_start < end or start < other_end <= end:
                longer = current if end - start >= other_end - other_start else following
                pruned.append(longer)
                if i == n:
                    break
                current = ordered[i]
                i += 1
            else:
                pruned.append(current)
                current = following
        if len(pruned) == n:
            return pruned
        matches = pruned
    return matches


def _reach(
    affix: tuple[tuple[str, str | None], ...],
    position: int,
    passes: Callable[[str, int], bool],
    step: int,
    limit: int,
) -> set[int]:
    """Positions reachable from ``position`` by consuming ``affix`` tokens in direction ``step``.

    ``step`` -1 walks a prefix backwards from a core start, +1 a suffix forwards from a core
    end; ``limit`` is 0 or ``len(doc)``; ``passes(test, i)`` tells whether token ``i`` passes.
    """
    positions = {position}
    items = reversed(affix) if step < 0 else iter(affix)
    for key, op in items:
        reached: set[int] = set()
        for p in positions:
            if op in ("?", "*"):
                reached.add(p)
            q = p
            while True:
                token = q - 1 if step < 0 else q
                if (q <= limit if step < 0 else q >= limit) or not passes(key, token):
                    break
                q += step
                reached.add(q)
                if op in (None, "?"):
                    break
        positions = reached
        if not positions:
            break
    return positions


#: token attributes spaCy's Matcher reads from the lexeme: a test on them depends on the
#: word alone, so its answer is cached per word
LEXICAL_ATTRS = frozenset(
    {
        "ORTH", "TEXT", "LOWER", "SHAPE", "PREFIX", "SUFFIX", "LENGTH",
        "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
        "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
        "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
    }
)  # fmt: skip
#: words whose token-test answers are remembered (the cache is cleared beyond this)
WORD_CACHE_SIZE = 100_000


class TokenTests:
    """The token tests around compiled cores, answered for one token at a time.

    A test on lexical attributes (`LEXICAL_ATTRS`) is answered once per word, by a spaCy
    ``Matcher`` run on a one-word ``Doc``, and remembered; any other test (sentence starts,
    custom extensions...) by one ``Matcher`` pass over the whole document, when first asked.
    """

    def __init__(self, vocab):
        self._vocab = vocab
        self._names: dict[str, int] = {}  # test JSON -> match key
        self._lexical = Matcher(vocab)
        self._contextual = Matcher(vocab)
        self._by_word: dict[int, frozenset[int]] = {}
        self._doc: Doc | None = None
        self._orths: Any = None
        self._words: Any = None  # (distinct ORTH ids, index of each token's id)
        self._contextual_hits: set[tuple[int, int]] | None = None

    def add(self, spec: dict[str, Any]) -> str:
        key = _token_key(spec)
        if key not in self._names:
            test = json.loads(key)
            name = f"gsvlms_token_test_{len(self._names)}"
            self._names[key] = self._vocab.strings.add(name)
            lexical = all(attr in LEXICAL_ATTRS for attr in test)
            (self._lexical if lexical else self._contextual).add(name, [[test]])
        return key

    def start(self, doc: Doc | None) -> None:
        """Answer for ``doc`` from now on (None: forget the last document)."""
        self._doc = doc
        self._orths = None
        self._words = None
        self._contextual_hits = None

    def _orth_array(self):
        if self._orths is None:
            self._orths = self._doc.to_array("ORTH")
        return self._orths

    def _answers(self, word: int) -> frozenset[int]:
        """Names of the lexical tests word ``word`` (an ORTH id) passes; cached."""
        answers = self._by_word.get(word)
        if answers is None:
            if len(self._by_word) >= WORD_CACHE_SIZE:
                self._by_word.clear()
            one = Doc(self._vocab, words=[self._vocab.strings[word]])
            answers = (
                frozenset(m for m, _, _ in self._lexical(one))
                if len(self._lexical)
                else frozenset()
            )
            self._by_word[word] = answers
        return answers

    def is_lexical(self, spec: dict[str, Any]) -> bool:
        return all(attr in LEXICAL_ATTRS for attr in spec if attr != "OP")

    def positions(self, key: str) -> list[int]:
        """Token indices of the current document that pass lexical test ``key``."""
        name = self._names[key]
        orths = self._orth_array()
        if not len(orths):
            return []
        if self._words is None:
            self._words = numpy.unique(orths, return_inverse=True)
        words, inverse = self._words
        passing = numpy.fromiter(
            (name in self._answers(int(w)) for w in words), dtype=bool, count=len(words)
        )
        return numpy.flatnonzero(passing[inverse]).tolist()

    def passes(self, key: str, i: int) -> bool:
        name = self._names[key]
        doc = self._doc
        answers = self._answers(int(self._orth_array()[i]))
        if name in answers:
            return True
        if not len(self._contextual):
            return False
        if self._contextual_hits is None:
            self._contextual_hits = {(m, s) for m, s, _ in self._contextual(doc)}
        return (name, i) in self._contextual_hits


class RuleMatcher:
    """Drop-in for medspaCy's ``MedspacyMatcher`` (LOWER phrase attribute), see module doc."""

    def __init__(
        self,
        nlp: Language,
        name: str = "gsvlms_rule_matcher",
        phrase_matcher_attr: str = "LOWER",
        prune: bool = True,
    ):
        if phrase_matcher_attr.upper() != "LOWER":
            raise ValueError("RuleMatcher matches phrases on LOWER only")
        from medspacy.common.regex_matcher import RegexMatcher

        self.name = name
        self._tokenizer = nlp.tokenizer
        self._vocab = nlp.vocab
        self._prune = prune
        self._rule_map: dict[str, Any] = {}
        self._labels: set[str] = set()
        self._order: dict[int, int] = {}  # match key -> rule number (Matcher tie order)
        self._affixes: dict[int, CompiledPattern] = {}  # match key -> pattern with affixes
        self._matcher = Matcher(nlp.vocab)
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")  # compiled token patterns
        self._literals = PhraseMatcher(nlp.vocab, attr="LOWER")  # rules without a pattern
        self._regex = RegexMatcher(nlp.vocab)
        self._tests = TokenTests(nlp.vocab)  # the token tests around compiled cores
        self._tie_matchers: dict[tuple[int, ...], Matcher] = {}
        self._anchored: dict[int, tuple[str, tuple[tuple[str, str | None], ...]]] = {}
        self._counts = {
            "phrase": 0,
            "affix": 0,
            "anchored": 0,
            "matcher": 0,
            "literal": 0,
            "regex": 0,
        }

    @property
    def rules(self) -> list[Any]:
        return list(self._rule_map.values())

    @property
    def rule_map(self) -> dict[str, Any]:
        return self._rule_map

    @property
    def labels(self) -> set[str]:
        return self._labels

    @property
    def counts(self) -> dict[str, int]:
        """How many rules each route holds (phrase, affix, matcher, literal, regex)."""
        return dict(self._counts)

    def add(self, rules: Iterable[Any]) -> None:
        """Add medspaCy rules (``TargetRule``, ``SectionRule``, ``ConTextRule``)."""
        from medspacy.common.base_rule import BaseRule

        for rule in rules:
            if not isinstance(rule, BaseRule):
                raise TypeError("Rules must inherit from medspacy.common.BaseRule.")
            self._labels.add(rule.category)
            key = f"{rule.category}_{len(self._rule_map)}"
            rule._rule_id = key
            self._rule_map[key] = rule
            self._order[self._vocab.strings.add(key)] = len(self._rule_map)
            self._add_one(key, rule)

    def _add_one(self, key: str, rule: Any) -> None:
        pattern = rule.pattern
        if pattern is None:
            self._literals.add(key, [self._tokenizer(rule.literal.lower())], on_match=rule.on_match)
            self._counts["literal"] += 1
            return
        if isinstance(pattern, str):
            self._regex.add(key, [pattern], rule.on_match)
            self._counts["regex"] += 1
            return
        if not isinstance(pattern, list):
            raise ValueError(
                f"The pattern argument must be either a string or a list, not {type(pattern)}"
            )
        compiled = compile_pattern(pattern) if rule.on_match is None else None
        if compiled is None and rule.on_match is None and self._add_anchored(key, pattern):
            return
        if compiled is None:
            self._matcher.add(key, [pattern], on_match=rule.on_match)
            self._counts["matcher"] += 1
            return
        self._phrases.add(key, [Doc(self._vocab, words=list(p)) for p in compiled.phrases])
        if compiled.prefix or compiled.suffix:
            self._affixes[self._vocab.strings[key]] = compiled
            for spec in pattern:
                if _token_key(spec) in {k for k, _ in compiled.prefix + compiled.suffix}:
                    self._tests.add(spec)
            self._counts["affix"] += 1
        else:
            self._counts["phrase"] += 1

    def _add_anchored(self, key: str, pattern: list) -> bool:
        """A pattern without a literal core whose first token is a required lexical test
        (``[{"TEXT": {"REGEX": "^G\\d"}}, ...]``): its first token is found by a per-word
        cached test instead of spaCy's Matcher trying it on every token."""
        if not pattern or not all(isinstance(spec, dict) for spec in pattern):
            return False
        first = pattern[0]
        if first.get("OP") is not None or not self._tests.is_lexical(first) or len(first) < 1:
            return False
        if any(spec.get("OP") not in _OPS for spec in pattern):
            return False
        anchor = self._tests.add(first)
        suffix = tuple((self._tests.add(spec), spec.get("OP")) for spec in pattern[1:])
        self._anchored[self._vocab.strings.add(key)] = (anchor, suffix)
        self._counts["anchored"] += 1
        return True

    def _order_ties(self, doc: Doc, matches: list[Match]) -> None:
        """Put matches of several rules on one span in spaCy Matcher's order (in place).

        Pruning keeps the first of equal spans, so their order decides which rule a span
        reports. spaCy's Matcher lists them in the order its match states end, which depends
        on the patterns' trailing optional tokens and on the token after the span; a Matcher
        holding only the tied rules, run on the span plus one token, gives that order.
        """
        i = 0
        n = len(matches)
        while i < n:
            j = i + 1
            while j < n and matches[j][1:] == matches[i][1:]:
                j += 1
            if j - i > 1:
                matches[i:j] = self._tie_order(doc, matches[i:j])
            i = j

    def _tie_order(self, doc: Doc, tied: list[Match]) -> list[Match]:
        keys = tuple(match_id for match_id, _, _ in tied)  # in rule order
        matcher = self._tie_matchers.get(keys)
        if matcher is None:
            matcher = Matcher(self._vocab)
            for match_id in keys:
                rule = self._rule_map[self._vocab.strings[match_id]]
                matcher.add(match_id, [rule.pattern])
            self._tie_matchers[keys] = matcher
        _, start, end = tied[0]
        window = doc[start : min(end + 1, len(doc))]
        ranked = [k for k, s, e in matcher(window) if (s, e) == (0, end - start)]
        if sorted(ranked, key=self._order.__getitem__) != list(keys):  # pragma: no cover
            raise RuntimeError(f"rule matcher disagrees with spaCy's Matcher on {window.text!r}")
        return [(match_id, start, end) for match_id in ranked]

    def __call__(self, doc: Doc) -> list[Match]:
        """Matches ``(match_id, start, end)``, pruned like medspaCy's matcher."""
        order = self._order
        found: set[tuple[int, int, int, int]] = set()
        tests = self._tests
        tests.start(doc)
        for match_id, start, end in self._phrases(doc) if len(self._phrases) else ():
            compiled = self._affixes.get(match_id)
            if compiled is None:
                found.add((start, end, order[match_id], match_id))
                continue
            starts = _reach(compiled.prefix, start, tests.passes, -1, 0)
            ends = _reach(compiled.suffix, end, tests.passes, 1, len(doc))
            for first in starts:
                for last in ends:
                    found.add((first, last, order[match_id], match_id))
        for match_id, (anchor, suffix) in self._anchored.items():
            for start in tests.positions(anchor):
                for last in _reach(suffix, start + 1, tests.passes, 1, len(doc)):
                    found.add((start, last, order[match_id], match_id))
        for match_id, start, end in self._matcher(doc) if len(self._matcher) else ():
            found.add((start, end, order[match_id], match_id))
        matches: list[Match] = [(m[3], m[0], m[1]) for m in sorted(found)]
        tests.start(None)
        self._order_ties(doc, matches)
        # medspaCy concatenates Matcher, PhraseMatcher and regex matches in that order.
        if len(self._literals):
            matches += self._literals(doc)
        if self._counts["regex"]:
            matches += self._regex(doc)
        if self._prune:
            matches = prune_overlapping_matches(matches)
        return matches


def use_rule_matcher(component: Any, owner: type, name: str) -> RuleMatcher:
    """Give a medspaCy component (before any rule is added) a `RuleMatcher`.

    medspaCy keeps its matcher in a private attribute (``_<Owner>__matcher``); ``owner`` is
    the medspaCy class that defines it (``TargetMatcher``, ``Sectionizer``, ``ConText``).
    """
    attribute = f"_{owner.__name__}__matcher"
    current = getattr(component, attribute, None)
    if current is None or current.rules:
        raise RuntimeError(f"{owner.__name__} has no empty matcher to replace ({attribute})")
    matcher = RuleMatcher(component.nlp, name=name, prune=current._prune)
    setattr(component, attribute, matcher)
    return matcher
