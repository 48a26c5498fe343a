"""REDCap export: a data dictionary and a flat import file that agree field by field.

Conventions (REDCap's): ``record_id`` first; lowercase snake_case variable names; coded
choices ``1, Male | 2, Female``; multi-valued items as checkbox fields, one 0/1 column per
choice named ``<field>___<code>`` (``metastasis___lung``); yes/no fields as ``yesno`` (1/0).

Missing-data codes: ``UNK, Unknown | NA, Not applicable | NASK, Not asked`` fill cells where
the registry has no value, never blanks. REDCap accepts them only once the project declares
them: *Project Setup → Additional customizations → Missing Data Codes*, paste
`MISSING_DATA_CODES_SETTING` (``gsvlms registry export --format redcap`` prints this step;
without it the import is rejected):

    UNK   the case's sources were read for the field and are silent (the usual case; every
          case created from an extraction, since the extractor reads every schema field).
    NASK  a gold case (Table 1 row) and a field that no Table 1 row records: the review's
          table never asked it (none today; the rule is data-driven, so a future gold source
          without, say, nation would show NASK there, not UNK).
    NA    not applicable; never produced by the export (a curator's judgement, entered in
          REDCap), declared so imported data can use it.

For a checkbox field the code is a further checkbox column, ``<field>___unk`` or
``<field>___nask``, set to 1 with every choice column 0 (how REDCap exports missing-data codes
of checkbox fields). Metastasis has an explicit ``none`` choice (action tag
``@NONEOFTHEABOVE``): a report stating there was no metastasis ticks it, so "no metastasis"
(``metastasis___none`` = 1) is told apart from "not entered" (a missing-data code).

Registry code sets sit next to ours as calculated items (``@CALCTEXT``), so they cannot drift
from the fields they encode and are not in the import file: ``laterality_naaccr`` (NAACCR
item 410: 1 right, 2 left, 9 unknown, from Side) and ``tumor_size_naaccr`` (NAACCR tumour
size summary: whole mm, 1-988; 989 for 989 mm or more; 999 unknown, from the size).

Provenance (form ``provenance``): ``pmid`` and ``doi`` of the linked reports (when the registry
knows them), ``source_documents`` (the review's Table 1 for gold cases, every linked file) and
``evidence`` (one line per value an extraction filled: the field and the sentence it came
from). Text cells a spreadsheet would run as a formula (``= + - @``) are neutralised.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gsvlms_extract.fields import FIELDS, NO_METASTASIS, RedcapSpec
from gsvlms_extract.schema import CASE_FIELDS, EMPTY_LIST, LIST_SEPARATOR
from gsvlms_extract.spreadsheet import neutralize

__all__ = [
    "DICTIONARY_COLUMNS",
    "MISSING_CODES",
    "MISSING_DATA_CODES_SETTING",
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
#: What to paste into REDCap's "Missing Data Codes" project setting before importing.
MISSING_DATA_CODES_SETTING = "\n".join(f"{code}, {label}" for code, label in MISSING_CODES.items())
FORM = "gsv_lms_case"
STATUS_FORM = "registry_status"
PROVENANCE_FORM = "provenance"
YESNO = {"1": "Yes", "0": "No"}


@dataclass(frozen=True)
class RedcapField:
    name: str
    field_type: str  # text | notes | radio | checkbox | yesno
    label: str
    form: str = FORM
    choices: tuple[tuple[str, str], ...] = ()
    values: tuple[str, ...] = ()  # the registry value of each choice
    validation: str = ""
    vmin: str = ""
    vmax: str = ""
    note: str = ""
    annotation: str = ""
    source: str | None = None  # registry column feeding it
    missing_codes: bool = True
    calculated: bool = False  # computed by REDCap (@CALCTEXT): not in the import file

    def choice_codes(self) -> list[str]:
        if self.field_type == "yesno":
            return list(YESNO)
        return [code for code, _ in self.choices]

    def choice_string(self) -> str:
        return " | ".join(f"{code}, {label}" for code, label in self.choices)

    def columns(self) -> list[str]:
        if self.calculated:
            return []
        if self.field_type != "checkbox":
            return [self.name]
        codes = self.choice_codes() + (
            [c.lower() for c in MISSING_CODES] if self.missing_codes else []
        )
        return [f"{self.name}___{code}" for code in codes]


def _from_spec(source: str, spec: RedcapSpec) -> RedcapField:
    return RedcapField(
        name=spec.name or source,
        field_type=spec.field_type,
        label=spec.label,
        choices=spec.choices,
        values=spec.values,
        validation=spec.validation,
        vmin=spec.vmin,
        vmax=spec.vmax,
        note=spec.note,
        annotation=spec.annotation,
        source=source,
        missing_codes=spec.missing_codes,
        calculated=spec.calculated,
    )


def _status_fields() -> list[RedcapField]:
    return [
        RedcapField(
            "registry_origin",
            "radio",
            "Origin of the case",
            form=STATUS_FORM,
            choices=(("1", "Gold (review Table 1)"), ("2", "Extraction")),
            values=("gold", "extraction"),
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


def _provenance_fields() -> list[RedcapField]:
    """Where each case comes from: identifiers, source documents, the evidence sentences."""
    return [
        RedcapField(
            "pmid",
            "text",
            "PubMed ID of the report",
            form=PROVENANCE_FORM,
            source="pmid",
            note="several reports: separated by ';'",
            annotation="@READONLY",
        ),
        RedcapField(
            "doi",
            "text",
            "DOI of the report",
            form=PROVENANCE_FORM,
            source="doi",
            note="several reports: separated by ';'",
            annotation="@READONLY",
        ),
        RedcapField(
            "source_documents",
            "notes",
            "Source documents",
            form=PROVENANCE_FORM,
            source="source_documents",
            note="the review's Table 1 for gold cases; every linked report file",
            annotation="@READONLY",
        ),
        RedcapField(
            "evidence",
            "notes",
            "Evidence for extracted values",
            form=PROVENANCE_FORM,
            source="evidence",
            note="one line per value an extraction filled: field: the sentence it came from",
            annotation="@READONLY",
        ),
    ]


def redcap_fields() -> list[RedcapField]:
    """Every REDCap field in order: record_id, the case fields (CASE_FIELDS order; their
    definitions are the ``redcap`` entries of `gsvlms_extract.fields.FIELDS`) with the
    NAACCR items calculated from them, then the registry status and provenance fields."""
    missing = [name for name in CASE_FIELDS if not FIELDS.get(name) or not FIELDS[name].redcap]
    if missing:  # a new schema field must get a REDCap definition in fields.py
        raise KeyError(f"REDCap export lacks a definition for field(s) {missing}")
    fields = [_from_spec(name, spec) for name in CASE_FIELDS for spec in FIELDS[name].redcap]
    return fields + _status_fields() + _provenance_fields()


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
    if f.field_type == "yesno":
        return {"true": "1", "false": "0"}[cell]
    if f.field_type == "radio":
        return dict(zip(f.values, f.choice_codes(), strict=True))[cell]
    return cell


def _checkbox_cells(f: RedcapField, cell: str, silent: str | None) -> dict[str, str]:
    """One 0/1 cell per choice and per missing-data code. A reported empty list ticks the
    'none of the above' choice when the field has one; silence ticks the missing-data code."""
    chosen = set() if cell in ("", EMPTY_LIST) else set(cell.split(LIST_SEPARATOR))
    if cell == EMPTY_LIST and NO_METASTASIS in f.choice_codes():
        chosen = {NO_METASTASIS}
    out = {f"{f.name}___{code}": "1" if code in chosen else "0" for code in f.choice_codes()}
    for code in MISSING_CODES:
        out[f"{f.name}___{code.lower()}"] = "1" if silent == code else "0"
    return out


def import_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """The flat REDCap import file for the case frame from `export.cases_frame`.

    Calculated items (NAACCR codes) are left out: REDCap computes them from side and size.
    Text cells that a spreadsheet would run as a formula (``= + - @``) are neutralised.
    """
    fields = [f for f in redcap_fields() if not f.calculated]
    out: list[dict[str, str]] = []
    for _, row in cells.iterrows():
        record: dict[str, str] = {}
        for f in fields:
            cell = str(row[f.source]) if f.source in row.index else ""
            if f.field_type == "checkbox":
                silent = _silent_code(row["origin"], f.source, cells) if cell == "" else None
                record.update(_checkbox_cells(f, cell, silent))
            elif cell == "" and f.missing_codes:
                record[f.name] = _silent_code(row["origin"], f.source, cells)
            elif f.field_type in ("text", "notes"):
                record[f.name] = neutralize(cell)
            else:
                record[f.name] = _code(f, cell)
        out.append(record)
    return pd.DataFrame(out, columns=import_columns()).astype(str)
