"""Custom attributes the gsvlms components set; registered by the factories (force=True)."""

from __future__ import annotations

from spacy.tokens import Span

__all__ = ["register_span_extensions", "TARGET_GROUP", "ASSERTED_GROUP", "QUANTITY_GROUP"]

#: span group holding medspaCy target-matcher spans (ConText reads it)
TARGET_GROUP = "gsvlms_targets"
#: the targets ConText asserts (a subset of TARGET_GROUP)
ASSERTED_GROUP = "gsvlms_asserted"
#: span group holding quantity spans (ages, sizes, durations)
QUANTITY_GROUP = "gsvlms_quantities"


def register_span_extensions() -> None:
    """``Span._.gsvlms_rule`` (rule id) and ``Span._.gsvlms_value`` (normalized value)."""
    Span.set_extension("gsvlms_rule", default=None, force=True)
    Span.set_extension("gsvlms_value", default=None, force=True)
