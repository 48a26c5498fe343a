"""Link extracted patients to gold (or registry) cases: scored, explained, one-to-one.

For every (patient, candidate case) pair the features of `reconcile.features` add up to a
score; ``confidence = 1 / (1 + exp(-(score - SCORE_MIDPOINT)))``. With the default
`DEFAULT_THRESHOLD` of 0.85 a link needs a score of about 4.7: a surname and year match (5),
or a surname with a few agreeing facts, or nearly every fact agreeing when the report's
metadata are unknown. All patients are then assigned jointly and one-to-one (Hungarian
assignment over the eligible pairs), so the two patients of one report get two different
rows. A link is withheld, and the patient reported as a candidate new case, when:

- its best confidence is below the threshold, or
- another candidate row is within `MIN_MARGIN` points (for a row held by another patient:
  swapping the two would lose less than `MIN_MARGIN` points), i.e. the choice is ambiguous.

Near-miss documents (``is_gsv_lms`` false) are never linked. Nothing here reads files: the
file name in ``ExtractedCase.source`` is only parsed as a string.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gsvlms_extract.errors import ReconcileError
from gsvlms_extract.reconcile.features import METADATA_FEATURES, Contribution, case_features
from gsvlms_extract.schema import CaseRecord, ExtractedCase

__all__ = ["Link", "Candidate", "link_cases", "confidence_of", "DEFAULT_THRESHOLD"]

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.85
SCORE_MIDPOINT = 3.0
MIN_MARGIN = 1.0
#: Nearest rejected candidates listed per patient.
N_CANDIDATES = 3


def confidence_of(score: float) -> float:
    """Map an additive feature score to a 0-1 confidence (logistic, 0.5 at `SCORE_MIDPOINT`)."""
    return 1.0 / (1.0 + math.exp(-(score - SCORE_MIDPOINT)))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gold row considered for a patient, its score, and why it was not chosen."""

    case_id: int
    score: float
    confidence: float
    features: tuple[Contribution, ...]
    rejected: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "score": round(self.score, 3),
            "confidence": round(self.confidence, 3),
            "rejected": self.rejected,
            "features": [c.as_dict() for c in self.features],
        }


@dataclass(frozen=True, slots=True)
class Link:
    """The linking decision for one extracted patient.

    ``case_id`` is ``None`` when no row was linked (``method`` ``none``); ``reasons`` then says
    why, and ``candidates`` lists the nearest rows with the reason each was rejected.
    """

    source: str
    patient_index: int
    case_id: int | None
    confidence: float
    method: str  # "metadata" | "facts" | "none"
    reasons: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()
    features: tuple[Contribution, ...] = field(default=())
    is_gsv_lms: bool = True

    @property
    def linked(self) -> bool:
        return self.case_id is not None

    @property
    def status(self) -> str:
        """``linked``, ``candidate_new`` (a GSV-LMS patient matching no row) or ``near_miss``."""
        if not self.is_gsv_lms:
            return "near_miss"
        return "linked" if self.linked else "candidate_new"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "patient_index": self.patient_index,
            "status": self.status,
            "case_id": self.case_id,
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "reasons": list(self.reasons),
            "features": [c.as_dict() for c in self.features],
            "candidates": [c.as_dict() for c in self.candidates],
        }


def _scores(
    cases: Sequence[ExtractedCase], gold: Sequence[CaseRecord]
) -> tuple[np.ndarray, list[list[list[Contribution]]]]:
    features = [[case_features(case, row) for row in gold] for case in cases]
    matrix = np.array(
        [[sum(c.points for c in pair) for pair in row] for row in features], dtype=float
    ).reshape(len(cases), len(gold))
    return matrix, features


def _assign(score: np.ndarray, eligible: np.ndarray) -> dict[int, int]:
    """Case index -> gold index, maximizing total score over eligible pairs (one-to-one)."""
    # scipy.optimize costs ~0.26 s to import; only linking needs it, not every CLI verb.
    from scipy.optimize import linear_sum_assignment

    n, m = score.shape
    if n == 0 or m == 0 or not eligible.any():
        return {}
    big = 1e9
    shift = 1.0 - float(score[eligible].min())  # every eligible link worth > 0
    cost = np.full((n, m + n), big)
    cost[:, :m] = np.where(eligible, -(score + shift), big)
    cost[np.arange(n), m + np.arange(n)] = 0.0  # patient i left unlinked
    rows, cols = linear_sum_assignment(cost)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if j < m and eligible[i, j]}


def _margin(i: int, a: int, b: int, score: np.ndarray, holder: dict[int, int]) -> float:
    """How much worse the assignment gets if patient ``i`` took row ``b`` instead of ``a``."""
    k = holder.get(b)
    if k is None:
        return float(score[i, a] - score[i, b])
    return float(score[i, a] + score[k, b] - score[i, b] - score[k, a])


