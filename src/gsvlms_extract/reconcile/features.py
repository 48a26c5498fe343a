"""Scored, explainable evidence that an extracted patient is a given gold (or registry) case.

Each feature returns a `Contribution`: points (positive for agreement, negative for conflict,
absent when either side is unknown) and a one-line explanation. The weights come from the
per-field table (`gsvlms_extract.fields`), shown here as `WEIGHTS`, so a reviewer can see why a
link was made. A typical published match (surname and
year) is worth 5 points; a patient's facts can add about 7 more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gsvlms_extract.fields import link_weights
from gsvlms_extract.reconcile.compare import AGE_TOLERANCE_YEARS, values_agree
from gsvlms_extract.reconcile.names import fold, metadata_from_filename, surname_similarity
from gsvlms_extract.schema import CaseRecord, ExtractedCase

__all__ = ["Contribution", "WEIGHTS", "METADATA_FEATURES", "case_features"]

#: feature -> (points when it agrees, points when it conflicts), from the per-field table
#: `gsvlms_extract.fields.FIELDS` (``link``), in the order link reasons list them.
WEIGHTS: dict[str, tuple[float, float]] = link_weights()
#: Points for a publication year one off (online-first vs print year).
YEAR_NEAR_POINTS = 0.5
#: Points for an age 2-3 years off (age at diagnosis vs at operation).
AGE_NEAR_POINTS = 0.5
METADATA_FEATURES = frozenset({"surname", "year"})
#: Gold "author" cells that name no one (the review's own patient is "This case").
_NOT_A_NAME = frozenset({"thiscase", "presentcase", "ourcase", "currentcase", "thisstudy"})


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature's points towards (or against) a link, with the reason in words."""

    feature: str
    points: float
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "points": round(self.points, 3), "detail": self.detail}


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]" if value else "none"
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _surname(case: ExtractedCase, gold: CaseRecord) -> Contribution | None:
    if not gold.author or fold(gold.author) in _NOT_A_NAME:
        return None
    file_name, _ = metadata_from_filename(case.source)
    sources = [("byline", case.author), ("file name", file_name)]
    best, best_source = None, ""
    for label, text in sources:
        if not text:
            continue
        match = surname_similarity(gold.author, text)
        if best is None or match.score > best.score:
            best, best_source = match, label
    if best is None:
        return None
    agree, conflict = WEIGHTS["surname"]
    if best.score > 0:
        kind = "matches" if best.exact else f"resembles ({best.score:.2f})"
        return Contribution(
            "surname",
            agree * best.score,
            f"{best_source} surname {best.matched!r} {kind} gold author {gold.author!r}",
        )
    if case.author:  # a stated byline that names someone else; file names prove nothing
        return Contribution(
            "surname", conflict, f"byline {case.author!r} does not name gold author {gold.author!r}"
        )
    return None


def _year(case: ExtractedCase, gold: CaseRecord) -> Contribution | None:
    year, label = case.year, "byline"
    if year is None:
        year, label = metadata_from_filename(case.source)[1], "file name"
    if year is None or gold.year is None:
        return None
    agree, conflict = WEIGHTS["year"]
    if year == gold.year:
        return Contribution("year", agree, f"{label} year {year} = gold year")
    if abs(year - gold.year) == 1:
        return Contribution("year", YEAR_NEAR_POINTS, f"{label} year {year} is one off {gold.year}")
    return Contribution("year", conflict, f"{label} year {year} ≠ gold year {gold.year}")


def _fact(name: str) -> Callable[[ExtractedCase, CaseRecord], Contribution | None]:
    def feature(case: ExtractedCase, gold: CaseRecord) -> Contribution | None:
        mine, theirs = getattr(case, name), getattr(gold, name)
        if mine is None or theirs is None:
            return None
        agree, conflict = WEIGHTS[name]
        if values_agree(name, mine, theirs):
            return Contribution(name, agree, f"{name} {_fmt(mine)} agrees with gold {_fmt(theirs)}")
        if name == "age_years" and abs(mine - theirs) <= AGE_TOLERANCE_YEARS + 2:
            return Contribution(name, AGE_NEAR_POINTS, f"age {mine} is near gold {theirs}")
        return Contribution(name, conflict, f"{name} {_fmt(mine)} ≠ gold {_fmt(theirs)}")

    return feature


_FEATURES: tuple[Callable[[ExtractedCase, CaseRecord], Contribution | None], ...] = (
    _surname,
    _year,
    *(_fact(name) for name in WEIGHTS if name not in METADATA_FEATURES),
)


def case_features(case: ExtractedCase, gold: CaseRecord) -> list[Contribution]:
    """Every feature that can be judged for this pair (unknown features are left out)."""
    return [c for c in (feature(case, gold) for feature in _FEATURES) if c is not None]
