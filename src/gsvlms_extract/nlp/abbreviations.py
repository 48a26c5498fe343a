"""`gsvlms_abbreviations`: scispaCy's abbreviation detector, and concepts for short forms.

scispaCy (Schwartz & Hearst) finds "great saphenous vein (GSV)" and every later "GSV".
A short form (it has a capital or a digit: not a plain word such as "vein") whose long form is a
target concept ("LSV" for long saphenous vein, "LMS" for
leiomyosarcoma, "DVT"...) receives the same concept, so an abbreviation the rule files do not
list is still read. The added span's rule id is ``abbreviation:<long form rule id>``.

scispaCy runs an empty matcher on documents without abbreviations, which makes spaCy warn
(W036) once per document; the warning is silenced around this component only.

Speed: scispaCy finds candidates with the Matcher pattern ``( any+ )``, which follows every
"(" to the end of the document (13,700 matches on the seed article, ~25 ms), and then drops
every candidate with more than `MAX_INSIDE` tokens inside the brackets. `BracketMatcher` runs
the same Matcher only on the few tokens after each "(", which yields the same kept candidates
in the same order. Every short form found is then looked up across the document by scispaCy's
"global" Matcher (one ORTH pattern per short form, validated and added per document);
`ShortFormMatcher` does the same lookup with a PhraseMatcher on ORTH.
"""

import bisect
import warnings

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from gsvlms_extract.nlp.extensions import TARGET_GROUP, register_span_extensions

__all__ = ["AbbreviationConcepts", "BracketMatcher", "ShortFormMatcher", "MAX_INSIDE"]

#: scispaCy's ``filter_matches`` ignores brackets holding more tokens than this
MAX_INSIDE = 8


class BracketMatcher:
    """scispaCy's bracket Matcher, run on windows that start at each "(" (see module doc).

    Returns every match of ``matcher`` with at most `MAX_INSIDE` tokens inside the brackets,
    in the order the Matcher gives them on the whole document; longer ones may be missing.
    """

    def __init__(self, matcher: Matcher):
        self.matcher = matcher

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        orths = doc.to_array("ORTH")
        opens = numpy.flatnonzero(orths == doc.vocab.strings["("])
        reach = MAX_INSIDE + 3  # "(", the inside, ")" and one token to spare
        windows: list[list[int]] = []
        for start in opens.tolist():
            end = min(start + reach, len(doc))
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        matches = []
        for start, end in windows:
            for key, first, last in self.matcher(doc[start:end]):
                matches.append((key, first + start, last + start))
        return matches


class ShortFormMatcher:
    """scispaCy's global matcher (``add``/``remove``/``__call__`` with ``[{"ORTH": ...}]``
    patterns) as a PhraseMatcher on ORTH: the same matches, without per-pattern validation
    and a Matcher pass per document. scispaCy collects the matches into sets, so their order
    does not matter."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._phrases = PhraseMatcher(vocab, attr="ORTH")

    def add(self, key: str, patterns: list[list[dict[str, str]]]) -> None:
        words = [[token["ORTH"] for token in pattern] for pattern in patterns]
        self._phrases.add(key, [Doc(self.vocab, words=w) for w in words])

    def remove(self, key: str) -> None:
        self._phrases.remove(key)

    def __len__(self) -> int:
        return len(self._phrases)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return self._phrases(doc) if len(self._phrases) else []


class AbbreviationConcepts:
    def __init__(self, nlp: Language):
        from scispacy.abbreviation import AbbreviationDetector

        register_span_extensions()
        self.detector = AbbreviationDetector(nlp)
        self.detector.matcher = BracketMatcher(self.detector.matcher)
        self.detector.global_matcher = ShortFormMatcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W036\]")
            doc = self.detector(doc)
        targets = list(doc.spans.get(TARGET_GROUP, []))
        covered = {(t.start, t.end) for t in targets}
        ruled = {(t.start, t.end): t for t in targets}  # covered by a rule, before any is added
        by_start = sorted(range(len(targets)), key=lambda i: targets[i].start)
        starts = [targets[i].start for i in by_start]
        added: list[Span] = []
        # scispaCy lists short forms in set order, which changes from run to run: sort them
        for short in sorted(doc._.abbreviations, key=_text_order):
            long_form = short._.long_form
            if long_form is None or not _looks_abbreviated(short.text):
                continue  # "(lesser saphenous vein, vena saphena parva)" made "vein" a short form
            concept = _longest_inside(targets, by_start, starts, long_form)
            if (short.start, short.end) in covered:
                _defined_here(ruled.get((short.start, short.end)), concept)
                continue
            if concept is None:
                continue
            span = Span(doc, short.start, short.end, label=concept.label_)
            span._.gsvlms_rule = f"abbreviation:{concept._.gsvlms_rule}"
            span._.gsvlms_value = concept._.gsvlms_value
            covered.add((short.start, short.end))
            added.append(span)
        if added:
            doc.spans[TARGET_GROUP] = sorted(targets + added, key=lambda s: (s.start, s.end))
        return doc


def _defined_here(ruled: Span | None, concept: Span | None) -> None:
    """A short form the rules know ("LSV": the long saphenous vein) that the document defines
    otherwise ("the lesser saphenous vein (LSV)") takes the document's meaning."""
    if ruled is None or concept is None or ruled.label_ != concept.label_:
        return
    if ruled._.gsvlms_value != concept._.gsvlms_value:
        ruled._.gsvlms_value = concept._.gsvlms_value
        ruled._.gsvlms_rule = f"abbreviation:{concept._.gsvlms_rule}"


def _looks_abbreviated(text: str) -> bool:
    """A short form has a capital or a digit ("GSV", "LSV", "T2"); a plain lower-case word that
    scispaCy pairs with a bracketed phrase ("vein") is not one."""
    return any(c.isupper() or c.isdigit() for c in text)


def _text_order(short: Span) -> tuple[int, int, int, int]:
    long_form = short._.long_form
    if long_form is None:
        return (short.start, short.end, -1, -1)
    return (short.start, short.end, long_form.start, long_form.end)


def _longest_inside(
    targets: list[Span], by_start: list[int], starts: list[int], long_form: Span
) -> Span | None:
    """The longest target inside ``long_form`` (the first in ``targets`` order on a tie)."""
    low = bisect.bisect_left(starts, long_form.start)
    high = bisect.bisect_left(starts, long_form.end)
    inside = [i for i in by_start[low:high] if targets[i].end <= long_form.end]
    if not inside:
        return None
    longest = max(targets[i].end - targets[i].start for i in inside)
    return targets[min(i for i in inside if targets[i].end - targets[i].start == longest)]


@Language.factory(
    "gsvlms_abbreviations",
    assigns=["doc._.abbreviations", "doc.spans"],
    default_config={},
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationConcepts:
    """Factory: scispaCy abbreviation detector + concepts for short forms."""
    return AbbreviationConcepts(nlp)
