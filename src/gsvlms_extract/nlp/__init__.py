"""NLP stage: `Document` text → annotated spaCy `Doc` (sections, sentences, quantities,
target concepts, abbreviations, ConText assertions). Knows spaCy, not records."""

from gsvlms_extract.nlp.pipeline import PIPE_NAMES, build_pipeline

__all__ = ["build_pipeline", "PIPE_NAMES"]
