"""The one contract every stage speaks: vocabularies, `CaseRecord`, `Evidence`, CSV rows.

Nothing else in the package defines a field name. The gold table, the extractor, the
reconciler and the registry all read and write `CaseRecord`; column order for CSV files and
database tables comes from `CASE_FIELDS` here.

`null` (``None``) always means *not reported*. It is never a default standing in for a guess.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gsvlms_extract.errors import VocabularyError

__all__ = [
    "Sex",
    "Side",
    "Region",
    "Presentation",
    "Pain",
    "Operation",
    "Adjuvant",
    "Outcome",
    "MetastasisSite",
    "Evidence",
    "CaseRecord",
    "ExtractedCase",
    "CASE_FIELDS",
    "CLINICAL_FIELDS",
    "LIST_FIELDS",
    "record_to_row",
    "record_from_row",
    "format_number",
]


class Sex(StrEnum):
    M = "M"
    F = "F"


class Side(StrEnum):
    left = "left"
    right = "right"


class Region(StrEnum):
    """Region of the leg. The review's own rules: "above knee" is thigh; "below knee", calf
    and lower leg are shank; inguinal is groin."""

    thigh = "thigh"
    groin = "groin"
    knee = "knee"
    shank = "shank"
    ankle = "ankle"


class Presentation(StrEnum):
    mass = "mass"
    swelling = "swelling"
    nodule = "nodule"
    edema = "edema"
    thrombosis = "thrombosis"
    phlebitis = "phlebitis"
    asymptomatic = "asymptomatic"
    other = "other"


class Pain(StrEnum):
    painful = "painful"
    painless = "painless"


class Operation(StrEnum):
    radical_resection = "radical_resection"
    extended_resection = "extended_resection"


class Adjuvant(StrEnum):
    none = "none"
    radiotherapy = "radiotherapy"
    chemotherapy = "chemotherapy"
    radiochemotherapy = "radiochemotherapy"


class Outcome(StrEnum):
    alive = "alive"
    dead = "dead"


class MetastasisSite(StrEnum):
    lung = "lung"
    liver = "liver"
    bone = "bone"
    brain = "brain"
    skin = "skin"
    subcutaneous = "subcutaneous"
    heart = "heart"
    thyroid = "thyroid"
    scalp = "scalp"
    chest_wall = "chest_wall"
    lymph_node = "lymph_node"
    kidney = "kidney"
    adrenal = "adrenal"
    pancreas = "pancreas"
    peritoneum = "peritoneum"
    soft_tissue = "soft_tissue"
    pleura = "pleura"
    spleen = "spleen"
    bowel = "bowel"
    muscle = "muscle"
    mediastinum = "mediastinum"
    retroperitoneum = "retroperitoneum"
    breast = "breast"
    ovary = "ovary"
    other = "other"


class Evidence(BaseModel):
    """Where in a document a value came from.

    ``start``/``end`` are character offsets into the document's clean text; ``page`` is the
    1-based PDF page (``None`` for text files); ``rule_id`` names the pattern rule that fired.
    ``modifiers`` lists ConText assertions that shaped the value (``negated``, ``historical``,
    ``hypothetical``...); ``cues`` names the ``context.jsonl`` rules of the cues behind them
    ("no evidence of" → ``context.negated_existence.no_evidence_of``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1)
    sentence: str
    text: str
    rule_id: str
    modifiers: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _span_ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError(f"evidence end {self.end} precedes start {self.start}")
        return self


class CaseRecord(BaseModel):
    """One patient, in normalized vocabularies. ``None`` means *not reported*. Numbers are
    finite (``inf`` and ``nan`` are refused wherever a record is built)."""

    model_config = ConfigDict(
        extra="forbid", use_enum_values=False, validate_assignment=True, allow_inf_nan=False
    )

    case_id: int | None = Field(default=None, ge=1)
    author: str | None = None
    year: int | None = Field(default=None, ge=1800, le=2100)
    nation: str | None = None
    sex: Sex | None = None
    age_years: int | None = Field(default=None, ge=0, le=120)
    side: Side | None = None
    region: Region | None = None
    size_mm: float | None = Field(default=None, gt=0)
    sizes_mm: list[float] | None = None
    presentation: list[Presentation] | None = None
    pain: Pain | None = None
    operation: Operation | None = None
    vein_reconstruction: bool | None = None
    adjuvant: Adjuvant | None = None
    local_recurrence: bool | None = None
    metastasis: list[MetastasisSite] | None = None
    followup_months: float | None = Field(default=None, ge=0)
    outcome: Outcome | None = None

    @field_validator("presentation", "metastasis", mode="after")
    @classmethod
    def _as_sorted_set(cls, value: list[StrEnum] | None) -> list[StrEnum] | None:
        if value is None:
            return None
        return sorted(set(value), key=lambda member: member.value)

    @field_validator("sizes_mm", mode="after")
    @classmethod
    def _positive_sizes(cls, value: list[float] | None) -> list[float] | None:
        if value is not None and any(size <= 0 for size in value):
            raise ValueError("every lesion size must be positive")
        return value

    @model_validator(mode="after")
    def _size_is_largest_lesion(self) -> CaseRecord:
        if self.sizes_mm and self.size_mm is not None and self.size_mm != max(self.sizes_mm):
            raise ValueError(
                f"size_mm {self.size_mm} is not the largest of sizes_mm {self.sizes_mm}"
            )
        return self


