"""The corpus manifest: which document describes which gold case, and what each report states.

Layout: ``corpus/manifest/*.yaml``, each a YAML list of document entries (several files so several
people can add reports without editing one shared file). ``expected`` lists exactly the fields a
report states for a patient; a field left out means the report is silent and the extractor must
return null for it.

The manifest is labelling for evaluation and tests. Linking never reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gsvlms_extract.errors import GsvlmsError
from gsvlms_extract.schema import CASE_FIELDS, CaseRecord
from gsvlms_extract.yamlfile import read_yaml

__all__ = [
    "Citation",
    "ManifestPatient",
    "ManifestDocument",
    "ManifestError",
    "load_manifest",
]


class ManifestError(GsvlmsError):
    """The corpus manifest is missing or malformed."""


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    author: str | None = None
    year: int | None = None


class ManifestPatient(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_id: int | None = None
    #: this patient's own diagnosis when it differs from the document's (a series holding a
    #: GSV-LMS and a femoral vein leiomyosarcoma); see `ManifestDocument.patient_is_gsv_lms`
    is_gsv_lms: bool | None = None
    expected: dict[str, Any] = Field(default_factory=dict)

    @field_validator("expected")
    @classmethod
    def _fields_in_schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(CASE_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}")
        CaseRecord(**value)  # vocabulary check
        return value

    def expected_record(self) -> CaseRecord:
        """The labelled fields as a `CaseRecord` (unlabelled fields are None)."""
        return CaseRecord(**self.expected)


class ManifestDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    file: str
    encoding: str = "utf-8"
    is_gsv_lms: bool
    citation: Citation | None = None
    notes: str = ""
    patients: list[ManifestPatient]

    def path(self, corpus_dir: str | Path) -> Path:
        return Path(corpus_dir) / self.file

    def patient_is_gsv_lms(self, index: int) -> bool:
        """Is patient ``index`` (0-based) a GSV-LMS? Their own flag when given; otherwise the
        document's flag, except that in a GSV-LMS document holding both Table 1 cases and
        patients without a case id, the latter are the look-alikes of the series."""
        patient = self.patients[index]
        if patient.is_gsv_lms is not None:
            return patient.is_gsv_lms
        if not self.is_gsv_lms:
            return False
        in_series = any(p.case_id is not None for p in self.patients)
        return patient.case_id is not None or not in_series


def load_manifest(corpus_dir: str | Path = "corpus") -> list[ManifestDocument]:
    """All manifest entries under ``corpus_dir/manifest/``, sorted by id.

    Raises `ManifestError` (one line, naming the file) for a missing manifest, malformed YAML,
    an invalid entry, a duplicate id or an entry whose file does not exist.
    """
    corpus_dir = Path(corpus_dir)
    parts = sorted((corpus_dir / "manifest").glob("*.yaml"))
    if not parts:
        raise ManifestError(f"{corpus_dir / 'manifest'}: no manifest files (*.yaml)")
    documents: dict[str, ManifestDocument] = {}
    for part in parts:
        entries = read_yaml(part, "manifest", ManifestError) or []
        if not isinstance(entries, list):
            raise ManifestError(f"{part}: expected a list of documents")
        for index, entry in enumerate(entries, start=1):
            try:
                document = ManifestDocument.model_validate(entry)
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err["loc"])
                raise ManifestError(f"{part}: entry {index}: {loc}: {err['msg']}") from None
            if document.id in documents:
                raise ManifestError(f"{part}: duplicate document id {document.id!r}")
            if not document.path(corpus_dir).is_file():
                raise ManifestError(f"{part}: {document.id}: file {document.file} not found")
            documents[document.id] = document
    return [documents[key] for key in sorted(documents)]