def _method(features: Sequence[Contribution]) -> str:
    metadata = {c.feature for c in features if c.feature in METADATA_FEATURES and c.points > 0}
    return "metadata" if "surname" in metadata else "facts"


def _explain(features: Sequence[Contribution]) -> list[str]:
    ordered = sorted(features, key=lambda c: -abs(c.points))
    return [f"{c.points:+.2f} {c.detail}" for c in ordered]


def link_cases(
    cases: Sequence[ExtractedCase],
    gold: Sequence[CaseRecord],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Link]:
    """Link each extracted patient to at most one row of ``gold``, one-to-one overall.

    Args:
        cases: extracted patients (any number of documents).
        gold: candidate cases (Table 1 rows, or registry cases); each needs a ``case_id``.
        threshold: minimum confidence (0-1) for a link; see the module docstring.

    Returns:
        One `Link` per case, in input order.

    Raises:
        ReconcileError: a threshold outside (0, 1), or a candidate without a case id.
    """
    if not 0.0 < threshold < 1.0:
        raise ReconcileError(f"link threshold {threshold} is not between 0 and 1")
    ids = [row.case_id for row in gold]
    if any(case_id is None for case_id in ids):
        raise ReconcileError("link candidates: every candidate case needs a case_id")
    score, features = _scores(cases, gold)
    confidence = np.vectorize(confidence_of, otypes=[float])(score) if score.size else score
    gsv = np.array([case.is_gsv_lms for case in cases], dtype=bool).reshape(-1, 1)
    eligible = (confidence >= threshold) & gsv
    assigned = _assign(score, eligible)
    holder = {j: i for i, j in assigned.items()}

    links: list[Link] = []
    for i, case in enumerate(cases):
        order = sorted(range(len(gold)), key=lambda j: (-score[i, j], ids[j]))
        a = assigned.get(i)
        reasons: list[str] = []
        if not case.is_gsv_lms:
            reasons.append(f"not linked: not a GSV-LMS report ({case.is_gsv_lms_reason})")
        elif a is not None:
            rivals = [(b, _margin(i, a, b, score, holder)) for b in range(len(gold)) if b != a]
            close = [(b, m) for b, m in rivals if m < MIN_MARGIN]
            if close:
                names = ", ".join(f"case {ids[b]} (margin {m:.2f})" for b, m in close[:3])
                reasons.append(
                    f"not linked: ambiguous between case {ids[a]} and {names}; "
                    f"needs a margin of {MIN_MARGIN:g} points"
                )
                a = None
        if a is None and case.is_gsv_lms and not reasons:
            if order and eligible[i, order[0]]:
                owner = holder.get(order[0])
                other = (
                    f"{cases[owner].source} patient {cases[owner].patient_index}"
                    if owner is not None
                    else "another patient"
                )
                reasons.append(
                    f"not linked: its best row, case {ids[order[0]]}, went to {other} "
                    "(the same patient reported twice, or a second copy of one report?)"
                )
            else:
                best = f"{confidence[i, order[0]]:.2f}" if order else "n/a (no candidates)"
                reasons.append(
                    f"candidate new case: best confidence {best} "
                    f"is below the threshold {threshold:g}"
                )
        chosen: tuple[Contribution, ...] = ()
        if a is not None:
            chosen = tuple(features[i][a])
            reasons = [f"linked to case {ids[a]} (score {score[i, a]:.2f})", *_explain(chosen)]
        candidates = []
        for j in [j for j in order if j != a][:N_CANDIDATES]:
            if not case.is_gsv_lms:
                why = "document is not a GSV-LMS report"
            elif not eligible[i, j]:
                why = f"confidence {confidence[i, j]:.2f} below threshold {threshold:g}"
            elif j in holder and holder[j] != i:
                other = cases[holder[j]]
                why = f"assigned to {other.source} patient {other.patient_index}"
            elif a is not None:
                why = f"scores {score[i, a] - score[i, j]:.2f} lower than case {ids[a]}"
            else:
                why = "too close to another candidate to choose (ambiguous)"
            candidates.append(
                Candidate(
                    ids[j], float(score[i, j]), float(confidence[i, j]), tuple(features[i][j]), why
                )
            )
        links.append(
            Link(
                source=case.source,
                patient_index=case.patient_index,
                case_id=ids[a] if a is not None else None,
                confidence=float(confidence[i, a])
                if a is not None
                else (float(confidence[i, order[0]]) if order else 0.0),
                method=_method(chosen) if a is not None else "none",
                reasons=tuple(reasons),
                candidates=tuple(candidates),
                features=chosen,
                is_gsv_lms=case.is_gsv_lms,
            )
        )
    logger.info(
        "linked %d of %d patients to %d candidate cases",
        sum(link.linked for link in links),
        len(links),
        len(gold),
    )
    return links