#: Every CaseRecord field in declaration order: the column order of every CSV and table.
CASE_FIELDS: tuple[str, ...] = tuple(CaseRecord.model_fields)
#: Fields the extractor reads from the patient's story (bibliographic fields excluded).
CLINICAL_FIELDS: tuple[str, ...] = CASE_FIELDS[CASE_FIELDS.index("sex") :]
LIST_FIELDS: frozenset[str] = frozenset({"sizes_mm", "presentation", "metastasis"})
BOOL_FIELDS: frozenset[str] = frozenset({"vein_reconstruction", "local_recurrence"})


class ExtractedCase(CaseRecord):
    """A `CaseRecord` read from one document, with its provenance.

    Invariant: every non-null clinical field has an `Evidence` entry. A value without
    evidence cannot be constructed.
    """

    source: str
    patient_index: int = Field(ge=1)
    is_gsv_lms: bool
    is_gsv_lms_reason: str
    evidence: dict[str, Evidence] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_value_has_evidence(self) -> ExtractedCase:
        for name in CASE_FIELDS:
            if name == "case_id":
                continue
            if getattr(self, name) is not None and name not in self.evidence:
                raise ValueError(f"field {name!r} has a value but no evidence")
        unknown = set(self.evidence) - set(CASE_FIELDS)
        if unknown:
            raise ValueError(f"evidence for unknown fields: {sorted(unknown)}")
        return self

    def case_record(self) -> CaseRecord:
        """The plain record, provenance dropped."""
        return CaseRecord(**{name: getattr(self, name) for name in CASE_FIELDS})


# --- CSV serialization -------------------------------------------------------------------
# One documented way (gold/DATA_DICTIONARY.md):
#   null            -> empty cell
#   list            -> values joined by ";" in sorted order, e.g. "lung;liver" -> "liver;lung"
#   empty list      -> "none"   (explicitly reported as none)
#   bool            -> "true" / "false"
#   number          -> shortest form: 25, 37.5
LIST_SEPARATOR = ";"
EMPTY_LIST = "none"


def format_number(value: float) -> str:
    """25.0 -> '25', 37.53 -> '37.53'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, list):
        if not value:
            return EMPTY_LIST
        return LIST_SEPARATOR.join(_cell(item) for item in value)
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def record_to_row(record: CaseRecord) -> dict[str, str]:
    """Serialize the `CaseRecord` fields of a record to CSV cells, in `CASE_FIELDS` order."""
    return {name: _cell(getattr(record, name)) for name in CASE_FIELDS}


def record_from_row(row: dict[str, str], *, where: str = "row") -> CaseRecord:
    """Parse CSV cells written by `record_to_row` back into a `CaseRecord`.

    Raises `VocabularyError` naming ``where`` and the field for any value outside the
    vocabulary or of the wrong type.
    """
    missing = [name for name in CASE_FIELDS if name not in row]
    if missing:
        raise VocabularyError(f"{where}: missing column(s) {', '.join(missing)}")
    data: dict[str, Any] = {}
    for name in CASE_FIELDS:
        raw = (row[name] or "").strip()
        if raw == "":
            data[name] = None
        elif name in LIST_FIELDS:
            data[name] = [] if raw == EMPTY_LIST else raw.split(LIST_SEPARATOR)
        elif name in BOOL_FIELDS:
            if raw not in ("true", "false"):
                raise VocabularyError(f"{where}: {name}={raw!r} is not true/false")
            data[name] = raw == "true"
        else:
            data[name] = raw
    try:
        return CaseRecord(**data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        first = exc.errors()[0] if hasattr(exc, "errors") else {"loc": ("?",), "msg": str(exc)}
        loc = ".".join(str(part) for part in first["loc"]) or "record"
        raise VocabularyError(f"{where}: {loc}: {first['msg']}") from None
