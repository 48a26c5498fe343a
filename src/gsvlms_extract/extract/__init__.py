"""Extract stage: annotated documents → one `ExtractedCase` per patient, every value with
its evidence. Never opens a file itself except through `ingest` (``extract_path``)."""

from gsvlms_extract.extract.builder import extract_document
from gsvlms_extract.extract.run import ExtractionRun, extract_path, extract_paths

__all__ = ["extract_document", "extract_path", "extract_paths", "ExtractionRun"]
