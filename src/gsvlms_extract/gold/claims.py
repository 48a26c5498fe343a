"""The review's prose claims as data: ``gold/review_claims.yaml``.

Each claim has a verbatim quote, the printed number, and a declarative ``compute`` spec that
`gsvlms_extract.gold.audit` interprets::

    - id: men
      section: Literature review
      quote: "27 men (48.2%)"
      printed: "27"
      compute: {population: literature, stat: count, where: [{field: sex, eq: M}]}

A spec is: a named population (a range of case ids), conjunctive ``where`` filters, a
statistic (``count``, ``percent`` with numerator filters ``of``, ``distinct`` combinations of
``fields``, or ``mean``/``sd``/``min``/``max``/``median`` of a numeric ``field``; a list field
such as ``sizes_mm`` contributes every element). Filters test one field with exactly one operator
(``eq``, ``ne``, ``in``, ``gt``, ``ge``, ``lt``, ``le``, ``reported``, ``contains``,
``contains_any``, ``nonempty``) or combine filters (``any``, ``not``). ``alternatives`` are other
readings of an ambiguous claim, each labelled, evaluated and shown next to the main one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gsvlms_extract.errors import GoldError
from gsvlms_extract.schema import CASE_FIELDS
from gsvlms_extract.yamlfile import read_yaml

Stat = Literal["count", "percent", "distinct", "mean", "sd", "min", "max", "median"]
_OPERATORS = (
    "eq",
    "ne",
    "in",
    "gt",
    "ge",
    "lt",
    "le",
    "reported",
    "contains",
    "contains_any",
    "nonempty",
)


class Filter(BaseModel):
    """One test on a record: ``{field, <operator>: operand}``, or ``any``/``not`` of filters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str | None = None
    eq: Any = None
    ne: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    reported: bool | None = None
    contains: str | None = None
    contains_any: list[str] | None = None
    nonempty: bool | None = None
    any: list[Filter] | None = None
    not_: Filter | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_test(self) -> Filter:
        ops = [op for op in _OPERATORS if getattr(self, "in_" if op == "in" else op) is not None]
        combos = [name for name in ("any", "not_") if getattr(self, name) is not None]
        if combos:
            if self.field is not None or ops or len(combos) > 1:
                raise ValueError("'any'/'not' stand alone, without field or operator")
            return self
        if self.field is None:
            raise ValueError("a filter needs 'field' (or 'any'/'not')")
        if self.field not in CASE_FIELDS:
            raise ValueError(f"unknown field {self.field!r}")
        if len(ops) != 1:
            raise ValueError(f"a filter needs exactly one operator of {', '.join(_OPERATORS)}")
        return self

    @property
    def operator(self) -> str:
        return next(
            op for op in _OPERATORS if getattr(self, "in_" if op == "in" else op) is not None
        )


class Compute(BaseModel):
    """How to recompute a claim from the gold records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    population: str = "literature"
    where: list[Filter] = []
    stat: Stat
    field: str | None = None
    fields: list[str] = []
    of: list[Filter] = []

    @model_validator(mode="after")
    def _complete(self) -> Compute:
        if (self.stat == "distinct") != bool(self.fields):
            raise ValueError("'fields' goes with stat distinct, and only with it")
        if any(name not in CASE_FIELDS for name in self.fields):
            raise ValueError(f"unknown field in {self.fields}")
        if self.stat in ("mean", "sd", "min", "max", "median"):
            if self.field not in CASE_FIELDS:
                raise ValueError(f"stat {self.stat} needs a numeric 'field' (got {self.field!r})")
        elif self.field is not None:
            raise ValueError(f"stat {self.stat} takes no 'field'")
        if (self.stat == "percent") != bool(self.of):
            raise ValueError("'of' (numerator filters) goes with stat percent, and only with it")
        return self


class Alternative(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    compute: Compute


class Claim(BaseModel):
    """One number the review prints, with how to recompute it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    section: str
    quote: str
    printed: str
    compute: Compute
    alternatives: list[Alternative] = []
    note: str = ""

    @model_validator(mode="after")
    def _printed_is_number(self) -> Claim:
        try:
            float(self.printed)
        except ValueError:
            raise ValueError(f"printed {self.printed!r} is not a number") from None
        return self


class Population(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cases: tuple[int, int]
    description: str = ""


class ClaimSet(BaseModel):
    """The whole claims file: conventions (printed with the audit), populations, claims."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article: str = ""
    conventions: list[str] = []
    populations: dict[str, Population]
    claims: list[Claim]

    @model_validator(mode="after")
    def _consistent(self) -> ClaimSet:
        seen: set[str] = set()
        for claim in self.claims:
            if claim.id in seen:
                raise ValueError(f"duplicate claim id {claim.id!r}")
            seen.add(claim.id)
            for spec in [claim.compute, *(a.compute for a in claim.alternatives)]:
                if spec.population not in self.populations:
                    raise ValueError(f"claim {claim.id}: unknown population {spec.population!r}")
        return self


def load_claims(path: str | Path) -> ClaimSet:
    """Read and validate a claims file.

    Raises:
        GoldError: unreadable file, invalid YAML (``file:line``), or an invalid claim (naming
            the claim index and the problem).
    """
    path = Path(path)
    data = read_yaml(path, "claims", GoldError)
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping with 'populations' and 'claims'")
    try:
        return ClaimSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"]) or "file"
        raise GoldError(f"{path}: {loc}: {first['msg']}") from None
