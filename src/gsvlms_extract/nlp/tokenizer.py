"""Tokenizer tweaks for case-report prose, applied to a blank English pipeline.

spaCy's English rules keep "Operation.—Under" (typed: "Course.-Neither"), "6x7x5" and "F/42"
as single tokens; case reports use dashes after run-in headings, "×"/"x" between dimensions
and slashes in "F/42" or "y/o". Splitting them lets token patterns (sections, targets) see
the words.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

__all__ = ["adapt_tokenizer"]

EXTRA_INFIXES = (
    r"\.(?=[—–])",  # "Operation.—Under": run-in heading
    # "Course.-Neither": the same heading typed or OCR'd with a hyphen for the dash
    r"(?<=[a-z])\.(?=-[A-Z])",
    r"(?<=\.)-(?=[A-Z])",
    r"[—–]",  # em and en dashes between words or numbers
    r"(?<=[0-9])[x×X*](?=[0-9])",  # 6x7x5
    r"(?<=[0-9A-Za-z])/(?=[0-9A-Za-z])",  # F/42, y/o, lung/liver
)


def adapt_tokenizer(nlp: Language) -> None:
    """Add the case-report infixes to ``nlp``'s tokenizer (in place)."""
    infixes = list(nlp.Defaults.infixes or []) + list(EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
