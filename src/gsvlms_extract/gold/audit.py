"""Recompute the review's summary statistics from the gold table (`audit_claims`).

A small interpreter for the declarative specs of `gsvlms_extract.gold.claims`: select the
population, apply the filters, compute the statistic. No claim has code of its own.
Conventions: sample standard deviation (ddof=1); numeric statistics use the cases where the
field is reported; a claim reproduces when the recomputed value, rounded half-up to the printed
number of decimals, equals the printed value.
"""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from gsvlms_extract.errors import GoldError
from gsvlms_extract.gold.claims import Claim, ClaimSet, Compute, Filter
from gsvlms_extract.ingest.normalize import normalize_text
from gsvlms_extract.schema import CaseRecord


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def matches(record: CaseRecord, flt: Filter) -> bool:
    """Whether ``record`` passes ``flt``. A comparison on an unreported (null) field is False."""
    if flt.any is not None:
        return any(matches(record, f) for f in flt.any)
    if flt.not_ is not None:
        return not matches(record, flt.not_)
    value = _plain(getattr(record, flt.field))  # type: ignore[arg-type]
    op = flt.operator
    if op == "reported":
        return (value is not None) == flt.reported
    if value is None:
        return False
    if op == "eq":
        return value == flt.eq
    if op == "ne":
        return value != flt.ne
    if op == "in":
        return value in flt.in_  # type: ignore[operator]
    if op == "contains":
        return flt.contains in value
    if op == "contains_any":
        return any(item in value for item in flt.contains_any or ())
    if op == "nonempty":
        return bool(value) == flt.nonempty
    bound = getattr(flt, op)
    return {"gt": value > bound, "ge": value >= bound, "lt": value < bound, "le": value <= bound}[
        op
    ]


def compute(records: list[CaseRecord], spec: Compute, claims: ClaimSet) -> float | None:
    """Evaluate one spec; None when the statistic is undefined (e.g. an empty population)."""
    low, high = claims.populations[spec.population].cases
    chosen = [
        r
        for r in records
        if r.case_id is not None
        and low <= r.case_id <= high
        and all(matches(r, f) for f in spec.where)
    ]
    if spec.stat == "count":
        return float(len(chosen))
    if spec.stat == "percent":
        if not chosen:
            return None
        hits = [r for r in chosen if all(matches(r, f) for f in spec.of)]
        return 100.0 * len(hits) / len(chosen)
    if spec.stat == "distinct":
        return float(len({tuple(str(_plain(getattr(r, f))) for f in spec.fields) for r in chosen}))
    values: list[float] = []
    for record in chosen:
        value = getattr(record, spec.field)  # type: ignore[arg-type]
        if isinstance(value, list):
            values.extend(float(v) for v in value)
        elif value is not None:
            values.append(float(value))
    if not values or (spec.stat == "sd" and len(values) < 2):
        return None
    return {
        "mean": statistics.fmean,
        "sd": statistics.stdev,  # sample SD, ddof=1
        "min": min,
        "max": max,
        "median": statistics.median,
    }[spec.stat](values)


def decimals(printed: str) -> int:
    return len(printed.split(".", 1)[1]) if "." in printed else 0


def at_precision(value: float, printed: str) -> Decimal:
    """``value`` rounded half-up to the number of decimals ``printed`` shows."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals(printed)), ROUND_HALF_UP)


def reproduces(value: float | None, printed: str) -> bool:
    return value is not None and at_precision(value, printed) == Decimal(printed)


def _fmt(value: float | None) -> str:
    if value is None:
        return "undefined"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0")


@dataclass(frozen=True, slots=True)
class AlternativeResult:
    label: str
    recomputed: float | None
    reproduces: bool


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """The audit of one claim."""

    id: str
    section: str
    quote: str
    printed: str
    recomputed: float | None
    reproduces: bool
    difference: float | None
    alternatives: tuple[AlternativeResult, ...]
    note: str

    @property
    def quote_short(self) -> str:
        return self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."

    @property
    def recomputed_text(self) -> str:
        if self.recomputed is None:
            return "undefined"
        rounded = str(at_precision(self.recomputed, self.printed))
        exact = _fmt(self.recomputed)
        return rounded if exact == rounded else f"{rounded} ({exact})"

    @property
    def difference_text(self) -> str:
        return "" if self.difference is None else f"{self.difference:+.4g}"


def audit_claim(records: list[CaseRecord], claim: Claim, claims: ClaimSet) -> ClaimResult:
    value = compute(records, claim.compute, claims)
    ok = reproduces(value, claim.printed)
    alternatives = tuple(
        AlternativeResult(alt.label, v, reproduces(v, claim.printed))
        for alt in claim.alternatives
        for v in [compute(records, alt.compute, claims)]
    )
    notes = [claim.note] if claim.note else []
    working = [a for a in alternatives if a.reproduces]
    if not ok and working:
        notes.append("reproduces if " + " / ".join(a.label for a in working))
    elif not ok and alternatives:
        tried = "; ".join(f"{a.label}: {_fmt(a.recomputed)}" for a in alternatives)
        notes.append(f"no reading tried reproduces it ({tried})")
    difference = None if value is None else round(value - float(claim.printed), 6)
    return ClaimResult(
        id=claim.id,
        section=claim.section,
        quote=claim.quote,
        printed=claim.printed,
        recomputed=value,
        reproduces=ok,
        difference=0.0 if ok else difference,
        alternatives=alternatives,
        note="; ".join(notes),
    )


def audit_claims(records: list[CaseRecord], claims: ClaimSet) -> list[ClaimResult]:
    """Recompute every claim from ``records``, in the order of the claims file.

    Raises:
        GoldError: the records lack cases the populations need.
    """
    ids = {r.case_id for r in records}
    for name, population in claims.populations.items():
        low, high = population.cases
        missing = [case for case in range(low, high + 1) if case not in ids]
        if missing:
            raise GoldError(
                f"gold table lacks case(s) {', '.join(map(str, missing[:5]))} "
                f"of population {name!r}"
            )
    return [audit_claim(records, claim, claims) for claim in claims.claims]


def missing_quotes(claims: ClaimSet, text: str) -> list[str]:
    """Ids of claims whose quote is not in ``text`` (a `Document.text`).

    Quotes are stored as printed; they go through ingest's typesetting normalization (dashes,
    quotes, spaces) before the comparison, as the article's text did.
    """
    flat = " ".join(text.split())
    return [c.id for c in claims.claims if " ".join(normalize_text(c.quote).split()) not in flat]


def results_as_dicts(results: list[ClaimResult]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        row = asdict(r)
        row["alternatives"] = [asdict(a) for a in r.alternatives]
        for item in [row, *row["alternatives"]]:
            value = item["recomputed"]
            item["recomputed"] = None if value is None or math.isnan(value) else round(value, 4)
        out.append(row)
    return out


def write_json(path: str | Path, claims: ClaimSet, results: list[ClaimResult]) -> None:
    """Write conventions and results as JSON (stable key order, 2-space indent)."""
    payload = {
        "conventions": claims.conventions,
        "reproduced": sum(r.reproduces for r in results),
        "total": len(results),
        "claims": results_as_dicts(results),
    }
    try:
        Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot write JSON ({exc.strerror})") from None
