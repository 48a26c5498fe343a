"""Per-field metadata: ONE table saying, for every `CaseRecord` field, how it is compared,
how much it counts towards a link, how REDCap stores it and where it shows in tables.

`schema.py` says what a field *is* (name, type, vocabulary); this table says what each stage
*does* with it. Every consumer reads it here instead of keeping its own dict:

* ``compare``  the evaluation rule (`reconcile.compare.FIELD_RULES`, ``gold/DATA_DICTIONARY.md``);
* ``link``     points when an extracted patient and a candidate case agree / conflict on the
  field (`reconcile.features.WEIGHTS`; the bibliographic features are ``surname`` and ``year``);
* ``redcap``   the REDCap item(s) holding it (`registry.redcap`): the field itself and any
  registry code calculated from it (NAACCR laterality and tumour size);
* ``csv``      its column in every CSV (extract, gold, registry export: `schema.CASE_FIELDS`
  order) and ``column``, its header in the terminal tables (``None``: not shown there).

A test checks that every clinical field has each entry; a new schema field fails it until its
row here is written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from gsvlms_extract.schema import (
    CLINICAL_FIELDS,
    Adjuvant,
    MetastasisSite,
    Operation,
    Outcome,
    Pain,
    Presentation,
    Region,
    Sex,
)

__all__ = [
    "AGE_TOLERANCE_YEARS",
    "FIELDS",
    "FOLLOWUP_TOLERANCE_MONTHS",
    "FieldSpec",
    "LinkWeight",
    "NO_METASTASIS",
    "RedcapSpec",
    "Rule",
    "SIZE_TOLERANCE_FRACTION",
    "SIZE_TOLERANCE_MM",
    "link_weights",
    "table_columns",
]

#: The REDCap choice for "reported without metastasis" (an empty list in the schema).
NO_METASTASIS = "none"
AGE_TOLERANCE_YEARS = 1
SIZE_TOLERANCE_FRACTION = 0.10
SIZE_TOLERANCE_MM = 5.0
FOLLOWUP_TOLERANCE_MONTHS = 1.0


class Rule(StrEnum):
    """How an extracted value is judged against a gold value (see `reconcile.compare`)."""

    exact = "exact"
    age = "age"
    size = "size"
    followup = "followup"
    set_equal = "set_equal"
    sizes_set = "sizes_set"


@dataclass(frozen=True, slots=True)
class Compare:
    rule: Rule
    description: str
    categorical: bool  # a small closed vocabulary: reports show a confusion table


@dataclass(frozen=True, slots=True)
class LinkWeight:
    """Points towards a link when both sides know the field: ``agree`` (> 0) when they match,
    ``conflict`` (<= 0) when they differ; ``order`` is the feature's place in link reasons.
    (0, 0) marks a field deliberately not used for linking."""

    agree: float
    conflict: float
    order: int
    feature: str = ""  # the feature's name when it is not the field's (author -> surname)


@dataclass(frozen=True, slots=True)
class RedcapSpec:
    """One REDCap item: type, label, coded choices, validation, action tags."""

    field_type: str  # text | notes | radio | checkbox | yesno
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    #: the schema value of each choice, in order (radio and checkbox items)
    values: tuple[str, ...] = ()
    validation: str = ""
    vmin: str = ""
    vmax: str = ""
    note: str = ""
    annotation: str = ""
    name: str = ""  # the REDCap variable when it is not the field's name
    missing_codes: bool = True  # cells without a value get a missing-data code
    calculated: bool = False  # @CALCTEXT: REDCap computes it; not in the import file


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    compare: Compare | None
    link: LinkWeight | None
    redcap: tuple[RedcapSpec, ...]
    column: str | None  # terminal-table header

    @property
    def csv(self) -> str:
        """The field's CSV column (the same name in every CSV the package writes)."""
        return self.name


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _radio(label: str, values: list[str] | type[StrEnum], start: int = 1, **labels: str):
    """A radio item numbering ``values`` from ``start`` (labels from the values unless given)."""
    values = [m.value for m in values] if isinstance(values, type) else list(values)
    choices = tuple((str(i), labels.get(v, _label(v))) for i, v in enumerate(values, start=start))
    return RedcapSpec("radio", label, choices=choices, values=tuple(values))


def _checkbox(label: str, enum: type[StrEnum], **extra: str) -> RedcapSpec:
    choices = tuple((m.value, _label(m.value)) for m in enum)
    return RedcapSpec(
        "checkbox", label, choices=choices, values=tuple(code for code, _ in choices), **extra
    )


_EXACT = "exact match of the normalized value"
_EXACT_BOOL = "exact match (true/false)"
_SIZE = (
    f"within {SIZE_TOLERANCE_FRACTION:.0%} of the gold size or {SIZE_TOLERANCE_MM:g} mm, "
    "whichever is larger"
)
#: NAACCR codes computed by REDCap from the case's own fields (action tag @CALCTEXT), so they
#: can never disagree with side and size.
_LATERALITY_CALC = "@CALCTEXT(if([side]='1','1',if([side]='2','2','9')))"
_TUMOR_SIZE_CALC = (
    "@CALCTEXT(if(isnumber([size_mm]),if([size_mm]>=988.5,'989',"
    "if([size_mm]<1.5,'1',round([size_mm],0))),'999'))"
)

FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            "case_id",
            None,
            None,
            (
                RedcapSpec(
                    "text",
                    "Registry case id",
                    name="record_id",
                    missing_codes=False,
                    annotation="@READONLY",
                ),
            ),
            "case",
        ),
        FieldSpec(
            "author",
            None,
            LinkWeight(3.0, -2.0, 0, feature="surname"),
            (RedcapSpec("text", "First author"),),
            "author",
        ),
        FieldSpec(
            "year",
            None,
            LinkWeight(2.0, -2.0, 1),
            (RedcapSpec("text", "Year reported", validation="integer", vmin="1800", vmax="2100"),),
            "year",
        ),
        FieldSpec("nation", None, None, (RedcapSpec("text", "Nation reported"),), None),
        FieldSpec(
            "sex",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(1.0, -2.0, 2),
            (_radio("Sex", Sex, M="Male", F="Female"),),
            "sex",
        ),
        FieldSpec(
            "age_years",
            Compare(Rule.age, f"within ±{AGE_TOLERANCE_YEARS} year", False),
            LinkWeight(1.5, -1.5, 3),
            (RedcapSpec("text", "Age (years)", validation="integer", vmin="0", vmax="120"),),
            "age_years",
        ),
        FieldSpec(
            "side",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.5, -1.0, 4),
            (
                replace(
                    _radio("Side (leg)", ["right", "left"]), note="codes match NAACCR laterality"
                ),
                RedcapSpec(
                    "text",
                    "Laterality (NAACCR item 410)",
                    name="laterality_naaccr",
                    missing_codes=False,
                    note="calculated from Side: 1 right, 2 left, 9 unknown",
                    annotation=_LATERALITY_CALC,
                    calculated=True,
                ),
            ),
            "side",
        ),
        FieldSpec(
            "region",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.5, -0.5, 5),
            (_radio("Region of the leg", Region),),
            "region",
        ),
        FieldSpec(
            "size_mm",
            Compare(Rule.size, _SIZE, False),
            LinkWeight(0.75, -0.25, 6),
            (
                RedcapSpec(
                    "text",
                    "Tumour size, largest lesion (mm)",
                    validation="number",
                    vmin="0",
                ),
                RedcapSpec(
                    "text",
                    "Tumor size summary (NAACCR, whole mm)",
                    name="tumor_size_naaccr",
                    missing_codes=False,
                    note="calculated from the size: whole mm 1-988; 989 = 989 mm or more; "
                    "999 unknown",
                    annotation=_TUMOR_SIZE_CALC,
                    calculated=True,
                ),
            ),
            "size_mm",
        ),
        FieldSpec(
            "sizes_mm",
            Compare(
                Rule.sizes_set,
                "same number of lesions; sorted sizes pairwise within the size tolerance",
                False,
            ),
            LinkWeight(0.0, 0.0, 99),  # size_mm (the largest lesion) carries the size
            (RedcapSpec("text", "Sizes of every lesion (mm)", note="values separated by ';'"),),
            None,
        ),
        FieldSpec(
            "presentation",
            Compare(Rule.set_equal, "set equality (order ignored)", False),
            LinkWeight(0.25, -0.1, 11),
            (_checkbox("Presentation", Presentation),),
            "presentation",
        ),
        FieldSpec(
            "pain",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.25, -0.25, 12),
            (_radio("Pain", Pain),),
            "pain",
        ),
        FieldSpec(
            "operation",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.25, -0.1, 13),
            (_radio("Operation", Operation),),
            "operation",
        ),
        FieldSpec(
            "vein_reconstruction",
            Compare(Rule.exact, _EXACT_BOOL, True),
            LinkWeight(0.25, -0.25, 15),
            (RedcapSpec("yesno", "Vein reconstruction"),),
            None,
        ),
        FieldSpec(
            "adjuvant",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.25, -0.25, 10),
            (_radio("Adjuvant therapy", Adjuvant, start=0),),
            "adjuvant",
        ),
        FieldSpec(
            "local_recurrence",
            Compare(Rule.exact, _EXACT_BOOL, True),
            LinkWeight(0.25, -0.25, 14),
            (RedcapSpec("yesno", "Local recurrence"),),
            None,
        ),
        FieldSpec(
            "metastasis",
            Compare(Rule.set_equal, "set equality of sites (empty = none)", False),
            LinkWeight(0.5, -0.25, 9),
            (
                replace(
                    _checkbox("Metastasis sites", MetastasisSite),
                    choices=(
                        *_checkbox("", MetastasisSite).choices,
                        (NO_METASTASIS, "None (reported without metastasis)"),
                    ),
                    note="'None' when the report states there was no metastasis; "
                    "a missing-data code when it does not say",
                    annotation=f"@NONEOFTHEABOVE='{NO_METASTASIS}'",
                ),
            ),
            "metastasis",
        ),
        FieldSpec(
            "followup_months",
            Compare(Rule.followup, f"within ±{FOLLOWUP_TOLERANCE_MONTHS:g} month", False),
            LinkWeight(0.75, -0.25, 7),
            (RedcapSpec("text", "Follow-up (months)", validation="number", vmin="0"),),
            "followup_months",
        ),
        FieldSpec(
            "outcome",
            Compare(Rule.exact, _EXACT, True),
            LinkWeight(0.5, -0.75, 8),
            (_radio("Outcome", Outcome),),
            "outcome",
        ),
    )
}


def link_weights() -> dict[str, tuple[float, float]]:
    """Linking feature -> (points when it agrees, points when it conflicts), in the order link
    reasons list them; fields with weight (0, 0) are left out."""
    used = sorted(
        (spec.link.order, spec.link.feature or spec.name, spec.link)
        for spec in FIELDS.values()
        if spec.link is not None and (spec.link.agree or spec.link.conflict)
    )
    return {feature: (link.agree, link.conflict) for _order, feature, link in used}


def table_columns(fields: tuple[str, ...] = CLINICAL_FIELDS) -> list[tuple[str, str]]:
    """(header, field) of the fields shown in terminal tables, in schema order."""
    return [(FIELDS[n].column, n) for n in fields if FIELDS[n].column is not None]
