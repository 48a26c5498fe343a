"""REDCap export: a data dictionary and a flat import file that agree field by field.

Conventions (REDCap's): ``record_id`` first; lowercase snake_case variable names; coded
choices ``1, Male | 2, Female``; multi-valued items as checkbox fields, one 0/1 column per
choice named ``<field>___<code>`` (``metastasis___lung``); yes/no fields as ``yesno`` (1/0).

Missing-data codes (REDCap project setting "Missing Data Codes":
``UNK, Unknown | NA, Not applicable | NASK, Not asked``) fill cells where the registry has no
value, never blanks:

    UNK   the case's sources were read for the field and are silent (the usual case; every
          case created from an extraction, since the extractor reads every schema field).
    NASK  a gold case (Table 1 row) and a field that no Table 1 row records: the review's
          table never asked it (none today; the rule is data-driven, so a future gold source
          without, say, nation would show NASK there, not UNK).
    NA    not applicable; never produced by the export (a curator's judgement, entered in
          REDCap), declared so imported data can use it.

For a checkbox field the code is a further checkbox column, ``<field>___unk`` or
``<field>___nask``, set to 1 with every choice column 0 (how REDCap exports missing-data codes
of checkbox fields). A reported empty list (``none``) is every column 0.

Registry code sets sit next to ours: ``laterality_naaccr`` (NAACCR item 410: 1 right, 2 left,
9 unknown) and ``tumor_size_naaccr`` (NAACCR tumour size summary: whole mm, 1-988; 989 for
989 mm or more; 999 unknown). These never hold missing-data codes: 9 and 999 are their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from gsvlms_extract.schema import (
    CASE_FIELDS,
    Adjuvant,
    MetastasisSite,
    Operation,
    Outcome,
    Pain,
    Presentation,
    Region,
    Sex,
    Side,
)

__all__ = [
    "DICTIONARY_COLUMNS",
    "MISSING_CODES",
    "RedcapField",
    "redcap_fields",
    "data_dictionary",
    "import_frame",
    "import_columns",
]

DICTIONARY_COLUMNS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
MISSING_CODES = {"UNK": "Unknown", "NA": "Not applicable", "NASK": "Not asked"}
FORM = "gsv_lms_case"
STATUS_FORM = "registry_status"
YESNO = {"1": "Yes", "0": "No"}


@dataclass(frozen=True)
class RedcapField:
    name: str
    field_type: str  # text | radio | checkbox | yesno
    label: str
    form: str = FORM
    choices: tuple[tuple[str, str], ...] = ()
    validation: str = ""
    vmin: str = ""
    vmax: str = ""
    note: str = ""
    annotation: str = ""
    source: str | None = None  # registry column feeding it
    missing_codes: bool = True

    def choice_codes(self) -> list[str]:
        if self.field_type == "yesno":
            return list(YESNO)
        return [code for code, _ in self.choices]

    def choice_string(self) -> str:
        return " | ".join(f"{code}, {label}" for code, label in self.choices)

    def columns(self) -> list[str]:
        if self.field_type != "checkbox":
            return [self.name]
        codes = self.choice_codes() + (
            [c.lower() for c in MISSING_CODES] if self.missing_codes else []
        )
        return [f"{self.name}___{code}" for code in codes]


def _numbered(enum: type[StrEnum], labels: dict[str, str] | None = None, start: int = 1):
    labels = labels or {}
    return tuple(
        (str(i), labels.get(m.value, m.value.replace("_", " ").capitalize()))
        for i, m in enumerate(enum, start=start)
    )


def _named(enum: type[StrEnum]) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.value.replace("_", " ").capitalize()) for m in enum)


def redcap_fields() -> list[RedcapField]:
    """Every REDCap field in order: record_id, the case fields (CASE_FIELDS order), NAACCR
    items next to their source, then the registry status fields."""
    by_field: dict[str, list[RedcapField]] = {
        "case_id": [
            RedcapField(
                "record_id",
                "text",
                "Registry case id",
                source="case_id",
                missing_codes=False,
                annotation="@READONLY",
            )
        ],
        "author": [RedcapField("author", "text", "First author", source="author")],
        "year": [
            RedcapField(
                "year",
                "text",
                "Year reported",
                validation="integer",
                vmin="1800",
                vmax="2100",
                source="year",
            )
        ],
        "nation": [RedcapField("nation", "text", "Nation reported", source="nation")],
        "sex": [
            RedcapField(
                "sex",
                "radio",
                "Sex",
                choices=_numbered(Sex, {"M": "Male", "F": "Female"}),
                source="sex",
            )
        ],
        "age_years": [
            RedcapField(
                "age_years",
                "text",
                "Age (years)",
                validation="integer",
                vmin="0",
                vmax="120",
                source="age_years",
            )
        ],
        "side": [
            RedcapField(
                "side",
                "radio",
                "Side (leg)",
                choices=(("1", "Right"), ("2", "Left")),
                source="side",
                note="codes match NAACCR laterality",
            ),
            RedcapField(
                "laterality_naaccr",
                "radio",
                "Laterality (NAACCR item 410)",
                choices=(("1", "Right"), ("2", "Left"), ("9", "Unknown")),
                source="side",
                missing_codes=False,
                note="9 when the side is unknown",
            ),
        ],
        "region": [
            RedcapField(
                "region", "radio", "Region of the leg", choices=_numbered(Region), source="region"
            )
        ],
        "size_mm": [
            RedcapField(
                "size_mm",
                "text",
                "Tumour size, largest lesion (mm)",
                validation="number",
                vmin="0",
                source="size_mm",
            ),
            RedcapField(
                "tumor_size_naaccr",
                "text",
                "Tumor size summary (NAACCR, whole mm)",
                validation="integer",
                vmin="1",
                vmax="999",
                source="size_mm",
                missing_codes=False,
                note="whole mm; 989 = 989 mm or more; 999 unknown",
            ),
        ],
        "sizes_mm": [
            RedcapField(
                "sizes_mm",
                "text",
                "Sizes of every lesion (mm)",
                source="sizes_mm",
                note="values separated by ';'",
            )
        ],
        "presentation": [
            RedcapField(
                "presentation",
                "checkbox",
                "Presentation",
                choices=_named(Presentation),
                source="presentation",
            )
        ],
        "pain": [RedcapField("pain", "radio", "Pain", choices=_numbered(Pain), source="pain")],
        "operation": [
            RedcapField(
                "operation", "radio", "Operation", choices=_numbered(Operation), source="operation"
            )
        ],
        "vein_reconstruction": [
            RedcapField(
                "vein_reconstruction", "yesno", "Vein reconstruction", source="vein_reconstruction"
            )
        ],
        "adjuvant": [
            RedcapField(
                "adjuvant",
                "radio",
                "Adjuvant therapy",
                choices=_numbered(Adjuvant, start=0),
                source="adjuvant",
            )
        ],
        "local_recurrence": [
            RedcapField("local_recurrence", "yesno", "Local recurrence", source="local_recurrence")
        ],
        "metastasis": [
            RedcapField(
                "metastasis",
                "checkbox",
                "Metastasis sites",
                choices=_named(MetastasisSite),
                source="metastasis",
                note="no box ticked: reported without metastasis",
            )
        ],
        "followup_months": [
            RedcapField(
                "followup_months",
                "text",
                "Follow-up (months)",
                validation="number",
                vmin="0",
                source="followup_months",
            )
        ],
        "outcome": [
            RedcapField("outcome", "radio", "Outcome", choices=_numbered(Outcome), source="outcome")
        ],
    }
    missing = [name for name in CASE_FIELDS if name not in by_field]
    if missing:  # a new schema field must get a REDCap definition here
        raise KeyError(f"REDCap export lacks a definition for field(s) {missing}")
    fields = [f for name in CASE_FIELDS for f in by_field[name]]
    fields += [
        RedcapField(
            "registry_origin",
            "radio",
            "Origin of the case",
            form=STATUS_FORM,
            choices=(("1", "Gold (review Table 1)"), ("2", "Extraction")),
            source="origin",
            missing_codes=False,
            annotation="@READONLY",
        ),
        RedcapField(
            "needs_review",
            "yesno",
            "Needs review",
            form=STATUS_FORM,
            source="needs_review",
            missing_codes=False,
        ),
        RedcapField(
            "n_documents",
            "text",
            "Linked documents",
            form=STATUS_FORM,
            validation="integer",
            vmin="0",
            source="n_documents",
            missing_codes=False,
            annotation="@READONLY",
        ),
        RedcapField(
            "open_conflicts",
            "text",
            "Open conflicts",
            form=STATUS_FORM,
            validation="integer",
            vmin="0",
            source="open_conflicts",
            missing_codes=False,
            annotation="@READONLY",
        ),
    ]
    return fields


def data_dictionary() -> pd.DataFrame:
    """The REDCap data dictionary (18 standard columns), one row per field."""
    rows = []
    for f in redcap_fields():
        row = dict.fromkeys(DICTIONARY_COLUMNS, "")
        row.update(
            {
                "Variable / Field Name": f.name,
                "Form Name": f.form,
                "Field Type": f.field_type,
                "Field Label": f.label,
                "Choices, Calculations, OR Slider Labels": f.choice_string(),
                "Field Note": f.note,
                "Text Validation Type OR Show Slider Number": f.validation,
                "Text Validation Min": f.vmin,
                "Text Validation Max": f.vmax,
                "Field Annotation": f.annotation,
            }
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def import_columns() -> list[str]:
    return [col for f in redcap_fields() for col in f.columns()]


def _silent_code(origin: str, name: str, cells: pd.DataFrame) -> str:
    if origin != "gold":
        return "UNK"
    gold = cells[cells["origin"] == "gold"]
    return "NASK" if (gold[name] == "").all() else "UNK"


def _code(f: RedcapField, cell: str) -> str:
    if f.name == "laterality_naaccr":
        return {"right": "1", "left": "2"}.get(cell, "9")
    if f.name == "tumor_size_naaccr":
        return "999" if cell == "" else str(min(989, max(1, math.floor(float(cell) + 0.5))))
    if f.name == "registry_origin":
        return {"gold": "1", "extraction": "2"}[cell]
    if f.field_type == "yesno":
        return {"true": "1", "false": "0"}[cell]
    if f.field_type == "radio":
        labels = {label.lower(): code for code, label in f.choices}
        enum_codes = dict(zip(_enum_values(f), f.choice_codes(), strict=True))
        return enum_codes.get(cell) or labels[cell.lower()]
    return cell


def _enum_values(f: RedcapField) -> list[str]:
    enums = {
        "sex": Sex,
        "side": Side,
        "region": Region,
        "pain": Pain,
        "operation": Operation,
        "adjuvant": Adjuvant,
        "outcome": Outcome,
    }
    if f.name == "side":
        return ["right", "left"]
    enum = enums.get(f.source or "")
    return [m.value for m in enum] if enum else [c for c, _ in f.choices]


def import_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """The flat REDCap import file for the case frame from `export.cases_frame`."""
    fields = redcap_fields()
    out: list[dict[str, str]] = []
    for _, row in cells.iterrows():
        record: dict[str, str] = {}
        for f in fields:
            cell = str(row[f.source]) if f.source else ""
            if f.field_type == "checkbox":
                chosen = set() if cell in ("", "none") else set(cell.split(";"))
                for code in f.choice_codes():
                    record[f"{f.name}___{code}"] = "1" if code in chosen else "0"
                silent = _silent_code(row["origin"], f.source, cells) if cell == "" else None
                for code in MISSING_CODES:
                    record[f"{f.name}___{code.lower()}"] = "1" if silent == code else "0"
            elif cell == "" and f.missing_codes:
                record[f.name] = _silent_code(row["origin"], f.source, cells)
            else:
                record[f.name] = _code(f, cell)
        out.append(record)
    return pd.DataFrame(out, columns=import_columns()).astype(str)
