"""Sentences about other patients: citations and aggregate statements.

A sentence that cites another author ("Stringer et al. described...", a reference number
"(12)") or speaks of a group ("27 men", "the age ranged from", "most common") is not about the
report's own patient, whatever section it stands in. The cues are ``AGGREGATE`` target rules.
"""

from __future__ import annotations

from gsvlms_extract.extract.view import Sentence

__all__ = ["about_others"]


def about_others(sentence: Sentence) -> bool:
    """True if the sentence cites other work or talks in aggregate."""
    return sentence.has("AGGREGATE")
