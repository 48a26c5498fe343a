"""Scores from comparison outcomes: per field, then micro and macro over fields.

Counting follows slot-filling practice (MUC): a wrong value is both a false positive and a
false negative.

- ``accuracy``  = agree / gold_present, where gold_present = agree + disagree + missed
  (the brief's "accuracy over reports where gold has a value"; equal to recall by construction)
- ``precision`` = agree / emitted, where emitted = agree + disagree + extra
- ``recall``    = agree / gold_present
- ``f1``        = harmonic mean of precision and recall (0 when both are 0)
- ``coverage``  = (agree + disagree) / gold_present: share of gold values for which the
  extraction emitted anything, right or wrong

A ratio with a zero denominator is ``None`` (undefined), never 0 or 1. Micro scores pool the
counts of all fields; macro scores average the per-field scores that are defined.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gsvlms_extract.reconcile.compare import Outcome

__all__ = ["FieldScore", "score_outcomes", "micro_average", "macro_average", "METRICS"]

#: Ratio names, in display order.
METRICS: tuple[str, ...] = ("accuracy", "precision", "recall", "f1", "coverage")


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class FieldScore:
    """Outcome counts of one field (or of all fields pooled) and the ratios derived from them."""

    field: str
    agree: int = 0
    disagree: int = 0
    missed: int = 0
    extra: int = 0
    both_null: int = 0

    @classmethod
    def from_outcomes(cls, field: str, outcomes: Iterable[Outcome]) -> FieldScore:
        counts = Counter(Outcome(o) for o in outcomes)
        return cls(field, **{o.value: counts.get(o, 0) for o in Outcome})

    @property
    def n(self) -> int:
        return self.agree + self.disagree + self.missed + self.extra + self.both_null

    @property
    def gold_present(self) -> int:
        return self.agree + self.disagree + self.missed

    @property
    def emitted(self) -> int:
        return self.agree + self.disagree + self.extra

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.agree, self.gold_present)

    @property
    def precision(self) -> float | None:
        return _ratio(self.agree, self.emitted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.agree, self.gold_present)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def coverage(self) -> float | None:
        return _ratio(self.agree + self.disagree, self.gold_present)

    def counts(self) -> dict[str, int]:
        return {o.value: getattr(self, o.value) for o in Outcome}

    def ratios(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in METRICS}


def score_outcomes(outcomes_by_field: Mapping[str, Iterable[Outcome]]) -> list[FieldScore]:
    """One `FieldScore` per field, in the mapping's order."""
    return [FieldScore.from_outcomes(name, items) for name, items in outcomes_by_field.items()]


def micro_average(scores: Iterable[FieldScore]) -> FieldScore:
    """Pool every field's counts into one `FieldScore` named ``micro``."""
    total: Counter[str] = Counter()
    for score in scores:
        total.update(score.counts())
    return FieldScore("micro", **{o.value: total.get(o.value, 0) for o in Outcome})


def macro_average(scores: Iterable[FieldScore]) -> dict[str, float | None]:
    """Mean of each ratio over the fields where it is defined (``None`` if it never is)."""
    scores = list(scores)
    out: dict[str, float | None] = {}
    for name in METRICS:
        values = [v for v in (getattr(s, name) for s in scores) if v is not None]
        out[name] = sum(values) / len(values) if values else None
    return out
