"""`gsvlms_abbreviations`: scispaCy's abbreviation detector, and concepts for short forms.

scispaCy (Schwartz & Hearst) finds "great saphenous vein (GSV)" and every later "GSV".
A short form whose long form is a target concept ("LSV" for long saphenous vein, "LMS" for
leiomyosarcoma, "DVT"...) receives the same concept, so an abbreviation the rule files do not
list is still read. The added span's rule id is ``abbreviation:<long form rule id>``.

scispaCy runs an empty matcher on documents without abbreviations, which makes spaCy warn
(W036) once per document; the warning is silenced around this component only.
"""

import warnings

from spacy.language import Language
from spacy.tokens import Doc, Span

from gsvlms_extract.nlp.extensions import TARGET_GROUP, register_span_extensions

__all__ = ["AbbreviationConcepts"]


class AbbreviationConcepts:
    def __init__(self, nlp: Language):
        from scispacy.abbreviation import AbbreviationDetector

        register_span_extensions()
        self.detector = AbbreviationDetector(nlp)

    def __call__(self, doc: Doc) -> Doc:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W036\]")
            doc = self.detector(doc)
        targets = list(doc.spans.get(TARGET_GROUP, []))
        covered = {(t.start, t.end) for t in targets}
        added: list[Span] = []
        for short in doc._.abbreviations:
            long_form = short._.long_form
            if long_form is None or (short.start, short.end) in covered:
                continue
            concept = next(
                (
                    t
                    for t in targets
                    if t.start >= long_form.start
                    and t.end <= long_form.end
                    and t.end - t.start
                    == max(
                        (
                            u.end - u.start
                            for u in targets
                            if u.start >= long_form.start and u.end <= long_form.end
                        ),
                        default=0,
                    )
                ),
                None,
            )
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


@Language.factory(
    "gsvlms_abbreviations",
    assigns=["doc._.abbreviations", "doc.spans"],
    default_config={},
)
def make_abbreviations(nlp: Language, name: str) -> AbbreviationConcepts:
    """Factory: scispaCy abbreviation detector + concepts for short forms."""
    return AbbreviationConcepts(nlp)
